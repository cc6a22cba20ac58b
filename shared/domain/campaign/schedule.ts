/**
 * When to send and when it will be done. DOMAIN.md §4 "Timing": never 00:00–06:00 in the recipient's local time;
 * best 10:00–12:00 and 19:00–21:00. The zone is the majority zone of the recipients (most recipients' country);
 * the suggestion is also never in quiet hours in any zone the campaign reaches. The finish estimate uses the same
 * policy numbers as the pacer (pacing.ts: rate, hourly cap, warm-up daily cap, batches, messaging limit).
 */
import { DAY, HOUR, SECOND, effectiveRate, warmupCap, type PacingPolicy } from '../pacing';
import { COUNTRY_ZONES, msSinceLocalMidnight } from '../recipientZone';

/** The best local windows, [startHour, endHour). */
export const BEST_WINDOWS: readonly { startHour: number; endHour: number }[] = [
  { startHour: 10, endHour: 12 },
  { startHour: 19, endHour: 21 },
];

/** The zones recipients of these countries are checked in (countries the zone table lacks use the shop's zone). */
export function zonesForCountries(countries: Iterable<string | undefined>, fallbackZone: string): string[] {
  const zones = new Set<string>();
  for (const c of countries) for (const z of (c !== undefined ? COUNTRY_ZONES[c] : undefined) ?? [fallbackZone]) zones.add(z);
  return [...zones];
}

/** The zone of the most common country (its first listed zone), or the shop's zone. */
export function majorityZone(countryCounts: ReadonlyMap<string | undefined, number>, fallbackZone: string): string {
  let best: string | undefined;
  let bestN = -1;
  for (const [country, n] of countryCounts) {
    if (n > bestN) {
      best = country;
      bestN = n;
    }
  }
  return (best !== undefined ? COUNTRY_ZONES[best]?.[0] : undefined) ?? fallbackZone;
}

export function isQuietAt(quiet: PacingPolicy['quietHours'], zone: string, at: number): boolean {
  if (!quiet || quiet.startHour === quiet.endHour) return false;
  const local = msSinceLocalMidnight(zone, at);
  const start = quiet.startHour * HOUR;
  const end = quiet.endHour * HOUR;
  return start < end ? local >= start && local < end : local >= start || local < end;
}

/** The instant `hour`:00 local in `zone` on the local day of `at` plus `dayOffset` days (DST-corrected). */
export function localTimeOn(zone: string, at: number, dayOffset: number, hour: number): number {
  let t = at - msSinceLocalMidnight(zone, at) + dayOffset * DAY + hour * HOUR;
  // Across a DST change the guess is off by the shift: correct once by what the zone's clock says.
  const drift = msSinceLocalMidnight(zone, t) - hour * HOUR;
  if (Math.abs(drift) < 3 * HOUR) t -= drift;
  return t;
}

export interface SendWindow {
  /** Suggested start (now, when now is already inside a good window). */
  at: number;
  zone: string;
  /** The local window it falls in. */
  window: { startHour: number; endHour: number };
}

/**
 * The next good window at or after `now` in `zone`, not in quiet hours in any of `reachZones`. Looks 3 days ahead;
 * undefined when quiet hours cover every good window (a policy a person set that way).
 */
export function suggestSendWindow(now: number, zone: string, reachZones: readonly string[], quiet: PacingPolicy['quietHours']): SendWindow | undefined {
  const local = msSinceLocalMidnight(zone, now);
  for (let day = 0; day <= 3; day++) {
    for (const w of BEST_WINDOWS) {
      let at = localTimeOn(zone, now, day, w.startHour);
      const end = localTimeOn(zone, now, day, w.endHour);
      if (end <= now) continue;
      if (at < now) at = day === 0 && local < w.endHour * HOUR ? now : at;
      // Inside the window, step by 15 minutes until no reached zone is in quiet hours.
      for (let t = at; t < end; t += 15 * 60_000) {
        if (!reachZones.some((z) => isQuietAt(quiet, z, t))) return { at: t, zone, window: w };
      }
    }
  }
  return undefined;
}

export interface FinishEstimate {
  /** When the last message should go. */
  finishAt: number;
  /** How many (rolling) days the campaign spans. */
  days: number;
  /** Messages per day, day 1 first. */
  perDay: number[];
  /** Which limit sets the pace: 'rate', 'hourly_cap', 'daily_cap' (incl. warm-up) or 'messaging_limit'. */
  limitedBy: 'rate' | 'hourly_cap' | 'daily_cap' | 'messaging_limit';
}

export interface SendHistory {
  /** Days since the number's first send (warm-up); null: this campaign is the first. */
  daysSinceFirstSend: number | null;
  /** Messages sent in the 24 h before the start (they use up today's daily cap). */
  sentLast24h: number;
  /** Unique people reached outside a window in the 24 h before the start (messaging limit used). */
  reachedLast24h: number;
}

/** Time from the first to the last of `k` back-to-back sends at the policy's rate and hourly cap. */
export function sendSpan(k: number, policy: PacingPolicy): number {
  if (k <= 1) return 0;
  const rate = effectiveRate(policy);
  const h = policy.hourlyCap;
  if (h !== null && h > 0 && k > h) return Math.floor((k - 1) / h) * HOUR + (((k - 1) % h) * SECOND) / rate;
  return ((k - 1) * SECOND) / rate;
}

/** The time `n` sends of one day take, with batches (DOMAIN.md §4: over 500 a day, 3–4 batches at least 2 h apart). */
function dayDuration(n: number, cap: number, policy: PacingPolicy): number {
  const b = policy.batch;
  if (!b || !Number.isFinite(cap) || cap <= b.threshold) return sendSpan(n, policy);
  const size = Math.ceil(cap / b.count);
  let total = 0;
  for (let left = n, i = 0; left > 0; left -= size, i++) total += sendSpan(Math.min(size, left), policy) + (i > 0 ? b.gapMs : 0);
  return total;
}

/**
 * When a campaign of `count` messages finishes if started at `start`: day by day, each day's cap (warm-up table,
 * fixed cap, messaging limit for `outsideWindow` sends), each day's sends spaced by rate, hourly cap and batches,
 * shifted past quiet hours in `zone`. An estimate: the pacer decides the real times.
 */
export function estimateFinish(count: number, policy: PacingPolicy, history: SendHistory, start: number, zone: string, outsideWindow = true): FinishEstimate {
  const perDay: number[] = [];
  let remaining = count;
  let finishAt = start;
  let limitedBy: FinishEstimate['limitedBy'] = policy.hourlyCap !== null && count > policy.hourlyCap ? 'hourly_cap' : 'rate';
  const quiet = policy.quietHours;
  for (let day = 0; remaining > 0 && day < 3_650; day++) {
    const age = (history.daysSinceFirstSend ?? 0) + day;
    let cap = policy.dailyCap === 'warmup' ? warmupCap(age) : policy.dailyCap ?? Infinity;
    let capKind: FinishEstimate['limitedBy'] = 'daily_cap';
    if (outsideWindow && policy.messagingLimit !== null && policy.messagingLimit < cap) {
      cap = policy.messagingLimit;
      capKind = 'messaging_limit';
    }
    const used = day === 0 ? (capKind === 'messaging_limit' ? history.reachedLast24h : history.sentLast24h) : 0;
    const n = Math.min(remaining, Math.max(0, cap - used));
    if (n < remaining) limitedBy = capKind;
    perDay.push(n);
    remaining -= n;
    if (n === 0) continue;
    let dayStart = start + day * DAY;
    if (quiet && isQuietAt(quiet, zone, dayStart)) dayStart = nextQuietEnd(quiet, zone, dayStart);
    let duration = dayDuration(n, cap, policy);
    if (quiet && quiet.startHour !== quiet.endHour) {
      // Sending stops for the quiet hours it runs into (each crossing adds their length).
      const quietLen = (((quiet.endHour - quiet.startHour) % 24) + 24) % 24 * HOUR;
      const untilQuiet = (((quiet.startHour * HOUR - msSinceLocalMidnight(zone, dayStart)) % DAY) + DAY) % DAY;
      if (duration > untilQuiet) duration += quietLen * Math.ceil((duration - untilQuiet) / (DAY - quietLen));
    }
    finishAt = dayStart + duration;
  }
  return { finishAt, days: perDay.length, perDay, limitedBy };
}

function nextQuietEnd(quiet: { startHour: number; endHour: number }, zone: string, at: number): number {
  const local = msSinceLocalMidnight(zone, at);
  return at + ((((quiet.endHour * HOUR - local) % DAY) + DAY) % DAY);
}
