/**
 * The pacer: given the policy, the send log and `now`, says whether a job may go now, or until when it must wait
 * and why. Pure: the caller passes the time; nothing here reads a clock or sets a timer.
 *
 * Rules (DOMAIN.md §2 platform facts, §4 shop safety policy; where they disagree the platform wins):
 *  - global rate: never above the channel's throughput (80/s Cloud API default, §2); Cautious: 5/s (§4 "Volume")
 *  - daily cap: warm-up table for a new number (§4: 50/day in week 1 rising to 1,000/day after 7–14 days),
 *    halved for 24 h after a day with over 10 % failures (§4 "Monitoring")
 *  - over 500 a day: batches (4 by default) at least 2 h apart (§4)
 *  - at most 200 an hour (Cautious, §4)
 *  - quiet hours 00:00–06:00 in the recipient's zone (§4 "Timing"; see recipientZone.ts)
 *  - Korean law for +82 numbers (§2b): no promotion 21:00–08:00 Seoul time without the person's separate
 *    night-time consent; no contact has that consent yet (a consent field is a later slice), so every such job waits
 *  - per contact: at most 3 promotional messages per moving 24 h (hard, §4); ~6 s between two messages to the
 *    same person (pair rate, §2, error 131056)
 *  - messaging limit: unique people reached outside a service window per moving 24 h (§2; no error tells us, we
 *    count ourselves)
 * Every window here is a moving one: "per day" is the last 24 h, which is never looser than a calendar day.
 */
import { msSinceLocalMidnight, zonesForNumber } from './recipientZone';

export const SECOND = 1_000;
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export type PresetName = 'cautious' | 'platform';

export interface PacingPolicy {
  preset: PresetName;
  /** The pace we aim for. The pacer never goes above `channelThroughput` whatever this says. */
  ratePerSecond: number;
  /** What the channel allows: 80/s Cloud API default, 20 for numbers shared with the app (§2). */
  channelThroughput: number;
  hourlyCap: number | null;
  /** A number, the warm-up table (by days since the number's first send), or none. */
  dailyCap: number | 'warmup' | null;
  /** Over `threshold` a day, split into `count` batches at least `gapMs` apart. */
  batch: { threshold: number; count: number; gapMs: number } | null;
  /** Local hours [startHour, endHour) when nothing is sent; wraps past midnight when start > end. */
  quietHours: { startHour: number; endHour: number } | null;
  promotionalPerContactPer24h: number;
  pairGapMs: number;
  /** The messaging-limit tier (unique people outside a window per 24 h); null when unlimited. */
  messagingLimit: number | null;
  /** The shop's zone, for numbers whose country the zone table does not list. */
  fallbackZone: string;
  /**
   * Korean law for +82 numbers (DOMAIN.md §2b, 정보통신망법 §50): promotions never 21:00–08:00 Seoul time without
   * night-time consent. On in every preset; the person sees it (checklist, waiting reason) and cannot switch it off.
   */
  koreanAdLaw: boolean;
}

/** The night of Korean law (§2b): [21:00, 08:00) in Seoul, where promotions need a separate night-time consent. */
export const KR_NIGHT = { startHour: 21, endHour: 8, zone: 'Asia/Seoul' } as const;

/**
 * A Korean number (E.164 +82): the numbers Korean law applies to (§2b). A Korean WhatsApp user id (`KR.…`, a person
 * whose number WhatsApp does not show) counts too: the law's reach is not settled, so the stricter reading holds.
 */
export function isKoreanNumber(e164: string): boolean {
  return e164.startsWith('+82') || e164.startsWith('KR.');
}

/**
 * When the Korean night (21:00–08:00 Seoul) ends, or undefined when `at` is not in it. Korea has no daylight saving
 * time, but the zone's clock is read through Intl like quiet hours are.
 */
export function koreanNightEnd(at: number): number | undefined {
  const local = msSinceLocalMidnight(KR_NIGHT.zone, at);
  const start = KR_NIGHT.startHour * HOUR;
  const end = KR_NIGHT.endHour * HOUR;
  if (local < start && local >= end) return undefined;
  return at + ((end - local + DAY) % DAY);
}

/** The Cautious preset (§4): Assisted channel and Cloud API numbers on the first tier (250). */
export function cautiousPolicy(fallbackZone: string): PacingPolicy {
  return {
    preset: 'cautious',
    ratePerSecond: 5,
    channelThroughput: 80,
    hourlyCap: 200,
    dailyCap: 'warmup',
    batch: { threshold: 500, count: 4, gapMs: 2 * HOUR },
    quietHours: { startHour: 0, endHour: 6 },
    promotionalPerContactPer24h: 3,
    pairGapMs: 6 * SECOND,
    messagingLimit: 250,
    fallbackZone,
    koreanAdLaw: true,
  };
}

/** The Platform preset (§4): a Cloud API number past the first tier paces by its messaging limit and throughput. */
export function platformPolicy(fallbackZone: string, messagingLimit: number | null, channelThroughput = 80): PacingPolicy {
  return {
    preset: 'platform',
    ratePerSecond: channelThroughput,
    channelThroughput,
    hourlyCap: null,
    dailyCap: null,
    batch: null,
    quietHours: { startHour: 0, endHour: 6 },
    promotionalPerContactPer24h: 3,
    pairGapMs: 6 * SECOND,
    messagingLimit,
    fallbackZone,
    koreanAdLaw: true,
  };
}

/** Which preset applies by default, and why (the person sees this and may choose the stricter one). */
export function defaultPolicy(
  channel: 'cloud' | 'assisted' | 'sandbox',
  messagingLimit: number | null,
  fallbackZone: string,
): { policy: PacingPolicy; why: string } {
  if (channel === 'assisted') return { policy: cautiousPolicy(fallbackZone), why: 'Sending through the WhatsApp Business app: the Cautious limits keep a young number safe.' };
  if (messagingLimit !== null && messagingLimit <= 250) {
    return { policy: cautiousPolicy(fallbackZone), why: 'This number is on WhatsApp’s first messaging tier (250 people a day): Cautious limits apply.' };
  }
  return {
    policy: platformPolicy(fallbackZone, messagingLimit),
    why: `This number may reach ${messagingLimit === null ? 'unlimited' : messagingLimit.toLocaleString('en')} people a day: paced by its messaging limit and throughput.`,
  };
}

/**
 * Warm-up daily cap by days since the number's first send (§4: 50/day in week 1, 1,000/day after 7–14 days of
 * clean sending). Day 7–13 climb in steps so no single day jumps more than ~2×.
 */
const WARMUP_STEPS = [100, 200, 300, 400, 500, 650, 800];
export function warmupCap(daysSinceFirstSend: number): number {
  if (daysSinceFirstSend < 7) return 50;
  return WARMUP_STEPS[daysSinceFirstSend - 7] ?? 1_000;
}

/**
 * One send as the pacer counts it: every attempt counts when it is made (a lost response may still have been
 * delivered); an attempt WhatsApp certainly refused is taken back from the person's counts (`refused`).
 */
export interface SendRecord {
  at: number;
  contact: string;
  promotional: boolean;
  /** Sent outside the person's 24 h service window: counts toward the messaging limit (§2). */
  outsideWindow: boolean;
}

/**
 * The sends of the last 24 h in a shape the pacer can query quickly (binary search over sorted times, maps per
 * contact). Pure data: the engine feeds it from the journal on start and on every attempt.
 */
export class SendLog {
  private times: number[] = [];
  private readonly perContact = new Map<string, { at: number; promotional: boolean }[]>();
  /** Contact → times (ascending) of their outside-window sends. */
  private readonly outside = new Map<string, number[]>();
  private batchStart = 0;
  /** When the number first sent (warm-up); set from the journal / settings. */
  firstSendAt: number | undefined;
  /** The rate limiter's theoretical time of the next send (see recordSend). */
  theoreticalTime: number | undefined;
  /** Until when the daily cap and messaging-limit budget are halved (§4: over 10 % failures in a day). */
  capHalvedUntil: number | undefined;

  constructor(private readonly batchGapMs = 2 * HOUR) {}

  record(r: SendRecord): void {
    if (this.firstSendAt === undefined || r.at < this.firstSendAt) this.firstSendAt = r.at;
    const last = this.times[this.times.length - 1];
    if (last === undefined || r.at >= last) {
      if (last === undefined || r.at - last >= this.batchGapMs) this.batchStart = this.times.length;
      this.times.push(r.at);
    } else {
      this.times.splice(upperBound(this.times, r.at), 0, r.at); // a late record (clock skew): keep the order
    }
    let list = this.perContact.get(r.contact);
    if (!list) this.perContact.set(r.contact, (list = []));
    list.push({ at: r.at, promotional: r.promotional });
    if (r.outsideWindow) {
      let times = this.outside.get(r.contact);
      if (!times) this.outside.set(r.contact, (times = []));
      times.splice(upperBound(times, r.at), 0, r.at);
    }
  }

  /**
   * The attempt made at `at` never reached the person (WhatsApp answered with an error, or nothing was sent): it
   * no longer counts toward their promotions per 24 h nor toward the unique people reached (the messaging limit).
   * It still counts toward the rate and the hourly and daily totals: the request was made.
   */
  refused(contact: string, at: number): void {
    const list = this.perContact.get(contact);
    const i = list ? list.findIndex((e) => e.at === at) : -1;
    if (list && i >= 0) {
      list.splice(i, 1);
      if (list.length === 0) this.perContact.delete(contact);
    }
    const times = this.outside.get(contact);
    const j = times ? times.lastIndexOf(at) : -1;
    if (times && j >= 0) {
      times.splice(j, 1);
      if (times.length === 0) this.outside.delete(contact);
    }
  }

  /** Forgets what is older than 24 h before `now` (nothing reads further back). */
  prune(now: number): void {
    const from = upperBound(this.times, now - DAY);
    if (from > 0) {
      this.times = this.times.slice(from);
      this.batchStart = Math.max(0, this.batchStart - from);
    }
    for (const [c, list] of this.perContact) {
      const kept = list.filter((e) => e.at > now - DAY);
      if (kept.length === 0) this.perContact.delete(c);
      else if (kept.length !== list.length) this.perContact.set(c, kept);
    }
    for (const [c, times] of this.outside) {
      const kept = times.slice(upperBound(times, now - DAY));
      if (kept.length === 0) this.outside.delete(c);
      else if (kept.length !== times.length) this.outside.set(c, kept);
    }
  }

  get lastAt(): number | undefined {
    return this.times[this.times.length - 1];
  }
  get currentBatchSize(): number {
    return this.times.length - this.batchStart;
  }
  /** How many sends fall in (now − window, now]. */
  countWithin(now: number, window: number): number {
    return upperBound(this.times, now) - upperBound(this.times, now - window);
  }
  /** The time of the n-th latest send (1 = the latest), if there were that many. */
  nthLatest(n: number): number | undefined {
    return n >= 1 ? this.times[this.times.length - n] : undefined;
  }
  /** Times (ascending) of sends in (now − window, now]. */
  timesWithin(now: number, window: number): number[] {
    return this.times.slice(upperBound(this.times, now - window), upperBound(this.times, now));
  }
  contactSends(contact: string): readonly { at: number; promotional: boolean }[] {
    return this.perContact.get(contact) ?? [];
  }
  /** At least as many as outsideWithin(now).size (a cheap test before building it). */
  get outsideUpperBound(): number {
    return this.outside.size;
  }
  /** Unique contacts reached outside a window in (now − 24 h, now], with their latest such send. */
  outsideWithin(now: number): Map<string, number> {
    const out = new Map<string, number>();
    for (const [c, times] of this.outside) {
      const at = times[upperBound(times, now) - 1];
      if (at !== undefined && at > now - DAY) out.set(c, at);
    }
    return out;
  }
}

/** First index whose value is > x in an ascending array. */
function upperBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= x) lo = mid + 1; // mid < a.length
    else hi = mid;
  }
  return lo;
}

export type DelayReason =
  | 'rate'
  | 'hourly_cap'
  | 'daily_cap'
  | 'batch_gap'
  | 'quiet_hours'
  | 'kr_night'
  | 'contact_frequency'
  | 'pair_gap'
  | 'messaging_limit';

export interface Delay {
  until: number;
  reason: DelayReason;
  /** In the shop's words (English), with the number behind the rule: the CLI's and the logs' text. */
  detail: string;
  /** The numbers behind the rule, so the screen words `reason` in the person's language (renderer i18n/engine.ts). */
  params: DelayParams;
}

/** Numbers (hours, caps, seconds) and flags of a delay; keys per reason are listed in renderer/src/i18n/engine.ts. */
export type DelayParams = Readonly<Record<string, number | boolean>>;

export type PaceDecision = { kind: 'go' } | ({ kind: 'wait' } & Delay);

export interface PaceJob {
  contact: string;
  promotional: boolean;
  /** The person gave night-time consent (Korean law, §2b): a promotion to a +82 number is not held 21:00–08:00. */
  nightConsent?: boolean;
  outsideWindow: boolean;
}

/**
 * How many sends may go back to back (50 ms worth, at least 1): see globalDelays. At 5/s that is 1 (plain spacing);
 * at 1,000/s, 50, enough to make up a garbage-collection pause without losing slots.
 */
export function rateBurst(rate: number): number {
  return Math.max(1, Math.ceil(rate / 20));
}

export function effectiveRate(policy: PacingPolicy): number {
  return Math.max(0.001, Math.min(policy.ratePerSecond, policy.channelThroughput));
}

export function effectiveDailyCap(policy: PacingPolicy, log: SendLog, now: number): number | null {
  let cap: number | null =
    policy.dailyCap === 'warmup'
      ? warmupCap(log.firstSendAt === undefined ? 0 : Math.floor((now - log.firstSendAt) / DAY))
      : policy.dailyCap;
  if (cap !== null && log.capHalvedUntil !== undefined && now < log.capHalvedUntil) cap = Math.floor(cap / 2);
  return cap;
}

function effectiveMessagingLimit(policy: PacingPolicy, log: SendLog, now: number): number | null {
  const limit = policy.messagingLimit;
  if (limit === null) return null;
  return log.capHalvedUntil !== undefined && now < log.capHalvedUntil ? Math.floor(limit / 2) : limit;
}

/** The delays that apply to every job (rate, hourly, daily, batches), latest first. */
export function globalDelays(policy: PacingPolicy, log: SendLog, now: number): Delay[] {
  const delays: Delay[] = [];
  const rate = effectiveRate(policy);
  const last = log.lastAt;
  // Spacing by the generic cell rate algorithm: each send moves a theoretical time on by 1/rate; a send may go
  // when now is within `burst − 1` intervals of it. At low rates (burst 1) that is plain 1/rate spacing; at high
  // rates a late timer is made up by a few sends back to back, so the long-run rate is the target, not below it.
  // The 1 s window below still keeps every second at or under the channel's throughput (§2).
  const interval = SECOND / rate;
  const allowedAt = log.theoreticalTime === undefined ? undefined : log.theoreticalTime - (rateBurst(rate) - 1) * interval;
  if (allowedAt !== undefined && allowedAt > now) {
    delays.push({ until: allowedAt, reason: 'rate', detail: `At most ${rate} messages a second.`, params: { rate } });
  }
  const perSecond = Math.max(1, Math.floor(rate));
  if (log.countWithin(now, SECOND) >= perSecond) {
    delays.push({ until: log.nthLatest(perSecond)! + SECOND, reason: 'rate', detail: `At most ${rate} messages a second.`, params: { rate } }); // count ≥ perSecond
  }
  if (policy.hourlyCap !== null) {
    if (log.countWithin(now, HOUR) >= policy.hourlyCap) {
      delays.push({
        until: policy.hourlyCap === 0 ? now + HOUR : log.nthLatest(policy.hourlyCap)! + HOUR, // count ≥ cap > 0
        reason: 'hourly_cap',
        detail: `At most ${policy.hourlyCap} messages an hour.`,
        params: { cap: policy.hourlyCap },
      });
    }
  }
  const dailyCap = effectiveDailyCap(policy, log, now);
  if (dailyCap !== null) {
    if (log.countWithin(now, DAY) >= dailyCap) {
      const halved = log.capHalvedUntil !== undefined && now < log.capHalvedUntil;
      delays.push({
        until: dailyCap === 0 ? Math.max(now + 1, log.capHalvedUntil ?? now + DAY) : log.nthLatest(dailyCap)! + DAY, // count ≥ cap > 0
        reason: 'daily_cap',
        detail: `At most ${dailyCap} messages a day${policy.dailyCap === 'warmup' ? ' while the number warms up' : ''}${halved ? ' (halved after many failures)' : ''}.`,
        params: { cap: dailyCap, warmup: policy.dailyCap === 'warmup', halved },
      });
    }
    if (policy.batch && dailyCap > policy.batch.threshold && last !== undefined && now - last < policy.batch.gapMs) {
      const batchSize = Math.ceil(dailyCap / policy.batch.count);
      if (log.currentBatchSize >= batchSize) {
        delays.push({
          until: last + policy.batch.gapMs,
          reason: 'batch_gap',
          detail: `Over ${policy.batch.threshold} a day, messages go in batches of ${batchSize}, ${policy.batch.gapMs / HOUR} h apart.`,
          params: { threshold: policy.batch.threshold, size: batchSize, hours: policy.batch.gapMs / HOUR },
        });
      }
    }
  }
  return delays.sort((a, b) => b.until - a.until);
}

/** When quiet hours end for this recipient, or undefined when none of their zones is in quiet hours at `now`. */
export function quietHoursEnd(policy: PacingPolicy, contact: string, now: number): number | undefined {
  const q = policy.quietHours;
  if (!q || q.startHour === q.endHour) return undefined;
  const zones = zonesForNumber(contact, policy.fallbackZone);
  let t = now;
  // Zones of one country are quiet at different times: step until no zone is quiet (a few steps at most).
  for (let step = 0; step < 4; step++) {
    let wait = 0;
    for (const zone of zones) {
      const local = msSinceLocalMidnight(zone, t);
      const start = q.startHour * HOUR;
      const end = q.endHour * HOUR;
      const quiet = start < end ? local >= start && local < end : local >= start || local < end;
      if (quiet) wait = Math.max(wait, (end - local + DAY) % DAY || DAY);
    }
    if (wait === 0) return t === now ? undefined : t;
    t += wait;
  }
  return t;
}

/** The delays that apply to this job's recipient (quiet hours, Korean night, frequency, pair gap, messaging limit). */
export function jobDelays(policy: PacingPolicy, log: SendLog, job: PaceJob, now: number): Delay[] {
  const delays: Delay[] = [];
  const quietEnd = quietHoursEnd(policy, job.contact, now);
  if (quietEnd !== undefined) {
    const q = policy.quietHours!; // quietHoursEnd returns undefined without quiet hours
    delays.push({
      until: quietEnd,
      reason: 'quiet_hours',
      detail: `Never between ${pad(q.startHour)}:00 and ${pad(q.endHour)}:00 in the customer’s local time.`,
      params: { startHour: q.startHour, endHour: q.endHour },
    });
  }
  if (policy.koreanAdLaw && job.promotional && !job.nightConsent && isKoreanNumber(job.contact)) {
    // Only recipients without night-time consent wait the night out (the renderer sends the flag per recipient).
    const nightEnd = koreanNightEnd(now);
    if (nightEnd !== undefined) {
      delays.push({
        until: nightEnd,
        reason: 'kr_night',
        detail: `Korean law: no advertising to +82 numbers between ${pad(KR_NIGHT.startHour)}:00 and ${pad(KR_NIGHT.endHour)}:00 Korea time without night-time consent.`,
        params: { startHour: KR_NIGHT.startHour, endHour: KR_NIGHT.endHour },
      });
    }
  }
  const sends = log.contactSends(job.contact).filter((s) => s.at > now - DAY && s.at <= now);
  const last = sends.reduce((m, s) => Math.max(m, s.at), -Infinity);
  if (last + policy.pairGapMs > now) {
    delays.push({ until: last + policy.pairGapMs, reason: 'pair_gap', detail: `At least ${policy.pairGapMs / SECOND} s between two messages to the same person.`, params: { seconds: policy.pairGapMs / SECOND } });
  }
  if (job.promotional) {
    const promo = sends.filter((s) => s.promotional).map((s) => s.at).sort((a, b) => a - b);
    const cap = policy.promotionalPerContactPer24h;
    if (promo.length >= cap) {
      delays.push({
        until: cap === 0 ? now + DAY : promo[promo.length - cap]! + DAY, // length ≥ cap > 0
        reason: 'contact_frequency',
        detail: `At most ${cap} promotional messages to one person in 24 hours.`,
        params: { cap },
      });
    }
  }
  const limit = effectiveMessagingLimit(policy, log, now);
  if (job.outsideWindow && limit !== null && log.outsideUpperBound >= limit) {
    const reached = log.outsideWithin(now);
    if (!reached.has(job.contact) && reached.size >= limit) {
      const expiries = [...reached.values()].sort((a, b) => a - b);
      delays.push({
        until: limit === 0 ? now + DAY : expiries[reached.size - limit]! + DAY, // size ≥ limit > 0
        reason: 'messaging_limit',
        detail: `WhatsApp lets this number reach ${limit} new people a day outside a conversation.`,
        params: { limit },
      });
    }
  }
  return delays.sort((a, b) => b.until - a.until);
}

/** Records a send in the log, moving the rate limiter on by one interval at the policy's rate. */
export function recordSend(policy: PacingPolicy, log: SendLog, r: SendRecord): void {
  log.record(r);
  const interval = SECOND / effectiveRate(policy);
  log.theoreticalTime = Math.max(log.theoreticalTime ?? r.at, r.at) + interval;
}

/** Go now, or wait until the latest of the binding delays (the one named is the reason shown). */
export function nextSlot(policy: PacingPolicy, log: SendLog, job: PaceJob, now: number): PaceDecision {
  const all = [...globalDelays(policy, log, now), ...jobDelays(policy, log, job, now)].sort((a, b) => b.until - a.until);
  const first = all[0];
  return first ? { kind: 'wait', ...first } : { kind: 'go' };
}

const pad = (n: number) => String(n).padStart(2, '0');
