import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { platformPolicy, type PacingPolicy } from '../../shared/domain/pacing';
import { VirtualClock } from '../../test/fakes/clock';
import { startFakeGraphApi, type FakeGraphApi } from '../../test/fakes/graphApi';
import { nodeHmacSha256 } from '../adapters/crypto';
import { nodeJournalFs, type JournalFs } from '../adapters/journalFs';
import { SendEngine, type EngineEvent } from './engine';
import { Journal, type JournalRecord } from './journal';
import { SuppressionList } from './suppression';
import { CloudApiTransport } from './transports/cloudApi';
import { startWebhookServer } from '../adapters/webhookServer';
import { applyWebhookEvents, WebhookReceiver } from './webhook';
import type { OutgoingMessage, SendResult, Transport } from './transports/types';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shopcast-engine-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Noon in Seoul, 2026-03-10: no quiet hours for Korean numbers. */
const NOON_SEOUL = Date.UTC(2026, 2, 10, 3, 0, 0);
const number = (i: number) => `+8210${String(10_000_000 + i)}`;

class ScriptedTransport implements Transport {
  readonly channel = 'sandbox';
  readonly calls = new Map<string, number>();
  private readonly scripts = new Map<string, SendResult[]>();
  private seq = 0;
  constructor(private readonly everyone?: (m: OutgoingMessage, n: number) => SendResult | undefined) {}
  script(to: string, results: SendResult[]): void {
    this.scripts.set(to, results);
  }
  async send(m: OutgoingMessage): Promise<SendResult> {
    const n = (this.calls.get(m.to) ?? 0) + 1;
    this.calls.set(m.to, n);
    return this.scripts.get(m.to)?.shift() ?? this.everyone?.(m, n) ?? { kind: 'accepted', wamid: `wamid.${++this.seq}` };
  }
  get total(): number {
    return [...this.calls.values()].reduce((a, b) => a + b, 0);
  }
}

const failed = (code: number, retryable = false): SendResult => ({ kind: 'failed', code, message: `error ${code}`, retryable });

async function setup(opts: { jobs: number; transport: Transport; policy?: PacingPolicy; fs?: JournalFs; clock?: VirtualClock; maxInFlight?: number }) {
  const fs = opts.fs ?? nodeJournalFs;
  const path = join(dir, 'journal.jsonl');
  const opened = await Journal.open(fs, path, () => NOON_SEOUL);
  if (!opened.replay.jobs.has('j0')) {
    const records: JournalRecord[] = [{ t: 'campaign', id: 'c1', spec: { text: 'Hi' }, at: NOON_SEOUL }];
    for (let i = 0; i < opts.jobs; i++) records.push({ t: 'job', job: `j${i}`, contact: number(i) });
    await opened.journal.appendAll(records); // the journal applies what it appends
  }
  const suppression = await SuppressionList.load(fs, dir);
  const clock = opts.clock ?? new VirtualClock(NOON_SEOUL);
  const events: EngineEvent[] = [];
  const engine = new SendEngine({
    journal: opened.journal,
    replay: opened.replay,
    transport: opts.transport,
    policy: opts.policy ?? { ...platformPolicy('Asia/Seoul', null), ratePerSecond: 50 },
    clock,
    random: () => 0.5,
    suppression,
    content: () => ({ kind: 'text', body: 'Hi' }),
    promotional: true,
    maxInFlight: opts.maxInFlight ?? 4,
    onEvent: (e) => events.push(e),
  });
  return { engine, journal: opened.journal, replay: opened.replay, suppression, clock, events, opened };
}

describe('send engine', () => {
  it('sends every job once and finishes', async () => {
    const t = new ScriptedTransport();
    const { engine } = await setup({ jobs: 30, transport: t });
    expect(await engine.run()).toEqual({ state: 'finished' });
    expect(engine.counts()).toMatchObject({ accepted: 30, total: 30 });
    expect([...t.calls.values()].every((n) => n === 1)).toBe(true);
  });

  it('never sends to a suppressed contact: it is skipped at send time', async () => {
    const t = new ScriptedTransport();
    const { engine, suppression } = await setup({ jobs: 5, transport: t });
    await suppression.add({ contact: number(2), reason: 'opted_out', at: 0 });
    await engine.run();
    expect(t.calls.has(number(2))).toBe(false);
    expect(engine.counts()).toMatchObject({ accepted: 4, skipped: 1 });
  });

  it('pair rate (131056): requeues that recipient after 6 s, the others go on, and it is accepted once', async () => {
    const t = new ScriptedTransport();
    t.script(number(0), [failed(131056, true)]);
    const { engine, clock } = await setup({ jobs: 5, transport: t });
    await engine.run();
    expect(t.calls.get(number(0))).toBe(2);
    expect(engine.counts()).toMatchObject({ accepted: 5 });
    expect(clock.sleeps.some((ms) => ms >= 5_000)).toBe(true);
  });

  it('refused attempts (130429) do not use up the person’s 3 promotions a day: accepted on the 5th try within minutes', async () => {
    const t = new ScriptedTransport();
    t.script(number(0), [failed(130429, true), failed(130429, true), failed(130429, true), failed(130429, true)]);
    const { engine, clock } = await setup({ jobs: 1, transport: t });
    expect(await engine.run()).toEqual({ state: 'finished' });
    expect(t.calls.get(number(0))).toBe(5);
    expect(engine.counts()).toMatchObject({ accepted: 1 });
    // Before, the 4th try waited for the per-contact cap: a day.
    expect(clock.time - NOON_SEOUL).toBeLessThan(3_600_000);
  });

  it('transient errors are retried a bounded number of times, then the job fails', async () => {
    const t = new ScriptedTransport((m) => (m.to === number(1) ? failed(131000, true) : undefined));
    const { engine } = await setup({ jobs: 2, transport: t });
    await engine.run();
    expect(t.calls.get(number(1))).toBe(6); // the first try and five retries
    expect(engine.counts()).toMatchObject({ accepted: 1, failed: 1 });
  });

  it('131049 (marketing cap for this person): retried after 24 h, 48 h and 96 h, then skipped; never a fifth request', async () => {
    const H = 3_600_000;
    let clockRef: VirtualClock | undefined;
    const sentAt: number[] = [];
    const t = new ScriptedTransport((m) => {
      if (m.to !== number(0)) return undefined;
      sentAt.push(clockRef!.now()); // set before run()
      return failed(131049);
    });
    const { engine, clock, replay, events } = await setup({ jobs: 2, transport: t });
    clockRef = clock;
    await engine.run();
    expect(t.calls.get(number(0))).toBe(4);
    // The waits between the requests grow, the first no sooner than 24 h (DOMAIN.md §3).
    expect(sentAt.slice(1).map((at, i) => (at - sentAt[i]!) / H)).toEqual([24, 48, 96]);
    expect(replay.jobs.get('j0')).toMatchObject({ phase: 'skipped', reason: 'marketing_cap', code: 131049, marketingCapRetries: 3 });
    expect(events.filter((e) => e.type === 'outcome' && e.job === 'j0' && e.phase === 'queued').map((e) => (e.type === 'outcome' ? e.detail : ''))).toEqual([
      'marketing_cap_retry_in_24h',
      'marketing_cap_retry_in_48h',
      'marketing_cap_retry_in_96h',
    ]);
    expect(engine.counts()).toMatchObject({ accepted: 1, skipped: 1 });
  });

  it('setPolicy while sending: a lower messaging limit holds the next people at once (a limit webhook)', async () => {
    const base = { ...platformPolicy('Asia/Seoul', null), ratePerSecond: 50 };
    let engineRef: SendEngine | undefined;
    let clockRef: VirtualClock | undefined;
    const sentAt: number[] = [];
    const t = new ScriptedTransport((_m, _n) => {
      sentAt.push(clockRef!.now()); // set before run()
      if (sentAt.length === 1) engineRef?.setPolicy({ ...base, messagingLimit: 2 });
      return undefined;
    });
    const s = await setup({ jobs: 4, transport: t, policy: base, maxInFlight: 1 });
    engineRef = s.engine;
    clockRef = s.clock;
    await s.engine.run();
    expect(sentAt).toHaveLength(4);
    // Two people within 24 h, then the moving 24 h window must open again before the third.
    expect(sentAt[1]! - sentAt[0]!).toBeLessThan(3_600_000);
    expect(sentAt[2]! - sentAt[0]!).toBeGreaterThanOrEqual(24 * 3_600_000);
  });

  it('a send answered held_for_quality_assessment is accepted and held (not sent), through a compaction and a reopen', async () => {
    const t = new ScriptedTransport((m) => (m.to === number(0) ? { kind: 'accepted', wamid: 'wamid.held', held: true } : undefined));
    const first = await setup({ jobs: 2, transport: t });
    await first.engine.run();
    expect(first.engine.counts()).toMatchObject({ accepted: 2, held: 1, sent: 0 });
    expect(first.events).toContainEqual({ type: 'outcome', job: 'j0', phase: 'accepted', detail: 'held' });
    await first.journal.compact();
    await first.journal.close();
    const again = await setup({ jobs: 2, transport: t });
    expect(again.replay.jobs.get('j0')).toMatchObject({ phase: 'accepted', held: true, wamid: 'wamid.held' });
    expect(again.replay.jobs.get('j1')?.held).toBeUndefined();
    expect(await again.engine.applyStatus({ wamid: 'wamid.held', status: 'delivered' })).toBe(true);
    expect(again.replay.jobs.get('j0')).toMatchObject({ phase: 'accepted', delivery: 'delivered' });
    expect(again.replay.jobs.get('j0')?.held).toBeUndefined();
    expect(again.engine.counts().held).toBeUndefined();
  });

  it('131049 retries go on across a restart and a compaction (the count is journaled), and stay bounded', async () => {
    let first: Awaited<ReturnType<typeof setup>> | undefined;
    const t = new ScriptedTransport((m, n) => {
      if (n === 2) first?.engine.pause(); // stop after the second answer: the job then waits 48 h in the queue
      return m.to === number(0) ? failed(131049) : undefined;
    });
    first = await setup({ jobs: 1, transport: t });
    await first.engine.run();
    expect(t.calls.get(number(0))).toBe(2);
    expect(first.replay.jobs.get('j0')).toMatchObject({ phase: 'queued', marketingCapRetries: 2 });
    await first.journal.compact();
    await first.journal.close();
    const again = await setup({ jobs: 1, transport: t, clock: new VirtualClock(NOON_SEOUL + 200 * 3_600_000) });
    expect(again.replay.jobs.get('j0')).toMatchObject({ phase: 'queued', code: 131049, marketingCapRetries: 2 });
    await again.engine.run();
    expect(t.calls.get(number(0))).toBe(4); // the third and last retry, then skipped
    expect(again.replay.jobs.get('j0')).toMatchObject({ phase: 'skipped', reason: 'marketing_cap', marketingCapRetries: 3 });
  });

  it('131050 suppresses the contact and is never retried', async () => {
    const t = new ScriptedTransport();
    t.script(number(0), [failed(131050)]);
    const { engine, suppression } = await setup({ jobs: 2, transport: t });
    await engine.run();
    expect(t.calls.get(number(0))).toBe(1);
    expect(suppression.get(number(0))?.reason).toBe('stopped_marketing');
    expect(engine.counts()).toMatchObject({ skipped: 1, accepted: 1 });
  });

  it('131026 skips the job and marks the contact unreachable', async () => {
    const t = new ScriptedTransport();
    t.script(number(0), [failed(131026)]);
    const { engine, suppression } = await setup({ jobs: 2, transport: t });
    await engine.run();
    expect(suppression.get(number(0))?.reason).toBe('unreachable');
  });

  it('a paused template (132015) pauses the campaign, says what to do, and keeps the job queued', async () => {
    const t = new ScriptedTransport();
    t.script(number(0), [failed(132015)]);
    const { engine } = await setup({ jobs: 10, transport: t, maxInFlight: 1 });
    const end = await engine.run();
    expect(end.state).toBe('paused');
    expect(end.why).toMatch(/WhatsApp Manager/);
    expect(engine.counts().queued).toBeGreaterThan(0);
  });

  it('an expired token (190) stops all sending with what to do', async () => {
    const t = new ScriptedTransport(() => failed(190));
    const { engine } = await setup({ jobs: 10, transport: t, maxInFlight: 1 });
    const end = await engine.run();
    expect(end).toMatchObject({ state: 'paused', why: expect.stringMatching(/All sending stopped.*access token/) });
    expect(t.total).toBe(1);
  });

  it('a stop by a WhatsApp error journals its reason as a code beside the English, and a reopen keeps both', async () => {
    const t = new ScriptedTransport(() => failed(190));
    const { engine, journal, events } = await setup({ jobs: 3, transport: t, maxInFlight: 1 });
    const end = await engine.run();
    expect(end.whyCode).toEqual({ code: 'error_rule', params: { errorCode: 190, action: 'stop_all' } });
    expect(events.at(-1)).toMatchObject({ type: 'state', state: 'paused', whyCode: { code: 'error_rule' } });
    await journal.close();
    const reopened = await Journal.open(nodeJournalFs, join(dir, 'journal.jsonl'), () => NOON_SEOUL);
    expect(reopened.replay).toMatchObject({ state: 'paused', stateWhy: end.why, stateWhyCode: end.whyCode });
  });

  it('a pause by the person carries its code; a template error carries the pausing rule', async () => {
    const person = await setup({ jobs: 5, transport: new ScriptedTransport(), maxInFlight: 1 });
    const running = person.engine.run();
    person.engine.pause();
    expect(await running).toMatchObject({ state: 'paused', why: 'Paused by the person.', whyCode: { code: 'paused_by_person' } });
    await person.journal.close();
    rmSync(join(dir, 'journal.jsonl'));
    const t = new ScriptedTransport();
    t.script(number(0), [failed(132015)]);
    const template = await setup({ jobs: 2, transport: t, maxInFlight: 1 });
    expect((await template.engine.run()).whyCode).toEqual({ code: 'error_rule', params: { errorCode: 132015, action: 'pause_campaign' } });
  });

  it('an ambiguous send is never resent, even when the campaign runs again', async () => {
    const t = new ScriptedTransport();
    t.script(number(0), [{ kind: 'ambiguous', why: 'cut' }]);
    const first = await setup({ jobs: 3, transport: t });
    await first.engine.run();
    await first.journal.close();
    const second = await setup({ jobs: 3, transport: t });
    expect(await second.engine.run()).toEqual({ state: 'finished' });
    expect(t.calls.get(number(0))).toBe(1);
    expect(second.engine.counts()).toMatchObject({ ambiguous: 1, accepted: 2 });
  });

  it('a status webhook carrying our job id settles an ambiguous job as sent', async () => {
    const t = new ScriptedTransport();
    t.script(number(0), [{ kind: 'ambiguous', why: 'cut' }]);
    const { engine } = await setup({ jobs: 1, transport: t });
    await engine.run();
    expect(await engine.applyStatus({ wamid: 'wamid.late', status: 'sent', jobId: 'j0' })).toBe(true);
    expect(engine.counts()).toMatchObject({ accepted: 1, ambiguous: 0 });
  });

  it('duplicate and backward statuses are ignored', async () => {
    const { engine, replay } = await setup({ jobs: 1, transport: new ScriptedTransport() });
    await engine.run();
    const wamid = replay.jobs.get('j0')!.wamid!;
    expect(await engine.applyStatus({ wamid, status: 'read' })).toBe(true);
    expect(await engine.applyStatus({ wamid, status: 'read' })).toBe(false);
    expect(await engine.applyStatus({ wamid, status: 'delivered' })).toBe(false);
    expect(replay.jobs.get('j0')?.delivery).toBe('read');
  });

  it('a full disk stops sending before the next message, says why, and nothing was sent unjournaled', async () => {
    let writes = 0;
    const fs: JournalFs = {
      ...nodeJournalFs,
      async openAppend(p) {
        const real = await nodeJournalFs.openAppend(p);
        return {
          ...real,
          write: async (text) => {
            if (++writes > 6) throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
            await real.write(text);
          },
        };
      },
    };
    const t = new ScriptedTransport();
    const { engine } = await setup({ jobs: 50, transport: t, fs, maxInFlight: 1 });
    const end = await engine.run();
    expect(end).toMatchObject({ state: 'paused', why: expect.stringMatching(/the disk is full/) });
    expect(end.whyCode).toEqual({ code: 'journal_write_failed', params: { io: 'disk_full' } });
    const reopened = await Journal.open(nodeJournalFs, join(dir, 'journal.jsonl'), () => NOON_SEOUL);
    const attempted = [...reopened.replay.jobs.values()].filter((j) => j.attempts > 0).length;
    expect(t.total).toBeLessThanOrEqual(attempted);
    expect(t.total).toBeLessThan(50);
  });

  it('pause lets requests in flight finish; running again sends the rest, each once', async () => {
    const t = new ScriptedTransport();
    const s = await setup({ jobs: 20, transport: t });
    s.events.length = 0;
    const paused = s.engine.run();
    await new Promise((r) => setImmediate(r));
    s.engine.pause();
    expect((await paused).state).toBe('paused');
    expect(s.engine.counts().attempting).toBe(0);
    expect(await s.engine.run()).toEqual({ state: 'finished' });
    expect(s.engine.counts().accepted).toBe(20);
    expect([...t.calls.values()].every((n) => n === 1)).toBe(true);
  });

  it('cancel skips what was not sent yet', async () => {
    const t = new ScriptedTransport();
    const s = await setup({ jobs: 20, transport: t, maxInFlight: 1 });
    const run = s.engine.run();
    await new Promise((r) => setImmediate(r));
    s.engine.cancel();
    expect((await run).state).toBe('cancelled');
    const c = s.engine.counts();
    expect(c.accepted + c.skipped).toBe(20);
    expect(c.skipped).toBeGreaterThan(0);
  });

  it('over 5 % failures in the first hour pauses the campaign', async () => {
    const t = new ScriptedTransport((_m, _n) => undefined);
    for (let i = 0; i < 40; i += 8) t.script(number(i), [failed(131026)]);
    const { engine } = await setup({ jobs: 60, transport: t, maxInFlight: 1 });
    const end = await engine.run();
    expect(end).toMatchObject({ state: 'paused', why: expect.stringMatching(/first hour/) });
  });

  it('over 10 % failures in a day (after the first hour) halves the daily cap for the next 24 h', async () => {
    const t = new ScriptedTransport();
    for (let i = 20; i < 24; i++) t.script(number(i), [failed(131026)]);
    const path = join(dir, 'journal.jsonl');
    const earlier = await Journal.open(nodeJournalFs, path, () => NOON_SEOUL);
    // One message sent two hours ago: the campaign is past its first hour.
    await earlier.journal.appendAll([
      { t: 'job', job: 'old', contact: '+821099998888' },
      { t: 'attempting', job: 'old', n: 1, at: NOON_SEOUL - 2 * 3_600_000 },
      { t: 'accepted', job: 'old', wamid: 'wamid.old', at: NOON_SEOUL - 2 * 3_600_000 },
    ]);
    await earlier.journal.close();
    const policy = { ...platformPolicy('Asia/Seoul', null), ratePerSecond: 50, dailyCap: 40 };
    const s = await setup({ jobs: 40, transport: t, policy, maxInFlight: 1 });
    expect((await s.engine.run()).state).toBe('finished');
    const halved = s.events.find((e) => e.type === 'waiting' && e.delay.reason === 'daily_cap');
    expect(halved?.type === 'waiting' && halved.delay.detail).toMatch(/At most 20 .*halved/);
  });

  it('waits for quiet hours to end in the recipient’s zone before the first send', async () => {
    const oneAmSeoul = Date.UTC(2026, 2, 10, 16, 0, 0);
    const clock = new VirtualClock(oneAmSeoul);
    const sentAt: number[] = [];
    const t = new ScriptedTransport(() => {
      sentAt.push(clock.now());
      return undefined;
    });
    const { engine } = await setup({ jobs: 2, transport: t, clock, policy: platformPolicy('Asia/Seoul', null) });
    await engine.run();
    expect(Math.min(...sentAt)).toBeGreaterThanOrEqual(Date.UTC(2026, 2, 10, 21, 0, 0));
  });
});

describe('send engine against the fake Graph API', () => {
  let fake: FakeGraphApi;
  beforeEach(async () => {
    fake = await startFakeGraphApi();
  });
  afterEach(() => fake.close());
  const cloud = () => new CloudApiTransport({ apiBase: fake.url, version: fake.version, phoneNumberId: fake.phoneNumberId, accessToken: fake.token });

  it('a 130429 storm backs off, lowers the rate, and every recipient is accepted exactly once', async () => {
    fake.scriptAll({ error: 130429 }, 10);
    const { engine } = await setup({ jobs: 30, transport: cloud() });
    expect(await engine.run()).toEqual({ state: 'finished' });
    expect(fake.totalRequests()).toBe(40);
    expect([...fake.accepted.values()].every((n) => n === 1)).toBe(true);
    expect(fake.accepted.size).toBe(30);
  });

  it('a response lost after acceptance: ambiguous, not resent, then settled by the status webhook with our job id', async () => {
    fake.script(number(3), ['drop']);
    const { engine } = await setup({ jobs: 5, transport: cloud() });
    await engine.run();
    expect(engine.counts()).toMatchObject({ ambiguous: 1, accepted: 4 });
    const [wamid, sent] = [...fake.messages].find(([, m]) => m.to === number(3).slice(1))!;
    await engine.applyStatus({ wamid, status: 'sent', jobId: sent.opaque! });
    expect(engine.counts()).toMatchObject({ ambiguous: 0, accepted: 5 });
    expect(fake.requests.get(number(3).slice(1))).toBe(1);
  });

  it('end to end: the response is lost, then the signed status webhook (with our job id) marks it sent; no resend', async () => {
    let settle!: () => void;
    const settled = new Promise<void>((r) => (settle = r));
    let engine: SendEngine | undefined;
    const receiver = new WebhookReceiver({ appSecret: 'secret', verifyToken: 'vt', hmacSha256: nodeHmacSha256 }, async (events) => {
      await applyWebhookEvents(events, {
        suppression: { has: () => false, add: async () => undefined },
        now: () => 0,
        status: async (st) => {
          if (engine && (await engine.applyStatus(st)) && engine.counts().ambiguous === 0 && engine.counts().accepted === 3) settle();
        },
      });
    });
    const server = await startWebhookServer(receiver);
    const withHooks = await startFakeGraphApi({ webhookUrl: server.url, appSecret: 'secret' });
    try {
      withHooks.script(number(1), ['drop']);
      const s = await setup({ jobs: 3, transport: new CloudApiTransport({ apiBase: withHooks.url, version: withHooks.version, phoneNumberId: withHooks.phoneNumberId, accessToken: withHooks.token }) });
      engine = s.engine;
      await s.engine.run();
      await settled;
      expect(s.replay.jobs.get('j1')).toMatchObject({ phase: 'accepted', delivery: 'sent' });
      expect(withHooks.requests.get(number(1).slice(1))).toBe(1);
    } finally {
      await withHooks.close();
      await server.close();
    }
  });

  it('131056 for one recipient: that one waits 6 s × 4^n and is accepted once; the others go on', async () => {
    fake.script(number(2), [{ error: 131056 }, { error: 131056 }]);
    const { engine, clock } = await setup({ jobs: 6, transport: cloud() });
    expect(await engine.run()).toEqual({ state: 'finished' });
    expect(fake.requests.get(number(2).slice(1))).toBe(3);
    expect(fake.accepted.get(number(2).slice(1))).toBe(1);
    expect(clock.sleeps.filter((ms) => ms > 5_000).length).toBeGreaterThanOrEqual(2);
    expect(fake.accepted.size).toBe(6);
  });

  it('a network cut: bounded retries, the jobs fail as retryable, and "retry failed" sends each once when it is back', async () => {
    const gone = await startFakeGraphApi();
    await gone.close(); // its port now refuses connections, like a cut network
    const dead = new CloudApiTransport({ apiBase: gone.url, version: 'v26.0', phoneNumberId: '1', accessToken: 't' });
    let useDead = true;
    const switching: Transport = { channel: 'cloud', send: (m) => (useDead ? dead.send(m) : cloud().send(m)) };
    const { engine } = await setup({ jobs: 3, transport: switching });
    await engine.run();
    expect(engine.counts()).toMatchObject({ failed: 3 });
    useDead = false;
    expect(await engine.retryFailed()).toBe(3);
    expect(await engine.run()).toEqual({ state: 'finished' });
    expect(engine.counts().accepted).toBe(3);
    expect([...fake.requests.values()]).toEqual([1, 1, 1]);
  });
});

describe('shiftedClock', () => {
  it('starts at the instant asked for and runs at the rate of the clock under it', async () => {
    const { shiftedClock } = await import('./engine');
    // The clock under it says 1970: the shifted one says 05:59:40 in Seoul, and a sleep moves both alike.
    const base = new VirtualClock(1_000);
    const clock = shiftedClock(Date.UTC(2026, 11, 1, 20, 59, 40), base);
    expect(clock.now()).toBe(Date.UTC(2026, 11, 1, 20, 59, 40));
    await clock.sleep(20_000);
    expect(base.sleeps).toEqual([20_000]);
    expect(clock.now()).toBe(Date.UTC(2026, 11, 1, 21, 0, 0));
  });
});
