/**
 * Sending through the real core: createCore's handler map, the real CloudSetupService (cloud.json and the secrets
 * file) feeding the Cloud API transport and the webhook receiver, and events through the core's hub.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/ipc/dispatch';
import type { CampaignSummary } from '../../shared/ipc/campaigns';
import type { WebhookStatus } from '../../shared/ipc/inbox';
import { AutoClock } from '../../test/fakes/clock';
import { startFakeGraphApi, type FakeGraphApi } from '../../test/fakes/graphApi';
import { nodeFs } from '../adapters/fs';
import { createCore, type Core } from './core';

const NOON_SEOUL = Date.UTC(2026, 2, 10, 3, 0, 0);
let dir: string;
let core: Core;
let fake: FakeGraphApi;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shopcast-core-sending-'));
  fake = await startFakeGraphApi();
  core = createCore({ fs: nodeFs, dataDir: dir, runtime: 'browser-host', version: '0.0.0', platform: 'linux', locale: 'ko-KR', clock: new AutoClock(NOON_SEOUL), random: () => 0.5, sandboxSeed: 3 });
  await core.start();
});
afterEach(async () => {
  await core.close();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

async function ok<T>(channel: string, input?: unknown): Promise<T> {
  const r = await dispatch(core.handlers, channel, input, { transport: 'test' });
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T; // the contract's output for this channel
}

async function finished(id: string): Promise<CampaignSummary> {
  for (;;) {
    const s = await ok<CampaignSummary>('campaign:get', { id });
    if (s.state === 'finished') return s;
    await new Promise<void>((resolve) => {
      const stop = core.events.subscribe(() => {
        stop();
        resolve();
      });
    });
  }
}

/** A port nothing listens on right now (the receiver's port is a setting, 1024–65535). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo; // a TCP listen gives an AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function campaign(channel: string, content: unknown, n: number): Promise<string> {
  const { id } = await ok<{ id: string }>('campaign:create', { name: 'Core', channel, content, promotional: true, recipientCount: n });
  await ok('campaign:addRecipients', { id, recipients: Array.from({ length: n }, (_, i) => ({ ref: `r${i}`, phone: `+8210${40_000_000 + i}` })) });
  await ok('campaign:seal', { id });
  return id;
}

describe('sending through the core', () => {
  it('uses the Cloud API connection saved with cloud:update, and starts the webhook receiver once its secrets are there', async () => {
    const template = { kind: 'template', name: 'spring_sale', language: 'ko', bodyParams: [] };
    const id = await campaign('cloud', template, 3);
    const refused = await dispatch(core.handlers, 'campaign:start', { id }, { transport: 'test' });
    expect(refused.ok ? undefined : refused.error.details?.codes).toBe('cloud_not_configured');

    const port = await freePort();
    await ok('cloud:update', { apiBase: fake.url, graphVersion: fake.version, phoneNumberId: fake.phoneNumberId, accessToken: fake.token, appSecret: 'secret', verifyToken: 'verify', webhookPort: port });
    await ok('campaign:start', { id });
    expect((await finished(id)).counts.accepted).toBe(3);
    expect(fake.totalRequests()).toBe(3);

    const status = await ok<WebhookStatus>('webhook:start', {});
    expect(status).toMatchObject({ running: true, port, missing: [] });
    const res = await fetch(`http://127.0.0.1:${port}/webhook?hub.mode=subscribe&hub.verify_token=verify&hub.challenge=42`);
    expect(await res.text()).toBe('42');
    expect(await ok<WebhookStatus>('webhook:stop')).toMatchObject({ running: false });
  });

  it('a sandbox campaign runs to the end and its changes reach the event hub', async () => {
    const id = await campaign('sandbox', { kind: 'text', body: 'Hi {name}. Reply STOP to unsubscribe' }, 5);
    await ok('campaign:start', { id });
    const s = await finished(id);
    expect(s.counts.total).toBe(5);
    expect(core.events.since(0).some((e) => e.name === 'campaign:changed' && (e.payload as CampaignSummary).id === id)).toBe(true);
  });
});
