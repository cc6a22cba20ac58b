/**
 * Local calendar facts for results: the shop's day (YYYY-MM-DD) and hour of the week (0 = Monday 00:00 … 167 =
 * Sunday 23:00) of an instant, in a time zone the caller passes (Intl does the DST arithmetic; no Date.now here).
 *
 * Every zone's offset from UTC is a multiple of 15 minutes, so the answer is the same for every instant of one
 * 15-minute UTC slot: results are memoised per slot, which keeps rollup updates cheap (thousands of rows a second
 * would otherwise spend most of their time in formatToParts).
 */
const SLOT_MS = 15 * 60_000;
const WEEKDAYS: Readonly<Record<string, number>> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

interface LocalSlot {
  day: string;
  hourOfWeek: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const slots = new Map<string, Map<number, LocalSlot>>();
const SLOT_CACHE_MAX = 50_000;

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', weekday: 'short' });
    formatters.set(zone, f);
  }
  return f;
}

function localSlot(zone: string, at: number): LocalSlot {
  const slot = Math.floor(at / SLOT_MS);
  let cache = slots.get(zone);
  if (!cache) {
    cache = new Map();
    slots.set(zone, cache);
  }
  const hit = cache.get(slot);
  if (hit) return hit;
  let year = '';
  let month = '';
  let day = '';
  let hour = 0;
  let weekday = 0;
  for (const part of formatter(zone).formatToParts(slot * SLOT_MS)) {
    if (part.type === 'year') year = part.value;
    else if (part.type === 'month') month = part.value;
    else if (part.type === 'day') day = part.value;
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'weekday') weekday = WEEKDAYS[part.value] ?? 0;
  }
  const value = { day: `${year}-${month}-${day}`, hourOfWeek: weekday * 24 + hour };
  if (cache.size >= SLOT_CACHE_MAX) cache.clear();
  cache.set(slot, value);
  return value;
}

/** The shop's local day of an instant, `YYYY-MM-DD`. */
export function localDay(zone: string, at: number): string {
  return localSlot(zone, at).day;
}

/** 0 = Monday 00:00–00:59 … 167 = Sunday 23:00–23:59, in the shop's zone. */
export function hourOfWeek(zone: string, at: number): number {
  return localSlot(zone, at).hourOfWeek;
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Calendar arithmetic on `YYYY-MM-DD` (no zone involved: a local day plus n days is a local day). */
export function addDays(day: string, n: number): string {
  const m = DAY_RE.exec(day);
  if (!m) throw new Error(`Not a day: ${day}`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + n));
  return d.toISOString().slice(0, 10);
}

export function isDay(day: string): boolean {
  const m = DAY_RE.exec(day);
  return m !== null && addDays(day, 0) === day;
}

/** The zone this computer is set to (the default shop zone). */
export function systemZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
