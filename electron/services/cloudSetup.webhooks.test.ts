import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeFs } from '../adapters/fs';
import { ownerOnlyFileSecretStore } from '../adapters/secretStore';
import { startFakeGraphAccount, type FakeGraphAccount } from '../../test/fakes/graphAccount';
import { VirtualClock } from '../../test/fakes/clock';
import { CloudSetupService } from './cloudSetup';

// Template and limit webhooks keep the cached templates and the budget's messaging limit up to date (issue 13 point 3).
const fakes: FakeGraphAccount[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function connected() {
  const fake = await startFakeGraphAccount({});
  fakes.push(fake);
  const dir = await mkdtemp(join(tmpdir(), 'shopcast-cloudhooks-'));
  const clock = new VirtualClock(1_800_000_000_000);
  const make = () => new CloudSetupService({ fs: nodeFs, dataDir: dir, secrets: ownerOnlyFileSecretStore(nodeFs, dir), clock });
  const service = make();
  await service.update({ apiBase: fake.url, graphVersion: fake.version, phoneNumberId: fake.phoneNumberId, wabaId: fake.wabaId, accessToken: fake.token });
  expect(await service.test()).toMatchObject({ ok: true, messagingLimit: 2_000 });
  return { service, make, dir, clock };
}

describe('template webhooks update the cached templates', () => {
  it('a pause, a re-categorisation and a quality change, each kept across a restart', async () => {
    const { service, make, clock } = await connected();
    const at = clock.now() + 1_000;
    const paused = await service.applyTemplateChange({ change: 'status', name: 'spring_sale', language: 'ko', status: 'PAUSED', timestamp: at });
    expect(paused?.before.status).toBe('APPROVED');
    expect(paused?.after).toMatchObject({ name: 'spring_sale', status: 'PAUSED', changedAt: at });
    const recat = await service.applyTemplateChange({ change: 'category', name: 'order_ready', language: 'en_US', category: 'MARKETING', timestamp: at + 1 });
    expect(recat?.before.category).toBe('UTILITY');
    expect(recat?.after.category).toBe('MARKETING');
    await service.applyTemplateChange({ change: 'quality', name: 'spring_sale', language: 'ko', quality: 'RED', timestamp: at + 2 });
    const again = await make().templates();
    expect(again.map((t) => `${t.name}/${t.category}/${t.status}/${t.quality ?? '-'}`)).toEqual(['spring_sale/MARKETING/PAUSED/RED', 'order_ready/MARKETING/APPROVED/-', 'new_arrivals/MARKETING/PENDING/-']);
  });

  it('a rejection keeps its reason; an approval later clears it', async () => {
    const { service, clock } = await connected();
    await service.applyTemplateChange({ change: 'status', name: 'new_arrivals', language: 'zh_TW', status: 'REJECTED', reason: 'INCORRECT_CATEGORY', timestamp: clock.now() + 1 });
    expect((await service.templates()).find((t) => t.name === 'new_arrivals')).toMatchObject({ status: 'REJECTED', statusReason: 'INCORRECT_CATEGORY' });
    await service.applyTemplateChange({ change: 'status', name: 'new_arrivals', language: 'zh_TW', status: 'APPROVED', timestamp: clock.now() + 2 });
    const t = (await service.templates()).find((x) => x.name === 'new_arrivals');
    expect(t?.status).toBe('APPROVED');
    expect(t?.statusReason).toBeUndefined();
  });

  it('an older delivery arriving late, or a template not in the cache, changes nothing', async () => {
    const { service, clock, dir } = await connected();
    await service.applyTemplateChange({ change: 'status', name: 'spring_sale', language: 'ko', status: 'PAUSED', timestamp: clock.now() + 10 });
    const before = await readFile(join(dir, 'templates.json'), 'utf8');
    expect(await service.applyTemplateChange({ change: 'status', name: 'spring_sale', language: 'ko', status: 'APPROVED', timestamp: clock.now() + 5 })).toBeUndefined();
    expect(await service.applyTemplateChange({ change: 'status', name: 'unknown_template', status: 'APPROVED', timestamp: clock.now() + 20 })).toBeUndefined();
    expect(await readFile(join(dir, 'templates.json'), 'utf8')).toBe(before);
  });
});

describe('limit webhooks update the messaging limit', () => {
  it('the newer of the connection test and the webhook wins; null is unlimited; a late older one is ignored', async () => {
    const { service, make, clock } = await connected();
    await service.applyLimitChange({ at: clock.now() + 1_000, messagingLimit: 10_000, event: 'UPGRADE' });
    expect(await service.messagingLimit()).toBe(10_000);
    await service.applyLimitChange({ at: clock.now() + 500, messagingLimit: 250, event: 'DOWNGRADE' });
    expect(await make().messagingLimit()).toBe(10_000);
    await service.applyLimitChange({ at: clock.now() + 2_000, messagingLimit: null });
    expect(await make().messagingLimit()).toBeNull();
    // A new connection test reads the limit from Meta again, and is newer.
    clock.time += 3_000;
    expect(await service.test()).toMatchObject({ ok: true });
    expect(await service.messagingLimit()).toBe(2_000);
  });

  it('a quality event without a limit keeps the limit the test read', async () => {
    const { service, clock } = await connected();
    await service.applyLimitChange({ at: clock.now() + 1, event: 'FLAGGED' });
    expect(await service.messagingLimit()).toBe(2_000);
  });
});
