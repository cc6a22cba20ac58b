import { describe, expect, it } from 'vitest';
import { DEFAULT_DUE, dueAt, hoursAndMinutes, isOverdue, parseDueSettings, serviceWindow, SERVICE_WINDOW_MS } from './due';

const at = (iso: string) => Date.parse(iso);

describe('due times', () => {
  it.each([
    // 23:50 in Seoul (14:50 UTC) with 15 minutes is due at 00:05 the next day in Seoul.
    ['2026-12-01T14:50:00Z', 'high', '2026-12-01T15:05:00Z'],
    // 23:30 UTC with an hour crosses midnight UTC.
    ['2026-12-31T23:30:00Z', 'medium', '2027-01-01T00:30:00Z'],
    ['2026-12-01T02:00:00Z', 'low', '2026-12-02T02:00:00Z'],
  ] as const)('a %s message with %s priority is due at %s', (received, priority, due) => {
    expect(dueAt(at(received), priority)).toBe(at(due));
  });

  it('uses the shop’s own answer times', () => {
    expect(dueAt(0, 'high', { ...DEFAULT_DUE, high: 5 * 60_000 })).toBe(5 * 60_000);
  });

  it('is overdue from the due instant on, not before', () => {
    const due = at('2026-12-01T15:05:00Z');
    expect(isOverdue(due, due - 1)).toBe(false);
    expect(isOverdue(due, due)).toBe(true);
  });
});

describe('parseDueSettings', () => {
  it('fills missing priorities with the defaults', () => {
    expect(parseDueSettings({ high: 10 * 60_000 })).toEqual({ ok: true, value: { ...DEFAULT_DUE, high: 10 * 60_000 } });
  });
  it.each([
    [{ high: 'soon' }, 'high', 'bad_value'],
    [{ high: 1_000 }, 'high', 'bad_value'],
    [{ low: 30 * 86_400_000 }, 'low', 'out_of_range'],
    [{ high: 2 * 3_600_000 }, 'high', 'out_of_order'],
  ])('refuses %j (%s: %s)', (input, field, problem) => {
    const r = parseDueSettings(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toContainEqual({ field, problem });
  });
});

describe('the 24-hour service window', () => {
  const wrote = at('2026-12-01T02:00:00Z');
  it('is closed when the customer never wrote', () => {
    expect(serviceWindow(undefined, wrote)).toEqual({ open: false });
  });
  it('is open with the time left until 24 h after their message', () => {
    const now = wrote + 10 * 3_600_000 + 40 * 60_000;
    expect(serviceWindow(wrote, now)).toEqual({ open: true, closesAt: wrote + SERVICE_WINDOW_MS, leftMs: 13 * 3_600_000 + 20 * 60_000 });
    expect(hoursAndMinutes(13 * 3_600_000 + 20 * 60_000 + 59_999)).toEqual({ hours: 13, minutes: 20 });
  });
  it('is closed from exactly 24 h on', () => {
    expect(serviceWindow(wrote, wrote + SERVICE_WINDOW_MS)).toEqual({ open: false, closedAt: wrote + SERVICE_WINDOW_MS });
  });
});
