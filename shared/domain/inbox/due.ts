/**
 * When an answer is due, and how long the 24-hour service window stays open.
 * - Due times (DOMAIN.md §4, the seed's "등급별 처리"): high 15 min, medium 1 h, low 24 h from the message, as a
 *   settings value the shop may change. Plain elapsed time: a message at 23:50 with 15 minutes is due at 00:05 the
 *   next day, whatever the zone (business hours are a later slice).
 * - The service window (DOMAIN.md §2): a customer's message opens 24 h in which any free-form message may be sent;
 *   after it only a template.
 * Time is always a parameter.
 */
import type { Priority } from './triage';

export type DueSettings = Readonly<Record<Priority, number>>;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const DEFAULT_DUE: DueSettings = { high: 15 * MINUTE, medium: HOUR, low: 24 * HOUR };

/** The longest answer time a shop may set (a week) and the shortest (a minute). */
export const DUE_MAX_MS = 7 * 24 * HOUR;
export const DUE_MIN_MS = MINUTE;

/** When an answer to a message received at `receivedAt` with this priority is due. */
export function dueAt(receivedAt: number, priority: Priority, settings: DueSettings = DEFAULT_DUE): number {
  return receivedAt + settings[priority];
}

/** Past due at `now` (due exactly now counts as overdue: the time is up). */
export function isOverdue(due: number, now: number): boolean {
  return now >= due;
}

export type ParsedDue = { ok: true; value: DueSettings } | { ok: false; problems: Array<{ field: Priority | ''; problem: 'not_an_object' | 'bad_value' | 'out_of_range' | 'out_of_order' }> };

/**
 * Checks due settings from `unknown` (Settings, a file): whole minutes between a minute and a week, missing ones
 * default, and a higher priority never due later than a lower one (high ≤ medium ≤ low).
 */
export function parseDueSettings(input: unknown): ParsedDue {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, problems: [{ field: '', problem: 'not_an_object' }] };
  const raw = input as Record<string, unknown>; // an object, checked just above
  const problems: Array<{ field: Priority | ''; problem: 'bad_value' | 'out_of_range' | 'out_of_order' }> = [];
  const pick = (p: Priority): number => {
    const v = raw[p];
    if (v === undefined) return DEFAULT_DUE[p];
    if (typeof v !== 'number' || !Number.isInteger(v) || v % MINUTE !== 0) {
      problems.push({ field: p, problem: 'bad_value' });
      return DEFAULT_DUE[p];
    }
    if (v < DUE_MIN_MS || v > DUE_MAX_MS) problems.push({ field: p, problem: 'out_of_range' });
    return v;
  };
  const value = { high: pick('high'), medium: pick('medium'), low: pick('low') };
  if (problems.length === 0) {
    if (value.high > value.medium) problems.push({ field: 'high', problem: 'out_of_order' });
    if (value.medium > value.low) problems.push({ field: 'medium', problem: 'out_of_order' });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
}

// ── The 24-hour service window ───────────────────────────────────────────────────────────────────────────────

export const SERVICE_WINDOW_MS = 24 * HOUR;

export type ServiceWindow = { open: true; closesAt: number; leftMs: number } | { open: false; closedAt?: number };

/**
 * The window after the customer's last message: open with the time left, or closed (`closedAt` when there was a
 * message, none when the customer never wrote).
 */
export function serviceWindow(lastInboundAt: number | undefined, now: number): ServiceWindow {
  if (lastInboundAt === undefined) return { open: false };
  const closesAt = lastInboundAt + SERVICE_WINDOW_MS;
  return now < closesAt ? { open: true, closesAt, leftMs: closesAt - now } : { open: false, closedAt: closesAt };
}

/** A span as whole hours and minutes, rounded down ("13 h 20 min"); the words are the UI's. */
export function hoursAndMinutes(ms: number): { hours: number; minutes: number } {
  const total = Math.max(0, Math.floor(ms / MINUTE));
  return { hours: Math.floor(total / 60), minutes: total % 60 };
}
