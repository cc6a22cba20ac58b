/**
 * The app core as automation tests need it: a data folder with the shop's settings (Korean) and rules file, the
 * Cloud API connected to a fake Graph API (test/fakes/graphApi.ts) and the real webhook receiver on 127.0.0.1, and
 * customers' messages posted to it signed as Meta signs them. The caller closes `core`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { dispatch } from '../../shared/ipc/dispatch';
import type { AnswersPage, AnswerView } from '../../shared/ipc/inbox';
import { nodeFs } from '../../electron/adapters/fs';
import { createCore, type Core } from '../../electron/services/core';
import type { Clock } from '../../electron/services/engine';
import { signatureOf, type FakeGraphApi } from './graphApi';
import { freePort } from './net';

export interface WebhookCore {
  core: Core;
  call: (channel: string, input?: unknown) => ReturnType<typeof dispatch>;
  /** Posts one signed change of `field`; resolves with the receiver's HTTP status. */
  post: (field: 'messages' | 'standby', value: Record<string, unknown>) => Promise<number>;
  /** A customer's text message (`profileName` is their WhatsApp profile name: their number unless given). */
  message: (from: string, id: string, text: string, atMs: number, profileName?: string) => Promise<number>;
  /** Meta's agent takes the customer's chat (a `standby` change). */
  standby: (from: string, id: string, atMs: number) => Promise<number>;
  /** Every answer main has journaled. */
  answers: () => Promise<AnswerView[]>;
}

export async function startWebhookCore(o: { dir: string; fake: FakeGraphApi; secret: string; clock: Clock; rules: unknown }): Promise<WebhookCore> {
  const { dir, fake, secret } = o;
  writeFileSync(join(dir, 'automation.json'), JSON.stringify(o.rules));
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ language: 'ko', defaultCountry: 'KR', setupDone: true }));
  const core = createCore({ fs: nodeFs, dataDir: dir, runtime: 'browser-host', version: '0.0.0', platform: 'linux', locale: 'ko-KR', clock: o.clock, random: () => 0.5, sandboxSeed: 3 });
  await core.start();
  const call = (channel: string, input?: unknown) => dispatch(core.handlers, channel, input, { transport: 'test' });
  const port = await freePort();
  expect(await call('cloud:update', { apiBase: fake.url, graphVersion: fake.version, phoneNumberId: fake.phoneNumberId, accessToken: fake.token, appSecret: secret, verifyToken: 'vt', webhookPort: port })).toMatchObject({ ok: true });
  expect(await call('webhook:start', { port })).toMatchObject({ ok: true });
  const post = async (field: 'messages' | 'standby', value: Record<string, unknown>) => {
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'waba', changes: [{ field, value: { messaging_product: 'whatsapp', metadata: { phone_number_id: fake.phoneNumberId }, ...value } }] }] });
    const r = await fetch(`http://127.0.0.1:${port}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signatureOf(body, secret) }, body });
    await r.arrayBuffer();
    return r.status;
  };
  const seconds = (atMs: number) => String(Math.floor(atMs / 1000));
  return {
    core,
    call,
    post,
    message: (from, id, text, atMs, profileName = from) => post('messages', { contacts: [{ wa_id: from, profile: { name: profileName } }], messages: [{ id, from, timestamp: seconds(atMs), type: 'text', text: { body: text } }] }),
    standby: (from, id, atMs) => post('standby', { messages: [{ id, from, timestamp: seconds(atMs), type: 'text', text: { body: '상담원 연결' } }] }),
    answers: async () => {
      const r = await call('inbox:answers', { sinceRev: 0 });
      return r.ok ? (r.value as AnswersPage).answers : [];
    },
  };
}
