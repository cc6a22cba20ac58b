/**
 * SendingService end to end through `dispatch` and the contract's real parsers: real files in a temp folder, the
 * fake Graph API on 127.0.0.1 for the Cloud API, a real webhook listener, and a virtual clock (AutoClock) so pacing
 * and the Sandbox's delays run in milliseconds.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../shared/domain/random';
import type { PushedEvent } from '../../shared/ipc/contract';
import { dispatch, type Handlers } from '../../shared/ipc/dispatch';
import type { Result } from '../../shared/lib/result';
import type { AssistedPrompt } from '../../shared/ipc/assisted';
import type { CampaignSummary, JobsPage, JobView } from '../../shared/ipc/campaigns';
import type { InboxPage, WebhookStatus } from '../../shared/ipc/inbox';
import { defaultSettingsForLocale } from '../../shared/domain/settings';
import { AutoClock } from '../../test/fakes/clock';
import { signatureOf, startFakeGraphApi, type FakeGraphApi } from '../../test/fakes/graphApi';
import { nodeHmacSha256 } from '../adapters/crypto';
import { nodeJournalFs, type JournalFs } from '../adapters/journalFs';
import { startWebhookServer } from '../adapters/webhookServer';
import type { CloudApiConfig } from './transports/cloudApi';
import { decodeLine } from './journal';
import { EventQueue, SendingService, type SendingDeps } from './sending';

/** Noon in Seoul: no quiet hours for the Korean numbers used here. */
const NOON_SEOUL = Date.UTC(2026, 2, 10, 3, 0, 0);
const SECRET = 'app-secret-for-tests';
const VERIFY = 'verify-token';

let dir: string;
let fake: FakeGraphApi | undefined;
const services: SendingService[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shopcast-sending-'));
});
afterEach(async () => {
  for (const s of services.splice(0)) await s.close();
  await fake?.close();
  fake = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const phone = (i: number) => `+8210${String(20_000_000 + i)}`;

interface Harness {
  service: SendingService;
  call: <T>(channel: string, input?: unknown) => Promise<Result<T>>;
  ok: <T>(channel: string, input?: unknown) => Promise<T>;
  events: PushedEvent[];
  /** Resolves when an event (or the current state, checked first) satisfies `pred`. */
  until: (pred: () => boolean | Promise<boolean>) => Promise<void>;
  opened: string[];
  clock: AutoClock;
}

interface CloudStub {
  config?: CloudApiConfig | null;
  webhook?: boolean;
  limit?: number | null;
}

async function harness(opts: { cloud?: CloudStub; clock?: AutoClock; fs?: JournalFs; pid?: number; load?: boolean; throttleMs?: number } = {}): Promise<Harness> {
  const events: PushedEvent[] = [];
  const waiters = new Set<() => void>();
  const opened: string[] = [];
  let seq = 0;
  const clock = opts.clock ?? new AutoClock(NOON_SEOUL);
  const cloud: SendingDeps['cloud'] = {
    transportConfig: async () => opts.cloud?.config ?? null,
    webhookSetup: async () => (opts.cloud?.webhook ? { ok: true, appSecret: SECRET, verifyToken: VERIFY, port: 0 } : { ok: false, missing: ['app secret', 'verify token'], port: 47390 }),
    messagingLimit: async () => opts.cloud?.limit,
  };
  const service = new SendingService({
    fs: opts.fs ?? nodeJournalFs,
    dataDir: dir,
    clock,
    random: seededRandom(42),
    pid: opts.pid ?? process.pid,
    generation: `g${services.length}`,
    emit: (name, payload) => {
      // The hub's shape; the payload is what the contract says for `name`.
      events.push({ epoch: 'test', seq: ++seq, name, payload } as PushedEvent);
      for (const w of waiters) w();
    },
    cloud,
    settings: async () => defaultSettingsForLocale('ko-KR'),
    openLink: async (url) => {
      opened.push(url);
    },
    startWebhookServer,
    hmacSha256: nodeHmacSha256,
    sandboxSeed: 7,
    fallbackZone: 'Asia/Seoul',
    changeThrottleMs: opts.throttleMs ?? 0,
  });
  services.push(service);
  // Only the sending channels are called here; the mapping is core.ts's, one method each.
  const handlers = {
    'campaign:create': (i: never) => service.create(i),
    'campaign:addRecipients': ({ id, recipients }: never) => service.addRecipients(id, recipients),
    'campaign:seal': ({ id }: never) => service.seal(id),
    'campaign:list': () => service.list(),
    'campaign:get': ({ id }: never) => service.get(id),
    'campaign:jobs': (q: { id: string; sinceRev: number; limit: number }) => service.jobs(q.id, q.sinceRev, q.limit),
    'campaign:start': ({ id }: never) => service.start(id),
    'campaign:pause': ({ id }: never) => service.pause(id),
    'campaign:cancel': ({ id }: never) => service.cancel(id),
    'campaign:retryFailed': ({ id }: never) => service.retryFailed(id),
    'campaign:schedule': ({ id, at }: never) => service.schedule(id, at),
    'campaign:resolveAmbiguous': ({ id, job, decision }: never) => service.resolveAmbiguous(id, job, decision),
    'assisted:current': async () => service.assistedCurrent(),
    'assisted:open': ({ campaign, job }: never) => service.assistedOpen(campaign, job),
    'assisted:mark': ({ campaign, job, outcome }: never) => service.assistedMark(campaign, job, outcome),
    'policy:get': () => service.policy(),
    'policy:update': (c: never) => service.updatePolicy(c),
    'suppression:list': async () => service.suppressionList(),
    'suppression:remove': ({ contact }: never) => service.unsuppress(contact),
    'inbox:since': ({ after, limit }: never) => service.inboxSince(after, limit),
    'webhook:status': async () => service.webhookStatus(),
    'webhook:start': ({ port }: never) => service.startWebhook(port),
    'webhook:stop': () => service.stopWebhook(),
  } as unknown as Handlers; // the sending subset of the handler map; other channels are never dispatched here
  const call = <T,>(channel: string, input?: unknown) => dispatch(handlers, channel, input, { transport: 'test' }) as Promise<Result<T>>;
  const ok = async <T,>(channel: string, input?: unknown): Promise<T> => {
    const r = await call<T>(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  const until = async (pred: () => boolean | Promise<boolean>) => {
    for (;;) {
      const seen = seq;
      if (await pred()) return;
      if (seq !== seen) continue; // something happened while checking: check again before waiting
      await new Promise<void>((resolve) => {
        const w = () => {
          waiters.delete(w);
          resolve();
        };
        waiters.add(w);
      });
    }
  };
  if (opts.load !== false) await service.load();
  return { service, call, ok, events, until, opened, clock };
}

const text = (body: string) => ({ kind: 'text', body });

async function createCampaign(h: Harness, o: { channel: string; n: number; chunk?: number; content?: unknown; contentB?: unknown; name?: string; offset?: number }): Promise<string> {
  const { id } = await h.ok<{ id: string }>('campaign:create', {
    name: o.name ?? 'Spring sale',
    channel: o.channel,
    content: o.content ?? text('Hi {name}, 10% off this week. Reply STOP to unsubscribe'),
    ...(o.contentB !== undefined ? { contentB: o.contentB } : {}),
    promotional: true,
    recipientCount: o.n,
  });
  const all = Array.from({ length: o.n }, (_, i) => ({ ref: `contact${i}`, phone: phone((o.offset ?? 0) + i), vars: { name: `Customer ${i}` }, ...(o.contentB !== undefined ? { variant: i % 2 === 0 ? 'A' : 'B' } : {}) }));
  const size = o.chunk ?? o.n;
  for (let i = 0; i < all.length; i += size) await h.ok('campaign:addRecipients', { id, recipients: all.slice(i, i + size) });
  await h.ok('campaign:seal', { id });
  return id;
}

const summary = (h: Harness, id: string) => h.ok<CampaignSummary>('campaign:get', { id });
const stateIs = (h: Harness, id: string, state: string) => async () => (await summary(h, id)).state === state;

async function allJobs(h: Harness, id: string, limit = 5): Promise<{ jobs: Map<string, JobView>; pages: JobsPage[] }> {
  const jobs = new Map<string, JobView>();
  const pages: JobsPage[] = [];
  let since = 0;
  for (;;) {
    const page = await h.ok<JobsPage>('campaign:jobs', { id, sinceRev: since, limit });
    pages.push(page);
    for (const j of page.jobs) jobs.set(j.job, j);
    if (page.jobs.length > 0) since = page.jobs.at(-1)!.rev; // non-empty: checked
    if (!page.more) return { jobs, pages };
  }
}

describe('campaigns through the contract', () => {
  it('create → chunks → seal → start: a sandbox campaign finishes, every job settled, refs and variants kept', async () => {
    const h = await harness();
    const id = await createCampaign(h, { channel: 'sandbox', n: 12, chunk: 5, contentB: text('Hello {name}! New arrivals. Reply STOP to unsubscribe') });
    expect(await summary(h, id)).toMatchObject({ state: 'draft', sandbox: true, counts: { total: 12, queued: 12 } });
    await h.ok('campaign:start', { id });
    await h.until(stateIs(h, id, 'finished'));
    const s = await summary(h, id);
    expect(s.counts.queued + s.counts.attempting).toBe(0);
    expect(s.counts.accepted + s.counts.failed + s.counts.skipped + s.counts.ambiguous).toBe(12);
    expect(s.counts.accepted).toBeGreaterThan(0);
    const { jobs } = await allJobs(h, id);
    expect([...jobs.values()].map((j) => j.ref).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `contact${i}`).sort());
    expect(jobs.get(`${id}-1`)).toMatchObject({ contact: phone(1), variant: 'B' });
    // The Sandbox's statuses arrive later through the webhook path and move accepted messages forward.
    await h.until(async () => {
      const c = (await summary(h, id)).counts;
      return c.sent + c.delivered + c.read + c.deliveryFailed === c.accepted;
    });
    expect(h.events.some((e) => e.name === 'campaign:changed')).toBe(true);
  });

  it('a campaign is not sent before it is sealed, and the count must match', async () => {
    const h = await harness();
    const { id } = await h.ok<{ id: string }>('campaign:create', { name: 'x', channel: 'sandbox', content: text('Hi'), promotional: false, recipientCount: 3 });
    await h.ok('campaign:addRecipients', { id, recipients: [{ ref: 'a', phone: phone(0) }] });
    expect((await summary(h, id)).incomplete).toBe(true);
    const start = await h.call('campaign:start', { id });
    expect(start.ok ? undefined : start.error.details?.codes).toBe('incomplete');
    const seal = await h.call('campaign:seal', { id });
    expect(seal.ok ? undefined : seal.error.code).toBe('conflict');
    await h.ok('campaign:addRecipients', { id, recipients: [{ ref: 'b', phone: phone(1) }, { ref: 'c', phone: phone(2) }] });
    await h.ok('campaign:seal', { id });
    const late = await h.call('campaign:addRecipients', { id, recipients: [{ ref: 'd', phone: phone(3) }] });
    expect(late.ok ? undefined : late.error.code).toBe('conflict');
    expect(late.ok ? undefined : late.error.details?.problem).toBe('already_sealed'); // worded by the renderer
  });

  it('an unsealed campaign comes back as incomplete after a restart and is never sent', async () => {
    const first = await harness();
    const { id } = await first.ok<{ id: string }>('campaign:create', { name: 'x', channel: 'sandbox', content: text('Hi'), promotional: false, recipientCount: 2 });
    await first.ok('campaign:addRecipients', { id, recipients: [{ ref: 'a', phone: phone(0) }] });
    await first.service.close();
    const second = await harness();
    const list = await second.ok<CampaignSummary[]>('campaign:list');
    expect(list.find((c) => c.id === id)).toMatchObject({ incomplete: true, state: 'draft', counts: { total: 1, queued: 1 } });
    expect((await second.call('campaign:start', { id })).ok).toBe(false);
  });

  it('start refuses with every reason: Cloud API not connected, every recipient suppressed', async () => {
    writeFileSync(join(dir, 'suppression.jsonl'), [0, 1].map((i) => `${JSON.stringify({ contact: phone(i), reason: 'opted_out', at: 1 })}\n`).join(''));
    const h = await harness({ cloud: { config: null } });
    const id = await createCampaign(h, { channel: 'cloud', n: 2, content: { kind: 'template', name: 'spring_sale', language: 'ko', bodyParams: ['{name}'] } });
    const r = await h.call('campaign:start', { id });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('conflict');
    expect(String(r.error.details?.codes).split(',').sort()).toEqual(['all_suppressed', 'cloud_not_configured']);
    expect(r.error.message).toMatch(/access token/);
    expect((await summary(h, id)).state).toBe('draft');
  });

  it('the Assisted channel refuses a template (it can only pre-fill text)', async () => {
    const h = await harness();
    const id = await createCampaign(h, { channel: 'assisted', n: 1, content: { kind: 'template', name: 'spring_sale', language: 'ko', bodyParams: [] } });
    const r = await h.call('campaign:start', { id });
    expect(r.ok ? undefined : r.error.details?.codes).toBe('assisted_text_only');
  });

  it('pause stops the requests, start resumes, and no one gets two (Cloud API against the fake)', async () => {
    fake = await startFakeGraphApi();
    const h = await harness({ cloud: { config: { apiBase: fake.url, version: fake.version, phoneNumberId: fake.phoneNumberId, accessToken: fake.token }, limit: 250 } });
    const id = await createCampaign(h, { channel: 'cloud', n: 10, content: { kind: 'template', name: 'spring_sale', language: 'ko', bodyParams: ['{name}'] } });
    await h.ok('campaign:start', { id });
    await fake.whenRequests(3);
    const paused = await h.ok<CampaignSummary>('campaign:pause', { id });
    expect(paused.state).toBe('paused');
    const atPause = fake.totalRequests();
    expect(atPause).toBeLessThan(10);
    expect(paused.counts.accepted).toBe(atPause);
    await h.ok('campaign:start', { id });
    await h.until(stateIs(h, id, 'finished'));
    expect(fake.totalRequests()).toBe(10);
    expect([...fake.requests.values()].every((n) => n === 1)).toBe(true);
  });

  it('cancel skips what was not sent yet', async () => {
    fake = await startFakeGraphApi();
    const h = await harness({ cloud: { config: { apiBase: fake.url, version: fake.version, phoneNumberId: fake.phoneNumberId, accessToken: fake.token }, limit: 250 } });
    const id = await createCampaign(h, { channel: 'cloud', n: 10, content: { kind: 'template', name: 'spring_sale', language: 'ko', bodyParams: [] } });
    await h.ok('campaign:start', { id });
    await fake.whenRequests(2);
    const s = await h.ok<CampaignSummary>('campaign:cancel', { id });
    expect(s.state).toBe('cancelled');
    expect(s.counts.accepted + s.counts.skipped).toBe(10);
    expect(s.counts.accepted).toBe(fake.totalRequests());
    const { jobs } = await allJobs(h, id, 100);
    expect([...jobs.values()].filter((j) => j.phase === 'skipped').every((j) => j.reason === 'cancelled')).toBe(true);
  });

  it('campaign:jobs pages by rev in order and then returns only what changed since', async () => {
    const h = await harness();
    const id = await createCampaign(h, { channel: 'sandbox', n: 9 });
    await h.ok('campaign:start', { id });
    await h.until(stateIs(h, id, 'finished'));
    await h.service.close(); // no more simulated statuses from here on
    const reopened = await harness({ cloud: { webhook: true } });
    const { jobs, pages } = await allJobs(reopened, id, 4);
    expect(jobs.size).toBe(9);
    expect(pages.length).toBe(3);
    for (const p of pages) expect(p.jobs.map((j) => j.rev)).toEqual([...p.jobs.map((j) => j.rev)].sort((a, b) => a - b));
    const last = pages.at(-1)!.rev; // three pages
    expect((await summary(reopened, id)).rev).toBe(last);
    expect((await reopened.ok<JobsPage>('campaign:jobs', { id, sinceRev: last })).jobs).toEqual([]);
    // A status webhook for one message: only that job comes back after the last rev.
    const target = [...jobs.values()].find((j) => j.phase === 'accepted' && j.delivery !== 'failed')!; // the sandbox accepts most
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: 'WABA', changes: [{ field: 'messages', value: { statuses: [{ id: target.wamid, status: 'failed', timestamp: '1', recipient_id: target.contact.slice(1), biz_opaque_callback_data: target.job, errors: [{ code: 131026 }] }] } }] }],
    });
    const { port } = await reopened.ok<WebhookStatus>('webhook:status');
    const res = await fetch(`http://127.0.0.1:${port}/webhook`, { method: 'POST', headers: { 'x-hub-signature-256': signatureOf(body, SECRET) }, body });
    expect(res.status).toBe(200);
    await reopened.until(async () => (await reopened.ok<JobsPage>('campaign:jobs', { id, sinceRev: last })).jobs.length > 0);
    const changed = await reopened.ok<JobsPage>('campaign:jobs', { id, sinceRev: last });
    expect(changed.jobs.map((j) => [j.job, j.delivery])).toEqual([[target.job, 'failed']]);
  });
});

describe('schedules, retries and account errors', () => {
  const cloudFor = (f: FakeGraphApi) => ({ config: { apiBase: f.url, version: f.version, phoneNumberId: f.phoneNumberId, accessToken: f.token }, limit: 250 });
  const template = { kind: 'template', name: 'spring_sale', language: 'ko', bodyParams: [] };

  it('a scheduled campaign waits for its time, then starts by itself; unscheduling makes it a draft again', async () => {
    const h = await harness();
    h.clock.hold(); // scheduling and unscheduling happen before any time passes
    const later = await createCampaign(h, { channel: 'sandbox', n: 2, name: 'later' });
    const s = await h.ok<CampaignSummary>('campaign:schedule', { id: later, at: h.clock.now() + 3_600_000 });
    expect(s).toMatchObject({ state: 'scheduled', waiting: { reason: 'scheduled' } });
    expect(await h.ok<CampaignSummary>('campaign:schedule', { id: later, at: null })).toMatchObject({ state: 'draft' });
    const id = await createCampaign(h, { channel: 'sandbox', n: 2 });
    const at = h.clock.now() + 3_600_000;
    await h.ok('campaign:schedule', { id, at });
    expect((await summary(h, id)).state).toBe('scheduled');
    h.clock.release();
    await h.until(stateIs(h, id, 'finished'));
    expect((await summary(h, id)).startedAt).toBeGreaterThanOrEqual(at);
    expect((await summary(h, later)).state).toBe('draft');
  });

  it('a scheduled campaign that cannot start at its time is paused with start_failed and main’s refusals by code', async () => {
    const h = await harness(); // no Cloud API connection
    const id = await createCampaign(h, { channel: 'cloud', n: 1, content: template });
    await h.ok('campaign:schedule', { id, at: h.clock.now() + 60_000 });
    await h.until(stateIs(h, id, 'paused'));
    const s = await summary(h, id);
    expect(s.why).toMatch(/^Could not start at its time: .*Cloud API is not connected/);
    expect(s.whyCode).toEqual({ code: 'start_failed', params: { refusals: ['cloud_not_configured'], detail: expect.stringMatching(/Cloud API/) } });
  });

  it('retry failed queues only retryable failures again and sends them (DOMAIN.md §3)', async () => {
    fake = await startFakeGraphApi();
    fake.script(phone(0), Array.from({ length: 6 }, () => ({ error: 131000 })));
    fake.script(phone(1), [{ error: 100 }]);
    const h = await harness({ cloud: cloudFor(fake) });
    const id = await createCampaign(h, { channel: 'cloud', n: 3, content: template });
    await h.ok('campaign:start', { id });
    await h.until(stateIs(h, id, 'finished'));
    expect((await summary(h, id)).counts).toMatchObject({ failed: 2, accepted: 1 });
    await h.ok('campaign:retryFailed', { id });
    await h.until(stateIs(h, id, 'finished'));
    expect((await summary(h, id)).counts).toMatchObject({ failed: 1, accepted: 2 });
    expect(fake.requests.get(phone(0).slice(1))).toBe(7);
    expect(fake.requests.get(phone(1).slice(1))).toBe(1);
  });

  it('an account error stops sending and says what to do (sending:stopped)', async () => {
    fake = await startFakeGraphApi();
    fake.script(phone(0), [{ error: 190 }]);
    const h = await harness({ cloud: cloudFor(fake) });
    const id = await createCampaign(h, { channel: 'cloud', n: 3, content: template });
    await h.ok('campaign:start', { id });
    await h.until(stateIs(h, id, 'paused'));
    const stopped = h.events.find((e) => e.name === 'sending:stopped');
    expect(stopped?.payload).toMatchObject({ code: 190, action: expect.stringMatching(/access token/) });
    const s = await summary(h, id);
    expect(s.why).toMatch(/190/);
    expect(s.whyCode).toEqual({ code: 'error_rule', params: { errorCode: 190, action: 'stop_all' } });
    expect(s.counts.queued).toBeGreaterThanOrEqual(1); // the refused message was not sent: it waits in the queue
  });

  it('two campaigns on one number share its pace: the rate counts the number’s sends, not each campaign’s', async () => {
    fake = await startFakeGraphApi();
    const h = await harness({ cloud: cloudFor(fake) }); // messaging limit 250: the Cautious preset, 5 a second
    const a = await createCampaign(h, { channel: 'cloud', n: 10, content: template, name: 'a' });
    const b = await createCampaign(h, { channel: 'cloud', n: 10, content: template, name: 'b', offset: 100 });
    await h.ok('campaign:start', { id: a });
    await h.ok('campaign:start', { id: b });
    await h.until(async () => (await summary(h, a)).state === 'finished' && (await summary(h, b)).state === 'finished');
    const times = [...(await allJobs(h, a, 100)).jobs.values(), ...(await allJobs(h, b, 100)).jobs.values()].map((j) => j.times?.accepted ?? NaN).sort((x, y) => x - y);
    expect(times).toHaveLength(20);
    // 20 sends at 5 a second take at least 19 gaps of 200 ms, whichever campaign each belongs to.
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(17 * 200); // two campaigns pacing apart would take about half
  });

  it('campaign:changed is throttled per campaign; state changes still come through', async () => {
    // The throttle runs on the injected clock (its exact rule: sending/changeThrottle.test.ts). AutoClock may jump
    // time while files are written, which lets a trailing notice out early, so only the order of magnitude is fixed.
    const count = async (throttleMs: number) => {
      const h = await harness({ throttleMs });
      const id = await createCampaign(h, { channel: 'sandbox', n: 30 });
      await h.ok('campaign:start', { id });
      await h.until(stateIs(h, id, 'finished'));
      await h.service.close();
      const mine = h.events.filter((e) => e.name === 'campaign:changed' && (e.payload as CampaignSummary).id === id);
      expect(mine.at(-1)?.payload).toMatchObject({ state: 'finished' });
      return mine.length;
    };
    const unthrottled = await count(0);
    expect(unthrottled).toBeGreaterThan(30);
    expect(await count(60_000)).toBeLessThan(unthrottled / 2);
  });
});

describe('restart', () => {
  it('a new SendingService on the same folder resumes what was sending, and nothing is sent twice', async () => {
    fake = await startFakeGraphApi();
    const cloud = { config: { apiBase: fake.url, version: fake.version, phoneNumberId: fake.phoneNumberId, accessToken: fake.token }, limit: 250 };
    const first = await harness({ cloud });
    const id = await createCampaign(first, { channel: 'cloud', n: 20, content: { kind: 'template', name: 'spring_sale', language: 'ko', bodyParams: [] } });
    await first.ok('campaign:start', { id });
    await fake.whenRequests(5);
    await first.service.close();
    const sentBefore = fake.totalRequests();
    expect(sentBefore).toBeLessThan(20);
    const second = await harness({ cloud, clock: new AutoClock(first.clock.now() + 60_000) });
    expect((await summary(second, id)).generation).toBe('g1'); // a new numbering: the renderer pulls from rev 0
    await second.until(stateIs(second, id, 'finished'));
    expect(fake.totalRequests()).toBe(20);
    expect([...fake.requests.values()].every((n) => n === 1)).toBe(true);
    expect((await summary(second, id)).counts.accepted).toBe(20);
  });

  it('after a crash (the folder as it was mid-send), what may have been sent is ambiguous and never resent; the rest is sent', async () => {
    fake = await startFakeGraphApi();
    const first = await harness({ cloud: { config: { apiBase: fake.url, version: fake.version, phoneNumberId: fake.phoneNumberId, accessToken: fake.token }, limit: 250 } });
    const id = await createCampaign(first, { channel: 'cloud', n: 30, content: { kind: 'template', name: 'spring_sale', language: 'ko', bodyParams: [] } });
    await first.ok('campaign:start', { id });
    await fake.whenRequests(8);
    const image = mkdtempSync(join(tmpdir(), 'shopcast-crash-'));
    cpSync(dir, image, { recursive: true }); // what a kill -9 at this moment leaves on disk (the locks included)
    await first.service.close();
    const original = dir;
    dir = image; // afterEach removes the image; the original is removed here
    rmSync(original, { recursive: true, force: true });

    // Which jobs the image says may have reached WhatsApp (an `attempting` line, whatever followed it).
    const attempted = new Set<string>();
    for (const line of readFileSync(join(image, 'campaigns', id, 'journal.jsonl'), 'utf8').split('\n')) {
      const r = decodeLine(line);
      if (typeof r !== 'string' && r.t === 'attempting') attempted.add(r.job);
    }
    const second = await startFakeGraphApi();
    try {
      const h = await harness({ cloud: { config: { apiBase: second.url, version: second.version, phoneNumberId: second.phoneNumberId, accessToken: second.token }, limit: 250 }, clock: new AutoClock(first.clock.now()) });
      await h.until(async () => ['finished', 'paused'].includes((await summary(h, id)).state));
      const { jobs } = await allJobs(h, id, 100);
      expect(jobs.size).toBe(30);
      expect([...jobs.values()].every((j) => j.phase !== 'queued' && j.phase !== 'attempting')).toBe(true);
      for (const j of jobs.values()) expect(second.requests.get(j.contact.slice(1)) ?? 0).toBe(attempted.has(j.job) ? 0 : 1);
      expect(second.totalRequests()).toBe(30 - attempted.size);
      expect(attempted.size).toBeGreaterThan(0);
    } finally {
      await second.close();
    }
  });

  it('two processes never send one data folder: the second is refused, naming the first', async () => {
    await harness();
    const other = await harness({ pid: process.pid + 100_000, fs: { ...nodeJournalFs, processAlive: () => true }, load: false });
    await expect(other.service.load()).rejects.toThrow(new RegExp(`process ${process.pid}`));
  });
});

describe('assisted', () => {
  it('prompts for each message, opens the chat, and records what the person marked', async () => {
    const h = await harness();
    const id = await createCampaign(h, { channel: 'assisted', n: 2, content: text('Hi {name} & welcome! Reply STOP to unsubscribe') });
    await h.ok('campaign:start', { id });
    const prompt = () => h.ok<AssistedPrompt | null>('assisted:current');
    await h.until(async () => (await prompt()) !== null);
    const first = (await prompt())!;
    expect(first).toMatchObject({ campaign: id, job: `${id}-0`, ref: 'contact0', to: phone(0), position: 1, total: 2 });
    expect(first.url).toBe(`https://wa.me/${phone(0).slice(1)}?text=${encodeURIComponent('Hi Customer 0 & welcome! Reply STOP to unsubscribe')}`);
    expect(h.events.some((e) => e.name === 'assisted:waiting' && e.payload !== null)).toBe(true);
    expect((await summary(h, id)).waiting?.reason).toBe('assisted');
    const wrong = await h.call('assisted:mark', { campaign: id, job: `${id}-1`, outcome: 'sent' });
    expect(wrong.ok ? undefined : wrong.error.code).toBe('conflict');
    expect(wrong.ok ? undefined : wrong.error.details?.problem).toBe('assisted_not_waiting');
    await h.ok('assisted:open', { campaign: id, job: first.job });
    expect(h.opened).toEqual([first.url]);
    await h.ok('assisted:mark', { campaign: id, job: first.job, outcome: 'sent' });
    await h.until(async () => (await prompt())?.job === `${id}-1`);
    await h.ok('assisted:mark', { campaign: id, job: `${id}-1`, outcome: 'skipped' });
    await h.until(stateIs(h, id, 'finished'));
    const { jobs } = await allJobs(h, id);
    expect(jobs.get(`${id}-0`)).toMatchObject({ phase: 'accepted', wamid: `assisted.${id}-0` });
    expect(jobs.get(`${id}-1`)).toMatchObject({ phase: 'skipped', reason: 'skipped_by_person' });
    expect(await prompt()).toBeNull();
  });

  it('pausing before the chat was opened puts the message back in the queue (certainly not sent)', async () => {
    const h = await harness();
    const id = await createCampaign(h, { channel: 'assisted', n: 1, content: text('Hi') });
    await h.ok('campaign:start', { id });
    await h.until(async () => (await h.ok<AssistedPrompt | null>('assisted:current')) !== null);
    const s = await h.ok<CampaignSummary>('campaign:pause', { id });
    expect(s).toMatchObject({ state: 'paused', counts: { queued: 1, ambiguous: 0 } });
    expect(await h.ok('assisted:current')).toBeNull();
  });
});

describe('webhook receiver, inbox and suppression', () => {
  const messageBody = (id: string, from: string, body: string, context?: string) =>
    JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: 'WABA', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', messages: [{ id, from: from.slice(1), timestamp: String(Math.floor(NOON_SEOUL / 1000)), type: 'text', text: { body }, ...(context ? { context: { id: context } } : {}) }] } }] }],
    });
  const post = async (url: string, body: string, secret = SECRET) =>
    (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signatureOf(body, secret) }, body })).status;

  it('starts, receives signed replies into the inbox (seq survives a restart), refuses bad signatures, stops', async () => {
    const h = await harness({ cloud: { webhook: true } });
    const status = await h.ok<WebhookStatus>('webhook:status');
    expect(status).toMatchObject({ running: true, missing: [] }); // started by load() because it is configured
    const url = `http://127.0.0.1:${status.port}/webhook`;
    const id = await createCampaign(h, { channel: 'sandbox', n: 1 });
    await h.ok('campaign:start', { id });
    await h.until(stateIs(h, id, 'finished'));
    const job = (await allJobs(h, id)).jobs.get(`${id}-0`)!;

    expect(await post(url, messageBody('wamid.in1', phone(0), 'Is the blue one in stock?'))).toBe(200);
    expect(await post(url, messageBody('wamid.in2', phone(0), 'hi'), 'wrong-secret')).toBe(401);
    await h.until(async () => (await h.ok<InboxPage>('inbox:since', { after: 0 })).last === 1);
    const page = await h.ok<InboxPage>('inbox:since', { after: 0 });
    expect(page.messages[0]).toMatchObject({ seq: 1, from: phone(0), text: 'Is the blue one in stock?', optOut: 'none' });
    // A real reply is not attributed to a sandbox campaign's message.
    expect(page.messages[0]!.campaign).toBeUndefined();
    expect(job.phase === 'accepted' || job.phase === 'skipped' || job.phase === 'failed').toBe(true);
    expect((await h.ok<WebhookStatus>('webhook:status')).stats).toMatchObject({ accepted: 1, badSignature: 1 });
    await h.until(() => h.events.some((e) => e.name === 'inbox:received')); // emitted once the message is on disk

    const stopped = await h.ok<WebhookStatus>('webhook:stop');
    expect(stopped.running).toBe(false);
    await expect(post(url, messageBody('wamid.in3', phone(0), 'hello?'))).rejects.toThrow();
    await h.service.close();

    const again = await harness({ cloud: { webhook: true } });
    const s2 = await again.ok<WebhookStatus>('webhook:start', {});
    expect(await post(`http://127.0.0.1:${s2.port}/webhook`, messageBody('wamid.in4', phone(1), 'Thanks!'))).toBe(200);
    await again.until(async () => (await again.ok<InboxPage>('inbox:since', { after: 1 })).last === 2);
    expect((await again.ok<InboxPage>('inbox:since', { after: 0 })).messages.map((m) => [m.seq, m.id])).toEqual([
      [1, 'wamid.in1'],
      [2, 'wamid.in4'],
    ]);
  });

  it('a reply to a Cloud API message is attributed to its campaign by WhatsApp’s context id', async () => {
    fake = await startFakeGraphApi();
    const h = await harness({ cloud: { webhook: true, config: { apiBase: fake.url, version: fake.version, phoneNumberId: fake.phoneNumberId, accessToken: fake.token }, limit: 250 } });
    const id = await createCampaign(h, { channel: 'cloud', n: 1, content: { kind: 'template', name: 'spring_sale', language: 'ko', bodyParams: [] } });
    await h.ok('campaign:start', { id });
    await h.until(stateIs(h, id, 'finished'));
    const wamid = [...fake.messages.keys()][0]!; // one message was accepted
    const { port } = await h.ok<WebhookStatus>('webhook:status');
    expect(await post(`http://127.0.0.1:${port}/webhook`, messageBody('wamid.reply', phone(0), 'How much?', wamid))).toBe(200);
    await h.until(async () => (await h.ok<InboxPage>('inbox:since', { after: 0 })).last === 1);
    expect((await h.ok<InboxPage>('inbox:since', { after: 0 })).messages[0]).toMatchObject({ campaign: id, job: `${id}-0` });
  });

  it('a STOP reply suppresses the contact at once (event, list); a person can resume them, and that survives a restart', async () => {
    const h = await harness({ cloud: { webhook: true } });
    const { port } = await h.ok<WebhookStatus>('webhook:status');
    expect(await post(`http://127.0.0.1:${port}/webhook`, messageBody('wamid.stop', phone(3), 'STOP'))).toBe(200);
    await h.until(async () => (await h.ok<{ contact: string }[]>('suppression:list')).length === 1);
    expect(await h.ok('suppression:list')).toMatchObject([{ contact: phone(3), reason: 'opted_out' }]);
    expect(h.events.find((e) => e.name === 'contact:suppressed')?.payload).toMatchObject({ contact: phone(3) });
    await h.ok('suppression:remove', { contact: phone(3) });
    expect(await h.ok('suppression:list')).toEqual([]);
    await h.service.close();
    const again = await harness();
    expect(await again.ok('suppression:list')).toEqual([]);
  });

  it('an opt-out is confirmed once through the Cloud API, not again for a repeated STOP', async () => {
    fake = await startFakeGraphApi();
    const h = await harness({ cloud: { webhook: true, config: { apiBase: fake.url, version: fake.version, phoneNumberId: fake.phoneNumberId, accessToken: fake.token }, limit: 250 } });
    const { port } = await h.ok<WebhookStatus>('webhook:status');
    expect(await post(`http://127.0.0.1:${port}/webhook`, messageBody('wamid.s1', phone(4), 'stop'))).toBe(200);
    await fake.whenRequests(1);
    expect(await post(`http://127.0.0.1:${port}/webhook`, messageBody('wamid.s2', phone(4), 'STOP!'))).toBe(200);
    await h.until(async () => (await h.ok<InboxPage>('inbox:since', { after: 0 })).last === 2);
    await h.service.close(); // everything received has been handled
    expect(fake.requests.get(phone(4).slice(1))).toBe(1);
  });

  it('webhook:start says what is missing when the secrets are not set', async () => {
    const h = await harness({ cloud: { webhook: false } });
    const r = await h.call('webhook:start', {});
    expect(r.ok ? undefined : r.error.details?.missing).toBe('app secret,verify token');
    expect(r.ok ? undefined : r.error.details?.problem).toBe('webhook_needs_secrets');
    expect(await h.ok('webhook:status')).toMatchObject({ running: false, missing: ['app secret', 'verify token'] });
  });
});

describe('policy', () => {
  it('stores the choice and only ever makes the preset stricter', async () => {
    const h = await harness({ cloud: { limit: 10_000 } });
    const before = await h.ok<{ effective: Record<string, { policy: { preset: string; ratePerSecond: number; quietHours: unknown } }> }>('policy:get');
    expect(before.effective.cloud!.policy.preset).toBe('platform');
    expect(before.effective.assisted!.policy.preset).toBe('cautious');
    await h.ok('policy:update', { preset: 'cautious', overrides: { ratePerSecond: 2, quietHours: { startHour: 1, endHour: 3 } } });
    await h.service.close();
    const again = await harness({ cloud: { limit: 10_000 } });
    const after = await again.ok<{ choice: unknown; effective: Record<string, { policy: { preset: string; ratePerSecond: number; quietHours: unknown } }> }>('policy:get');
    expect(after.choice).toEqual({ preset: 'cautious', overrides: { ratePerSecond: 2, quietHours: { startHour: 1, endHour: 3 } } });
    expect(after.effective.cloud!.policy).toMatchObject({ preset: 'cautious', ratePerSecond: 2, quietHours: { startHour: 0, endHour: 6 } }); // 1–3 is looser than 0–6: ignored
  });
});

describe('the Sandbox’s event queue', () => {
  it('gives events back by time, and in arrival order for the same time', () => {
    const random = seededRandom(9);
    const q = new EventQueue<{ at: number; seq: number }>();
    const pushed = Array.from({ length: 500 }, (_, seq) => ({ at: Math.floor(random() * 50), seq }));
    for (const e of pushed) q.push(e);
    const out: { at: number; seq: number }[] = [];
    for (let e = q.pop(); e; e = q.pop()) out.push(e);
    expect(out).toEqual([...pushed].sort((a, b) => a.at - b.at || a.seq - b.seq));
    expect(q.size).toBe(0);
  });
});
