import { describe, expect, it } from 'vitest';
import { addDays, hourOfWeek, isDay, localDay } from './time';

describe('local days and hours of the week', () => {
  const cases: [string, string, number, string, number][] = [
    // 2026-11-23 is a Monday.
    ['Seoul, Monday 00:30 local', 'Asia/Seoul', Date.UTC(2026, 10, 22, 15, 30), '2026-11-23', 0],
    ['UTC, Sunday 23:59', 'UTC', Date.UTC(2026, 10, 29, 23, 59), '2026-11-29', 167],
    ['India (+5:30), Monday 05:29 local is still hour 5', 'Asia/Kolkata', Date.UTC(2026, 10, 22, 23, 59), '2026-11-23', 5],
    ['New York across the DST change (2026-11-01 01:30 EST)', 'America/New_York', Date.UTC(2026, 10, 1, 6, 30), '2026-11-01', 6 * 24 + 1],
  ];
  it.each(cases)('%s', (_name, zone, at, day, how) => {
    expect(localDay(zone, at)).toBe(day);
    expect(hourOfWeek(zone, at)).toBe(how);
  });

  it('adds days across months and leap years, and checks day strings', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay('2026-02-28')).toBe(true);
  });
});
