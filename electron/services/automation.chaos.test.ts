/**
 * Automation under chaos (issue 15 "Tests"), through the real core: signed webhooks into the real receiver on
 * 127.0.0.1, the fake Graph API (real HTTP) recording every send, an injected clock that moves only when the test
 * moves it. Also the engine's breakers through the core (account stop, error rate).
 *
 * The chaos run: 1,000 customer messages from 100 customers over ~2.5 virtual days, each webhook delivered 1–3 times
 * (some again much later), the deliveries of a batch shuffled and timestamps jittered so a later delivery may carry
 * an older message; opt-out words, standby webhooks, loops (the same text again within a minute, or our own answer
 * sent back). The expected answers are computed here from issue 15's rules by a small model of our own (it never
 * calls decide()): per rule per customer one in 24 h, at most 3 per customer in 24 h, never to a loop, an opt-out
 * word gets only its confirmation, standby silences for a day, the away message outside 10:00–19:00 in Seoul, the
 * greeting on a customer's first message. The run asserts exactly those answers went, each once.
 *
 * Determinism: one customer appears at most once in a batch (its own messages are handled in delivery order), the
 * clock stands still inside a batch, and a batch ends with a sentinel customer's keyword message: automation
 * handles messages one at a time in arrival order, so when the sentinel's answer is journaled the batch is done.
 * `CHAOS_SEED` replays a run; the seed is printed.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGraphApi, type FakeGraphApi } from '../../test/fakes/graphApi';
import { startWebhookCore } from '../../test/fakes/webhookCore';
import type { Core } from './core';
import type { Clock } from './engine';
import { ManualClock } from '../../test/fakes/clock';
import { seededRandom } from '../../shared/domain/random';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Tuesday 1 December 2026, 09:00 in Seoul (the shop opens at 10:00). */
const START = Date.UTC(2026, 11, 1, 0, 0, 0);
const SECRET = 'chaos-secret';

const REPLY_DELIVERY = '주문하신 상품은 오늘 출발해요. 송장은 문자로 보내 드려요.';
const REPLY_PRICE = '가격표는 여기 있어요: https://shop.example/prices';
const GREETING = '안녕하세요, 소담 꽃집이에요!';
const AWAY = '지금은 영업시간이 아니에요. {opens}에 답해 드릴게요.';
const RULES = {
  keywordReplies: [
    { name: 'delivery', keywords: ['배송', 'delivery'], match: 'contains', reply: REPLY_DELIVERY },
    { name: 'price', keywords: ['가격', 'price'], match: 'contains', reply: REPLY_PRICE },
  ],
  greeting: { enabled: true, text: GREETING },
  away: { enabled: true, text: AWAY },
  businessHours: {
    timeZone: 'Asia/Seoul',
    days: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['10:00', '19:00']]])),
  },
};

/** What customers write, with the keyword rule each one matches (by hand: the model does not use match.ts). */
const TEXTS: ReadonlyArray<{ text: string; rule?: 'delivery' | 'price'; optOut?: true }> = [
  { text: '배송 언제 와요?', rule: 'delivery' },
  { text: 'delivery status please', rule: 'delivery' },
  { text: '가격이 얼마예요', rule: 'price' },
  { text: 'price list?', rule: 'price' },
  { text: '안녕하세요 문의 있어요' },
  { text: '감사합니다' },
  { text: '사진 보내 주세요' },
  { text: 'STOP', optOut: true },
  // Our own answers sent back (a customer's bot echoing us): "가격표" contains the price keyword.
  { text: REPLY_PRICE, rule: 'price' },
  { text: REPLY_DELIVERY },
  { text: GREETING },
];

let dir: string;
let fake: FakeGraphApi;
let core: Core | undefined;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shopcast-automation-chaos-'));
  fake = await startFakeGraphApi();
});
afterEach(async () => {
  await core?.close();
  core = undefined;
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

async function startCore(rules: unknown, clock: Clock) {
  const h = await startWebhookCore({ dir, fake, secret: SECRET, clock, rules });
  core = h.core;
  return h;
}

describe('the engine’s breakers hold automation (through the core)', () => {
  const KEYWORD_ONLY = { ...RULES, greeting: { enabled: false, text: '' }, away: { enabled: false, text: '' } };

  it('an account-level error (131031, the business account is locked) stops automated answers to everyone', async () => {
    const clock = new ManualClock(START + 2 * HOUR);
    const c = await startCore(KEYWORD_ONLY, clock);
    fake.script('821000000001', [{ error: 131031, details: 'Business account is locked' }]);
    expect(await c.message('821000000001', 'wamid.L1', '배송 언제 와요?', clock.now())).toBe(200);
    await expect.poll(() => fake.requests.get('821000000001') ?? 0, { timeout: 5_000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 50));
    clock.advance(MIN);
    expect(await c.message('821000000002', 'wamid.L2', '배송 언제 와요?', clock.now())).toBe(200);
    expect(await c.message('821000000003', 'wamid.L3', 'price?', clock.now())).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.requests.get('821000000002') ?? 0).toBe(0);
    expect(fake.requests.get('821000000003') ?? 0).toBe(0);
    expect((await c.answers()).map((a) => a.to)).toEqual(['+821000000001']);
  });

  it('half of the last automated answers failed: paused for an hour after the latest failure, then one tries again', async () => {
    const clock = new ManualClock(START + 2 * HOUR);
    const c = await startCore(KEYWORD_ONLY, clock);
    // Ten customers whose automated answers WhatsApp refuses (131051, unsupported message type: a plain failure).
    for (let i = 0; i < 10; i++) {
      const to = `8210000001${String(i).padStart(2, '0')}`;
      fake.script(to, [{ error: 131051 }]);
      expect(await c.message(to, `wamid.F${i}`, '배송 언제 와요?', clock.now())).toBe(200);
      await expect.poll(async () => (await c.answers()).filter((a) => a.state === 'failed').length, { timeout: 5_000 }).toBe(i + 1);
      clock.advance(1000);
    }
    expect(await c.message('821000000200', 'wamid.P1', '배송 언제 와요?', clock.now())).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.requests.get('821000000200') ?? 0).toBe(0); // paused_error_rate
    clock.advance(HOUR);
    expect(await c.message('821000000201', 'wamid.P2', '배송 언제 와요?', clock.now())).toBe(200);
    await expect.poll(() => fake.requests.get('821000000201') ?? 0, { timeout: 5_000 }).toBe(1); // an hour later: tried again
  });
});

interface Msg {
  id: string;
  from: string;
  at: number;
  text: string;
}

/** Issue 15's rules, written again for the test (compactForOptOut is not needed: loop texts repeat exactly). */
class Model {
  readonly expected: Array<{ to: string; inReplyTo: string; source: string }> = [];
  readonly confirmations = new Map<string, number>();
  /** How often each rule held an answer back (so a run shows what it exercised). */
  readonly refused = new Map<string, number>();
  private readonly stored = new Map<string, Msg[]>();
  private readonly seen = new Set<string>();
  private readonly suppressed = new Set<string>();
  private readonly standbyAt = new Map<string, number>();
  private readonly sent = new Map<string, Array<{ at: number; source: string; text: string }>>();

  standby(from: string, now: number): void {
    this.standbyAt.set(from, now);
  }

  /** One delivery at `now`; returns the text an automated answer would say, for customers who echo it. */
  deliver(m: Msg, now: number): void {
    const why = this.decide(m, now);
    if (why !== undefined) this.refused.set(why, (this.refused.get(why) ?? 0) + 1);
  }

  private decide(m: Msg, now: number): string | undefined {
    if (this.seen.has(m.id)) return 'duplicate'; // a redelivered webhook is not a new message
    this.seen.add(m.id);
    const earlier = this.stored.get(m.from) ?? [];
    this.stored.set(m.from, [...earlier, m]);
    const entry = TEXTS.find((t) => t.text === m.text);
    if (entry?.optOut) {
      if (!this.suppressed.has(m.from)) this.confirmations.set(m.from, (this.confirmations.get(m.from) ?? 0) + 1);
      this.suppressed.add(m.from);
      return 'opt_out_word';
    }
    if (this.suppressed.has(m.from)) return 'opted_out';
    const sb = this.standbyAt.get(m.from);
    if (sb !== undefined && now - sb < DAY) return 'standby';
    const sent = this.sent.get(m.from) ?? [];
    const near = (at: number) => Math.abs(m.at - at) <= MIN;
    if (earlier.some((e) => near(e.at) && e.text === m.text) || sent.some((s) => near(s.at) && s.text === m.text)) return 'loop';
    const lastDay = sent.filter((s) => now - s.at < DAY);
    if (lastDay.length >= 3) return 'customer_cap';
    const candidates: Array<{ source: string; text: string }> = [];
    if (entry?.rule === 'delivery') candidates.push({ source: 'keyword:delivery', text: REPLY_DELIVERY });
    if (entry?.rule === 'price') candidates.push({ source: 'keyword:price', text: REPLY_PRICE });
    const seoulHour = new Date(now + 9 * HOUR).getUTCHours();
    if (seoulHour < 10 || seoulHour >= 19) candidates.push({ source: 'away', text: 'away' });
    const before = earlier.filter((e) => e.at <= m.at);
    if (before.length === 0 || m.at - Math.max(...before.map((e) => e.at)) >= 14 * DAY) candidates.push({ source: 'greeting', text: GREETING });
    const pick = candidates.find((c) => !lastDay.some((s) => s.source === c.source));
    if (!pick) return candidates.length === 0 ? 'no_rule' : 'rule_cap';
    this.sent.set(m.from, [...sent, { at: now, source: pick.source, text: pick.text }]);
    this.expected.push({ to: `+${m.from}`, inReplyTo: m.id, source: pick.source });
    return undefined;
  }

  /** What the model saw of these customers, to read a failing seed. */
  trace(froms: readonly string[]): string {
    return froms.map((f) => `${f}: ${JSON.stringify({ stored: this.stored.get(f), sent: this.sent.get(f), standbyAt: this.standbyAt.get(f) })}`).join('\n');
  }

  lastAnswerText(from: string): string | undefined {
    const s = this.sent.get(from);
    return s?.[s.length - 1]?.text;
  }
}

describe('automation under chaos: duplicates, reordering, opt-outs, standby, loops', () => {
  it('sends exactly the automated answers the rules allow, each once', { timeout: 60_000 }, async () => {
    const seed = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`automation chaos seed: ${seed} (CHAOS_SEED=${seed} to replay)`);
    const rnd = seededRandom(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!; // xs is never empty here
    const clock = new ManualClock(START);
    const c = await startCore(RULES, clock);
    const model = new Model();
    const customers = Array.from({ length: 100 }, (_, i) => `8210${String(20_000_000 + i * 7919)}`);
    const all: Msg[] = [];
    let seq = 0;
    let batchNo = 0;
    let now = START;
    const answered = async (to: string) => (await c.answers()).some((a) => a.to === `+${to}`);

    while (all.length < 1000) {
      batchNo++;
      now += batchNo % 6 === 0 ? Math.floor((2 + rnd() * 6) * HOUR) : 40_000;
      clock.advance(now - clock.now());
      // Up to 20 distinct customers in this batch, each with one message (its webhook 1–3 times), a few standbys.
      const who = [...customers].sort(() => rnd() - 0.5).slice(0, Math.min(20, 1000 - all.length));
      const deliveries: Array<{ kind: 'message'; m: Msg } | { kind: 'standby'; from: string }> = [];
      for (const from of who) {
        const r = rnd();
        const echo = model.lastAnswerText(from);
        const last = [...all].reverse().find((m) => m.from === from);
        const text = r < 0.08 && echo !== undefined && echo !== 'away' ? echo : r < 0.2 && last !== undefined ? last.text : pick(TEXTS.slice(0, 8).filter((t) => !t.optOut || rnd() < 0.15)).text;
        const m: Msg = { id: `wamid.CHAOS.${++seq}`, from, at: now - Math.floor(rnd() * 20_000), text };
        all.push(m);
        if (rnd() < 0.03) deliveries.push({ kind: 'standby', from });
        const copies = 1 + Math.floor(rnd() * 3);
        for (let k = 0; k < copies; k++) deliveries.push({ kind: 'message', m });
      }
      // Late duplicates of earlier batches' messages.
      for (let k = 0; k < 5 && all.length > 40; k++) deliveries.push({ kind: 'message', m: all[Math.floor(rnd() * (all.length - 40))]! });
      // Shuffle the messages; standbys go first (one arriving just after a message may or may not beat its answer:
      // automation answers after the 200, so that race has no single right outcome to assert).
      deliveries.sort(() => rnd() - 0.5);
      deliveries.sort((a, b) => (a.kind === 'standby' ? 0 : 1) - (b.kind === 'standby' ? 0 : 1));
      for (const d of deliveries) {
        if (d.kind === 'standby') {
          model.standby(d.from, now);
          expect(await c.standby(d.from, `wamid.SB.${++seq}`, now)).toBe(200);
        } else {
          model.deliver(d.m, now);
          expect(await c.message(d.m.from, d.m.id, d.m.text, d.m.at)).toBe(200);
        }
      }
      // The sentinel: a new customer's keyword message; once it is answered, this batch has been handled.
      const sentinel = `8219${String(10_000_000 + batchNo)}`;
      const s: Msg = { id: `wamid.SENTINEL.${batchNo}`, from: sentinel, at: now, text: '가격이 얼마예요' };
      model.deliver(s, now);
      expect(await c.message(s.from, s.id, s.text, s.at)).toBe(200);
      await expect.poll(() => answered(sentinel), { timeout: 10_000, interval: 5 }).toBe(true);
    }

    // Every send settles (accepted by the fake); then nothing more arrives.
    await expect.poll(async () => (await c.answers()).filter((a) => a.state === 'sending').length, { timeout: 10_000 }).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    const views = await c.answers();
    expect(views.every((a) => a.automatic !== undefined && (a.state === 'accepted' || a.state === 'sent'))).toBe(true);
    // Which message each answered, as journaled (answers/<id>/journal.jsonl's first record), each exactly once.
    const journaled = readdirSync(join(dir, 'answers')).map((id) => {
      const first = JSON.parse(readFileSync(join(dir, 'answers', id, 'journal.jsonl'), 'utf8').split('\n')[0]!) as { r?: { spec?: { to: string; automatic: { source: string; inReplyTo: string } } }; spec?: { to: string; automatic: { source: string; inReplyTo: string } } };
      const spec = first.spec ?? first.r?.spec;
      return `${spec?.to} ${spec?.automatic.inReplyTo} ${spec?.automatic.source}`;
    });
    expect(journaled.length).toBe(views.length);
    const want = model.expected.map((e) => `${e.to} ${e.inReplyTo} ${e.source}`);
    const diff = { missing: want.filter((w) => !journaled.includes(w)), extra: journaled.filter((j) => !want.includes(j)) };
    if (diff.missing.length + diff.extra.length > 0) console.log(`automation chaos seed ${seed}: ${JSON.stringify(diff)}`, model.trace(diff.missing.concat(diff.extra).map((x) => x.split(' ')[0]!.slice(1))));
    expect(journaled.sort()).toEqual(model.expected.map((e) => `${e.to} ${e.inReplyTo} ${e.source}`).sort());
    // The fake's count per customer: the automated answers plus the one opt-out confirmation.
    const perCustomer = new Map<string, number>();
    for (const e of model.expected) perCustomer.set(e.to.slice(1), (perCustomer.get(e.to.slice(1)) ?? 0) + 1);
    for (const [to, n] of model.confirmations) perCustomer.set(to, (perCustomer.get(to) ?? 0) + n);
    expect(Object.fromEntries([...fake.requests].sort())).toEqual(Object.fromEntries([...perCustomer].sort()));
    expect(all.length).toBe(1000);
    console.log(`automation chaos: ${all.length} messages in ${batchNo} batches, ${model.expected.length} automated answers, ${model.confirmations.size} opt-out confirmations; held back: ${JSON.stringify(Object.fromEntries(model.refused))}`);
  });
});
