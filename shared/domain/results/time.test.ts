import { describe, expect, it } from 'vitest';
import { addDays, hourOfWeek, isDay, localDateTime, localDay } from './time';

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

describe('agrees with Intl at every quarter hour across a year of clock changes', () => {
  it.each(['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/Santiago'])('%s', (zone) => {
    const f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', weekday: 'long' });
    const names = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
    const start = Date.UTC(2026, 0, 1);
    for (let at = start; at < start + 366 * 86_400_000; at += 23 * 60_000) {
      const parts = f.formatToParts(at);
      const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
      const day = `${get('year')}-${get('month')}-${get('day')}`;
      const how = names.indexOf(get('weekday')) * 24 + Number(get('hour'));
      if (localDay(zone, at) !== day || hourOfWeek(zone, at) !== how) throw new Error(`${zone} at ${new Date(at).toISOString()}: ${localDay(zone, at)} ${hourOfWeek(zone, at)} ≠ ${day} ${how}`);
    }
  });
});

describe('localDateTime', () => {
  it('writes the shop’s wall clock to the minute, across a daylight-saving change', () => {
    expect(localDateTime('Asia/Seoul', Date.UTC(2026, 10, 23, 15, 30, 59))).toBe('2026-11-24 00:30');
    expect(localDateTime('UTC', Date.UTC(1969, 11, 31, 23, 59, 30))).toBe('1969-12-31 23:59');
    // New York: 2026-03-08 01:59 EST, then 03:00 EDT a minute later.
    expect(localDateTime('America/New_York', Date.UTC(2026, 2, 8, 6, 59))).toBe('2026-03-08 01:59');
    expect(localDateTime('America/New_York', Date.UTC(2026, 2, 8, 7, 0))).toBe('2026-03-08 03:00');
  });
});
