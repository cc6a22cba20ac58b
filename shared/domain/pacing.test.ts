import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cautiousPolicy,
  DAY,
  defaultPolicy,
  HOUR,
  isKoreanNumber,
  jobDelays,
  koreanNightEnd,
  nextSlot,
  platformPolicy,
  rateBurst,
  recordSend,
  SendLog,
  warmupCap,
  type PacingPolicy,
  type PaceJob,
} from './pacing';
import { countryOf, msSinceLocalMidnight, zonesForNumber } from './recipientZone';

const KR = '+821012345678';
const KR2 = '+821087654321';
const US = '+12125550123';
/** 2026-03-10 12:00 in Seoul (03:00 UTC): daytime in Korea. */
const NOON_SEOUL = Date.UTC(2026, 2, 10, 3, 0, 0);

const job = (contact: string, extra: Partial<PaceJob> = {}): PaceJob => ({ contact, promotional: true, outsideWindow: true, ...extra });
const open = (p: PacingPolicy): PacingPolicy => ({ ...p, quietHours: null });

describe('presets (DOMAIN.md §4)', () => {
  it('Cautious: 5/s, 200/h, warm-up daily cap, batches over 500, quiet 00–06, 3 promotional per 24 h, 6 s pair gap, 250 limit', () => {
    expect(cautiousPolicy('Asia/Seoul')).toMatchObject({
      ratePerSecond: 5,
      hourlyCap: 200,
      dailyCap: 'warmup',
      batch: { threshold: 500, count: 4, gapMs: 2 * HOUR },
      quietHours: { startHour: 0, endHour: 6 },
      promotionalPerContactPer24h: 3,
      pairGapMs: 6_000,
      messagingLimit: 250,
    });
  });

  it('Platform keeps every per-contact and timing rule but drops the daily and hourly figures', () => {
    expect(platformPolicy('Asia/Seoul', 2_000)).toMatchObject({ ratePerSecond: 80, hourlyCap: null, dailyCap: null, batch: null, promotionalPerContactPer24h: 3, pairGapMs: 6_000, messagingLimit: 2_000 });
  });

  it.each([
    ['assisted', 100_000, 'cautious'],
    ['cloud', 250, 'cautious'],
    ['cloud', 2_000, 'platform'],
    ['cloud', null, 'platform'],
  ] as const)('%s with a %s limit defaults to %s and says why', (channel, limit, preset) => {
    const { policy, why } = defaultPolicy(channel, limit, 'Asia/Seoul');
    expect(policy.preset).toBe(preset);
    expect(why.length).toBeGreaterThan(10);
  });

  it.each([
    [0, 50],
    [6, 50],
    [7, 100],
    [13, 800],
    [14, 1_000],
    [400, 1_000],
  ])('warm-up: day %i allows %i', (day, cap) => {
    expect(warmupCap(day)).toBe(cap);
  });
});

describe('each delay has its reason', () => {
  it('sends at once when nothing stands in the way', () => {
    expect(nextSlot(cautiousPolicy('Asia/Seoul'), new SendLog(), job(KR), NOON_SEOUL)).toEqual({ kind: 'go' });
  });

  it('holds the global rate', () => {
    const log = new SendLog();
    recordSend(cautiousPolicy('Asia/Seoul'), log, { at: NOON_SEOUL, contact: KR2, promotional: true, outsideWindow: true });
    expect(nextSlot(cautiousPolicy('Asia/Seoul'), log, job(KR), NOON_SEOUL + 100)).toMatchObject({ kind: 'wait', reason: 'rate', until: NOON_SEOUL + 200 });
  });

  it('at high rates lets a few sends (50 ms worth) catch up back to back, then spaces them again', () => {
    const policy = { ...platformPolicy('Asia/Seoul', null, 1_000), quietHours: null };
    const log = new SendLog();
    for (let i = 0; i < rateBurst(1_000) - 1; i++) recordSend(policy, log, { at: NOON_SEOUL, contact: `+82101111000${i}`, promotional: false, outsideWindow: false });
    expect(nextSlot(policy, log, job(KR), NOON_SEOUL)).toEqual({ kind: 'go' });
    recordSend(policy, log, { at: NOON_SEOUL, contact: KR2, promotional: false, outsideWindow: false });
    expect(nextSlot(policy, log, job(KR), NOON_SEOUL)).toMatchObject({ reason: 'rate', until: NOON_SEOUL + 1 });
  });

  it('never goes above the channel throughput whatever the policy asks', () => {
    const log = new SendLog();
    const greedy = { ...platformPolicy('Asia/Seoul', null), ratePerSecond: 1_000 };
    for (let i = 0; i < rateBurst(80); i++) recordSend(greedy, log, { at: NOON_SEOUL, contact: `+82101111000${i}`, promotional: true, outsideWindow: true });
    expect(nextSlot(greedy, log, job(KR), NOON_SEOUL)).toMatchObject({ reason: 'rate', until: NOON_SEOUL + 1_000 / 80 });
  });

  it('waits in the recipient’s quiet hours until 06:00 their time', () => {
    const oneAmSeoul = Date.UTC(2026, 2, 10, 16, 0, 0); // 01:00 KST on the 11th
    // An informational message (a promotion to +82 waits for 08:00 instead: Korean law, below).
    expect(nextSlot(cautiousPolicy('Europe/London'), new SendLog(), job(KR, { promotional: false }), oneAmSeoul)).toMatchObject({
      kind: 'wait',
      reason: 'quiet_hours',
      until: Date.UTC(2026, 2, 10, 21, 0, 0),
    });
  });

  it('for a country with several zones, waits until no zone is in quiet hours (US: New York to Los Angeles)', () => {
    const fiveAmNewYork = Date.UTC(2026, 0, 15, 10, 0, 0); // 05:00 EST = 02:00 PST
    expect(nextSlot(cautiousPolicy('Asia/Seoul'), new SendLog(), job(US), fiveAmNewYork)).toMatchObject({
      reason: 'quiet_hours',
      until: Date.UTC(2026, 0, 15, 14, 0, 0), // 06:00 PST
    });
  });

  it('keeps 6 s between two messages to the same person', () => {
    const log = new SendLog();
    log.record({ at: NOON_SEOUL, contact: KR, promotional: false, outsideWindow: true });
    expect(nextSlot(cautiousPolicy('Asia/Seoul'), log, job(KR), NOON_SEOUL + 1_000)).toMatchObject({ reason: 'pair_gap', until: NOON_SEOUL + 6_000 });
  });

  it('allows at most 3 promotional messages to one person in 24 h', () => {
    const log = new SendLog();
    for (const h of [0, 1, 2]) log.record({ at: NOON_SEOUL + h * HOUR, contact: KR, promotional: true, outsideWindow: true });
    expect(nextSlot(cautiousPolicy('Asia/Seoul'), log, job(KR), NOON_SEOUL + 3 * HOUR)).toMatchObject({ reason: 'contact_frequency', until: NOON_SEOUL + DAY });
    expect(nextSlot(cautiousPolicy('Asia/Seoul'), log, job(KR, { promotional: false }), NOON_SEOUL + 3 * HOUR)).toEqual({ kind: 'go' });
  });

  it('stops at the hourly cap until the oldest send of the hour leaves the window', () => {
    const policy = { ...open(cautiousPolicy('Asia/Seoul')), hourlyCap: 3 };
    const log = new SendLog();
    for (const [i, c] of ['+821011110001', '+821011110002', '+821011110003'].entries()) log.record({ at: NOON_SEOUL + i * 1_000, contact: c, promotional: true, outsideWindow: false });
    expect(nextSlot(policy, log, job(KR), NOON_SEOUL + 10_000)).toMatchObject({ reason: 'hourly_cap', until: NOON_SEOUL + HOUR });
  });

  it('stops at the warm-up daily cap (50 in week 1)', () => {
    const policy = { ...open(cautiousPolicy('Asia/Seoul')), hourlyCap: null };
    const log = new SendLog();
    for (let i = 0; i < 50; i++) log.record({ at: NOON_SEOUL + i * 1_000, contact: `+8210111100${String(i).padStart(2, '0')}`, promotional: true, outsideWindow: false });
    expect(nextSlot(policy, log, job(KR), NOON_SEOUL + 60_000)).toMatchObject({ reason: 'daily_cap', until: NOON_SEOUL + DAY });
  });

  it('halves the daily cap while the failure breaker is tripped', () => {
    const policy = { ...open(cautiousPolicy('Asia/Seoul')), hourlyCap: null, dailyCap: 4 };
    const log = new SendLog();
    log.capHalvedUntil = NOON_SEOUL + DAY;
    for (let i = 0; i < 2; i++) log.record({ at: NOON_SEOUL + i * 1_000, contact: `+82101111000${i}`, promotional: true, outsideWindow: false });
    expect(nextSlot(policy, log, job(KR), NOON_SEOUL + 10_000)).toMatchObject({ reason: 'daily_cap' });
  });

  it('over 500 a day, waits 2 h after each batch', () => {
    const policy = { ...open(cautiousPolicy('Asia/Seoul')), hourlyCap: null, dailyCap: 1_000, ratePerSecond: 80 };
    const log = new SendLog();
    for (let i = 0; i < 250; i++) log.record({ at: NOON_SEOUL + i * 100, contact: `+8210111${String(i).padStart(5, '0')}`, promotional: true, outsideWindow: false });
    const last = NOON_SEOUL + 249 * 100;
    expect(nextSlot(policy, log, job(KR), last + 1_000)).toMatchObject({ reason: 'batch_gap', until: last + 2 * HOUR });
    expect(nextSlot(policy, log, job(KR), last + 2 * HOUR)).toEqual({ kind: 'go' });
  });

  it('counts unique people outside a window against the messaging limit; people already reached do not count twice', () => {
    const policy = { ...open(platformPolicy('Asia/Seoul', 2)) };
    const log = new SendLog();
    log.record({ at: NOON_SEOUL, contact: KR, promotional: false, outsideWindow: true });
    log.record({ at: NOON_SEOUL + 10_000, contact: KR2, promotional: false, outsideWindow: true });
    const later = NOON_SEOUL + HOUR;
    expect(nextSlot(policy, log, job('+821099990000', { promotional: false }), later)).toMatchObject({ reason: 'messaging_limit', until: NOON_SEOUL + DAY });
    expect(nextSlot(policy, log, job(KR, { promotional: false }), later)).toEqual({ kind: 'go' });
    expect(nextSlot(policy, log, job('+821099990000', { promotional: false, outsideWindow: false }), later)).toEqual({ kind: 'go' });
  });
});

describe('attempts WhatsApp refused', () => {
  it('no longer count toward the person’s promotions per 24 h nor the people reached, but still toward the totals', () => {
    const policy = open(platformPolicy('Asia/Seoul', 2));
    const log = new SendLog();
    for (let i = 0; i < 3; i++) recordSend(policy, log, { at: NOON_SEOUL + i * 10_000, contact: KR, promotional: true, outsideWindow: true });
    recordSend(policy, log, { at: NOON_SEOUL + 40_000, contact: KR2, promotional: true, outsideWindow: true });
    const later = NOON_SEOUL + HOUR;
    expect(nextSlot(policy, log, job(KR), later)).toMatchObject({ reason: 'contact_frequency' });
    expect(nextSlot(policy, log, job('+821099990000'), later)).toMatchObject({ reason: 'messaging_limit' });
    for (let i = 0; i < 3; i++) log.refused(KR, NOON_SEOUL + i * 10_000);
    expect(log.contactSends(KR)).toEqual([]);
    expect([...log.outsideWithin(later).keys()]).toEqual([KR2]);
    expect(nextSlot(policy, log, job(KR), later)).toEqual({ kind: 'go' });
    expect(log.countWithin(later, DAY)).toBe(4);
  });

  it('takes back only the refused attempt: an earlier one that went out still counts', () => {
    const log = new SendLog();
    log.record({ at: NOON_SEOUL, contact: KR, promotional: true, outsideWindow: true });
    log.record({ at: NOON_SEOUL + 1_000, contact: KR, promotional: true, outsideWindow: true });
    log.refused(KR, NOON_SEOUL + 1_000);
    expect(log.contactSends(KR).map((e) => e.at)).toEqual([NOON_SEOUL]);
    expect(log.outsideWithin(NOON_SEOUL + 2_000).get(KR)).toBe(NOON_SEOUL);
    log.refused(KR, NOON_SEOUL + 5_000); // not an attempt of theirs: nothing changes
    expect(log.contactSends(KR)).toHaveLength(1);
  });
});

describe('Korean law: no promotion to +82 numbers 21:00–08:00 Seoul time (DOMAIN.md §2b)', () => {
  /** An instant on 2026-12-01 at hh:mm in Seoul (UTC+9, no daylight saving time). */
  const kst = (hh: number, mm = 0, day = 1) => Date.UTC(2026, 11, day, hh - 9, mm);
  // Quiet hours off, so only the Korean rule can hold a job here.
  const policy = open(cautiousPolicy('Asia/Seoul'));
  const TW = '+886912345678';

  it.each([
    ['20:59 goes', kst(20, 59), undefined],
    ['21:00 waits until 08:00 the next morning', kst(21, 0), kst(8, 0, 2)],
    ['23:30 waits until 08:00 the next morning', kst(23, 30), kst(8, 0, 2)],
    ['00:00 waits until 08:00 the same morning', kst(0, 0, 2), kst(8, 0, 2)],
    ['07:59 waits until 08:00', kst(7, 59, 2), kst(8, 0, 2)],
    ['08:00 goes', kst(8, 0, 2), undefined],
  ])('a promotion to a +82 number at %s', (_, now, until) => {
    const d = nextSlot(policy, new SendLog(), job(KR), now);
    if (until === undefined) expect(d).toEqual({ kind: 'go' });
    else expect(d).toMatchObject({ kind: 'wait', reason: 'kr_night', until, params: { startHour: 21, endHour: 8 } });
  });

  it.each([
    ['21:00', kst(21, 0)],
    ['23:30', kst(23, 30)],
    ['07:59', kst(7, 59, 2)],
  ])('lets a promotion to a +82 number with night-time consent go at %s', (_, now) => {
    expect(nextSlot(policy, new SendLog(), job(KR, { nightConsent: true }), now)).toEqual({ kind: 'go' });
    expect(nextSlot(policy, new SendLog(), job(KR, { nightConsent: false }), now)).toMatchObject({ kind: 'wait', reason: 'kr_night' });
  });

  it('never holds an informational (non-promotional) message to a +82 number', () => {
    for (const now of [kst(21, 0), kst(23, 30), kst(7, 59, 2)]) expect(nextSlot(policy, new SendLog(), job(KR, { promotional: false }), now)).toEqual({ kind: 'go' });
  });

  it('never holds a +886 (Taiwan) or other non-Korean number, promotional or not', () => {
    for (const contact of [TW, US]) expect(jobDelays(policy, new SendLog(), job(contact), kst(22, 0)).map((d) => d.reason)).not.toContain('kr_night');
    expect(nextSlot(policy, new SendLog(), job(TW), kst(22, 0))).toEqual({ kind: 'go' }); // 21:00 in Taipei
  });

  it('is on in both presets, and the later of quiet hours and the Korean night is the wait', () => {
    expect(cautiousPolicy('Asia/Seoul').koreanAdLaw).toBe(true);
    expect(platformPolicy('Asia/Seoul', null).koreanAdLaw).toBe(true);
    // 01:00 in Seoul: quiet hours end at 06:00, the Korean night at 08:00.
    expect(nextSlot(platformPolicy('Asia/Seoul', null), new SendLog(), job(KR), kst(1, 0, 2))).toMatchObject({ reason: 'kr_night', until: kst(8, 0, 2) });
    expect(nextSlot(platformPolicy('Asia/Seoul', null), new SendLog(), job(KR, { promotional: false }), kst(1, 0, 2))).toMatchObject({ reason: 'quiet_hours', until: kst(6, 0, 2) });
  });

  it('koreanNightEnd: undefined by day, the next 08:00 Seoul by night', () => {
    expect(koreanNightEnd(kst(12, 0))).toBeUndefined();
    expect(koreanNightEnd(kst(21, 0))).toBe(kst(8, 0, 2));
    expect(isKoreanNumber(KR)).toBe(true);
    expect(isKoreanNumber(TW)).toBe(false);
  });
});

describe('a person known only by their WhatsApp user id (BSUID, issue 13 point 1): its country prefix is theirs', () => {
  const kst = (hh: number, mm = 0, day = 1) => Date.UTC(2026, 11, day, hh - 9, mm);
  it.each([
    ['a Korean user id', 'KR.1349876543210', 'KR', ['Asia/Seoul'], true],
    ['a Korean linked portfolio’s id', 'KR.ENT.77ab', 'KR', ['Asia/Seoul'], true],
    ['a Taiwanese user id', 'TW.88812', 'TW', ['Asia/Taipei'], false],
    ['an American user id (both ends of the country)', 'US.123456789', 'US', ['America/New_York', 'America/Los_Angeles'], false],
    ['a prefix that names no country (the shop’s zone)', 'ZZ.123456', undefined, ['Asia/Seoul'], false],
  ] as const)('%s', (_why, id, country, zones, korean) => {
    expect(countryOf(id)).toBe(country);
    expect(zonesForNumber(id, 'Asia/Seoul')).toEqual(zones);
    expect(isKoreanNumber(id)).toBe(korean);
  });

  it('a promotion to a Korean user id waits out the Korean night and the Korean quiet hours, as a +82 number does', () => {
    const id = 'KR.1349876543210';
    expect(nextSlot(open(cautiousPolicy('Asia/Seoul')), new SendLog(), job(id), kst(22, 0))).toMatchObject({ kind: 'wait', reason: 'kr_night', until: kst(8, 0, 2) });
    expect(nextSlot(open(cautiousPolicy('Asia/Seoul')), new SendLog(), job(id, { nightConsent: true }), kst(22, 0))).toEqual({ kind: 'go' });
    // The shop is in Taipei: 03:00 in Seoul is quiet for a Korean id (02:00 in Taipei would be too; 07:00 Seoul is not).
    expect(nextSlot(cautiousPolicy('Asia/Taipei'), new SendLog(), job(id, { promotional: false }), kst(3, 0, 2))).toMatchObject({ reason: 'quiet_hours', until: kst(6, 0, 2) });
    expect(nextSlot(cautiousPolicy('Asia/Taipei'), new SendLog(), job(id, { promotional: false }), kst(6, 30, 2))).toEqual({ kind: 'go' });
  });
});

describe('recipient zones', () => {
  it('uses the shop’s zone for a country the table does not list', () => {
    expect(zonesForNumber('+6793212345', 'Asia/Seoul')).toEqual(['Asia/Seoul']);
  });

  it('follows daylight saving time through Intl', () => {
    expect(msSinceLocalMidnight('Europe/London', Date.UTC(2026, 6, 1, 12, 0, 0))).toBe(13 * HOUR);
    expect(msSinceLocalMidnight('Europe/London', Date.UTC(2026, 0, 1, 12, 0, 0))).toBe(12 * HOUR);
  });
});

/** Property tests: drive the pacer like the engine does and check every rule on what was actually sent. */
describe('pacer properties', () => {
  const POOL = ['+821012345678', '+821055554444', '+12125550123', '+447911123456', '+5511987654321', '+6793212345', '+819012345678', '+61412345678'];

  const policyArb = fc.record({
    ratePerSecond: fc.integer({ min: 1, max: 1_000 }),
    hourlyCap: fc.option(fc.integer({ min: 1, max: 12 }), { nil: null }),
    dailyCap: fc.option(fc.integer({ min: 1, max: 30 }), { nil: null }),
    batchThreshold: fc.integer({ min: 1, max: 10 }),
    quiet: fc.option(fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 1, max: 8 })), { nil: null }),
    promo: fc.integer({ min: 1, max: 3 }),
    pairGapMs: fc.integer({ min: 0, max: 10_000 }),
    messagingLimit: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }),
  });
  type PolicyInput = typeof policyArb extends fc.Arbitrary<infer T> ? T : never;
  const jobsArb = fc.array(fc.record({ contact: fc.constantFrom(...POOL), promotional: fc.boolean(), outsideWindow: fc.boolean() }), { minLength: 1, maxLength: 40 });
  const startArb = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 31) });

  function simulate(policy: PacingPolicy, jobs: PaceJob[], start: number) {
    const log = new SendLog(policy.batch?.gapMs);
    const sent: (PaceJob & { at: number })[] = [];
    let pending = [...jobs];
    let now = start;
    for (let step = 0; step < 2_000 && pending.length > 0; step++) {
      let earliest = Infinity;
      const still: PaceJob[] = [];
      for (const j of pending) {
        const d = nextSlot(policy, log, j, now);
        if (d.kind === 'go') {
          recordSend(policy, log, { at: now, ...j });
          sent.push({ ...j, at: now });
        } else {
          expect(d.until).toBeGreaterThan(now); // every wait moves time forward
          earliest = Math.min(earliest, d.until);
          still.push(j);
        }
      }
      pending = still;
      if (pending.length > 0) now = earliest;
    }
    return { sent, pending };
  }

  const build = (p: PolicyInput): PacingPolicy => ({
    ...cautiousPolicy('Asia/Seoul'),
    ratePerSecond: p.ratePerSecond,
    hourlyCap: p.hourlyCap,
    dailyCap: p.dailyCap,
    batch: { threshold: p.batchThreshold, count: 3, gapMs: 2 * HOUR },
    quietHours: p.quiet ? { startHour: p.quiet[0], endHour: (p.quiet[0] + p.quiet[1]) % 24 } : null,
    promotionalPerContactPer24h: p.promo,
    pairGapMs: p.pairGapMs,
    messagingLimit: p.messagingLimit,
  });

  it('no cap, gap, quiet hour or limit is ever violated, and every job is eventually sent', () => {
    fc.assert(
      fc.property(policyArb, jobsArb, startArb, (p, jobs, start) => {
        const policy = build(p);
        const { sent, pending } = simulate(policy, jobs, start);
        expect(pending).toEqual([]);
        const within = (t: number, w: number, list = sent) => list.filter((s) => s.at > t - w && s.at <= t);
        for (const [i, s] of sent.entries()) {
          const burst = rateBurst(p.ratePerSecond);
          const back = sent[i - burst];
          if (back) expect(s.at - back.at).toBeGreaterThanOrEqual(1_000 / p.ratePerSecond - 1e-3); // at most `burst` back to back (float spacing at epoch-sized numbers)
          expect(within(s.at, 1_000).length).toBeLessThanOrEqual(p.ratePerSecond);;
          if (p.hourlyCap !== null) expect(within(s.at, HOUR).length).toBeLessThanOrEqual(p.hourlyCap);
          if (p.dailyCap !== null) expect(within(s.at, DAY).length).toBeLessThanOrEqual(p.dailyCap);
          const mine = sent.filter((o) => o.contact === s.contact);
          if (s.promotional) expect(within(s.at, DAY, mine).filter((o) => o.promotional).length).toBeLessThanOrEqual(p.promo);
          const before = mine.filter((o) => o.at < s.at).pop();
          if (before) expect(s.at - before.at).toBeGreaterThanOrEqual(p.pairGapMs);
          if (p.messagingLimit !== null && s.outsideWindow) {
            expect(new Set(within(s.at, DAY).filter((o) => o.outsideWindow).map((o) => o.contact)).size).toBeLessThanOrEqual(p.messagingLimit);
          }
          if (s.promotional && s.contact.startsWith('+82')) {
            const hour = Math.floor(msSinceLocalMidnight('Asia/Seoul', s.at) / HOUR);
            expect(hour >= 21 || hour < 8, `Korean promotion at ${new Date(s.at).toISOString()} (Seoul hour ${hour})`).toBe(false);
          }
          if (policy.quietHours) {
            const { startHour, endHour } = policy.quietHours;
            for (const zone of zonesForNumber(s.contact, policy.fallbackZone)) {
              const hour = Math.floor(msSinceLocalMidnight(zone, s.at) / HOUR);
              const quiet = startHour < endHour ? hour >= startHour && hour < endHour : hour >= startHour || hour < endHour;
              expect(quiet, `${s.contact} at ${new Date(s.at).toISOString()} (${zone} hour ${hour})`).toBe(false);
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('over the batch threshold, no batch is longer than its share of the daily cap', () => {
    fc.assert(
      fc.property(policyArb, jobsArb, startArb, (p, jobs, start) => {
        const policy = { ...build(p), quietHours: null, dailyCap: 12, hourlyCap: null, messagingLimit: null };
        const { sent } = simulate(policy, jobs, start);
        let run = 0;
        for (const [i, s] of sent.entries()) {
          const prev = sent[i - 1];
          run = prev && s.at - prev.at < 2 * HOUR ? run + 1 : 1;
          if (12 > p.batchThreshold) expect(run).toBeLessThanOrEqual(Math.ceil(12 / 3));
        }
      }),
      { numRuns: 100 },
    );
  });
});
