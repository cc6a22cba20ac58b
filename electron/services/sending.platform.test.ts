/**
 * Templates and limits follow the platform (issue 13 point 3), end to end: the app's real CloudSetupService against
 * the fake Graph account (connection test, template sync) in front of the fake send path on 127.0.0.1, the real
 * webhook listener with signed bodies, real files in a temp folder, and a clock that moves only when the test says
 * (so a campaign stays "sending" while the webhook arrives).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../shared/domain/random';
import { defaultSettingsForLocale } from '../../shared/domain/settings';
import type { CampaignSummary } from '../../shared/ipc/campaigns';
import { ManualClock, until } from '../../test/fakes/clock';
import { signatureOf, startFakeGraphApi, type FakeGraphApi } from '../../test/fakes/graphApi';
import { startFakeGraphAccount, type FakeGraphAccount } from '../../test/fakes/graphAccount';
import { nodeHmacSha256 } from '../adapters/crypto';
import { nodeFs } from '../adapters/fs';
import { nodeJournalFs } from '../adapters/journalFs';
import { ownerOnlyFileSecretStore } from '../adapters/secretStore';
import { startWebhookServer } from '../adapters/webhookServer';
import { CloudSetupService } from './cloudSetup';
import { SendingService } from './sending';

/** Noon in Seoul: no quiet hours for the Korean numbers used here. */
const NOON_SEOUL = Date.UTC(2026, 2, 10, 3, 0, 0);
const SECRET = 'app-secret-for-tests';

let dir: string;
const closers: (() => Promise<void>)[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shopcast-platform-'));
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  rmSync(dir, { recursive: true, force: true });
});

const phone = (i: number) => `+8210${String(30_000_000 + i)}`;

async function setup() {
  const api: FakeGraphApi = await startFakeGraphApi();
  const account: FakeGraphAccount = await startFakeGraphAccount({ messages: api });
  closers.push(() => api.close(), () => account.close());
  const clock = new ManualClock(NOON_SEOUL);
  const makeCloud = () => new CloudSetupService({ fs: nodeFs, dataDir: dir, secrets: ownerOnlyFileSecretStore(nodeFs, dir), clock });
  const cloud = makeCloud();
  await cloud.update({ apiBase: account.url, graphVersion: account.version, phoneNumberId: account.phoneNumberId, wabaId: account.wabaId, accessToken: account.token });
  expect(await cloud.test()).toMatchObject({ ok: true, messagingLimit: 2_000 });
  const service = new SendingService({
    fs: nodeJournalFs,
    dataDir: dir,
    clock,
    random: seededRandom(3),
    pid: process.pid,
    generation: 'g',
    emit: () => undefined,
    // The app's service (core.ts passes it whole); only the receiver's secrets and port are the test's.
    cloud: {
      transportConfig: () => cloud.transportConfig(),
      messagingLimit: () => cloud.messagingLimit(),
      applyTemplateChange: (e) => cloud.applyTemplateChange(e),
      applyLimitChange: (l) => cloud.applyLimitChange(l),
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
  const post = async (changes: unknown[]) => {
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: account.wabaId, time: Math.floor(clock.now() / 1000) + 60, changes }] });
    return (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signatureOf(body, SECRET) }, body })).status;
  };
  const campaign = async (name: string, language: string, n: number, offset: number) => {
    const { id } = await service.create({ name, channel: 'cloud', content: { kind: 'template', name, language, bodyParams: [] }, promotional: true, recipientCount: n });
    await service.addRecipients(
      id,
      Array.from({ length: n }, (_, i) => ({ ref: `c${offset + i}`, phone: phone(offset + i) })),
    );
    await service.seal(id);
    return id;
  };
  const get = (id: string): Promise<CampaignSummary> => service.get(id);
  return { api, account, clock, cloud, makeCloud, service, post, campaign, get };
}

describe('template webhooks pause the campaigns that use the template', () => {
  it('PAUSED pauses the sending and the scheduled campaign of that template (name and language), with the code; another template goes on', async () => {
    const t = await setup();
    const sale = await t.campaign('spring_sale', 'ko', 5, 0);
    const order = await t.campaign('order_ready', 'en_US', 5, 10);
    const later = await t.campaign('spring_sale', 'ko', 2, 20);
    await t.service.start(sale);
    await t.service.start(order);
    await t.service.schedule(later, NOON_SEOUL + 86_400_000);
    // The first message of each goes at once; the next waits for the pacer (time moves only when the test says).
    await until(() => t.api.totalRequests() >= 2, 'the first sends');
    expect((await t.get(sale)).state).toBe('running');

    const status = await t.post([{ field: 'message_template_status_update', value: { event: 'PAUSED', message_template_id: 1, message_template_name: 'spring_sale', message_template_language: 'ko', reason: 'NONE' } }]);
    expect(status).toBe(200);
    // Answered 200 only once stored and acted on: no waiting needed.
    const why = { code: 'template_paused', params: { template: 'spring_sale', language: 'ko', status: 'PAUSED' } };
    expect(await t.get(sale)).toMatchObject({ state: 'paused', whyCode: why });
    expect(await t.get(later)).toMatchObject({ state: 'paused', whyCode: why });
    expect((await t.get(order)).state).toBe('running');
    expect((await t.cloud.templates()).find((x) => x.name === 'spring_sale')).toMatchObject({ status: 'PAUSED' });
  });

  it('an approval or a quality change pauses nothing; a rejection does', async () => {
    const t = await setup();
    const order = await t.campaign('order_ready', 'en_US', 5, 0);
    await t.service.start(order);
    await until(() => t.api.totalRequests() >= 1, 'the first send');
    expect(await t.post([{ field: 'message_template_status_update', value: { event: 'APPROVED', message_template_name: 'order_ready', message_template_language: 'en_US' } }])).toBe(200);
    expect(await t.post([{ field: 'message_template_quality_update', value: { new_quality_score: 'YELLOW', message_template_name: 'order_ready', message_template_language: 'en_US' } }])).toBe(200);
    expect(await t.post([{ field: 'message_template_status_update', value: { event: 'PAUSED', message_template_name: 'order_ready', message_template_language: 'ko' } }])).toBe(200);
    expect((await t.get(order)).state).toBe('running');
    expect(await t.post([{ field: 'message_template_status_update', value: { event: 'REJECTED', message_template_name: 'order_ready', message_template_language: 'en_US', reason: 'INCORRECT_CATEGORY' } }])).toBe(200);
    expect(await t.get(order)).toMatchObject({ state: 'paused', whyCode: { code: 'template_paused', params: { template: 'order_ready', status: 'REJECTED' } } });
  });

  it('a re-categorised template (UTILITY → MARKETING) pauses its campaign with the new category, so the person re-checks the price', async () => {
    const t = await setup();
    const order = await t.campaign('order_ready', 'en_US', 5, 0);
    await t.service.start(order);
    await until(() => t.api.totalRequests() >= 1, 'the first send');
    expect(await t.post([{ field: 'template_category_update', value: { message_template_id: 2, message_template_name: 'order_ready', message_template_language: 'en_US', previous_category: 'UTILITY', new_category: 'MARKETING' } }])).toBe(200);
    expect(await t.get(order)).toMatchObject({ state: 'paused', whyCode: { code: 'template_recategorised', params: { template: 'order_ready', language: 'en_US', category: 'MARKETING' } } });
    expect((await t.cloud.templates()).find((x) => x.name === 'order_ready')?.category).toBe('MARKETING');
  });
});

describe('limit webhooks change the budget', () => {
  it('a downgrade to TIER_250 makes the Cloud API policy Cautious with a limit of 250, kept across a restart; an upgrade lifts it', async () => {
    const t = await setup();
    const before = await t.service.policy();
    expect(before.effective.cloud.policy.messagingLimit).toBe(2_000);
    expect(await t.post([{ field: 'phone_number_quality_update', value: { display_phone_number: '15550783881', event: 'FLAGGED', current_limit: 'TIER_250' } }])).toBe(200);
    const after = await t.service.policy();
    expect(after.effective.cloud.policy).toMatchObject({ messagingLimit: 250, preset: 'cautious' });
    expect(await t.makeCloud().messagingLimit()).toBe(250);
    t.clock.advance(120_000);
    expect(await t.post([{ field: 'business_capability_update', value: { max_daily_conversations_per_business: 'TIER_10K' } }])).toBe(200);
    expect((await t.service.policy()).effective.cloud.policy.messagingLimit).toBe(10_000);
  });

  it('a campaign sending when the limit drops is paced by the new budget at once, not from its next start', async () => {
    const t = await setup();
    const id = await t.campaign('spring_sale', 'ko', 5, 0);
    await t.service.start(id);
    // Platform preset (limit 2,000): the pacer waits for the number's throughput, 80 a second.
    await until(async () => (await t.get(id)).waiting?.reason === 'rate', 'the pacer to wait');
    expect((await t.get(id)).waiting?.params).toMatchObject({ rate: 80 });
    expect(await t.post([{ field: 'phone_number_quality_update', value: { event: 'DOWNGRADE', current_limit: 'TIER_250' } }])).toBe(200);
    // Cautious preset (limit 250): 5 a second, from the moment the job set aside under the old pace comes up again.
    t.clock.advance(20);
    await until(async () => (await t.get(id)).waiting?.params?.rate === 5, 'the Cautious pace');
    expect((await t.get(id)).state).toBe('running');
  });
});

describe('a send held for WhatsApp’s quality assessment', () => {
  it('is accepted but held: not counted sent until its status arrives, which moves it on', async () => {
    const t = await setup();
    const id = await t.campaign('new_arrivals', 'zh_TW', 1, 0);
    t.api.script(phone(0).slice(1), ['held']);
    await t.service.start(id);
    await until(async () => (await t.get(id)).state === 'finished', 'the campaign to finish');
    expect((await t.get(id)).counts).toMatchObject({ accepted: 1, held: 1, sent: 0, delivered: 0 });
    const [job] = (await t.service.jobs(id, 0, 10)).jobs;
    expect(job).toMatchObject({ phase: 'accepted', held: true });
    expect(job?.delivery).toBeUndefined();

    const statuses = [{ id: job!.wamid, status: 'sent', timestamp: String(Math.floor(t.clock.now() / 1000)), recipient_id: phone(0).slice(1), biz_opaque_callback_data: job!.job }];
    expect(await t.post([{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: t.account.phoneNumberId }, statuses } }])).toBe(200);
    const after = (await t.get(id)).counts;
    expect(after).toMatchObject({ accepted: 1, sent: 1 });
    expect(after.held).toBeUndefined();
    const [moved] = (await t.service.jobs(id, 0, 10)).jobs;
    expect(moved).toMatchObject({ phase: 'accepted', delivery: 'sent' });
    expect(moved?.held).toBeUndefined();
  });
});
