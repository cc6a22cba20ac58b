/**
 * Local calendar facts for results: the shop's day (YYYY-MM-DD) and hour of the week (0 = Monday 00:00 … 167 =
 * Sunday 23:00) of an instant, in a time zone the caller passes (Intl does the DST arithmetic; no Date.now here).
 *
 * Rollups ask this for every step of every row, and formatToParts costs tens of microseconds, so the zone's UTC
 * offset is looked up once per UTC day (checked at both ends of the day: a day whose ends agree has one offset) and
 * the rest is arithmetic. Only on the rare day a zone changes its clocks is each quarter hour asked separately
 * (every zone's offset is a multiple of 15 minutes).
 */
const MINUTE = 60_000;
const SLOT_MS = 15 * MINUTE;
const DAY_MS = 86_400_000;
const CACHE_MAX = 100_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
/** zone → UTC day number → the offset all day, or null when it changes that day. */
const dayOffsets = new Map<string, Map<number, number | null>>();
/** zone → quarter-hour number → offset (only for days with a clock change). */
const slotOffsets = new Map<string, Map<number, number>>();
const dayNames = new Map<number, string>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    formatters.set(zone, f);
  }
  return f;
}

/** Local wall-clock time minus UTC at a whole minute, in ms. */
function offsetAt(zone: string, at: number): number {
  const minute = Math.floor(at / MINUTE) * MINUTE;
  const p: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(minute)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0) - minute;
}

function cacheFor<K, V>(all: Map<string, Map<K, V>>, zone: string): Map<K, V> {
  let m = all.get(zone);
  if (!m || m.size >= CACHE_MAX) {
    m = new Map();
    all.set(zone, m);
  }
  return m;
}

function offsetFor(zone: string, at: number): number {
  const day = Math.floor(at / DAY_MS);
  const days = cacheFor(dayOffsets, zone);
  let whole = days.get(day);
  if (whole === undefined) {
    const start = offsetAt(zone, day * DAY_MS);
    whole = start === offsetAt(zone, (day + 1) * DAY_MS - MINUTE) ? start : null;
    days.set(day, whole);
  }
  if (whole !== null) return whole;
  const slot = Math.floor(at / SLOT_MS);
  const slots = cacheFor(slotOffsets, zone);
  let o = slots.get(slot);
  if (o === undefined) {
    o = offsetAt(zone, slot * SLOT_MS);
    slots.set(slot, o);
  }
  return o;
}

/** The shop's local day of an instant, `YYYY-MM-DD`. */
export function localDay(zone: string, at: number): string {
  const n = Math.floor((at + offsetFor(zone, at)) / DAY_MS);
  let name = dayNames.get(n);
  if (name === undefined) {
    name = new Date(n * DAY_MS).toISOString().slice(0, 10);
    if (dayNames.size >= CACHE_MAX) dayNames.clear();
    dayNames.set(n, name);
  }
  return name;
}

/** The shop's local date and time of an instant, `YYYY-MM-DD HH:mm` (what a spreadsheet reads as a date and time). */
export function localDateTime(zone: string, at: number): string {
  const local = at + offsetFor(zone, at);
  return new Date(local - (local % 60_000 + 60_000) % 60_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** 0 = Monday 00:00–00:59 … 167 = Sunday 23:00–23:59, in the shop's zone. */
export function hourOfWeek(zone: string, at: number): number {
  const local = at + offsetFor(zone, at);
  const n = Math.floor(local / DAY_MS);
  // 1970-01-01 was a Thursday (3 with Monday = 0).
  const weekday = (((n + 3) % 7) + 7) % 7;
  return weekday * 24 + Math.floor((local - n * DAY_MS) / 3_600_000);
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
