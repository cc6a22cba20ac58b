import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_DUE } from '../../../../shared/domain/inbox/due';
import { compileRules, DEFAULT_TRIAGE_RULES } from '../../../../shared/domain/inbox/triage';
import type { AnswerView } from '../../../../shared/ipc/inbox';
import { LABEL_COLORS, type ShopcastDB } from '../../db/db';
import type { ResultsRow } from '../../db/rollups';
import { freshDb } from '../../db/testDb';
import { loadResponseReport, startOfDay, weeksPeriod } from './responseData';

const at = (iso: string) => Date.parse(iso);
const MIN = 60_000;
const A = '+821011110000';
const B = '+821022220000';
const rules = compileRules(DEFAULT_TRIAGE_RULES);

let db: ShopcastDB;
afterEach(() => db?.close());

describe('the period', () => {
  it.each([
    ['Asia/Seoul', '2026-12-01', '2026-11-30T15:00:00.000Z'],
    ['UTC', '2026-12-01', '2026-12-01T00:00:00.000Z'],
    // New York's clocks change at 02:00: midnight is still on the old offset.
    ['America/New_York', '2026-03-08', '2026-03-08T05:00:00.000Z'],
    ['America/New_York', '2026-03-09', '2026-03-09T04:00:00.000Z'],
    ['America/New_York', '2026-11-01', '2026-11-01T04:00:00.000Z'],
  ])('%s: %s starts at %s', (zone, day, iso) => {
    expect(new Date(startOfDay(zone, day)).toISOString()).toBe(iso);
  });

  it('the weekly review’s weeks: the first Monday 00:00 to the Monday after the chosen week', () => {
    expect(weeksPeriod('Asia/Seoul', '2026-11-30', 2)).toEqual({ from: at('2026-11-22T15:00:00Z'), to: at('2026-12-06T15:00:00Z') });
  });
});

const answer = (id: string, to: string, createdAt: number, over: Partial<AnswerView> = {}): AnswerView => ({
  id,
  to,
  content: { kind: 'text', body: 'ok' },
  channel: 'sandbox',
  createdAt,
  state: 'delivered',
  rev: 1,
  ...over,
});

const row = (job: string, contact: string, sentAt: number, labels: number[], repliedAt?: number): ResultsRow => ({
  job,
  campaign: 'c1',
  contact,
  phase: 'accepted',
  delivery: 'delivered',
  attempts: 1,
  at: sentAt + 1_000,
  rev: 1,
  acceptedAt: sentAt,
  labels,
  ...(repliedAt !== undefined ? { repliedAt } : {}),
});

describe('loadResponseReport', () => {
  it('gathers messages, people’s actions, answers and campaign messages into the period’s figures', async () => {
    db = freshDb();
    const now = at('2026-12-10T00:00:00Z');
    const { from, to } = weeksPeriod('Asia/Seoul', '2026-11-30', 1);
    await db.labels.bulkAdd([
      { id: 1, name: 'VIP', nameKey: 'vip', color: LABEL_COLORS[0], createdAt: 0, updatedAt: 0 },
      { id: 2, name: '신규', nameKey: '신규', color: LABEL_COLORS[0], createdAt: 0, updatedAt: 0 },
    ]);
    await db.inbox.bulkPut([
      // A wrote the evening before the week (Sunday 23:55 Seoul) and again on Monday: one wait, not this week's.
      { seq: 1, id: 'w1', from: A, type: 'text', text: '안녕하세요', at: at('2026-11-29T14:55:00Z'), optOut: 'none' },
      { seq: 2, id: 'w2', from: A, type: 'text', text: '있나요?', at: at('2026-11-29T15:05:00Z'), optOut: 'none' },
      // Then a payment problem (high) on Tuesday, answered by 민지 in 10 minutes.
      { seq: 3, id: 'w3', from: A, type: 'text', text: '결제가 안 돼요', at: at('2026-12-01T01:00:00Z'), optOut: 'none' },
      // B asks on Wednesday; the failed answer does not count, the second goes after 2 h: late for the hour.
      { seq: 4, id: 'w4', from: B, type: 'text', text: '재고 있어요?', at: at('2026-12-02T01:00:00Z'), optOut: 'none' },
      // B says thanks; a person marks it done.
      { seq: 5, id: 'w5', from: B, type: 'text', text: '감사합니다', at: at('2026-12-02T05:00:00Z'), optOut: 'none' },
    ]);
    await db.inboxActions.add({ identity: B, at: at('2026-12-02T05:01:00Z'), kind: 'status', status: 'done' });
    const answers = [
      answer('a0', A, at('2026-11-29T15:10:00Z')),
      answer('a1', A, at('2026-12-01T01:10:00Z'), { staff: '민지' }),
      answer('b0', B, at('2026-12-02T01:05:00Z'), { state: 'failed' }),
      answer('b1', B, at('2026-12-02T03:00:00Z')),
    ];
    await db.recipients.bulkPut([
      row('c1-1', A, at('2026-12-01T00:00:00Z'), [1], at('2026-12-01T01:00:00Z')),
      row('c1-2', B, at('2026-12-01T00:00:00Z'), [1, 2]),
      // Sent before the week: not this week's.
      row('c0-1', B, at('2026-11-20T00:00:00Z'), [2], at('2026-11-20T01:00:00Z')),
    ]);
    const tuesday = { from: at('2026-11-30T15:00:00Z'), to: at('2026-12-01T15:00:00Z') };
    const r = await loadResponseReport(db, { from, to, now, due: DEFAULT_DUE, rules, answers, split: [tuesday] });
    expect(r.byPeriod.map((p) => [p.stretches, p.firstResponseMs])).toEqual([[1, 10 * MIN]]);
    expect(r.times).toMatchObject({ stretches: 3, answered: 2, closedWithoutAnswer: 1, firstResponseMs: (10 + 120) * MIN / 2, withinDue: 1, judged: 2 });
    expect(r.times.byPriority.find((p) => p.priority === 'high')).toMatchObject({ judged: 1, withinDue: 1 });
    expect(r.times.byStaff).toEqual([
      { staff: '민지', answered: 1, firstResponseMs: 10 * MIN, withinDue: 1, share: 1 },
      { staff: null, answered: 1, firstResponseMs: 120 * MIN, withinDue: 0, share: 0 },
    ]);
    expect(r.labels).toEqual([
      { label: '2', name: '신규', received: 1, replied: 0, rate: 0, low: true },
      { label: '1', name: 'VIP', received: 2, replied: 1, rate: 0.5, low: false },
    ]);
  });
});
