/**
 * One conversation per customer, folded from everything that happened with them: their messages, our campaign
 * messages, our answers, notes, and what a person did (marked it done, changed a priority, read it).
 *
 * Status: `open` (the customer wrote and is waiting for us) → `waiting` (we answered; waiting on the customer) →
 * `done` (a person closed it). A new message from the customer reopens it, whatever its status.
 * Open items: the customer's messages since our last answer (or since it was closed). The conversation's priority
 * is the highest open item's, its due time the earliest open item's; neither exists when nothing is open.
 *
 * Keyed by `identity`: today the customer's E.164 phone; a string so a BSUID (DOMAIN.md §2 "Identity") can key it
 * later without changing this fold. Pure; time comes in on the events.
 */
import { dueAt, DEFAULT_DUE, type DueSettings } from './due';
import { higherPriority, type Priority, type Triage } from './triage';

export type ConversationEvent =
  | { kind: 'inbound'; identity: string; at: number; id: string; type: string; text?: string; triage: Triage; campaign?: string; sandbox?: boolean }
  | { kind: 'campaign'; identity: string; at: number; id: string; campaign: string; stage: string }
  | { kind: 'answer'; identity: string; at: number; id: string; text: string }
  | { kind: 'note'; identity: string; at: number; id: string; text: string }
  /** A person marked the conversation done (or open again). */
  | { kind: 'status'; identity: string; at: number; status: 'done' | 'open' }
  /** A person changed the priority of what is open now. */
  | { kind: 'priority'; identity: string; at: number; priority: Priority }
  /** A person read the conversation up to `at`. */
  | { kind: 'read'; identity: string; at: number }
  /** A person gave the conversation to a staff member (`null`: to nobody). */
  | { kind: 'assign'; identity: string; at: number; staff: string | null };

export type ConversationStatus = 'open' | 'waiting' | 'done';

export interface OpenItem {
  id: string;
  at: number;
  triage: Triage;
  due: number;
}

export interface Conversation {
  identity: string;
  status: ConversationStatus;
  /** Customer messages after the last read mark. */
  unread: number;
  /** The newest customer message, answer or note (our campaign sends alone do not make a conversation active). */
  lastActivityAt: number;
  lastInboundAt?: number;
  /** The newest customer message's text, for the list. */
  lastText?: string;
  lastType?: string;
  /** The campaigns this customer received or answered, each once, oldest first. */
  campaigns: string[];
  inboundCount: number;
  openItems: OpenItem[];
  /** The highest open priority and why, and when its answer is due (the earliest open item's due time). */
  priority?: Priority;
  reason?: string;
  reasonWord?: string;
  dueAt?: number;
  /** Every customer message is Sandbox-simulated. */
  sandboxOnly: boolean;
  /** The staff member it was last assigned to, if anyone. */
  assignee?: string;
}

/** How a conversation's history is ordered: by time, and at the same instant in the order the events were given. */
function byTime(events: readonly ConversationEvent[]): ConversationEvent[] {
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at - b.e.at || a.i - b.i)
    .map((x) => x.e);
}

/** Folds one customer's events (any order) into their conversation; undefined when the customer never wrote. */
export function foldConversation(events: readonly ConversationEvent[], due: DueSettings = DEFAULT_DUE): Conversation | undefined {
  const sorted = byTime(events);
  const first = sorted[0];
  if (!first) return undefined;
  const c: Conversation = { identity: first.identity, status: 'done', unread: 0, lastActivityAt: 0, campaigns: [], inboundCount: 0, openItems: [], sandboxOnly: true };
  let readUpTo = -Infinity;
  const inboundTimes: number[] = [];
  for (const e of sorted) {
    switch (e.kind) {
      case 'inbound':
        c.status = 'open';
        c.inboundCount++;
        inboundTimes.push(e.at);
        c.lastInboundAt = e.at;
        c.lastActivityAt = Math.max(c.lastActivityAt, e.at);
        c.lastType = e.type;
        if (e.text !== undefined) c.lastText = e.text;
        else delete c.lastText;
        if (!e.sandbox) c.sandboxOnly = false;
        if (e.campaign !== undefined && !c.campaigns.includes(e.campaign)) c.campaigns.push(e.campaign);
        c.openItems.push({ id: e.id, at: e.at, triage: e.triage, due: dueAt(e.at, e.triage.priority, due) });
        break;
      case 'campaign':
        if (!c.campaigns.includes(e.campaign)) c.campaigns.push(e.campaign);
        break;
      case 'answer':
        c.lastActivityAt = Math.max(c.lastActivityAt, e.at);
        c.openItems = [];
        if (c.status !== 'done') c.status = 'waiting';
        // Answering means the person read what came before.
        readUpTo = Math.max(readUpTo, e.at);
        break;
      case 'note':
        c.lastActivityAt = Math.max(c.lastActivityAt, e.at);
        break;
      case 'status':
        if (e.status === 'done') {
          c.status = 'done';
          c.openItems = [];
          readUpTo = Math.max(readUpTo, e.at);
        } else if (c.status === 'done') c.status = c.openItems.length > 0 ? 'open' : 'waiting';
        break;
      case 'priority':
        c.openItems = c.openItems.map((item) => ({ ...item, triage: { priority: e.priority, reason: 'set_by_person' }, due: dueAt(item.at, e.priority, due) }));
        break;
      case 'read':
        readUpTo = Math.max(readUpTo, e.at);
        break;
      case 'assign':
        if (e.staff === null) delete c.assignee;
        else c.assignee = e.staff;
        break;
    }
  }
  if (c.inboundCount === 0) return undefined;
  c.unread = inboundTimes.filter((at) => at > readUpTo).length;
  let top: OpenItem | undefined;
  for (const item of c.openItems) {
    if (!top || higherPriority(item.triage.priority, top.triage.priority) !== top.triage.priority) top = item;
    c.dueAt = Math.min(c.dueAt ?? Infinity, item.due);
  }
  if (top) {
    c.priority = top.triage.priority;
    c.reason = top.triage.reason;
    if (top.triage.word !== undefined) c.reasonWord = top.triage.word;
  }
  return c;
}

/**
 * The same conversation under other answer times: each open item's due time and the conversation's earliest one
 * are recomputed from when the item came and its priority (which answer times do not change). A conversation folded
 * with `DEFAULT_DUE` and then given the shop's times equals one folded with the shop's times (the renderer keeps
 * the folds with the defaults, renderer/src/db/conversations.ts). The same object when nothing changes.
 */
export function withDue(c: Conversation, due: DueSettings): Conversation {
  if (c.openItems.every((item) => item.due === dueAt(item.at, item.triage.priority, due))) return c;
  const openItems = c.openItems.map((item) => ({ ...item, due: dueAt(item.at, item.triage.priority, due) }));
  const out: Conversation = { ...c, openItems };
  delete out.dueAt;
  for (const item of openItems) out.dueAt = Math.min(out.dueAt ?? Infinity, item.due);
  return out;
}

/** When the oldest open item of each priority came: all a conversation's due time needs (see `dueFromOpen`). */
export type OpenSince = Partial<Record<Priority, number>>;

export function openSince(c: Pick<Conversation, 'openItems'>): OpenSince {
  const since: OpenSince = {};
  for (const item of c.openItems) {
    const p = item.triage.priority;
    since[p] = Math.min(since[p] ?? Infinity, item.at);
  }
  return since;
}

/**
 * The conversation's due time from `openSince`: the earliest open item's due time is the earliest over priorities
 * of that priority's oldest item plus its answer time, so it equals the fold's `dueAt` under any answer times.
 */
export function dueFromOpen(since: OpenSince, due: DueSettings): number | undefined {
  let at: number | undefined;
  for (const p of ['high', 'medium', 'low'] as const) {
    const first = since[p];
    if (first !== undefined) at = Math.min(at ?? Infinity, dueAt(first, p, due));
  }
  return at;
}

/** Folds everyone's events: one conversation per identity that has at least one customer message. */
export function foldConversations(events: readonly ConversationEvent[], due: DueSettings = DEFAULT_DUE): Conversation[] {
  const by = new Map<string, ConversationEvent[]>();
  for (const e of events) {
    const list = by.get(e.identity);
    if (list) list.push(e);
    else by.set(e.identity, [e]);
  }
  const out: Conversation[] = [];
  for (const list of by.values()) {
    const c = foldConversation(list, due);
    if (c) out.push(c);
  }
  return out;
}

// ── Views ────────────────────────────────────────────────────────────────────────────────────────────────────

export const INBOX_VIEWS = ['needs_answer', 'mine', 'all', 'done'] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

/**
 * The conversations a view shows, in its order: *Needs an answer* is the open ones, soonest due first (overdue
 * ones first of all); *Mine* the ones assigned to `me` (the staff member at the counter) that are not done, in the
 * same order; *All* every conversation and *Done* the closed ones, newest activity first.
 */
export function inView(conversations: readonly Conversation[], view: InboxView, me: string | null = null): Conversation[] {
  const newest = (a: Conversation, b: Conversation) => b.lastActivityAt - a.lastActivityAt || a.identity.localeCompare(b.identity);
  const soonest = (a: Conversation, b: Conversation) => (a.dueAt ?? Infinity) - (b.dueAt ?? Infinity) || newest(a, b);
  switch (view) {
    case 'needs_answer':
      return conversations.filter((c) => c.status === 'open').sort(soonest);
    case 'mine':
      return me === null ? [] : conversations.filter((c) => c.assignee === me && c.status !== 'done').sort(soonest);
    case 'all':
      return [...conversations].sort(newest);
    case 'done':
      return conversations.filter((c) => c.status === 'done').sort(newest);
  }
}

/** Customer messages not yet read, over every conversation (the navigation badge). */
export function totalUnread(conversations: readonly Conversation[]): number {
  return conversations.reduce((n, c) => n + c.unread, 0);
}
