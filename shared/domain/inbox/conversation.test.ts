import { describe, expect, it } from 'vitest';
import { foldConversation, foldConversations, inView, totalUnread, type ConversationEvent } from './conversation';
import type { Triage } from './triage';

const P = '+821012345678';
const MIN = 60_000;
const high: Triage = { priority: 'high', reason: 'payment_problem', word: '결제가안' };
const low: Triage = { priority: 'low', reason: 'thanks' };
const inbound = (at: number, triage: Triage, identity = P, text = 'x'): ConversationEvent => ({ kind: 'inbound', identity, at, id: `m${at}`, type: 'text', text, triage });

describe('foldConversation', () => {
  it('is nothing for a customer who only received a campaign', () => {
    expect(foldConversation([{ kind: 'campaign', identity: P, at: 1, id: 'j1', campaign: 'c1', stage: 'delivered' }])).toBeUndefined();
  });

  it('opens on a customer message, with its priority, reason and due time', () => {
    const c = foldConversation([{ kind: 'campaign', identity: P, at: 0, id: 'j1', campaign: 'c1', stage: 'read' }, inbound(10 * MIN, high)]);
    expect(c).toMatchObject({ status: 'open', unread: 1, priority: 'high', reason: 'payment_problem', reasonWord: '결제가안', dueAt: 25 * MIN, campaigns: ['c1'], lastActivityAt: 10 * MIN });
  });

  it('waits on the customer after our answer, and reopens when they write again', () => {
    const events = [inbound(0, high), { kind: 'answer', identity: P, at: 5 * MIN, id: 'a1', text: 'sorry' } as const];
    expect(foldConversation(events)).toMatchObject({ status: 'waiting', unread: 0, openItems: [] });
    expect(foldConversation(events)?.priority).toBeUndefined();
    const again = foldConversation([...events, inbound(30 * MIN, low)]);
    expect(again).toMatchObject({ status: 'open', unread: 1, priority: 'low', dueAt: 30 * MIN + 24 * 60 * MIN });
  });

  it('stays done until the customer writes, and then opens again', () => {
    const done = [inbound(0, low), { kind: 'status', identity: P, at: MIN, status: 'done' } as const];
    expect(foldConversation(done)).toMatchObject({ status: 'done', unread: 0 });
    expect(foldConversation([...done, inbound(2 * MIN, high)])).toMatchObject({ status: 'open', priority: 'high', unread: 1 });
  });

  it('keeps the highest open priority and the earliest due time', () => {
    const c = foldConversation([inbound(0, low), inbound(60 * MIN, high)]);
    expect(c).toMatchObject({ priority: 'high', reason: 'payment_problem', dueAt: 75 * MIN, unread: 2 });
  });

  it('takes a person’s priority for what is open, with the due time it gives', () => {
    const c = foldConversation([inbound(0, low), { kind: 'priority', identity: P, at: MIN, priority: 'high' }]);
    expect(c).toMatchObject({ priority: 'high', reason: 'set_by_person', dueAt: 15 * MIN });
  });

  it('counts unread messages after the last read mark only', () => {
    const c = foldConversation([inbound(0, low), inbound(2 * MIN, low), { kind: 'read', identity: P, at: MIN }]);
    expect(c?.unread).toBe(1);
  });

  it('orders events given out of order by time', () => {
    const c = foldConversation([inbound(30 * MIN, high), { kind: 'answer', identity: P, at: 5 * MIN, id: 'a', text: 'hi' }, inbound(0, low)]);
    expect(c).toMatchObject({ status: 'open', priority: 'high', openItems: [{ id: `m${30 * MIN}` }] });
  });
});

describe('views', () => {
  const A = '+821000000001';
  const B = '+821000000002';
  const C = '+821000000003';
  const all = foldConversations([
    inbound(0, low, A), // due at 24 h
    inbound(10 * MIN, high, B), // due at 25 min
    inbound(20 * MIN, low, C),
    { kind: 'status', identity: C, at: 21 * MIN, status: 'done' },
  ]);

  it('lists open conversations soonest due first in Needs an answer', () => {
    expect(inView(all, 'needs_answer').map((c) => c.identity)).toEqual([B, A]);
  });
  it('lists every conversation newest first in All, and the closed ones in Done', () => {
    expect(inView(all, 'all').map((c) => c.identity)).toEqual([C, B, A]);
    expect(inView(all, 'done').map((c) => c.identity)).toEqual([C]);
  });
  it('counts unread messages over all conversations', () => {
    expect(totalUnread(all)).toBe(2);
  });
});

describe('assignment and Mine', () => {
  const A = '+821000000001';
  const B = '+821000000002';
  const C = '+821000000003';
  const assign = (identity: string, at: number, staff: string | null): ConversationEvent => ({ kind: 'assign', identity, at, staff });

  it.each([
    ['nobody', [], undefined],
    ['the last assignment wins', [assign(P, 1, 'Jin'), assign(P, 2, '민지')], '민지'],
    ['taken off everyone', [assign(P, 1, 'Jin'), assign(P, 2, null)], undefined],
    ['in time order, whatever the order given', [assign(P, 3, 'Jin'), assign(P, 2, '민지')], 'Jin'],
  ] as const)('assignee: %s', (_why, events, assignee) => {
    expect(foldConversation([inbound(0, low), ...events])?.assignee).toBe(assignee);
  });

  it('Mine is what is assigned to the person at the counter and not done, soonest due first', () => {
    const all = foldConversations([
      inbound(0, low, A), assign(A, 1, 'Jin'),
      inbound(0, high, B), assign(B, 1, 'Jin'),
      inbound(0, high, C), assign(C, 1, 'Jin'), { kind: 'status', identity: C, at: 2, status: 'done' },
    ]);
    expect(inView(all, 'mine', 'Jin').map((c) => c.identity)).toEqual([B, A]);
    expect(inView(all, 'mine', '민지')).toEqual([]);
    expect(inView(all, 'mine', null)).toEqual([]);
  });
});
