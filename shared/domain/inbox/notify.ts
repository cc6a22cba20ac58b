/**
 * Which desktop notifications the inbox gives (issue 14 points 1 and 5): a new customer message, and an answer that
 * has become overdue, each once. Pure: the caller keeps the state between calls and words the notices. The first
 * call only learns what is there (opening the app does not replay old messages as new), and a burst of many new
 * messages becomes one summary notice instead of a wall of them.
 */
import type { Conversation } from './conversation';
import type { Priority } from './triage';

export interface NotifyState {
  /** Per conversation, the newest customer message already seen (notified or there at the start). */
  readonly seenInboundAt: ReadonlyMap<string, number>;
  /** Per conversation, the due time of the overdue answer already notified (a new message with a new due time counts again). */
  readonly overdueSeen: ReadonlyMap<string, number>;
}

export type Notice =
  | { kind: 'message'; identity: string; text?: string; type?: string }
  | { kind: 'messages'; count: number; people: number }
  | { kind: 'overdue'; identity: string; priority: Priority };

/** Past this many conversations with new messages at once, one summary notice. */
export const NOTICE_BURST = 3;

export function notificationsFor(prev: NotifyState | undefined, conversations: readonly Conversation[], now: number): { notices: Notice[]; next: NotifyState } {
  // Copied on the first change only (the state is never changed in place: a caller may keep an older one). With
  // 10,000 conversations and an update every 100 ms, copying both every time was the inbox's biggest JS cost.
  let seenInboundAt: ReadonlyMap<string, number> = prev?.seenInboundAt ?? new Map<string, number>();
  let overdueSeen: ReadonlyMap<string, number> = prev?.overdueSeen ?? new Map<string, number>();
  let seenCopy: Map<string, number> | undefined;
  let overdueCopy: Map<string, number> | undefined;
  const fresh: Conversation[] = [];
  const overdue: Notice[] = [];
  for (const c of conversations) {
    const last = c.lastInboundAt;
    if (last !== undefined && last > (seenInboundAt.get(c.identity) ?? -Infinity)) {
      if (prev !== undefined && c.unread > 0) fresh.push(c);
      seenCopy ??= new Map(seenInboundAt);
      seenCopy.set(c.identity, last);
      seenInboundAt = seenCopy;
    }
    if (c.status === 'open' && c.dueAt !== undefined && now >= c.dueAt) {
      if (overdueSeen.get(c.identity) !== c.dueAt) {
        overdueCopy ??= new Map(overdueSeen);
        overdueCopy.set(c.identity, c.dueAt);
        overdueSeen = overdueCopy;
        if (prev !== undefined) overdue.push({ kind: 'overdue', identity: c.identity, priority: c.priority ?? 'medium' });
      }
    }
  }
  const messages: Notice[] =
    fresh.length > NOTICE_BURST
      ? [{ kind: 'messages', count: fresh.reduce((n, c) => n + c.unread, 0), people: fresh.length }]
      : fresh.map((c) => ({ kind: 'message', identity: c.identity, ...(c.lastText !== undefined ? { text: c.lastText } : {}), ...(c.lastType !== undefined ? { type: c.lastType } : {}) }));
  return { notices: [...messages, ...overdue], next: { seenInboundAt, overdueSeen } };
}
