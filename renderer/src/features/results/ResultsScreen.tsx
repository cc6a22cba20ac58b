/**
 * Results (issue 6): the owner's weekly review and a campaign report. Everything comes from db/reports.ts (rollups
 * and small indexed reads) through live queries, so the figures move while a campaign sends. Every chart has a
 * table view with the same numbers (its text alternative), one button away.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { memo, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ErrorAction } from '../../../../shared/domain/errorCodes';
import { addDays, localDay, systemZone } from '../../../../shared/domain/results/time';
import { getDb } from '../../db/db';
import { compareCosts, DEFAULT_RATE_TABLE, type BilledCategory, type CostComparison } from '../../../../shared/domain/campaign/costs';
import { MIN_OUTCOMES_PER_GROUP } from '../../../../shared/domain/results/abTest';
import { BEST_MIN_DELIVERED, campaignReport, weeklyReview, type CampaignReport, type FailureReason, type WeeklyReview } from '../../db/reports';
import type { Translator } from '../../i18n';
import { resultsWords, type ResultsKey, type ResultsWords } from '../../i18n/results';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/useAppStore';
import { SKIP_REASONS, type SkipReason } from '../../../../shared/domain/results/recipientStatus';
import { downloadBlob } from '../import/download';
import { chartPng, heatmapPng } from './chartPng';
import { campaignReportTables, safeFileName, speedHoursKey, weeklyReviewTables } from './exportReport';
import { ReportActions } from './ReportActions';
import { useSteady } from './useSteady';
import { loadResponseReport, weeksPeriod, type ResponseReport } from './responseData';
import { useBusinessHours } from './useBusinessHours';
import type { BusinessHours } from '../../../../shared/domain/automation/rules';
import { useAnswers, useDueSettings, useNow, useTriageRules } from '../inbox/useInbox';
import type { Priority } from '../../../../shared/domain/inbox/triage';
import { DayWrittenOut } from '../../components/DayWrittenOut';
import './results.css';

type Words = ResultsWords;

/** SVG presentation attributes cannot read CSS variables: the chart colours are fixed, chosen to read on both themes. */
const COLORS = { accent: '#0b6b53', success: '#2563eb', warning: '#d97706' } as const;

const ERROR_ACTIONS = ['rate_limit', 'pair_rate', 'transient', 'marketing_cap', 'suppress', 'unreachable', 'needs_template', 'bad_payload', 'bad_media', 'pause_campaign', 'stop_all', 'unknown'] as const satisfies readonly ErrorAction[];

function useWords(): { w: Words; i18n: Translator } {
  const i18n = useI18n();
  const w = useMemo(() => resultsWords(i18n.t), [i18n]);
  return { w, i18n };
}

/** Intl formatters are slow to build (a report needs dozens): one per language and options, kept. */
const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(language: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${language}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.NumberFormat(language, options)));
  return f;
}

const percent = (language: string, x: number | null, none: string) => (x === null ? none : numberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(x));

function duration(ms: number | null, language: string, none: string): string {
  if (ms === null) return none;
  const minutes = ms / 60_000;
  const fmt = (v: number, unit: 'minute' | 'hour' | 'day') => numberFormat(language, { style: 'unit', unit, unitDisplay: 'long', maximumFractionDigits: 1 }).format(v);
  if (minutes < 90) return fmt(Math.round(minutes), 'minute');
  if (minutes < 48 * 60) return fmt(minutes / 60, 'hour');
  return fmt(minutes / 1440, 'day');
}

/** The headline figures of a report: a term and its value each. */
function Facts({ items }: { items: ReadonlyArray<readonly [string, string]> }) {
  return (
    <dl className="results-facts">
      {items.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A chart and the same figures as a table; the table is the chart's text alternative. */
interface TableRow {
  key: string | number;
  head: ReactNode;
  cells: readonly ReactNode[];
}

/** A results table: column headings, then a row heading and its cells per row (also every chart's text alternative). */
function ResultsTable({ columns, rows, labelledBy, describedBy }: { columns: readonly ReactNode[]; rows: readonly TableRow[]; labelledBy?: string; describedBy?: string }) {
  return (
    <table className="results-table" aria-labelledby={labelledBy} aria-describedby={describedBy}>
      <thead>
        <tr>
          {columns.map((c, i) => (
            <th key={i} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.head}</th>
            {r.cells.map((c, i) => (
              <td key={i}>{c}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const DAILY_STEPS = ['sent', 'delivered', 'read', 'replied', 'failed', 'optedOut'] as const;

/** A button that saves a picture as `<title>.png`; a failure says so in a toast, and nothing else changes. */
function PngButton({ title, picture }: { title: string; picture: () => Promise<Blob> }) {
  const { w } = useWords();
  const save = async () => {
    try {
      downloadBlob(await picture(), `${safeFileName(title)}.png`);
    } catch {
      useAppStore.getState().showToast({ tone: 'error', message: w('export.pngFailed') });
    }
  };
  return (
    <button type="button" aria-label={w('export.png', { chart: title })} title={w('export.png', { chart: title })} onClick={() => void save()}>
      {w('export.pngShort')}
    </button>
  );
}

function ChartOrTable({ title, chart, table }: { title: string; chart: ReactNode; table: ReactNode }) {
  const { w } = useWords();
  const [asTable, setAsTable] = useState(false);
  const headingId = useId();
  const chartRef = useRef<HTMLDivElement>(null);
  const picture = () => (chartRef.current ? chartPng(chartRef.current, { title }) : Promise.reject(new Error('No chart on screen.')));
  return (
    <section className="results-card" aria-labelledby={headingId}>
      <div className="results-card-header">
        <h2 id={headingId}>{title}</h2>
        <span className="results-card-actions">
          {!asTable && <PngButton title={title} picture={picture} />}
          <button type="button" aria-pressed={asTable} onClick={() => setAsTable((x) => !x)}>
            {asTable ? w('show.chart') : w('show.table')}
          </button>
        </span>
      </div>
      {asTable ? table : <div aria-hidden="true" ref={chartRef}>{chart}</div>}
      {!asTable && <div className="visually-hidden">{table}</div>}
    </section>
  );
}

export function ResultsScreen() {
  const { w } = useWords();
  const headingId = useId();
  const [tab, setTab] = useState<'weekly' | 'campaign'>('weekly');
  return (
    <section className="screen results-screen" aria-labelledby={headingId}>
      <div className="screen-header">
        <h1 id={headingId}>{w('title')}</h1>
      </div>
      <p className="intro">{w('intro')}</p>
      <div className="results-tabs" role="group" aria-label={w('title')}>
        {(['weekly', 'campaign'] as const).map((x) => (
          <button key={x} type="button" aria-pressed={tab === x} className={tab === x ? 'primary' : undefined} onClick={() => setTab(x)}>
            {w(`tab.${x}`)}
          </button>
        ))}
      </div>
      {tab === 'weekly' ? <WeeklyReviewView /> : <CampaignReportView />}
    </section>
  );
}

function mondayOf(day: string): string {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

export function WeeklyReviewView({ zone = systemZone(), now: fixedNow }: { zone?: string; now?: number }) {
  const { w, i18n } = useWords();
  const ticking = useNow(60_000);
  const now = fixedNow ?? ticking;
  const [weekStart, setWeekStart] = useState(() => mondayOf(localDay(zone, now)));
  const [weeks, setWeeks] = useState(4);
  const startId = useId();
  const weeksId = useId();
  const stream = `${weekStart}/${weeks}/${zone}`;
  // Tagged with the range it answers: after a change of range, the old range's figures are not shown as the new.
  const live = useLiveQuery(async () => ({ stream, review: await weeklyReview(getDb(), weekStart, weeks, { zone }) }), [stream]);
  const review = useSteady(live?.stream === stream ? live.review : undefined, stream);
  const hours = useBusinessHours();
  const [allHours, setAllHours] = useState(false);
  const speed = useResponseReport(zone, weekStart, weeks, now, hours, !allHours);
  return (
    <div className="results-body">
      <div className="results-controls">
        <label htmlFor={startId}>{w('week.start')}</label>
        <input id={startId} type="date" lang={i18n.language} aria-describedby={`${startId}-day`} value={weekStart} onChange={(e) => e.target.value && setWeekStart(mondayOf(e.target.value))} />
        <DayWrittenOut id={`${startId}-day`} value={weekStart} />
        <label htmlFor={weeksId}>{w('week.count')}</label>
        <select id={weeksId} value={weeks} onChange={(e) => setWeeks(Number(e.target.value))}>
          {[1, 2, 4, 8, 12, 26].map((n) => (
            <option key={n} value={n}>
              {i18n.formatNumber(n)}
            </option>
          ))}
        </select>
      </div>
      {hours && (
        <p className="results-controls">
          <label>
            <input type="checkbox" checked={!allHours} onChange={(e) => setAllHours(!e.target.checked)} /> {w('speed.countBusiness')}
          </label>
        </p>
      )}
      {!review ? <p aria-live="polite">{w('loading')}</p> : <WeeklyReviewBody review={review} speed={speed} />}
    </div>
  );
}

/**
 * How fast the shop answered in the weekly review's weeks, and in each of them (responseData.ts), on main's answers
 * from the feed; `now` judges what is still unanswered. Undefined while it loads or after a change of range.
 */
function useResponseReport(zone: string, weekStart: string, weeks: number, now: number, hours: BusinessHours | null, businessOnly: boolean): ResponseReport | undefined {
  const rules = useTriageRules();
  const due = useDueSettings();
  const answers = useAnswers();
  const stream = `${weekStart}/${weeks}/${zone}/${hours && businessOnly ? 'business' : 'all'}`;
  const live = useLiveQuery(async () => {
    const period = weeksPeriod(zone, weekStart, weeks);
    // Index 0 is the chosen week, then each earlier one (as the review's weeks).
    const split = Array.from({ length: weeks }, (_, i) => weeksPeriod(zone, addDays(weekStart, -7 * i), 1));
    return { stream, report: await loadResponseReport(getDb(), { ...period, now, due, rules, answers, split, hours, businessOnly }) };
  }, [stream, now, due, rules, answers, hours]);
  return live?.stream === stream ? live.report : undefined;
}

// Memoised: the view above re-renders with every live change; the body (charts) only when useSteady lets one through.
const WeeklyReviewBody = memo(function WeeklyReviewBody({ review, speed }: { review: WeeklyReview; speed: ResponseReport | undefined }) {
  const { w, i18n } = useWords();
  const none = w('rate.none');
  const pct = (x: number | null) => percent(i18n.language, x, none);
  const weeks = [...review.weeks].reverse();
  const weekName = (start: string, i: number) => (i === 0 ? w('week.this') : w('week.of', { day: start }));
  const trend = weeks.map((x) => ({ week: x.weekStart, sent: x.sent, read: x.readRate === null ? null : x.readRate * 100, reply: x.replyRate === null ? null : x.replyRate * 100 }));
  const thisWeek = review.weeks[0];
  const first = review.weeks[review.weeks.length - 1]?.weekStart ?? '';
  const bestId = useId();
  const priorityName = (p: Priority) => i18n.t(`inbox.priority.${p}`);
  const weekSpeed = speed && speed.byPeriod.length === review.weeks.length ? speed.byPeriod : undefined;
  return (
    <>
      <ReportActions tables={() => weeklyReviewTables(review, w, speed && { report: speed, priority: priorityName })} fileName={safeFileName(`weekly-review-${first}-${review.weeks[0]?.weekStart ?? ''}`)} print />
      {thisWeek && (
        <Facts
          items={[
            [w('sent'), i18n.formatNumber(thisWeek.sent)],
            [w('rate.read'), pct(thisWeek.readRate)],
            [w('rate.reply'), pct(thisWeek.replyRate)],
            [w('optOuts'), i18n.formatNumber(thisWeek.optOuts)],
            [w('newContacts'), i18n.formatNumber(thisWeek.newContacts)],
            [w('firstResponse'), duration(thisWeek.avgFirstResponseMs, i18n.language, none)],
            ...(weekSpeed?.[0]
              ? ([
                  [w('speed.weekFirst'), duration(weekSpeed[0].firstResponseMs, i18n.language, none)],
                  [w('speed.weekInTime'), pct(weekSpeed[0].share)],
                ] as const)
              : []),
          ]}
        />
      )}
      <p className="results-note">{w('rates.explain')}</p>
      <ChartOrTable
        title={w('weekly.trend')}
        chart={
          <ResponsiveContainer width="100%" height={240}>
            <LineChart data={trend} margin={{ top: 8, right: 24, bottom: 8, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="week" />
              <YAxis unit="%" domain={[0, 100]} />
              <Tooltip />
              <Legend />
              <Line isAnimationActive={false} type="monotone" dataKey="read" name={w('rate.read')} stroke={COLORS.accent} connectNulls />
              <Line isAnimationActive={false} type="monotone" dataKey="reply" name={w('rate.reply')} stroke={COLORS.success} connectNulls />
            </LineChart>
          </ResponsiveContainer>
        }
        table={
          <ResultsTable
            columns={[w('week'), w('sent'), w('rate.read'), w('rate.reply'), w('optOuts'), w('newContacts'), w('replies'), w('firstResponse'), ...(weekSpeed ? [w('speed.weekFirst'), w('speed.weekInTime')] : [])]}
            rows={review.weeks.map((x, i) => ({
              key: x.weekStart,
              head: weekName(x.weekStart, i),
              cells: [
                ...[i18n.formatNumber(x.sent), pct(x.readRate), pct(x.replyRate), i18n.formatNumber(x.optOuts), i18n.formatNumber(x.newContacts), i18n.formatNumber(x.replies), duration(x.avgFirstResponseMs, i18n.language, none)],
                ...(weekSpeed ? [duration(weekSpeed[i]?.firstResponseMs ?? null, i18n.language, none), pct(weekSpeed[i]?.share ?? null)] : []),
              ],
            }))}
          />
        }
      />
      {review.byLabel.length === 0 ? (
        <section className="results-card">
          <h2>{w('labels.title')}</h2>
          <p>{w('labels.none')}</p>
        </section>
      ) : (
        <ChartOrTable
          title={w('labels.title')}
          chart={
            <ResponsiveContainer width="100%" height={Math.max(160, review.byLabel.length * 28 + 40)}>
              <BarChart layout="vertical" data={review.byLabel.map((l) => ({ name: l.name, reply: l.replyRate === null ? 0 : l.replyRate * 100, read: l.readRate === null ? 0 : l.readRate * 100 }))} margin={{ left: 24, right: 24 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis type="number" unit="%" domain={[0, 100]} />
                <YAxis type="category" dataKey="name" width={120} interval={0} />
                <Tooltip />
                <Legend />
                <Bar isAnimationActive={false} dataKey="read" name={w('rate.read')} fill={COLORS.accent} />
                <Bar isAnimationActive={false} dataKey="reply" name={w('rate.reply')} fill={COLORS.success} />
              </BarChart>
            </ResponsiveContainer>
          }
          table={
            <ResultsTable
              columns={[w('label'), w('sent'), w('rate.read'), w('rate.reply'), w('step.optedOut')]}
              rows={review.byLabel.map((l) => ({ key: l.labelId, head: l.name, cells: [i18n.formatNumber(l.sent), pct(l.readRate), pct(l.replyRate), i18n.formatNumber(l.optedOut)] }))}
            />
          }
        />
      )}
      {speed ? <SpeedCard speed={speed} priorityName={priorityName} /> : <p aria-live="polite">{w('loading')}</p>}
      <Heatmap title={w('heatmap.reads')} values={review.heatmap.read} />
      <Heatmap title={w('heatmap.replies')} values={review.heatmap.reply} />
      <section className="results-card" aria-labelledby={bestId}>
        <h2 id={bestId}>{w('best.title')}</h2>
        {review.best.length === 0 ? (
          <p>{w('best.none')}</p>
        ) : (
          <>
            <ResultsTable
              labelledBy={bestId}
              columns={[w('campaign'), w('sent'), w('delivered'), w('rate.read'), w('rate.reply')]}
              rows={review.best.map((c) => ({
                key: c.id,
                head: (
                  <>
                    {c.name} {c.sandbox && <span className="badge">{w('sandboxBadge')}</span>} {c.test && <span className="badge">{w('test')}</span>}
                  </>
                ),
                cells: [i18n.formatNumber(c.sent), i18n.formatNumber(c.delivered), pct(c.readRate), pct(c.replyRate)],
              }))}
            />
            <p className="results-note">{w('best.few', { count: BEST_MIN_DELIVERED })}</p>
          </>
        )}
      </section>
    </>
  );
});

/**
 * How fast you answer (issue 14 point 7) over the review's weeks: people's times, the share in time by priority and
 * per staff member, automatic answers apart, and each label's reply rate by customer with those under 10 % marked.
 * The times count the shop's business hours only when it has set them (the Automation screen) and the person keeps
 * "Count business hours only" on; the card says which.
 */
function SpeedCard({ speed, priorityName }: { speed: ResponseReport; priorityName: (p: Priority) => string }) {
  const { w, i18n } = useWords();
  const none = w('rate.none');
  const pct = (x: number | null) => percent(i18n.language, x, none);
  const time = (ms: number | null) => duration(ms, i18n.language, none);
  const t = speed.times;
  const headingId = useId();
  const num = i18n.formatNumber;
  return (
    <section className="results-card" aria-labelledby={headingId} data-testid="results-speed">
      <h2 id={headingId}>{w('speed.title')}</h2>
      <p className="results-note">{w(speedHoursKey(speed))}</p>
      {t.stretches === 0 ? (
        <p>{w('speed.none')}</p>
      ) : (
        <>
          <Facts
            items={[
              [w('speed.first'), time(t.firstResponseMs)],
              [w('speed.median'), time(t.medianFirstResponseMs)],
              [w('speed.average'), time(t.averageResponseMs)],
              [w('speed.inTime'), pct(t.share)],
              [w('speed.waits'), num(t.stretches)],
              [w('speed.answered'), num(t.answered)],
              [w('speed.overdue'), num(t.overdue)],
              [w('speed.pending'), num(t.pending)],
              [w('speed.closed'), num(t.closedWithoutAnswer)],
              ...(t.automatic.answered > 0 ? ([[w('speed.automatic'), num(t.automatic.answered)]] as const) : []),
            ]}
          />
          <p className="results-note">{w('speed.explain')}</p>
          <h3>{w('speed.byPriority')}</h3>
          <ResultsTable
            columns={[w('speed.priority'), w('speed.dueTime'), w('speed.judged'), w('speed.withinDue'), w('speed.share')]}
            rows={t.byPriority.map((p) => ({ key: p.priority, head: priorityName(p.priority), cells: [time(p.dueMs), num(p.judged), num(p.withinDue), pct(p.share)] }))}
          />
          {t.byStaff.length > 0 && (
            <>
              <h3>{w('speed.byStaff')}</h3>
              <ResultsTable
                columns={[w('speed.staff'), w('speed.answered'), w('speed.first'), w('speed.withinDue'), w('speed.share')]}
                rows={t.byStaff.map((r) => ({ key: r.staff ?? '', head: r.staff ?? w('speed.notNamed'), cells: [num(r.answered), time(r.firstResponseMs), num(r.withinDue), pct(r.share)] }))}
              />
            </>
          )}
        </>
      )}
      <h3>{w('speed.labels')}</h3>
      {speed.labels.length === 0 ? (
        <p>{w('speed.labelsNone')}</p>
      ) : (
        <>
          <ResultsTable
            columns={[w('label'), w('speed.received'), w('speed.replied'), w('rate.reply')]}
            rows={speed.labels.map((l) => ({
              key: l.label,
              head: l.name,
              cells: [
                num(l.received),
                num(l.replied),
                <>
                  {pct(l.rate)} {l.low && <span className="badge results-low">{w('speed.low')}</span>}
                </>,
              ],
            }))}
          />
          <p className="results-note">{w('speed.labelsExplain')}</p>
        </>
      )}
    </section>
  );
}

/** Hour × weekday as a table of shaded cells: it is its own text alternative (each cell holds its count). */
function Heatmap({ title, values }: { title: string; values: readonly number[] }) {
  const { w, i18n } = useWords();
  const max = Math.max(1, ...values);
  const headingId = useId();
  const fullTitle = `${w('heatmap.title')}: ${title}`;
  const weekdays = Array.from({ length: 7 }, (_, d) => w(`weekday.${d}` as ResultsKey));
  const sectionRef = useRef<HTMLElement>(null);
  const picture = () =>
    heatmapPng(values, {
      title: fullTitle,
      rowLabels: weekdays,
      colour: COLORS.accent,
      formatNumber: i18n.formatNumber,
      fontFamily: sectionRef.current ? getComputedStyle(sectionRef.current).fontFamily : undefined,
    });
  return (
    <section className="results-card" aria-labelledby={headingId} ref={sectionRef}>
      <div className="results-card-header">
        <h2 id={headingId}>{fullTitle}</h2>
        <span className="results-card-actions">
          <PngButton title={fullTitle} picture={picture} />
        </span>
      </div>
      <div className="heatmap-scroll">
        <table className="heatmap" aria-labelledby={headingId}>
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">{w('hour')}</span>
              </th>
              {Array.from({ length: 24 }, (_, h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: 7 }, (_, d) => (
              <tr key={d}>
                <th scope="row">{weekdays[d]}</th>
                {Array.from({ length: 24 }, (_, h) => {
                  const v = values[d * 24 + h] ?? 0;
                  return (
                    <td key={h} style={{ background: `color-mix(in srgb, var(--accent, #0b6b53) ${Math.round((v / max) * 100)}%, transparent)` }}>
                      {v > 0 ? i18n.formatNumber(v) : ''}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

// ── Campaign report ──────────────────────────────────────────────────────────────────────────────────────────

export function CampaignReportView() {
  const { w } = useWords();
  const campaigns = useLiveQuery(() => getDb().campaigns.orderBy('createdAt').reverse().toArray(), []);
  const [selected, setSelected] = useState<string | null>(null);
  const id = selected ?? campaigns?.[0]?.id ?? null;
  const rates = useAppStore((s) => s.settings.rateTable); // the shop's own prices (Settings → Prices)
  const live = useLiveQuery(() => (id ? campaignReport(getDb(), id, rates ? { rates } : {}) : undefined), [id, rates]);
  const report = useSteady(live?.id === id ? live : undefined, id ?? '');
  // Estimated vs actual from main's counts (the campaign's copy), priced with the same table as the report.
  const counts = campaigns?.find((c) => c.id === id)?.counts;
  const category = report?.cost.category;
  const costs = useMemo(() => (counts && category ? compareCosts(counts, category, rates ?? DEFAULT_RATE_TABLE) : undefined), [counts, category, rates]);
  const pickId = useId();
  if (campaigns && campaigns.length === 0) return <p className="empty-state">{w('campaign.none')}</p>;
  return (
    <div className="results-body">
      <div className="results-controls">
        <label htmlFor={pickId}>{w('campaign')}</label>
        <select id={pickId} value={id ?? ''} onChange={(e) => setSelected(e.target.value)}>
          {(campaigns ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      {!report ? <p aria-live="polite">{w('loading')}</p> : <CampaignReportBody report={report} costs={costs} />}
    </div>
  );
}

/**
 * Estimated beside actual (issue 13 point 2): the table × every recipient at the category we expected, and what
 * WhatsApp reported it billed in the statuses' `pricing`, priced with the same table (costs.ts `compareCosts`);
 * "not reported yet" until a first report arrives. The table's date and source are shown with both.
 */
function CostCard({ report, costs, money }: { report: CampaignReport; costs: CostComparison | undefined; money: (x: number) => string }) {
  const { w, i18n } = useWords();
  const headingId = useId();
  const category = (c: BilledCategory) => i18n.t(`prices.col.${c}`);
  const country = (c: string) => (c === '??' ? '—' : i18n.countryName(c));
  const actual = costs?.actual;
  const actualText = report.sandbox ? w('cost.sandboxActual') : actual?.reported ? money(actual.total) : w('cost.notReported');
  return (
    <section className="results-card" aria-labelledby={headingId} data-testid="results-cost">
      <h2 id={headingId}>{w('cost.title')}</h2>
      <Facts
        items={[
          [w('cost.estimated'), costs?.estimated ? money(costs.estimated.total) : '—'],
          [w('cost.actual'), actualText],
        ]}
      />
      {costs?.estimated && <p className="results-note">{w('cost.estimatedDetail', { count: costs.estimated.recipients, category: category(costs.estimated.category) })}</p>}
      {report.sandbox ? (
        <p>{w('cost.simulated', { amount: money(report.cost.total), category: category(report.cost.category), asOf: report.cost.asOf })}</p>
      ) : actual?.reported ? (
        <>
          <p className="results-note">{w('cost.actualDetail', { billed: i18n.formatNumber(actual.billed), free: i18n.formatNumber(actual.notBillable) })}</p>
          {actual.unknown > 0 && <p className="results-note">{w('cost.unknown', { count: actual.unknown })}</p>}
          {actual.byCountry.length > 0 && (
            <ResultsTable
              columns={[w('country'), w('cost.billedAs'), w('cost.messages'), w('rate'), w('subtotal')]}
              rows={actual.byCountry.map((r) => ({
                key: `${r.country}.${r.category}`,
                head: country(r.country),
                cells: [category(r.category), i18n.formatNumber(r.messages), money(r.rate), money(r.subtotal)],
              }))}
            />
          )}
        </>
      ) : (
        <>
          <p className="results-note">{w('cost.notReportedDetail')}</p>
          {costs?.estimated && costs.estimated.byCountry.length > 0 && (
            <ResultsTable
              columns={[w('country'), w('recipients'), w('rate'), w('subtotal')]}
              rows={costs.estimated.byCountry.map((r) => ({ key: r.country, head: country(r.country), cells: [i18n.formatNumber(r.recipients), money(r.rate), money(r.subtotal)] }))}
            />
          )}
        </>
      )}
      <p className="results-note">{w('cost.table', { asOf: costs?.asOf ?? report.cost.asOf, source: costs?.source ?? '' })}</p>
    </section>
  );
}

function failureText(t: Translator['t'], w: Words, f: FailureReason): string {
  if (f.kind === 'skip' && (SKIP_REASONS as readonly string[]).includes(f.reason)) return t(`campaigns.skip.${f.reason as SkipReason}`); // membership checked
  if (f.kind === 'error' && (ERROR_ACTIONS as readonly string[]).includes(f.reason)) return t(`campaigns.error.${f.reason as ErrorAction}`); // membership checked
  if (f.kind === 'ambiguous') return t('campaigns.stage.ambiguous');
  return w('failure.other');
}

/**
 * The recipient filter that holds a failure group's rows on the Campaigns screen. Skips and unclear sends have their
 * own filter; an error group may hold skipped rows (131026, 131049, 131050 and 131047 skip the recipient) as well as
 * failed ones (a `failed` delivery status), and "other" both, so those open every recipient narrowed by the group
 * alone: the list then shows exactly the rows the count is made of.
 */
function failureFilter(f: FailureReason): 'skipped' | 'ambiguous' | 'all' {
  if (f.kind === 'skip') return 'skipped';
  if (f.kind === 'ambiguous') return 'ambiguous';
  return 'all';
}

const CampaignReportBody = memo(function CampaignReportBody({ report, costs }: { report: CampaignReport; costs: CostComparison | undefined }) {
  const { w, i18n } = useWords();
  const none = w('rate.none');
  const pct = (x: number | null) => percent(i18n.language, x, none);
  const steps = ['queued', 'sent', 'delivered', 'read', 'replied', 'failed', 'skipped', 'optedOut'] as const;
  const funnel = steps.map((s) => ({ step: w(`step.${s}`), count: report.funnel[s] }));
  const perSent = report.rates.base === 'sent';
  const money = (x: number) => numberFormat(i18n.language, { style: 'currency', currency: report.cost.currency, maximumFractionDigits: 2 }).format(x);
  const failuresId = useId();
  const failuresHintId = useId();
  const tables = () => campaignReportTables(report, { w, failure: (f) => failureText(i18n.t, w, f), country: (c) => (c === '??' ? '—' : i18n.countryName(c)) });
  return (
    <>
      <ReportActions tables={tables} fileName={`${safeFileName(report.name)}-report`} />
      {report.sandbox && (
        <p className="results-sandbox" role="note">
          {w('sandbox')}
        </p>
      )}
      <Facts
        items={[
          // Without delivery receipts (Assisted) the read rate cannot be known and the others are per sent.
          ...(perSent
            ? ([
                [w('rate.replyPerSent'), pct(report.rates.reply)],
                [w('rate.optOutPerSent'), pct(report.rates.optOut)],
              ] as const)
            : ([
                [w('rate.read'), pct(report.rates.read)],
                [w('rate.reply'), pct(report.rates.reply)],
                [w('rate.optOut'), pct(report.rates.optOut)],
              ] as const)),
          [w('firstResponse'), duration(report.avgFirstResponseMs, i18n.language, none)],
        ]}
      />
      <p className="results-note">{w(perSent ? 'rates.explainSent' : 'rates.explain')}</p>
      <ChartOrTable
        title={w('funnel.title')}
        chart={
          <ResponsiveContainer width="100%" height={240}>
            <BarChart data={funnel} margin={{ top: 8, right: 24, bottom: 8, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="step" />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Bar isAnimationActive={false} dataKey="count" name={w('count')} fill={COLORS.accent} />
            </BarChart>
          </ResponsiveContainer>
        }
        table={
          <ResultsTable columns={[w('funnel.title'), w('count')]} rows={funnel.map((f) => ({ key: f.step, head: f.step, cells: [i18n.formatNumber(f.count)] }))} />
        }
      />
      <section className="results-card" aria-labelledby={failuresId}>
        <h2 id={failuresId}>{w('failures.title')}</h2>
        {report.failures.length === 0 ? (
          <p>{w('failures.none')}</p>
        ) : (
          <>
            <ResultsTable
              labelledBy={failuresId}
              describedBy={failuresHintId}
              columns={[w('reason'), w('count')]}
              rows={report.failures.map((f) => ({
                key: f.group,
                head: (
                  <button type="button" className="link-button" onClick={() => useAppStore.getState().openCampaign({ campaignId: report.id, filter: failureFilter(f), reason: f.group })}>
                    {failureText(i18n.t, w, f)}
                  </button>
                ),
                cells: [i18n.formatNumber(f.count)],
              }))}
            />
            <p className="results-note" id={failuresHintId}>
              {w('failures.open')}
            </p>
          </>
        )}
      </section>
      {report.ab && (
        <section className="results-card">
          <h2>{w('ab.title')}</h2>
          <ResultsTable
            columns={[w('ab.version'), w('delivered'), w('rate.read'), w('rate.reply'), w('step.optedOut')]}
            rows={(['a', 'b'] as const).flatMap((v) => {
              const f = report.ab?.[v];
              return f ? [{ key: v, head: v.toUpperCase(), cells: [i18n.formatNumber(f.delivered), pct(f.rates.read), pct(f.rates.reply), i18n.formatNumber(f.optedOut)] }] : [];
            })}
          />
          <p>
            <strong>{w('rate.reply')}:</strong> {w(`ab.verdict.${report.ab.reply.verdict}`)}{' '}
            {report.ab.reply.p !== null && report.ab.reply.verdict !== 'too_few' && <span className="results-note">(p = {report.ab.reply.p.toFixed(3)})</span>}
          </p>
          <p>
            <strong>{w('rate.read')}:</strong> {w(`ab.verdict.${report.ab.read.verdict}`)}
          </p>
          <p className="results-note">{w('ab.caveat', { count: MIN_OUTCOMES_PER_GROUP })}</p>
        </section>
      )}
      {!report.cost.billed ? (
        <section className="results-card">
          <h2>{w('cost.title')}</h2>
          <p>{w('cost.free')}</p>
        </section>
      ) : (
        <CostCard report={report} costs={costs} money={money} />
      )}
      {report.daily.length > 0 && (
        <ChartOrTable
          title={w('daily.title')}
          chart={
            <ResponsiveContainer width="100%" height={240}>
              <LineChart data={report.daily} margin={{ top: 8, right: 24, bottom: 8, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="day" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Legend />
                <Line isAnimationActive={false} dataKey="delivered" name={w('step.delivered')} stroke={COLORS.accent} />
                <Line isAnimationActive={false} dataKey="read" name={w('step.read')} stroke={COLORS.warning} />
                <Line isAnimationActive={false} dataKey="replied" name={w('step.replied')} stroke={COLORS.success} />
              </LineChart>
            </ResponsiveContainer>
          }
          table={
            <ResultsTable
              columns={[w('day'), ...DAILY_STEPS.map((s) => w(`step.${s}`))]}
              rows={report.daily.map((d) => ({ key: d.day, head: d.day, cells: DAILY_STEPS.map((s) => i18n.formatNumber(d[s])) }))}
            />
          }
        />
      )}
    </>
  );
});
