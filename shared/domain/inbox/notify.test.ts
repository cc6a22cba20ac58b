import { describe, expect, it } from 'vitest';
import type { Conversation } from './conversation';
import { NOTICE_BURST, notificationsFor } from './notify';

const T0 = Date.UTC(2026, 11, 1, 2, 0); // 11:00 in Seoul; only differences matter
const conv = (identity: string, over: Partial<Conversation> = {}): Conversation => ({
  identity,
  status: 'open',
  unread: 1,
  lastActivityAt: T0,
  lastInboundAt: T0,
  lastText: '배송 언제 와요?',
  lastType: 'text',
  campaigns: [],
  inboundCount: 1,
  openItems: [],
  priority: 'medium',
  dueAt: T0 + 3_600_000,
  sandboxOnly: false,
  ...over,
});

describe('desktop notifications from the inbox', () => {
  it('the first look only learns what is there: no old message or old overdue answer is announced', () => {
    const { notices } = notificationsFor(undefined, [conv('+821011110000'), conv('+821022220000', { dueAt: T0 - 1 })], T0);
    expect(notices).toEqual([]);
  });

  it('a new customer message is announced once, with its text; read or older ones are not', () => {
    const first = notificationsFor(undefined, [conv('+821011110000')], T0);
    const later = notificationsFor(first.next, [conv('+821011110000', { lastInboundAt: T0 + 60_000, lastText: '결제가 안 돼요', unread: 2 }), conv('+821022220000', { lastInboundAt: T0 + 61_000, unread: 0 })], T0 + 61_000);
    expect(later.notices).toEqual([{ kind: 'message', identity: '+821011110000', text: '결제가 안 돼요', type: 'text' }]);
    const again = notificationsFor(later.next, [conv('+821011110000', { lastInboundAt: T0 + 60_000, unread: 2 })], T0 + 62_000);
    expect(again.notices).toEqual([]);
  });

  it(`more than ${NOTICE_BURST} conversations at once become one summary`, () => {
    const first = notificationsFor(undefined, [], T0);
    const many = Array.from({ length: NOTICE_BURST + 1 }, (_, i) => conv(`+8210${String(i).padStart(8, '0')}`, { unread: i + 1 }));
    expect(notificationsFor(first.next, many, T0).notices).toEqual([{ kind: 'messages', count: 1 + 2 + 3 + 4, people: 4 }]);
    expect(notificationsFor(first.next, many.slice(0, NOTICE_BURST), T0).notices).toHaveLength(NOTICE_BURST);
  });

  it.each([
    ['just before the due time', T0 + 3_600_000 - 1, []],
    ['at the due time', T0 + 3_600_000, [{ kind: 'overdue', identity: '+821011110000', priority: 'medium' }]],
    ['long after it', T0 + 86_400_000, [{ kind: 'overdue', identity: '+821011110000', priority: 'medium' }]],
  ])('an open answer %s', (_when, now, expected) => {
    const first = notificationsFor(undefined, [conv('+821011110000')], T0);
    expect(notificationsFor(first.next, [conv('+821011110000')], now).notices).toEqual(expected);
  });

  it('an overdue answer is announced once; a new message with a new due time can be announced again; done and waiting never', () => {
    const first = notificationsFor(undefined, [conv('+821011110000')], T0);
    const due = notificationsFor(first.next, [conv('+821011110000')], T0 + 3_600_000);
    expect(due.notices).toHaveLength(1);
    expect(notificationsFor(due.next, [conv('+821011110000')], T0 + 7_200_000).notices).toEqual([]);
    const newer = conv('+821011110000', { lastInboundAt: T0 + 7_200_000, dueAt: T0 + 7_200_000 + 900_000, priority: 'high', unread: 0 });
    const after = notificationsFor(due.next, [newer], T0 + 7_200_000 + 900_000);
    expect(after.notices).toEqual([{ kind: 'overdue', identity: '+821011110000', priority: 'high' }]);
    for (const status of ['done', 'waiting'] as const) {
      expect(notificationsFor(first.next, [conv('+821011110000', { status })], T0 + 86_400_000).notices).toEqual([]);
    }
  });

  it('never changes a state given to it (a caller may keep and reuse an older one)', () => {
    const first = notificationsFor(undefined, [conv('+821011110000')], T0);
    const before = { seen: [...first.next.seenInboundAt], overdue: [...first.next.overdueSeen] };
    const later = notificationsFor(first.next, [conv('+821011110000', { lastInboundAt: T0 + 60_000 }), conv('+821022220000', { dueAt: T0 - 1 })], T0 + 60_000);
    expect(later.notices.map((n) => n.kind)).toEqual(['message', 'message', 'overdue']);
    expect({ seen: [...first.next.seenInboundAt], overdue: [...first.next.overdueSeen] }).toEqual(before);
    // Nothing new: the same state comes back, nothing copied.
    expect(notificationsFor(later.next, [conv('+821011110000', { lastInboundAt: T0 + 60_000 })], T0 + 61_000).next).toStrictEqual(later.next);
  });
});
