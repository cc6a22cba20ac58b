import { describe, expect, it } from 'vitest';
import { describeOpening, fillOpens, instantOf, nextOpening, openAt, openMsBetween, weekdayOf, type Opening } from './hours';
import type { BusinessHours } from './rules';

const utc = (iso: string) => Date.parse(iso);

/** A Seoul shop: weekdays 10–19 with a lunch break on Friday, Saturday 11–15, closed Sunday; Christmas off. */
const SEOUL: BusinessHours = {
  timeZone: 'Asia/Seoul',
  days: {
    mon: [['10:00', '19:00']],
    tue: [['10:00', '19:00']],
    wed: [['10:00', '19:00']],
    thu: [['10:00', '19:00']],
    fri: [['10:00', '12:00'], ['13:00', '19:00']],
    sat: [['11:00', '15:00']],
    sun: [],
  },
  holidays: ['2026-12-25'],
  closedToday: null,
};

/** The same hours in Los Angeles, which changes its clocks (2027-03-14 02:00 → 03:00, 2026-11-01 02:00 → 01:00). */
const LA: BusinessHours = { ...SEOUL, timeZone: 'America/Los_Angeles', holidays: [] };

/** Open late on Monday into the night, on a shop that also opens at midnight on Tuesday. */
const NIGHT: BusinessHours = { timeZone: 'Asia/Seoul', days: { mon: [['18:00', '24:00']], tue: [['00:00', '02:00']] }, holidays: [], closedToday: null };

describe('weekdayOf', () => {
  it.each([
    ['2026-12-07', 'mon'],
    ['2026-12-05', 'sat'],
    ['2026-12-06', 'sun'],
    ['2024-02-29', 'thu'],
  ])('%s is %s', (day, weekday) => expect(weekdayOf(day)).toBe(weekday));
});

/** [why, hours, instant (UTC), open?, reason or closing instant] */
const AT: ReadonlyArray<readonly [string, BusinessHours, string, boolean, string]> = [
  ['Seoul Monday 10:00 (01:00 UTC): opens on the minute', SEOUL, '2026-12-07T01:00:00Z', true, '2026-12-07T10:00:00Z'],
  ['Seoul Monday 09:59', SEOUL, '2026-12-07T00:59:00Z', false, 'outside_hours'],
  ['Seoul Monday 19:00: the end is not included', SEOUL, '2026-12-07T10:00:00Z', false, 'outside_hours'],
  ['Seoul Monday 18:59', SEOUL, '2026-12-07T09:59:00Z', true, '2026-12-07T10:00:00Z'],
  ['Seoul Friday 12:30: the lunch break', SEOUL, '2026-12-11T03:30:00Z', false, 'outside_hours'],
  ['Seoul Friday 13:00', SEOUL, '2026-12-11T04:00:00Z', true, '2026-12-11T10:00:00Z'],
  ['Seoul Sunday noon: an empty day', SEOUL, '2026-12-06T03:00:00Z', false, 'outside_hours'],
  ['Seoul Friday 25 December: a holiday', SEOUL, '2026-12-25T03:00:00Z', false, 'holiday'],
  ['Sunday 20 December 23:30 UTC is already Monday 08:30 in Seoul', SEOUL, '2026-12-20T23:30:00Z', false, 'outside_hours'],
  ['Sunday 20 December 01:30 UTC is Monday 10:30 in Seoul', SEOUL, '2026-12-21T01:30:00Z', true, '2026-12-21T10:00:00Z'],
  ['closed today, on that day', { ...SEOUL, closedToday: '2026-12-07' }, '2026-12-07T03:00:00Z', false, 'closed_today'],
  ['closed today ends by itself the next day', { ...SEOUL, closedToday: '2026-12-07' }, '2026-12-08T03:00:00Z', true, '2026-12-08T10:00:00Z'],
  ['a missing day is closed', { ...SEOUL, days: { mon: [['10:00', '19:00']] } }, '2026-12-08T03:00:00Z', false, 'outside_hours'],
  ['Monday 23:59 in a night shop, open until midnight', NIGHT, '2026-12-07T14:59:00Z', true, '2026-12-07T15:00:00Z'],
  ['past midnight it is Tuesday’s own range', NIGHT, '2026-12-07T15:30:00Z', true, '2026-12-07T17:00:00Z'],
  // DST: 10:00 in Los Angeles is 18:00 UTC in winter (PST) and 17:00 UTC in summer (PDT); Seoul never changes.
  ['LA Monday 8 March 2027 17:00 UTC = 09:00 PST: closed', LA, '2027-03-08T17:00:00Z', false, 'outside_hours'],
  ['LA Monday 15 March 2027 17:00 UTC = 10:00 PDT: open', LA, '2027-03-15T17:00:00Z', true, '2027-03-16T02:00:00Z'],
  ['Seoul the same instant 15 March 17:00 UTC = Tuesday 02:00 KST: closed', SEOUL, '2027-03-15T17:00:00Z', false, 'outside_hours'],
  ['LA Monday 2 November 2026 18:00 UTC = 10:00 PST (after the fall back): open', LA, '2026-11-02T18:00:00Z', true, '2026-11-03T03:00:00Z'],
  ['LA Monday 2 November 2026 17:30 UTC = 09:30 PST: closed', LA, '2026-11-02T17:30:00Z', false, 'outside_hours'],
];

describe('openAt: open or closed at an instant, in the shop’s zone', () => {
  it.each(AT)('%s', (_why, hours, at, open, then) => {
    const s = openAt(hours, utc(at));
    expect(s.open).toBe(open);
    if (s.open) expect(new Date(s.closesAt).toISOString()).toBe(new Date(utc(then)).toISOString());
    else expect(s.reason).toBe(then);
  });
});

describe('instantOf across clock changes', () => {
  it.each([
    ['Seoul 10:00', 'Asia/Seoul', '2026-12-07', 600, '2026-12-07T01:00:00.000Z'],
    ['Seoul 24:00 is the next midnight', 'Asia/Seoul', '2026-12-07', 1440, '2026-12-07T15:00:00.000Z'],
    ['LA 10:00 on the spring-forward day (PDT)', 'America/Los_Angeles', '2027-03-14', 600, '2027-03-14T17:00:00.000Z'],
    ['LA 02:30 does not exist that day: the instant the clock reads 03:30', 'America/Los_Angeles', '2027-03-14', 150, '2027-03-14T10:30:00.000Z'],
    ['LA 01:30 happens twice on the fall-back day: the first (PDT)', 'America/Los_Angeles', '2026-11-01', 90, '2026-11-01T08:30:00.000Z'],
    ['LA 10:00 on the fall-back day (PST)', 'America/Los_Angeles', '2026-11-01', 600, '2026-11-01T18:00:00.000Z'],
  ])('%s', (_why, zone, day, minutes, iso) => {
    expect(new Date(instantOf(zone, day, minutes)).toISOString()).toBe(iso);
  });
});

/** [why, hours, now (UTC), opening: local day and time, instant (UTC)] */
const NEXT: ReadonlyArray<readonly [string, BusinessHours, string, string, string, string]> = [
  ['open now: now', SEOUL, '2026-12-07T03:00:00Z', '2026-12-07', '12:00', '2026-12-07T03:00:00Z'],
  ['Monday 08:00: today 10:00', SEOUL, '2026-12-06T23:00:00Z', '2026-12-07', '10:00', '2026-12-07T01:00:00Z'],
  ['Monday 20:00: tomorrow 10:00', SEOUL, '2026-12-07T11:00:00Z', '2026-12-08', '10:00', '2026-12-08T01:00:00Z'],
  ['Friday lunch: 13:00 the same day', SEOUL, '2026-12-11T03:30:00Z', '2026-12-11', '13:00', '2026-12-11T04:00:00Z'],
  ['Saturday 16:00: past Sunday to Monday', SEOUL, '2026-12-12T07:00:00Z', '2026-12-14', '10:00', '2026-12-14T01:00:00Z'],
  ['Thursday evening before the Christmas holiday: Saturday', SEOUL, '2026-12-24T11:00:00Z', '2026-12-26', '11:00', '2026-12-26T02:00:00Z'],
  ['closed today at 09:00: tomorrow', { ...SEOUL, closedToday: '2026-12-07' }, '2026-12-07T00:00:00Z', '2026-12-08', '10:00', '2026-12-08T01:00:00Z'],
  ['LA Saturday evening before spring forward: Monday 10:00 PDT', LA, '2027-03-14T02:00:00Z', '2027-03-15', '10:00', '2027-03-15T17:00:00Z'],
  ['LA Saturday evening before fall back: Monday 10:00 PST', LA, '2026-11-01T02:00:00Z', '2026-11-02', '10:00', '2026-11-02T18:00:00Z'],
];

describe('nextOpening: when the shop will answer', () => {
  it.each(NEXT)('%s', (_why, hours, now, day, time, at) => {
    const o = nextOpening(hours, utc(now));
    expect(o && { day: o.day, time: o.time, at: new Date(o.at).toISOString() }).toEqual({ day, time, at: new Date(utc(at)).toISOString() });
  });

  it('a shop with no hours never opens', () => {
    expect(nextOpening({ timeZone: 'Asia/Seoul', days: {}, holidays: [], closedToday: null }, utc('2026-12-07T00:00:00Z'))).toBeUndefined();
  });
});

describe('describeOpening and {opens}', () => {
  const o = (day: string, time: string, weekday: Opening['weekday']): Opening => ({ at: 0, day, time, weekday });
  it.each([
    [o('2026-12-07', '18:00', 'mon'), '2026-12-07', 'ko', '오늘 18:00'],
    [o('2026-12-08', '10:00', 'tue'), '2026-12-07', 'en', 'tomorrow 10:00'],
    [o('2026-12-08', '10:00', 'tue'), '2026-12-07', 'zh-Hant', '明天 10:00'],
    [o('2026-12-14', '10:00', 'mon'), '2026-12-12', 'ko', '월요일 10:00'],
    [o('2026-12-14', '10:00', 'mon'), '2026-12-12', 'en', 'Monday 10:00'],
    [o('2026-12-14', '10:00', 'mon'), '2026-12-12', 'zh-Hant', '星期一 10:00'],
    [o('2027-01-04', '10:00', 'mon'), '2026-12-24', 'ko', '1월 4일 10:00'],
    [o('2027-01-04', '10:00', 'mon'), '2026-12-24', 'en', '4 Jan 10:00'],
    [o('2027-01-04', '10:00', 'mon'), '2026-12-24', 'zh-Hant', '1月4日 10:00'],
  ] as const)('%j from %s in %s: %s', (opening, from, language, words) => {
    expect(describeOpening(opening, from, language)).toBe(words);
  });

  it('fills the away message', () => {
    expect(fillOpens('지금은 영업시간이 아니에요. {opens}부터 답해 드릴게요.', SEOUL, utc('2026-12-12T07:00:00Z'), 'ko')).toBe('지금은 영업시간이 아니에요. 월요일 10:00부터 답해 드릴게요.');
    expect(fillOpens('We are closed. Back {opens}.', SEOUL, utc('2026-12-07T11:00:00Z'), 'en')).toBe('We are closed. Back tomorrow 10:00.');
    expect(fillOpens('We are closed for now {opens}.', { ...SEOUL, days: {} }, utc('2026-12-07T11:00:00Z'), 'en')).toBe('We are closed for now.');
    expect(fillOpens('No variable.', SEOUL, 0, 'en')).toBe('No variable.');
  });
});

describe('openMsBetween: open time between two instants', () => {
  const MIN = 60_000;
  it.each([
    ['inside one range', SEOUL, '2026-12-01T02:00:00Z', '2026-12-01T02:30:00Z', 30],
    ['22:00 → 10:05 the next morning: 5 minutes of open time', SEOUL, '2026-12-01T13:00:00Z', '2026-12-02T01:05:00Z', 5],
    ['across the Friday lunch break', SEOUL, '2026-12-04T02:30:00Z', '2026-12-04T04:30:00Z', 60],
    ['Saturday 14:00 → Monday 10:10 (Sunday closed)', SEOUL, '2026-12-05T05:00:00Z', '2026-12-07T01:10:00Z', 70],
    ['across Christmas (a holiday)', SEOUL, '2026-12-24T09:00:00Z', '2026-12-26T02:30:00Z', 90],
    ['the end before the start', SEOUL, '2026-12-01T03:00:00Z', '2026-12-01T02:00:00Z', 0],
    ['a late range and one from midnight', NIGHT, '2026-11-30T14:00:00Z', '2026-11-30T16:00:00Z', 120],
    ['Los Angeles across the spring clock change', LA, '2027-03-13T22:00:00Z', '2027-03-15T17:00:00Z', 60],
  ] as const)('%s', (_name, hours, from, to, minutes) => {
    expect(openMsBetween(hours, utc(from), utc(to))).toBe(minutes * MIN);
  });

  it('a day switched closed counts as closed', () => {
    expect(openMsBetween({ ...SEOUL, closedToday: '2026-12-01' }, utc('2026-12-01T01:00:00Z'), utc('2026-12-01T03:00:00Z'))).toBe(0);
  });
});
