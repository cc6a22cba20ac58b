/**
 * How fast the shop answers (issue 14 point 7): first-response and average response times, the share answered
 * within the due time by priority, the same per staff member, and the reply rate by label. Pure; the period's ends
 * and `now` are parameters.
 *
 * A **stretch** is one wait of one customer: it starts with their first message while nothing of theirs is open,
 * takes in their further messages, and ends at our first answer after it (as the inbox's fold does:
 * conversation.ts), or unanswered when a person marks the conversation done. The customer writing after our answer
 * starts the next stretch. A stretch belongs to the period its first message falls in; its answer may come later.
 * - **First-response time**: a stretch's first message → the answer that ended it.
 * - **Average response time**: every customer message of an answered stretch → that answer (a customer who wrote
 *   three times waited three times), averaged.
 * - **Within the due time**: the stretch's due time is its earliest message's due time by that message's priority
 *   (the shop's answer times, due.ts), and its priority the highest of its messages (a person's change applies to
 *   the whole open stretch, as in the inbox). Answered before the due instant counts as in time (due exactly then
 *   is overdue: `isOverdue`). A stretch still unanswered at `now` counts as late once it is past due and is left out
 *   until then; one closed without an answer is left out (a "thanks" needs none) and counted apart.
 * - **Automatic answers** (issue 15) end a stretch too, but are counted apart from people's: people's times, the due
 *   shares and the staff rows hold only stretches a person answered.
 * - **Business hours**: by default every hour counts (`hours: 'all'`), nights and Sundays included. Given the shop's
 *   business hours (the automation rules' `businessHours`), the times count only open time (`hours: 'business'`):
 *   a message at 22:00 answered at 10:05 the next morning waited 5 minutes. The due-time shares stay on the clock,
 *   as the inbox's due times do.
 */
import { dueAt, isOverdue, DEFAULT_DUE, type DueSettings } from './due';
import { higherPriority, PRIORITIES, type Priority } from './triage';
import { openMsBetween } from '../automation/hours';
import type { BusinessHours } from '../automation/rules';

export type ResponseEvent =
  /** A customer's message, with its priority (triaged). */
  | { kind: 'inbound'; identity: string; at: number; priority: Priority }
  /** One of our answers that went (or may have gone); `staff` when someone was chosen at the counter. */
  | { kind: 'answer'; identity: string; at: number; staff?: string; automatic?: boolean }
  /** A person marked the conversation done. */
  | { kind: 'done'; identity: string; at: number }
  /** A person changed the priority of what is open now. */
  | { kind: 'priority'; identity: string; at: number; priority: Priority };

export interface Stretch {
  identity: string;
  startAt: number;
  /** Every customer message's time in it. */
  messages: number[];
  priority: Priority;
  dueAt: number;
  end?: { kind: 'answer'; at: number; staff?: string; automatic: boolean } | { kind: 'done'; at: number };
}

interface OpenMessage {
  at: number;
  priority: Priority;
}

/** Every stretch of every customer, oldest first (same instant: in the order given). */
export function stretchesOf(events: readonly ResponseEvent[], due: DueSettings = DEFAULT_DUE): Stretch[] {
  const sorted = events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at - b.e.at || a.i - b.i)
    .map((x) => x.e);
  const open = new Map<string, { stretch: Stretch; items: OpenMessage[] }>();
  const out: Stretch[] = [];
  const refresh = (s: Stretch, items: readonly OpenMessage[]) => {
    s.priority = items.reduce<Priority>((p, m) => higherPriority(m.priority, p), 'low');
    s.dueAt = Math.min(...items.map((m) => dueAt(m.at, m.priority, due)));
  };
  for (const e of sorted) {
    const current = open.get(e.identity);
    switch (e.kind) {
      case 'inbound':
        if (current) {
          current.stretch.messages.push(e.at);
          current.items.push({ at: e.at, priority: e.priority });
          refresh(current.stretch, current.items);
        } else {
          const stretch: Stretch = { identity: e.identity, startAt: e.at, messages: [e.at], priority: e.priority, dueAt: dueAt(e.at, e.priority, due) };
          out.push(stretch);
          open.set(e.identity, { stretch, items: [{ at: e.at, priority: e.priority }] });
        }
        break;
      case 'answer':
        if (current) {
          current.stretch.end = { kind: 'answer', at: e.at, automatic: e.automatic === true, ...(e.staff !== undefined ? { staff: e.staff } : {}) };
          open.delete(e.identity);
        }
        break;
      case 'done':
        if (current) {
          current.stretch.end = { kind: 'done', at: e.at };
          open.delete(e.identity);
        }
        break;
      case 'priority':
        if (current) {
          current.items = current.items.map((m) => ({ ...m, priority: e.priority }));
          refresh(current.stretch, current.items);
        }
        break;
    }
  }
  return out;
}

export interface PriorityFigures {
  priority: Priority;
  /** The shop's answer time for it. */
  dueMs: number;
  /** Stretches a person answered, and those past due still unanswered: the ones that can be judged. */
  judged: number;
  withinDue: number;
  /** withinDue / judged, null when nothing could be judged. */
  share: number | null;
}

export interface StaffFigures {
  /** The staff member's name; null for answers where nobody was chosen ("not named"). */
  staff: string | null;
  answered: number;
  firstResponseMs: number | null;
  withinDue: number;
  share: number | null;
}

export interface ResponseTimes {
  from: number;
  to: number;
  /** `all`: every hour of the day and week counted; `business`: only the shop's open hours (the times, not the due shares). */
  hours: 'all' | 'business';
  /** Stretches that started in the period. */
  stretches: number;
  /** Of them, answered by a person. */
  answered: number;
  /** Still unanswered at `now`: past their due time, and not due yet. */
  overdue: number;
  pending: number;
  /** Marked done without an answer. */
  closedWithoutAnswer: number;
  /** Mean and median first-response time of the stretches a person answered (ms). */
  firstResponseMs: number | null;
  medianFirstResponseMs: number | null;
  /** Mean over every customer message of those stretches to the answer (ms). */
  averageResponseMs: number | null;
  /** Share of the judged stretches answered within the due time, over all priorities. */
  withinDue: number;
  judged: number;
  share: number | null;
  byPriority: PriorityFigures[];
  /** Most answered first; "not named" last. */
  byStaff: StaffFigures[];
  /** Stretches an automatic answer ended (issue 15), kept apart from people's figures. */
  automatic: { answered: number; firstResponseMs: number | null };
}

export interface ResponseTimesOptions {
  /** The period: stretches whose first message is at or after `from` and before `to`. */
  from: number;
  to: number;
  /** The clock: what is unanswered now is judged against it. */
  now: number;
  due?: DueSettings;
  /** Count only the shop's open time in the times (see the top of this file). */
  businessHours?: BusinessHours;
}

const mean = (xs: readonly number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? null) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** The period's figures from everyone's events (events before `from` are needed: they say what was already open). */
export function responseTimes(events: readonly ResponseEvent[], opts: ResponseTimesOptions): ResponseTimes {
  const due = opts.due ?? DEFAULT_DUE;
  const hours = opts.businessHours;
  const span = (a: number, b: number) => (hours ? openMsBetween(hours, a, b) : b - a);
  const inPeriod = stretchesOf(events, due).filter((s) => s.startAt >= opts.from && s.startAt < opts.to);
  const first: number[] = [];
  const each: number[] = [];
  const automatic: number[] = [];
  const prio = new Map<Priority, { judged: number; withinDue: number }>(PRIORITIES.map((p) => [p, { judged: 0, withinDue: 0 }]));
  const staff = new Map<string | null, { times: number[]; withinDue: number }>();
  let overdue = 0;
  let pending = 0;
  let closed = 0;
  for (const s of inPeriod) {
    const p = prio.get(s.priority) ?? { judged: 0, withinDue: 0 };
    const end = s.end;
    if (end === undefined) {
      if (isOverdue(s.dueAt, opts.now)) {
        overdue++;
        p.judged++;
      } else pending++;
      continue;
    }
    if (end.kind === 'done') {
      closed++;
      continue;
    }
    if (end.automatic) {
      automatic.push(span(s.startAt, end.at));
      continue;
    }
    const inTime = !isOverdue(s.dueAt, end.at);
    first.push(span(s.startAt, end.at));
    for (const m of s.messages) each.push(span(m, end.at));
    p.judged++;
    if (inTime) p.withinDue++;
    const who = end.staff ?? null;
    const row = staff.get(who) ?? { times: [], withinDue: 0 };
    row.times.push(span(s.startAt, end.at));
    if (inTime) row.withinDue++;
    staff.set(who, row);
  }
  const byPriority = PRIORITIES.map((priority): PriorityFigures => {
    const f = prio.get(priority) ?? { judged: 0, withinDue: 0 };
    return { priority, dueMs: due[priority], judged: f.judged, withinDue: f.withinDue, share: ratio(f.withinDue, f.judged) };
  });
  const byStaff = [...staff].map(([name, r]): StaffFigures => ({ staff: name, answered: r.times.length, firstResponseMs: mean(r.times), withinDue: r.withinDue, share: ratio(r.withinDue, r.times.length) }));
  byStaff.sort((a, b) => Number(a.staff === null) - Number(b.staff === null) || b.answered - a.answered || (a.staff ?? '').localeCompare(b.staff ?? ''));
  const withinDue = byPriority.reduce((n, f) => n + f.withinDue, 0);
  const judged = byPriority.reduce((n, f) => n + f.judged, 0);
  return {
    from: opts.from,
    to: opts.to,
    hours: hours ? 'business' : 'all',
    stretches: inPeriod.length,
    answered: first.length,
    overdue,
    pending,
    closedWithoutAnswer: closed,
    firstResponseMs: mean(first),
    medianFirstResponseMs: median(first),
    averageResponseMs: mean(each),
    withinDue,
    judged,
    share: ratio(withinDue, judged),
    byPriority,
    byStaff,
    automatic: { answered: automatic.length, firstResponseMs: mean(automatic) },
  };
}

// ── Reply rate by label ──────────────────────────────────────────────────────────────────────────────────────

/** The seed's rule: a label whose customers reply less than this should change how it is marketed to. */
export const LOW_REPLY_RATE = 0.1;

/** One campaign message a customer received: the labels they carried then, and whether they replied to it. */
export interface ReceivedMessage {
  identity: string;
  labels: readonly string[];
  replied: boolean;
}

export interface LabelReplyRate {
  label: string;
  /** Customers in the label who received a campaign message, and of them those who replied to one. */
  received: number;
  replied: number;
  rate: number | null;
  /** Under LOW_REPLY_RATE (only when someone received something). */
  low: boolean;
}

/** Per label, the share of its customers who replied (each customer once, however many messages), lowest first. */
export function replyRateByLabel(messages: readonly ReceivedMessage[], threshold = LOW_REPLY_RATE): LabelReplyRate[] {
  const by = new Map<string, { received: Set<string>; replied: Set<string> }>();
  for (const m of messages) {
    for (const label of new Set(m.labels)) {
      const acc = by.get(label) ?? { received: new Set<string>(), replied: new Set<string>() };
      acc.received.add(m.identity);
      if (m.replied) acc.replied.add(m.identity);
      by.set(label, acc);
    }
  }
  const out = [...by].map(([label, acc]): LabelReplyRate => {
    const rate = ratio(acc.replied.size, acc.received.size);
    return { label, received: acc.received.size, replied: acc.replied.size, rate, low: rate !== null && rate < threshold };
  });
  return out.sort((a, b) => (a.rate ?? 0) - (b.rate ?? 0) || b.received - a.received || a.label.localeCompare(b.label));
}
