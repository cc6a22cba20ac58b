/**
 * A report (campaign report or weekly review) out as CSV (UTF-8 with BOM) or XLSX, formula-safe the same way as the
 * recipients and contacts exports (shared/import/csvOut.ts): every text cell is neutralised, figures are written as
 * plain numbers (counts as counts, rates as fractions 0–1, times in minutes), never as formatted text.
 *
 * The tables are built here without the DOM, so the figures and the neutralising are unit-tested
 * (exportReport.test.ts); the screen only supplies the words and hands the Blob to downloadBlob. The XLSX writer is
 * reportXlsx.ts, loaded when a workbook is asked for: SheetJS is most of the window's code otherwise.
 */
import { BOM, csvLine } from '../../../../shared/import/csvOut';
import type { CampaignReport, ContactHistory, FailureReason, WeeklyReview } from '../../db/reports';
import type { RecipientStage } from '../../../../shared/domain/results/recipientStatus';
import type { ResultsKey, ResultsWords } from '../../i18n/results';
import type { Priority } from '../../../../shared/domain/inbox/triage';
import type { ResponseReport } from './responseData';

export type Cell = string | number | null;

export interface ReportSection {
  title: string;
  header: readonly string[];
  rows: readonly (readonly Cell[])[];
}

export interface ReportTables {
  /** First line of the CSV: what the report is (for example "Campaign report", "Winter sale"). */
  heading: readonly string[];
  sections: readonly ReportSection[];
}

export type Words = ResultsWords;

/** A rate as a fraction with four decimals (0.4286), or empty when there is nothing to divide by. */
export const rateCell = (x: number | null): Cell => (x === null ? null : Math.round(x * 10_000) / 10_000);
/** A duration in minutes with one decimal, or empty. */
export const minutesCell = (ms: number | null): Cell => (ms === null ? null : Math.round(ms / 6_000) / 10);
const money = (x: number): number => Math.round(x * 100) / 100;
/** A yes/no cell in the report's language. */
const yesNoIn = (w: Words) => (x: boolean): string => (x ? w('export.yes') : w('export.no'));

const FUNNEL_STEPS = ['queued', 'sent', 'delivered', 'read', 'replied', 'failed', 'skipped', 'optedOut'] as const;
const DAILY_STEPS = ['sent', 'delivered', 'read', 'replied', 'failed', 'optedOut'] as const;

export interface CampaignWords {
  w: Words;
  /** A failure or skip reason in words (the screen's own wording). */
  failure: (f: FailureReason) => string;
  /** A country code's name; `??` is unknown. */
  country: (code: string) => string;
}

export function campaignReportTables(r: CampaignReport, { w, failure, country }: CampaignWords): ReportTables {
  const yesNo = yesNoIn(w);
  const costLabel = !r.cost.billed ? w('export.cost', { currency: r.cost.currency }) : r.cost.simulated ? w('export.costSimulated', { currency: r.cost.currency }) : w('export.cost', { currency: r.cost.currency });
  const sections: ReportSection[] = [
    {
      title: w('export.summary'),
      header: [w('export.item'), w('export.value')],
      rows: [
        [w('campaign'), r.name],
        [w('export.simulated'), yesNo(r.sandbox)],
        [w('test'), yesNo(r.test)],
        [w('rate.read'), rateCell(r.rates.read)],
        [w(r.rates.base === 'sent' ? 'rate.replyPerSent' : 'rate.reply'), rateCell(r.rates.reply)],
        [w(r.rates.base === 'sent' ? 'rate.optOutPerSent' : 'rate.optOut'), rateCell(r.rates.optOut)],
        [w('export.firstResponseMinutes'), minutesCell(r.avgFirstResponseMs)],
        [costLabel, r.cost.billed ? money(r.cost.total) : 0],
      ],
    },
    { title: w('funnel.title'), header: [w('export.step'), w('count')], rows: FUNNEL_STEPS.map((s) => [w(`step.${s}`), r.funnel[s]]) },
    { title: w('failures.title'), header: [w('reason'), w('count')], rows: r.failures.map((f) => [failure(f), f.count]) },
  ];
  if (r.ab) {
    const ab = r.ab;
    sections.push({
      title: w('ab.title'),
      header: [w('ab.version'), w('delivered'), w('rate.read'), w('rate.reply'), w('step.optedOut')],
      rows: (['a', 'b'] as const).map((v) => [v.toUpperCase(), ab[v].delivered, rateCell(ab[v].rates.read), rateCell(ab[v].rates.reply), ab[v].optedOut]),
    });
    sections.push({
      title: w('export.abVerdict'),
      header: [w('export.item'), w('export.verdict'), 'p'],
      rows: [
        [w('rate.reply'), w(`ab.verdict.${ab.reply.verdict}`), ab.reply.p === null ? null : Math.round(ab.reply.p * 1000) / 1000],
        [w('rate.read'), w(`ab.verdict.${ab.read.verdict}`), ab.read.p === null ? null : Math.round(ab.read.p * 1000) / 1000],
      ],
    });
  }
  if (r.cost.billed && r.cost.byCountry.length > 0) {
    sections.push({
      title: w('cost.title'),
      header: [w('country'), w('delivered'), w('rate'), w('subtotal')],
      rows: r.cost.byCountry.map((c) => [country(c.country), c.delivered, c.rate, money(c.subtotal)]),
    });
  }
  sections.push({
    title: w('daily.title'),
    header: [w('day'), ...DAILY_STEPS.map((s) => w(`step.${s}`))],
    rows: r.daily.map((d) => [d.day, ...DAILY_STEPS.map((s) => d[s])]),
  });
  return { heading: [w('tab.campaign'), r.name], sections };
}

/** The "How fast you answer" figures of the weekly review, with the inbox's priority names. */
export interface SpeedTables {
  report: ResponseReport;
  priority: (p: Priority) => string;
}

/** Which hours the figures count, in words (the card and the export say the same). */
export function speedHoursKey(r: Pick<ResponseReport, 'times' | 'hoursSet'>): 'speed.businessHours' | 'speed.allHoursChosen' | 'speed.allHours' {
  if (r.times.hours === 'business') return 'speed.businessHours';
  return r.hoursSet ? 'speed.allHoursChosen' : 'speed.allHours';
}

function speedSections(s: SpeedTables, w: Words): ReportSection[] {
  const t = s.report.times;
  const yesNo = yesNoIn(w);
  const inMinutes = (key: ResultsKey) => w('speed.minutes', { what: w(key) });
  return [
    {
      title: w('speed.title'),
      header: [w('export.item'), w('export.value')],
      rows: [
        [w('speed.waits'), t.stretches],
        [w('speed.answered'), t.answered],
        [w('speed.overdue'), t.overdue],
        [w('speed.pending'), t.pending],
        [w('speed.closed'), t.closedWithoutAnswer],
        [inMinutes('speed.first'), minutesCell(t.firstResponseMs)],
        [inMinutes('speed.median'), minutesCell(t.medianFirstResponseMs)],
        [inMinutes('speed.average'), minutesCell(t.averageResponseMs)],
        [w('speed.inTime'), rateCell(t.share)],
        [w('speed.automatic'), t.automatic.answered],
        [w(speedHoursKey(s.report)), null],
      ],
    },
    {
      title: w('speed.byPriority'),
      header: [w('speed.priority'), inMinutes('speed.dueTime'), w('speed.judged'), w('speed.withinDue'), w('speed.share')],
      rows: t.byPriority.map((p) => [s.priority(p.priority), minutesCell(p.dueMs), p.judged, p.withinDue, rateCell(p.share)]),
    },
    {
      title: w('speed.byStaff'),
      header: [w('speed.staff'), w('speed.answered'), inMinutes('speed.first'), w('speed.withinDue'), w('speed.share')],
      rows: t.byStaff.map((r) => [r.staff ?? w('speed.notNamed'), r.answered, minutesCell(r.firstResponseMs), r.withinDue, rateCell(r.share)]),
    },
    {
      title: w('speed.labels'),
      header: [w('label'), w('speed.received'), w('speed.replied'), w('rate.reply'), w('speed.low')],
      rows: s.report.labels.map((l) => [l.name, l.received, l.replied, rateCell(l.rate), yesNo(l.low)]),
    },
  ];
}

export function weeklyReviewTables(review: WeeklyReview, w: Words, speed?: SpeedTables): ReportTables {
  const yesNo = yesNoIn(w);
  // Each week's own answer figures, when they were worked out for these weeks.
  const weekSpeed = speed && speed.report.byPeriod.length === review.weeks.length ? speed.report.byPeriod : undefined;
  const first = review.weeks[review.weeks.length - 1]?.weekStart ?? '';
  const lastWeek = review.weeks[0]?.weekStart ?? '';
  const hours = Array.from({ length: 24 }, (_, h) => String(h));
  const heat = (values: readonly number[]) => Array.from({ length: 7 }, (_, d): Cell[] => [w(`weekday.${d}` as ResultsKey), ...Array.from({ length: 24 }, (_, h) => values[d * 24 + h] ?? 0)]);
  return {
    heading: [w('tab.weekly'), first, lastWeek],
    sections: [
      {
        title: w('weekly.trend'),
        header: [
          ...[w('week.start'), w('sent'), w('delivered'), w('rate.read'), w('rate.reply'), w('optOuts'), w('newContacts'), w('replies'), w('export.firstResponseMinutes')],
          ...(weekSpeed ? [w('speed.minutes', { what: w('speed.weekFirst') }), w('speed.weekInTime')] : []),
        ],
        rows: review.weeks.map((x, i) => {
          const own = weekSpeed?.[i];
          return [
            ...[x.weekStart, x.sent, x.delivered, rateCell(x.readRate), rateCell(x.replyRate), x.optOuts, x.newContacts, x.replies, minutesCell(x.avgFirstResponseMs)],
            ...(weekSpeed ? [minutesCell(own?.firstResponseMs ?? null), rateCell(own?.share ?? null)] : []),
          ];
        }),
      },
      {
        title: w('labels.title'),
        header: [w('label'), w('sent'), w('delivered'), w('rate.read'), w('rate.reply'), w('step.optedOut')],
        rows: review.byLabel.map((l) => [l.name, l.sent, l.delivered, rateCell(l.readRate), rateCell(l.replyRate), l.optedOut]),
      },
      { title: `${w('heatmap.title')}: ${w('heatmap.reads')}`, header: [w('export.weekday'), ...hours], rows: heat(review.heatmap.read) },
      { title: `${w('heatmap.title')}: ${w('heatmap.replies')}`, header: [w('export.weekday'), ...hours], rows: heat(review.heatmap.reply) },
      {
        title: w('best.title'),
        header: [w('campaign'), w('export.simulated'), w('sent'), w('delivered'), w('rate.read'), w('rate.reply')],
        rows: review.best.map((c) => [c.name, yesNo(c.sandbox), c.sent, c.delivered, rateCell(c.readRate), rateCell(c.replyRate)]),
      },
      ...(speed ? speedSections(speed, w) : []),
    ],
  };
}

export interface HistoryWords {
  w: Words;
  /** A recipient stage in words (the Campaigns screen's wording). */
  stage: (s: RecipientStage) => string;
  /** A moment as the shop reads it (local date and time), e.g. "2026-11-24 10:15". */
  time: (at: number) => string;
}

/** Everything a contact received and said, for a spreadsheet: all of it, not only what the dialog shows. */
export function contactHistoryTables(h: ContactHistory, { w, stage, time }: HistoryWords): ReportTables {
  const at = (x: number | undefined): Cell => (x === undefined ? null : time(x));
  const yesNo = yesNoIn(w);
  const names = new Map(h.messages.map((m) => [m.campaign, m.campaignName]));
  return {
    heading: [w('history.heading'), h.contact?.name ?? '', h.contact?.phone ?? ''],
    sections: [
      {
        title: w('history.messages'),
        header: [w('campaign'), w('export.simulated'), w('history.version'), w('history.status'), w('history.sentAt'), w('history.deliveredAt'), w('history.readAt'), w('history.repliedAt')],
        rows: h.messages.map((m) => [m.campaignName, yesNo(m.sandbox), m.variant ?? null, stage(m.stage), at(m.sentAt), at(m.deliveredAt), at(m.readAt), at(m.repliedAt)]),
      },
      {
        title: w('history.replies'),
        header: [w('history.at'), w('history.text'), w('history.optOut'), w('campaign')],
        rows: h.replies.map((r) => [time(r.at), r.text ?? `(${r.type})`, yesNo(r.optOut === 'opt_out'), r.campaign === undefined ? null : (names.get(r.campaign) ?? r.campaign)]),
      },
    ],
  };
}

const text = (c: Cell): string => (c === null ? '' : String(c));

/** One CSV: the heading line, then each section as its title, its header and its rows, a blank line between. */
export function reportCsvText(t: ReportTables): string {
  const lines = [csvLine(t.heading)];
  for (const s of t.sections) lines.push('', csvLine([s.title]), csvLine(s.header), ...s.rows.map((row) => csvLine(row.map(text))));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

export function reportCsv(t: ReportTables): Blob {
  return new Blob([reportCsvText(t)], { type: 'text/csv;charset=utf-8' });
}

/** A file name from a campaign or report name: no characters Windows refuses, not too long. */
export function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').trim().slice(0, 60) || 'report';
}
