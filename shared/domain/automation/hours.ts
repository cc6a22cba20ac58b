/**
 * Business hours: whether the shop is open at an instant, in the shop's own time zone (Intl does the DST
 * arithmetic through shared/domain/results/time.ts and recipientZone.ts), and when it opens next, for the away
 * message ("we answer from tomorrow 10:00").
 *
 * - A day's ranges are local wall-clock times; a range holds from its start (included) to its end (excluded).
 * - A holiday, or the date the "closed today" switch was set for, is closed all day.
 * - On a day the clocks change, an opening that falls in the skipped hour is taken when the clocks read a time
 *   after it (the earliest real instant at or after it); in the repeated hour the first of the two counts.
 *
 * Pure: no DOM, no Node, no clock (the instant is a parameter).
 */
import type { Language } from '../settings';
import { msSinceLocalMidnight } from '../recipientZone';
import { addDays, localDateTime, localDay } from '../results/time';
import { minutesOf, WEEKDAYS, type BusinessHours, type Weekday } from './rules';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** The weekday of a local date `YYYY-MM-DD`. */
export function weekdayOf(day: string): Weekday {
  // 1970-01-05 was a Monday; getUTCDay gives 0 for Sunday.
  const d = new Date(`${day}T00:00:00Z`).getUTCDay();
  return WEEKDAYS[(d + 6) % 7]!; // 0..6
}

export type ClosedReason = 'holiday' | 'closed_today' | 'outside_hours';

export type OpenState = { open: true; day: string; closesAt: number } | { open: false; day: string; reason: ClosedReason };

function dayClosed(hours: BusinessHours, day: string): ClosedReason | undefined {
  if (hours.closedToday === day) return 'closed_today';
  if (hours.holidays.includes(day)) return 'holiday';
  return undefined;
}

/** Local wall-clock time minus UTC at `at`, in ms (whole minutes). */
function offsetAt(zone: string, at: number): number {
  const local = Date.parse(`${localDateTime(zone, at).replace(' ', 'T')}:00Z`);
  return local - Math.floor(at / MINUTE) * MINUTE;
}

/**
 * The instant the shop's clock reads `minutes` after midnight of local `day` (1440 is the next midnight). In a
 * skipped hour, the instant just after the skip; in a repeated hour, the first.
 */
export function instantOf(zone: string, day: string, minutes: number): number {
  const local = Date.parse(`${day}T00:00:00Z`) + minutes * MINUTE;
  const before = local - offsetAt(zone, local - DAY);
  const after = local - offsetAt(zone, local + DAY);
  const wall = (t: number) => Date.parse(`${localDateTime(zone, t).replace(' ', 'T')}:00Z`);
  const hits = [before, after].filter((t) => wall(t) === local);
  if (hits.length > 0) return Math.min(...hits);
  return Math.max(before, after); // in the skipped hour: the later reading is past the skip
}

/** Open or closed at `at`, and until when it stays open (the end of the current range). */
export function openAt(hours: BusinessHours, at: number): OpenState {
  const zone = hours.timeZone;
  const day = localDay(zone, at);
  const closed = dayClosed(hours, day);
  if (closed) return { open: false, day, reason: closed };
  const minute = Math.floor(msSinceLocalMidnight(zone, at) / MINUTE);
  for (const [from, to] of hours.days[weekdayOf(day)] ?? []) {
    const start = minutesOf(from);
    const end = minutesOf(to);
    if (start === undefined || end === undefined) continue; // parseAutomation refuses these
    if (minute >= start && minute < end) return { open: true, day, closesAt: instantOf(zone, day, end) };
  }
  return { open: false, day, reason: 'outside_hours' };
}

export function isOpen(hours: BusinessHours, at: number): boolean {
  return openAt(hours, at).open;
}

export interface Opening {
  /** The instant the shop opens (`at` itself when it is open then). */
  at: number;
  /** The local date and time it opens, `YYYY-MM-DD` and `HH:MM`. */
  day: string;
  time: string;
  weekday: Weekday;
}

/** How far ahead `nextOpening` looks: a year and a week (every holiday of a year, then a full week). */
export const OPENING_HORIZON_DAYS = 372;

/**
 * The first instant at or after `at` when the shop is open: `at` itself when open now, else the start of the next
 * range on a day that is not a holiday nor switched closed. Undefined when it opens on no day within the horizon
 * (no hours at all, say).
 */
export function nextOpening(hours: BusinessHours, at: number): Opening | undefined {
  const zone = hours.timeZone;
  const today = localDay(zone, at);
  const now = openAt(hours, at);
  if (now.open) return { at, day: today, time: localDateTime(zone, at).slice(11), weekday: weekdayOf(today) };
  for (let d = 0; d < OPENING_HORIZON_DAYS; d++) {
    const day = d === 0 ? today : addDays(today, d);
    if (dayClosed(hours, day)) continue;
    const ranges = [...(hours.days[weekdayOf(day)] ?? [])].sort((a, b) => (minutesOf(a[0]) ?? 0) - (minutesOf(b[0]) ?? 0));
    for (const [from, to] of ranges) {
      const start = instantOf(zone, day, minutesOf(from) ?? 0);
      const end = instantOf(zone, day, minutesOf(to) ?? 0);
      if (end <= at || end <= start) continue; // over already, or wholly inside a skipped hour
      return { at: Math.max(start, at), day, time: from, weekday: weekdayOf(day) };
    }
  }
  return undefined;
}

// ── "We answer from …" in the customer's language ────────────────────────────────────────────────────────────

/**
 * The words an away message uses for when the shop opens. These go to customers in the message's language (like
 * the `{name}` fallback, SUGGESTED_NAME_FALLBACK), not the interface's, so they live here beside the rule.
 */
const OPENING_WORDS: Readonly<Record<Language, { today: string; tomorrow: string; weekdays: readonly string[]; date: (month: number, day: number) => string }>> = {
  ko: { today: '오늘', tomorrow: '내일', weekdays: ['월요일', '화요일', '수요일', '목요일', '금요일', '토요일', '일요일'], date: (m, d) => `${m}월 ${d}일` },
  en: { today: 'today', tomorrow: 'tomorrow', weekdays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'], date: (m, d) => `${d} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1]}` },
  'zh-Hant': { today: '今天', tomorrow: '明天', weekdays: ['星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'], date: (m, d) => `${m}月${d}日` },
};

/**
 * When the shop opens, in words, seen from local day `fromDay`: "오늘 18:00", "tomorrow 10:00", "星期一 10:00"
 * within the coming week, else the date ("12월 26일 10:00", "26 Dec 10:00").
 */
export function describeOpening(opening: Opening, fromDay: string, language: Language): string {
  const w = OPENING_WORDS[language];
  const days = Math.round((Date.parse(`${opening.day}T00:00:00Z`) - Date.parse(`${fromDay}T00:00:00Z`)) / DAY);
  let when: string;
  if (days === 0) when = w.today;
  else if (days === 1) when = w.tomorrow;
  else if (days > 1 && days < 7) when = w.weekdays[WEEKDAYS.indexOf(opening.weekday)]!; // one of the seven
  else when = w.date(Number(opening.day.slice(5, 7)), Number(opening.day.slice(8, 10)));
  return `${when} ${opening.time}`;
}

/**
 * An away message's text with `{opens}` filled: when the shop opens next, seen from `at` in the shop's zone.
 * Without an opening in sight, `{opens}` is left out with the space before it.
 */
export function fillOpens(text: string, hours: BusinessHours, at: number, language: Language): string {
  if (!text.includes('{opens}')) return text;
  const next = nextOpening(hours, at);
  if (!next) return text.replace(/ ?\{opens\}/g, '');
  return text.replace(/\{opens\}/g, describeOpening(next, localDay(hours.timeZone, at), language));
}

// ── Open time between two instants (how fast the shop answers, counting business hours only) ─────────────────

/**
 * How much of [from, to) the shop was open, in ms: the sum of the day ranges (holidays and a day switched closed
 * count as closed) that overlap it, in the shop's zone. `to` before `from` is 0. Used by the response-time report's
 * "business hours only" figures (shared/domain/inbox/responseTimes.ts): a message at 22:00 answered at 10:05 the
 * next morning waited 5 minutes of open time.
 */
export function openMsBetween(hours: BusinessHours, from: number, to: number): number {
  if (!(to > from)) return 0;
  const zone = hours.timeZone;
  const last = localDay(zone, to);
  let total = 0;
  // One day before `from`'s local day too: a range of the day before may still run past midnight in another zone's
  // arithmetic (it cannot in the rules' format, but DST edges make the day's instants move).
  for (let day = addDays(localDay(zone, from), -1), n = 0; day <= last && n < 4_000; day = addDays(day, 1), n++) {
    if (dayClosed(hours, day)) continue;
    for (const [a, b] of hours.days[weekdayOf(day)] ?? []) {
      const start = instantOf(zone, day, minutesOf(a) ?? 0);
      const end = instantOf(zone, day, minutesOf(b) ?? 0);
      const lo = Math.max(start, from);
      const hi = Math.min(end, to);
      if (hi > lo) total += hi - lo;
    }
  }
  return total;
}
