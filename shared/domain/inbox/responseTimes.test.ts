import { describe, expect, it } from 'vitest';
import { DEFAULT_DUE } from './due';
import { replyRateByLabel, responseTimes, stretchesOf, type ReceivedMessage, type ResponseEvent } from './responseTimes';

const MIN = 60_000;
const at = (iso: string) => Date.parse(iso);
const A = '+821011110000';
const B = '+821022220000';

const inbound = (identity: string, iso: string, priority: 'high' | 'medium' | 'low' = 'medium'): ResponseEvent => ({ kind: 'inbound', identity, at: at(iso), priority });
const answer = (identity: string, iso: string, over: { staff?: string; automatic?: boolean } = {}): ResponseEvent => ({ kind: 'answer', identity, at: at(iso), ...over });
const done = (identity: string, iso: string): ResponseEvent => ({ kind: 'done', identity, at: at(iso) });

// The period: 1 December 2026 in Seoul (UTC+9), 00:00 to 24:00 local.
const FROM = at('2026-11-30T15:00:00Z');
const TO = at('2026-12-01T15:00:00Z');
const NOW = at('2026-12-03T00:00:00Z');
const run = (events: ResponseEvent[], now = NOW) => responseTimes(events, { from: FROM, to: TO, now });

describe('stretches', () => {
  it.each<[string, ResponseEvent[], Array<{ startAt: string; messages: number; end?: 'answer' | 'done' }>]>([
    ['one question, one answer', [inbound(A, '2026-12-01T01:00:00Z'), answer(A, '2026-12-01T01:10:00Z')], [{ startAt: '2026-12-01T01:00:00Z', messages: 1, end: 'answer' }]],
    [
      'three messages before the answer are one stretch',
      [inbound(A, '2026-12-01T01:00:00Z'), inbound(A, '2026-12-01T01:02:00Z'), inbound(A, '2026-12-01T01:05:00Z'), answer(A, '2026-12-01T01:10:00Z')],
      [{ startAt: '2026-12-01T01:00:00Z', messages: 3, end: 'answer' }],
    ],
    [
      'writing again after the answer starts a second stretch',
      [inbound(A, '2026-12-01T01:00:00Z'), answer(A, '2026-12-01T01:10:00Z'), inbound(A, '2026-12-01T02:00:00Z')],
      [{ startAt: '2026-12-01T01:00:00Z', messages: 1, end: 'answer' }, { startAt: '2026-12-01T02:00:00Z', messages: 1 }],
    ],
    [
      'a second answer in a row changes nothing; done ends a stretch without one',
      [inbound(A, '2026-12-01T01:00:00Z'), answer(A, '2026-12-01T01:10:00Z'), answer(A, '2026-12-01T01:11:00Z'), inbound(A, '2026-12-01T03:00:00Z'), done(A, '2026-12-01T03:01:00Z')],
      [{ startAt: '2026-12-01T01:00:00Z', messages: 1, end: 'answer' }, { startAt: '2026-12-01T03:00:00Z', messages: 1, end: 'done' }],
    ],
    ['an answer before anyone wrote starts nothing', [answer(A, '2026-12-01T00:00:00Z'), inbound(A, '2026-12-01T01:00:00Z')], [{ startAt: '2026-12-01T01:00:00Z', messages: 1 }]],
    // Given in any order: sorted by time.
    ['events out of order', [answer(A, '2026-12-01T01:10:00Z'), inbound(A, '2026-12-01T01:00:00Z')], [{ startAt: '2026-12-01T01:00:00Z', messages: 1, end: 'answer' }]],
  ])('%s', (_, events, expected) => {
    const got = stretchesOf(events).map((s) => ({ startAt: new Date(s.startAt).toISOString().replace('.000', ''), messages: s.messages.length, ...(s.end ? { end: s.end.kind } : {}) }));
    expect(got).toEqual(expected);
  });

  it('a stretch is as urgent as its most urgent message, due at the earliest due time; a person’s change applies to all of it', () => {
    const [s] = stretchesOf([inbound(A, '2026-12-01T01:00:00Z', 'low'), inbound(A, '2026-12-01T02:00:00Z', 'high')]);
    expect(s).toMatchObject({ priority: 'high', dueAt: at('2026-12-01T02:15:00Z') });
    const [lowered] = stretchesOf([inbound(A, '2026-12-01T01:00:00Z', 'high'), { kind: 'priority', identity: A, at: at('2026-12-01T01:01:00Z'), priority: 'low' }]);
    expect(lowered).toMatchObject({ priority: 'low', dueAt: at('2026-12-02T01:00:00Z') });
  });
});

describe('response times over a period', () => {
  it('states that every hour counts (business hours are not modelled)', () => {
    expect(run([]).hours).toBe('all');
  });

  it.each<[string, ResponseEvent[], Partial<ReturnType<typeof run>>]>([
    ['nothing happened', [], { stretches: 0, answered: 0, firstResponseMs: null, averageResponseMs: null, share: null }],
    [
      // 23:50 Seoul, answered at 00:04 the next day (after the period ends): the answer still counts for its stretch.
      'across midnight: the stretch belongs to the day it started',
      [inbound(A, '2026-12-01T14:50:00Z', 'high'), answer(A, '2026-12-01T15:04:00Z')],
      { stretches: 1, answered: 1, firstResponseMs: 14 * MIN, withinDue: 1, judged: 1, share: 1 },
    ],
    ['a stretch that started before the period is not this period’s', [inbound(A, '2026-11-30T14:50:00Z'), inbound(A, '2026-11-30T15:10:00Z'), answer(A, '2026-11-30T15:20:00Z')], { stretches: 0 }],
    [
      'first response from the first message; average over every message of the stretch',
      [inbound(A, '2026-12-01T01:00:00Z'), inbound(A, '2026-12-01T01:20:00Z'), answer(A, '2026-12-01T01:30:00Z')],
      { answered: 1, firstResponseMs: 30 * MIN, averageResponseMs: 20 * MIN },
    ],
    [
      'several stretches and customers: mean and median',
      [
        inbound(A, '2026-12-01T01:00:00Z'),
        answer(A, '2026-12-01T01:10:00Z'),
        inbound(A, '2026-12-01T02:00:00Z'),
        answer(A, '2026-12-01T02:40:00Z'),
        inbound(B, '2026-12-01T03:00:00Z'),
        answer(B, '2026-12-01T04:30:00Z'),
      ],
      { stretches: 3, answered: 3, firstResponseMs: (10 + 40 + 90) * MIN / 3, medianFirstResponseMs: 40 * MIN, withinDue: 2, judged: 3 },
    ],
    [
      'answered exactly at the due time is late (the inbox marks it overdue then)',
      [inbound(A, '2026-12-01T01:00:00Z', 'high'), answer(A, '2026-12-01T01:15:00Z')],
      { withinDue: 0, judged: 1, share: 0 },
    ],
    [
      'automatic answers end the stretch but are counted apart',
      [inbound(A, '2026-12-01T01:00:00Z'), answer(A, '2026-12-01T01:00:05Z', { automatic: true }), answer(A, '2026-12-01T01:30:00Z', { staff: '민지' }), inbound(B, '2026-12-01T02:00:00Z'), answer(B, '2026-12-01T02:20:00Z')],
      { stretches: 2, answered: 1, firstResponseMs: 20 * MIN, judged: 1, automatic: { answered: 1, firstResponseMs: 5_000 } },
    ],
  ])('%s', (_, events, expected) => {
    expect(run(events)).toMatchObject(expected);
  });

  it('unanswered: late once past due (judged), not yet due left out, done without an answer left out', () => {
    const events = [inbound(A, '2026-12-01T01:00:00Z', 'high'), inbound(B, '2026-12-01T14:00:00Z', 'low'), inbound('+821033330000', '2026-12-01T02:00:00Z'), done('+821033330000', '2026-12-01T02:05:00Z')];
    expect(run(events, at('2026-12-01T20:00:00Z'))).toMatchObject({ stretches: 3, answered: 0, overdue: 1, pending: 1, closedWithoutAnswer: 1, withinDue: 0, judged: 1, share: 0 });
    // A day later the low one is past its 24 h too.
    expect(run(events, at('2026-12-02T14:00:00Z'))).toMatchObject({ overdue: 2, pending: 0, judged: 2 });
  });

  it('at an earlier clock the same unanswered stretch is not yet due', () => {
    const events = [inbound(A, '2026-12-01T01:00:00Z', 'high')];
    expect(run(events, at('2026-12-01T01:14:59Z'))).toMatchObject({ overdue: 0, pending: 1, judged: 0, share: null });
    expect(run(events, at('2026-12-01T01:15:00Z'))).toMatchObject({ overdue: 1, pending: 0, judged: 1, share: 0 });
  });

  it('splits the within-due share by priority with the shop’s own answer times', () => {
    const events = [
      inbound(A, '2026-12-01T01:00:00Z', 'high'),
      answer(A, '2026-12-01T01:08:00Z'), // 8 min: within 10 min
      inbound(B, '2026-12-01T01:00:00Z', 'high'),
      answer(B, '2026-12-01T01:12:00Z'), // 12 min: late
      inbound('+821033330000', '2026-12-01T02:00:00Z', 'low'),
      answer('+821033330000', '2026-12-01T20:00:00Z'), // 18 h: within 24 h
    ];
    const r = responseTimes(events, { from: FROM, to: TO, now: NOW, due: { ...DEFAULT_DUE, high: 10 * MIN } });
    expect(r.byPriority).toEqual([
      { priority: 'high', dueMs: 10 * MIN, judged: 2, withinDue: 1, share: 0.5 },
      { priority: 'medium', dueMs: 60 * MIN, judged: 0, withinDue: 0, share: null },
      { priority: 'low', dueMs: 24 * 60 * MIN, judged: 1, withinDue: 1, share: 1 },
    ]);
  });

  it('per staff member, most answered first and "not named" last', () => {
    const C = '+821033330000';
    const events = [
      inbound(A, '2026-12-01T01:00:00Z'),
      answer(A, '2026-12-01T01:30:00Z', { staff: '민지' }),
      inbound(B, '2026-12-01T01:00:00Z'),
      answer(B, '2026-12-01T03:00:00Z', { staff: '민지' }),
      inbound(C, '2026-12-01T01:00:00Z'),
      answer(C, '2026-12-01T01:10:00Z'),
      inbound(A, '2026-12-01T05:00:00Z'),
      answer(A, '2026-12-01T05:20:00Z', { staff: 'Alex' }),
    ];
    expect(run(events).byStaff).toEqual([
      { staff: '민지', answered: 2, firstResponseMs: 75 * MIN, withinDue: 1, share: 0.5 },
      { staff: 'Alex', answered: 1, firstResponseMs: 20 * MIN, withinDue: 1, share: 1 },
      { staff: null, answered: 1, firstResponseMs: 10 * MIN, withinDue: 1, share: 1 },
    ]);
  });
});

describe('counting business hours only', () => {
  // A Seoul shop open 10:00–19:00 every day (2026-12-01 is a Tuesday).
  const day: [string, string][] = [['10:00', '19:00']];
  const HOURS = { timeZone: 'Asia/Seoul', days: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day }, holidays: [], closedToday: null };
  it('a message at 22:00 answered at 10:05 the next morning waited 5 minutes of open time (12 h 5 min on the clock)', () => {
    const events = [inbound(A, '2026-12-01T13:00:00Z'), answer(A, '2026-12-02T01:05:00Z')];
    const opts = { from: FROM, to: at('2026-12-02T15:00:00Z'), now: NOW };
    const clock = responseTimes(events, opts);
    const open = responseTimes(events, { ...opts, businessHours: HOURS });
    expect([clock.hours, clock.firstResponseMs]).toEqual(['all', 725 * MIN]);
    expect([open.hours, open.firstResponseMs, open.averageResponseMs, open.byStaff[0]?.firstResponseMs]).toEqual(['business', 5 * MIN, 5 * MIN, 5 * MIN]);
  });
  it('inside open hours both ways agree', () => {
    const events = [inbound(A, '2026-12-01T02:00:00Z'), inbound(A, '2026-12-01T02:10:00Z'), answer(A, '2026-12-01T02:30:00Z')];
    const open = responseTimes(events, { from: FROM, to: TO, now: NOW, businessHours: HOURS });
    expect([open.firstResponseMs, open.averageResponseMs]).toEqual([30 * MIN, 25 * MIN]);
  });
});

describe('reply rate by label', () => {
  const m = (identity: string, labels: string[], replied: boolean): ReceivedMessage => ({ identity, labels, replied });

  it.each<[string, ReceivedMessage[], Array<{ label: string; received: number; replied: number; rate: number | null; low: boolean }>]>([
    ['nobody received anything', [], []],
    [
      'each customer once, however many messages; a reply to any of them counts',
      [m('a', ['VIP'], false), m('a', ['VIP'], true), m('b', ['VIP'], false)],
      [{ label: 'VIP', received: 2, replied: 1, rate: 0.5, low: false }],
    ],
    [
      'under 10 % is flagged, exactly 10 % is not; lowest first',
      [
        ...Array.from({ length: 11 }, (_, i) => m(`n${i}`, ['New'], i === 0)), // 1 of 11 ≈ 9.1 %
        ...Array.from({ length: 10 }, (_, i) => m(`v${i}`, ['VIP'], i === 0)), // 1 of 10 = 10 %
      ],
      [
        { label: 'New', received: 11, replied: 1, rate: 1 / 11, low: true },
        { label: 'VIP', received: 10, replied: 1, rate: 0.1, low: false },
      ],
    ],
    [
      'a customer in two labels counts in both; a label listed twice once',
      [m('a', ['VIP', 'Seoul', 'VIP'], true), m('b', ['Seoul'], false)],
      [
        { label: 'Seoul', received: 2, replied: 1, rate: 0.5, low: false },
        { label: 'VIP', received: 1, replied: 1, rate: 1, low: false },
      ],
    ],
    ['nobody replied: 0 %, flagged', [m('a', ['Cold'], false)], [{ label: 'Cold', received: 1, replied: 0, rate: 0, low: true }]],
  ])('%s', (_, messages, expected) => {
    expect(replyRateByLabel(messages)).toEqual(expected);
  });
});
