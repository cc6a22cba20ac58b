/**
 * The "How fast you answer" figures of a period (issue 14 point 7) from what this PC has: the customers' messages
 * (`inbox`, triaged with the shop's rules), what people did in the inbox (done, priority: `inboxActions`), main's
 * answers (the in-memory feed, sync/answersFeed.ts, passed in) and the campaign messages with their labels
 * (`recipients`). The rules are shared/domain/inbox/responseTimes.ts; this only gathers and names.
 */
import type { BusinessHours } from '../../../../shared/domain/automation/rules';
import type { DueSettings } from '../../../../shared/domain/inbox/due';
import { replyRateByLabel, responseTimes, type LabelReplyRate, type ResponseEvent, type ResponseTimes } from '../../../../shared/domain/inbox/responseTimes';
import type { CompiledRules } from '../../../../shared/domain/inbox/triage';
import { sentTime } from '../../../../shared/domain/results/funnel';
import { addDays, localDateTime } from '../../../../shared/domain/results/time';
import type { AnswerView } from '../../../../shared/ipc/inbox';
import type { ShopcastDB } from '../../db/db';
import { answered, identityOf, triageOf } from '../../db/inbox';
import type { ResultsRow } from '../../db/rollups';

export interface LabelReplyFigures extends LabelReplyRate {
  name: string;
}

export interface ResponseReport {
  times: ResponseTimes;
  /** The same figures for each of `split`'s periods, in its order (the weekly review's weeks). */
  byPeriod: ResponseTimes[];
  /** Lowest reply rate first; `low` under 10 % (the seed's rule). */
  labels: LabelReplyFigures[];
  /** The shop has business hours (the Automation screen), whether or not the times count only them. */
  hoursSet: boolean;
}

/** The instant a local day (YYYY-MM-DD) starts in `zone` (two passes: a clock change near midnight moves the offset). */
export function startOfDay(zone: string, day: string): number {
  const wall = Date.parse(`${day}T00:00:00Z`);
  const offset = (t: number) => Date.parse(`${localDateTime(zone, t).replace(' ', 'T')}:00Z`) - Math.floor(t / 60_000) * 60_000;
  const guess = wall - offset(wall);
  return wall - offset(guess);
}

/** The weekly review's range as instants: from the first week's Monday 00:00 to the Monday after the last week. */
export function weeksPeriod(zone: string, weekStart: string, weeks: number): { from: number; to: number } {
  return { from: startOfDay(zone, addDays(weekStart, -7 * (weeks - 1))), to: startOfDay(zone, addDays(weekStart, 7)) };
}

export interface ResponseOptions {
  from: number;
  to: number;
  now: number;
  due: DueSettings;
  rules: CompiledRules;
  answers: readonly AnswerView[];
  /** Periods inside [from, to) to give figures for as well. */
  split?: ReadonlyArray<{ from: number; to: number }>;
  /** The shop's business hours, when it has set them. */
  hours?: BusinessHours | null;
  /** Count only those hours in the times (needs `hours`). */
  businessOnly?: boolean;
}

export async function loadResponseReport(db: ShopcastDB, o: ResponseOptions): Promise<ResponseReport> {
  return db.transaction('r', [db.inbox, db.inboxActions, db.recipients, db.labels], async () => {
    // Who wrote in the period; their earlier messages too, which say whether a wait was already open at its start.
    const inPeriod = await db.inbox.where('at').between(o.from, o.to, true, false).toArray();
    const identities = [...new Set(inPeriod.map(identityOf))];
    const [messages, actions, rows] = await Promise.all([
      identities.length > 0 ? db.inbox.where('from').anyOf(identities).toArray() : Promise.resolve([]),
      identities.length > 0 ? db.inboxActions.where('identity').anyOf(identities).toArray() : Promise.resolve([]),
      // A row's `at` is its last change, never before it was sent: every row sent in the period is at or after `from`.
      db.recipients.where('at').aboveOrEqual(o.from).toArray() as Promise<ResultsRow[]>,
    ]);
    const who = new Set(identities);
    const events: ResponseEvent[] = [
      ...messages.filter((m) => m.at < o.to).map((m): ResponseEvent => ({ kind: 'inbound', identity: identityOf(m), at: m.at, priority: triageOf(m, o.rules).priority })),
      ...actions.flatMap((a): ResponseEvent[] => {
        if (a.kind === 'status' && a.status === 'done') return [{ kind: 'done', identity: a.identity, at: a.at }];
        if (a.kind === 'priority' && a.priority) return [{ kind: 'priority', identity: a.identity, at: a.at, priority: a.priority }];
        return [];
      }),
      // The moment the answer was sent (as the inbox counts it); the automation's answers are counted apart (issue 15).
      ...o.answers.filter((a) => answered(a) && who.has(a.to)).map((a): ResponseEvent => ({ kind: 'answer', identity: a.to, at: a.createdAt, ...(a.staff !== undefined ? { staff: a.staff } : {}), ...(a.automatic ? { automatic: true } : {}) })),
    ];
    const businessHours = o.businessOnly && o.hours ? { businessHours: o.hours } : {};
    const times = responseTimes(events, { from: o.from, to: o.to, now: o.now, due: o.due, ...businessHours });
    const byPeriod = (o.split ?? []).map((p) => responseTimes(events, { from: p.from, to: p.to, now: o.now, due: o.due, ...businessHours }));

    const received = rows.flatMap((r) => {
      const sent = sentTime(r);
      return sent !== undefined && sent >= o.from && sent < o.to && (r.labels?.length ?? 0) > 0 ? [{ identity: r.contact, labels: (r.labels ?? []).map(String), replied: r.repliedAt !== undefined }] : [];
    });
    const rates = replyRateByLabel(received);
    const names = await db.labels.bulkGet(rates.map((r) => Number(r.label)));
    const labels = rates.map((r, i) => ({ ...r, name: names[i]?.name ?? r.label }));
    return { times, byPeriod, labels, hoursSet: Boolean(o.hours) };
  });
}
