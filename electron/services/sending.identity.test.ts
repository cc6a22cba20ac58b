/**
 * A customer known only by their WhatsApp user id (BSUID) is reached on the Cloud API (issue 13 point 1), end to end:
 * the app's SendingService with a campaign whose recipient has no phone, the fake Graph API on 127.0.0.1 taking the
 * send as `recipient`, the real webhook listener with signed status bodies (by job id, and by wamid alone), the
 * suppression list under every identifier, and a clock that moves only when the test says.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../shared/domain/random';
import { defaultSettingsForLocale } from '../../shared/domain/settings';
import type { CampaignRecipientInput } from '../../shared/ipc/campaigns';
import { ManualClock, until } from '../../test/fakes/clock';
import { signatureOf, startFakeGraphApi, type FakeGraphApi } from '../../test/fakes/graphApi';
import { nodeHmacSha256 } from '../adapters/crypto';
import { nodeJournalFs } from '../adapters/journalFs';
import { startWebhookServer } from '../adapters/webhookServer';
import { SendingService } from './sending';

/** Noon in Seoul: no quiet hours, no Korean night. */
const NOON_SEOUL = Date.UTC(2026, 2, 10, 3, 0, 0);
const SECRET = 'app-secret-for-tests';
const MINA = 'KR.1349876543210';
const JIHO = 'KR.ENT.77ab12cd';

let dir: string;
const closers: (() => Promise<void>)[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shopcast-bsuid-'));
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  rmSync(dir, { recursive: true, force: true });
});

async function setup(over: { authenticationTemplates?: string[] } = {}) {
  const api: FakeGraphApi = await startFakeGraphApi();
  closers.push(() => api.close());
  const clock = new ManualClock(NOON_SEOUL);
  const emitted: [string, unknown][] = [];
  const service = new SendingService({
    fs: nodeJournalFs,
    dataDir: dir,
    clock,
    random: seededRandom(5),
    pid: process.pid,
    generation: 'g',
    emit: (name: string, payload: unknown) => void emitted.push([name, payload]),
    cloud: {
      transportConfig: async () => ({ apiBase: api.url, version: api.version, phoneNumberId: api.phoneNumberId, accessToken: api.token, ...over }),
      messagingLimit: async () => 2_000,
      webhookSetup: async () => ({ ok: true, appSecret: SECRET, verifyToken: 'v', port: 0 }),
    },
    settings: async () => defaultSettingsForLocale('ko-KR'),
    openLink: async () => undefined,
    startWebhookServer,
    hmacSha256: nodeHmacSha256,
    fallbackZone: 'Asia/Seoul',
    changeThrottleMs: 0,
  });
  closers.push(() => service.close());
  await service.load();
  const { port } = await service.webhookStatus();
  const url = `http://127.0.0.1:${port}/webhook`;
  const post = async (value: Record<string, unknown>) => {
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'WABA', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: api.phoneNumberId }, ...value } }] }] });
    return (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signatureOf(body, SECRET) }, body })).status;
  };
  const campaign = async (recipients: CampaignRecipientInput[], promotional = true) => {
    const { id } = await service.create({ name: 'Spring', channel: 'cloud', content: { kind: 'text', body: 'Spring is here' }, promotional, recipientCount: recipients.length });
    await service.addRecipients(id, recipients);
    await service.seal(id);
    return id;
  };
  const finished = async (id: string) => {
    await service.start(id);
    // The pace's next slot (a fifth of a second on the Cautious preset) comes only as the clock moves.
    await until(async () => {
      clock.advance(200);
      return (await service.get(id)).state === 'finished';
    }, 'the campaign to finish');
  };
  return { api, clock, service, post, campaign, finished, emitted };
}

describe('a customer known only by their WhatsApp user id, on the Cloud API', () => {
  it('is sent to as `recipient`, once; statuses find the job by our job id and by the wamid alone', async () => {
    const t = await setup();
    const id = await t.campaign([{ ref: 'c1', userId: MINA }, { ref: 'c2', userId: JIHO }]);
    await t.finished(id);
    expect((await t.service.get(id)).counts).toMatchObject({ total: 2, accepted: 2 });
    expect(t.api.requests.get(MINA)).toBe(1);
    expect(t.api.requests.get(JIHO)).toBe(1);
    const jobs = (await t.service.jobs(id, 0, 10)).jobs;
    const mina = jobs.find((j) => j.contact === MINA)!;
    const jiho = jobs.find((j) => j.contact === JIHO)!;
    expect(t.api.messages.get(mina.wamid!)).toMatchObject({ to: MINA, opaque: mina.job });

    const at = String(Math.floor(t.clock.now() / 1000));
    expect(await t.post({ statuses: [{ id: mina.wamid, status: 'delivered', timestamp: at, recipient_user_id: MINA, biz_opaque_callback_data: mina.job }] })).toBe(200);
    // No job id: the wamid alone finds it (as for a number).
    expect(await t.post({ statuses: [{ id: jiho.wamid, status: 'read', timestamp: at, recipient_user_id: JIHO }] })).toBe(200);
    const after = (await t.service.jobs(id, 0, 10)).jobs;
    expect(after.find((j) => j.contact === MINA)).toMatchObject({ phase: 'accepted', delivery: 'delivered' });
    expect(after.find((j) => j.contact === JIHO)).toMatchObject({ phase: 'accepted', delivery: 'read' });
    // Counted by their country (the id's prefix), as a Korean number would be.
    expect((await t.service.get(id)).counts.recipientsByCountry).toEqual({ KR: 2 });
  });

  it('counts toward the per-contact cap like a number: a 4th promotion in 24 h waits', async () => {
    const t = await setup();
    for (let i = 0; i < 3; i++) {
      await t.finished(await t.campaign([{ ref: 'c1', userId: MINA }]));
      t.clock.advance(60_000);
    }
    const fourth = await t.campaign([{ ref: 'c1', userId: MINA }]);
    await t.service.start(fourth);
    await until(async () => (await t.service.get(fourth)).waiting?.reason === 'contact_frequency', 'the per-contact cap');
    expect(t.api.requests.get(MINA)).toBe(3);
    // Another person's id is not held by it.
    const other = await t.campaign([{ ref: 'c2', userId: JIHO }]);
    await t.finished(other);
    expect(t.api.requests.get(JIHO)).toBe(1);
  });

  it('a STOP from a username-only sender stops the next send to their id, and to the phone beside that id', async () => {
    const t = await setup();
    const stop = { from_user_id: MINA, id: 'wamid.in1', timestamp: String(Math.floor(t.clock.now() / 1000)), type: 'text', text: { body: 'STOP' } };
    expect(await t.post({ contacts: [{ user_id: MINA, profile: { name: 'Mina', username: '@mina.flowers' } }], messages: [stop] })).toBe(200);
    const id = await t.campaign([{ ref: 'c1', userId: MINA }, { ref: 'c3', phone: '+821055501234', userId: MINA }, { ref: 'c2', userId: JIHO }]);
    await t.finished(id);
    const jobs = (await t.service.jobs(id, 0, 10)).jobs;
    expect(jobs.map((j) => [j.contact, j.phase, j.reason])).toEqual([
      [MINA, 'skipped', 'opted_out'],
      ['+821055501234', 'skipped', 'opted_out'],
      [JIHO, 'accepted', undefined],
    ]);
    // The one message to the user id is the opt-out confirmation (sent as `recipient`), never the campaign's.
    expect(t.api.requests.get(MINA)).toBe(1);
    expect([...t.api.messages.values()].filter((m) => m.to === MINA).map((m) => m.opaque?.startsWith('optout_'))).toEqual([true]);
    expect(t.api.requests.get('821055501234')).toBeUndefined();
  });
});

describe('where a user id cannot go, the recipient is skipped with a reason code', () => {
  it('the Assisted channel (wa.me needs a phone): needs_phone, and no chat is offered for them', async () => {
    const t = await setup();
    const { id } = await t.service.create({ name: 'Hello', channel: 'assisted', content: { kind: 'text', body: 'Hi' }, promotional: false, recipientCount: 1 });
    await t.service.addRecipients(id, [{ ref: 'c1', userId: MINA }]);
    await t.service.seal(id);
    await t.finished(id);
    const [job] = (await t.service.jobs(id, 0, 10)).jobs;
    expect(job).toMatchObject({ contact: MINA, phase: 'skipped', reason: 'needs_phone' });
    // No chat was offered to the person for them.
    expect(t.emitted.filter(([name, p]) => name === 'assisted:waiting' && p !== null)).toEqual([]);
  });

  it('an authentication template on the Cloud API: authentication_needs_phone for the id alone; a phone beside it is sent', async () => {
    const t = await setup({ authenticationTemplates: ['login_code'] });
    const { id } = await t.service.create({ name: 'Codes', channel: 'cloud', content: { kind: 'template', name: 'login_code', language: 'en_US', bodyParams: ['123456'] }, promotional: false, recipientCount: 2 });
    await t.service.addRecipients(id, [{ ref: 'c1', userId: MINA }, { ref: 'c2', phone: '+821055501234', userId: JIHO }]);
    await t.service.seal(id);
    await t.finished(id);
    const jobs = (await t.service.jobs(id, 0, 10)).jobs;
    expect(jobs.map((j) => [j.contact, j.phase, j.reason])).toEqual([
      [MINA, 'skipped', 'authentication_needs_phone'],
      ['+821055501234', 'accepted', undefined],
    ]);
    expect(t.api.totalRequests()).toBe(1);
    // Any other template still goes to the id alone.
    const other = await t.campaign([{ ref: 'c1', userId: MINA }], false);
    await t.finished(other);
    expect(t.api.requests.get(MINA)).toBe(1);
  });
});
