/**
 * Automation (issue 15): the shop sets up keyword replies, the greeting, the away message and business hours without
 * editing JSON, tries a message against the saved rules, imports and exports the rules file, and sees how often each
 * rule answered and what the month's automatic answers cost. Main keeps the rules (`automation:get` / `set` / `try`,
 * `<data>/automation.json`) and checks every save with the file's own reader, so a refused save changes nothing and
 * names each problem. Unsaved changes are kept in `automationDraft.ts` across screens.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { openAt } from '../../../../shared/domain/automation/hours';
import { isTimeZone, KEYWORD_RULES_LIMIT, MATCH_KINDS, parseAutomation, WEEKDAYS, type AutomationProblem, type BusinessHours, type MatchKind, type Weekday } from '../../../../shared/domain/automation/rules';
import { COUNTRY_ZONES } from '../../../../shared/domain/recipientZone';
import { AUTOMATION_SET_MAX_CHARS, type AutomationPauseView, type AutomationTryResult, type AutomationView } from '../../../../shared/ipc/automation';
import { errorMessage } from '../../components/errorMessage';
import { isDialogOpen, isPrimaryModifier } from '../../components/keyboard';
import { useBridge } from '../../components/useBridge';
import { getDb, type LabelRecord, type QuickReplyRecord } from '../../db/db';
import { listLabels } from '../../db/labels';
import { listQuickReplies } from '../../db/quickReplies';
import { downloadBlob } from '../import/download';
import type { TKey } from '../../i18n';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/useAppStore';
import { fromRules, isDirty, newKey, toFile, useAutomationDraft, type Draft, type QuickReplyTexts, type RuleDraft } from './automationDraft';
import './automation.css';

type T = ReturnType<typeof useI18n>['t'];

/** A problem's place in words: `keywordReplies[2].match` → "keyword reply 3.match"; the whole file → "the file". */
function pathWords(t: T, path: string): string {
  if (path === '') return t('automation.problem.theFile');
  return path.replace(/^keywordReplies\[(\d+)\]/, (_m, i: string) => t('automation.problem.rule', { n: Number(i) + 1 }));
}

/** A problem's reason in words: "keyword reply 1.match: must be contains, whole or starts." */
export function problemReasonText(t: T, p: AutomationProblem): string {
  return t(`automation.problem.${p.problem}` as TKey, { path: pathWords(t, p.path) });
}

/** A file's problem with its line: "Line 8: keyword reply 1.match: …". */
export function problemText(t: T, p: AutomationProblem): string {
  return t('automation.problemLine', { line: p.line, reason: problemReasonText(t, p) });
}

/** The shop's zone for times on this screen: its business hours' zone, else its country's. */
function shopZone(view: AutomationView, fallback: string): string {
  const hours = view.rules.businessHours;
  const z = typeof hours === 'object' && hours !== null ? (hours as { timeZone?: unknown }).timeZone : undefined;
  return typeof z === 'string' && isTimeZone(z) ? z : fallback;
}

/** Why automation is paused (main's breakers, `automation:get` → `pause`) and what to do, in the shop's zone. */
function PauseBanner({ pause, timeZone }: { pause: AutomationPauseView; timeZone: string }) {
  const { t, language } = useI18n();
  const since = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(pause.since);
  const text =
    pause.reason === 'error_rate'
      ? t('automation.pause.errorRate', { since, until: new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(pause.until ?? pause.since) })
      : pause.code !== undefined
        ? t('automation.pause.accountCode', { since, code: String(pause.code) })
        : t('automation.pause.account', { since });
  return (
    <div className="banner banner-warning automation-pause" role="status">
      <p>
        <strong>{t('automation.pause.title')}</strong> {text}
      </p>
    </div>
  );
}

/**
 * "Only for customers with one of these labels": a box per label of the shop, plus the rule's labels that no label
 * here has (read from a file: kept until unticked). None ticked: the rule answers everyone. Main knows each
 * customer's labels from the contacts (sync/contactLabelsSync.ts).
 */
function LabelConditions({ rule, labels, onChange }: { rule: RuleDraft; labels: readonly LabelRecord[]; onChange: (labels: readonly string[] | undefined) => void }) {
  const { t } = useI18n();
  const key = (name: string) => name.trim().toLowerCase();
  const chosen = new Set((rule.labels ?? []).map(key));
  const known = new Set(labels.map((l) => key(l.name)));
  const unknown = (rule.labels ?? []).filter((l) => !known.has(key(l)));
  const toggle = (name: string, on: boolean) => {
    const rest = (rule.labels ?? []).filter((l) => key(l) !== key(name));
    const next = on ? [...rest, name] : rest;
    onChange(next.length > 0 ? next : undefined);
  };
  return (
    <fieldset className="automation-labels">
      <legend>{t('automation.rule.labelsTitle')}</legend>
      {labels.length === 0 && unknown.length === 0 && <p className="field-hint">{t('automation.rule.labelsNone')}</p>}
      {labels.map((l) => (
        <label key={l.id} className="automation-check">
          <input type="checkbox" checked={chosen.has(key(l.name))} onChange={(e) => toggle(l.name, e.target.checked)} />
          <span>{l.name}</span>
        </label>
      ))}
      {unknown.map((name) => (
        <label key={`unknown:${name}`} className="automation-check">
          <input type="checkbox" checked onChange={(e) => toggle(name, e.target.checked)} />
          <span>{t('automation.rule.labelUnknown', { label: name })}</span>
        </label>
      ))}
      {(rule.labels?.length ?? 0) > 0 && <p className="field-hint">{t('automation.rule.labelsHint')}</p>}
    </fieldset>
  );
}

function savedDraft(view: AutomationView, zone: string): Draft {
  const parsed = parseAutomation(JSON.stringify(view.rules));
  return fromRules(parsed.ok ? parsed.value : { keywordReplies: [] }, zone);
}

export function AutomationScreen() {
  const { t } = useI18n();
  const bridge = useBridge();
  const showToast = useAppStore((s) => s.showToast);
  const country = useAppStore((s) => s.settings.defaultCountry);
  const zone = COUNTRY_ZONES[country]?.[0] ?? 'Asia/Seoul';
  const headingId = useId();
  const [view, setView] = useState<AutomationView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<{ heading: string; lines: string[] } | null>(null);
  const draft = useAutomationDraft((s) => s.draft);
  const dirty = useAutomationDraft(isDirty);
  const { load, reset } = useAutomationDraft.getState();
  // The shop's quick replies (IndexedDB): a rule answering with one stores its text on save, so main can send it.
  const quickList = useLiveQuery(() => listQuickReplies(getDb()), []);
  const labelList = useLiveQuery(() => listLabels(getDb()), []);
  const quick = useMemo<QuickReplyTexts>(() => new Map((quickList ?? []).map((q) => [q.id, { shortcut: q.shortcut, text: q.text }])), [quickList]);

  useEffect(() => {
    let live = true;
    void bridge.call('automation:get').then((r) => {
      if (!live) return;
      if (!r.ok) return setLoadError(t('automation.loadFailed', { reason: errorMessage(t, r.error) }));
      setView(r.value);
      load(savedDraft(r.value, zone), true);
    });
    return () => {
      live = false;
    };
  }, [bridge]); // eslint-disable-line react-hooks/exhaustive-deps -- loaded once per visit

  const save = useCallback(async () => {
    const current = useAutomationDraft.getState().draft;
    if (current === null || saving) return;
    setSaving(true);
    const r = await bridge.call('automation:set', { rules: toFile(current, quick) });
    setSaving(false);
    if (!r.ok) {
      setProblems({ heading: t('automation.saveFailed', { reason: errorMessage(t, r.error) }), lines: [] });
      return;
    }
    if (!r.value.saved) {
      setProblems({ heading: t('automation.saveRefused', { count: r.value.problems.length }), lines: r.value.problems.map((p) => problemReasonText(t, p)) });
      return;
    }
    setProblems(null);
    setView(r.value.view);
    reset(savedDraft(r.value.view, zone));
    showToast({ tone: 'success', message: t('automation.saved') });
  }, [bridge, quick, saving, t, zone]); // eslint-disable-line react-hooks/exhaustive-deps -- store actions are stable

  // Ctrl/Cmd+S saves, also from inside a text field (it is this screen's one document).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isPrimaryModifier(event) || event.shiftKey || event.altKey || event.key.toLowerCase() !== 's' || isDialogOpen()) return;
      event.preventDefault();
      void save();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [save]);

  const discard = () => {
    if (!view || !draft) return;
    const before = draft;
    reset(savedDraft(view, zone));
    setProblems(null);
    showToast({ tone: 'info', message: t('automation.discarded'), undo: async () => useAutomationDraft.getState().edit(() => before) });
  };

  return (
    <section className="screen automation-screen" aria-labelledby={headingId}>
      <div className="screen-header">
        <h1 id={headingId}>{t('automation.title')}</h1>
      </div>
      <p className="intro">{t('automation.intro')}</p>
      {loadError && (
        <p className="banner banner-error" role="alert">
          {loadError}
        </p>
      )}
      {!view && !loadError && <p aria-live="polite">{t('automation.loading')}</p>}
      {view?.pause && <PauseBanner pause={view.pause} timeZone={shopZone(view, zone)} />}
      {view && draft && (
        <>
          <div className="automation-savebar">
            <button type="button" className="primary" onClick={() => void save()} disabled={saving} aria-keyshortcuts="Control+S">
              {saving ? t('automation.saving') : t('automation.save')}
            </button>
            <span className="field-hint">{t('automation.saveHint')}</span>
            {dirty && (
              <>
                <span className="automation-unsaved" role="status">
                  {t('automation.unsaved')}
                </span>
                <button type="button" onClick={discard}>
                  {t('automation.discard')}
                </button>
              </>
            )}
          </div>
          {view.problems.length > 0 && (
            <div className="banner banner-error" role="alert">
              <p>{t('automation.fileDamaged')}</p>
              <ul>
                {view.problems.map((p, i) => (
                  <li key={i}>{problemText(t, p)}</li>
                ))}
              </ul>
            </div>
          )}
          {problems && (
            <div className="banner banner-error automation-problems" role="alert">
              <p>{problems.heading}</p>
              {problems.lines.length > 0 && (
                <ul>
                  {problems.lines.map((line, i) => (
                    <li key={i}>{line}</li>
                  ))}
                </ul>
              )}
            </div>
          )}
          <CostLine view={view} />
          <KeywordSection draft={draft} view={view} quickReplies={quickList ?? []} labels={labelList ?? []} />
          <div className="automation-columns">
            <GreetingSection draft={draft} view={view} />
            <AwaySection draft={draft} view={view} />
          </div>
          <HoursSection draft={draft} />
          <TrySection dirty={dirty} labels={labelList ?? []} />
          <FileSection draft={draft} onImported={() => setProblems(null)} />
        </>
      )}
    </section>
  );

}

/** The month's cost estimate: the last 30 days' automatic Cloud answers at the shop's reply (service) price. */
function CostLine({ view: v }: { view: AutomationView }) {
  const { t, language, formatDate } = useI18n();
  const total = new Intl.NumberFormat(language, { style: 'currency', currency: v.cost.currency, maximumFractionDigits: 4 }).format(v.cost.total);
  const asOf = Date.parse(`${v.cost.asOf}T12:00:00Z`);
  return (
    <p className="automation-cost" data-testid="automation-cost">
      {t('automation.cost', { count: v.cost.answers, total })} {t('automation.cost.asOf', { date: Number.isNaN(asOf) ? v.cost.asOf : formatDate(asOf) })}
      {!v.cost.ownRates && <> {t('automation.cost.defaults')}</>}
    </p>
  );
}

// ── Keyword replies ──────────────────────────────────────────────────────────────────────────────────────────

function KeywordSection({ draft, view, quickReplies, labels }: { draft: Draft; view: AutomationView; quickReplies: readonly QuickReplyRecord[]; labels: readonly LabelRecord[] }) {
  const { t } = useI18n();
  const headingId = useId();
  const edit = useAutomationDraft((s) => s.edit);
  const listRef = useRef<HTMLOListElement>(null);
  const add = () => {
    const key = newKey();
    edit((d) => ({ ...d, rules: [...d.rules, { key, name: t('automation.rule.defaultName', { n: d.rules.length + 1 }), words: '', match: 'contains', reply: '', firstMessageOnly: false, enabled: true }] }));
    // The new rule's first field takes the focus, so the person types its name at once.
    window.setTimeout(() => listRef.current?.querySelector<HTMLInputElement>(`[data-rule="${key}"] input[type="text"]`)?.focus(), 0);
  };
  return (
    <section className="automation-card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('automation.keywords.title')}</h2>
      <p className="field-hint">{t('automation.keywords.intro')}</p>
      {draft.rules.length > KEYWORD_RULES_LIMIT && (
        <p className="banner banner-warning" role="status">
          <span aria-hidden="true">⚠ </span>
          {t('automation.keywords.tooMany', { rules: draft.rules.length, limit: KEYWORD_RULES_LIMIT })}
        </p>
      )}
      {draft.rules.length === 0 && <p className="empty-state">{t('automation.keywords.empty')}</p>}
      {draft.rules.length > 0 && (
        <ol className="automation-rules" aria-label={t('automation.keywords.title')} ref={listRef}>
          {draft.rules.map((rule, index) => (
            <RuleRow key={rule.key} rule={rule} index={index} count={draft.rules.length} counts={view.counts[`keyword:${rule.name.trim()}`]} quickReplies={quickReplies} labels={labels} />
          ))}
        </ol>
      )}
      <button type="button" onClick={add}>
        {t('automation.keywords.add')}
      </button>
    </section>
  );
}

function RuleRow({ rule, index, count, counts, quickReplies, labels }: { rule: RuleDraft; index: number; count: number; counts: { recent: number; total: number } | undefined; quickReplies: readonly QuickReplyRecord[]; labels: readonly LabelRecord[] }) {
  const { t } = useI18n();
  const edit = useAutomationDraft((s) => s.edit);
  const showToast = useAppStore((s) => s.showToast);
  const ids = { name: useId(), words: useId(), match: useId(), reply: useId(), vars: useId(), answer: useId() };
  const chosen = rule.quickReplyId !== undefined ? quickReplies.find((q) => q.id === rule.quickReplyId) : undefined;
  const quickText = chosen?.text ?? rule.quickReplyText;
  const chooseAnswer = (id: string) => {
    if (id === '') return edit((d) => ({ ...d, rules: d.rules.map((r) => (r.key === rule.key ? withoutQuickReply(r) : r)) }));
    const q = quickReplies.find((x) => x.id === id);
    change({ quickReplyId: id, ...(q ? { quickReplyText: q.text, quickReplyShortcut: q.shortcut } : {}) });
  };
  const label = rule.name.trim() === '' ? t('automation.rule.defaultName', { n: index + 1 }) : rule.name;
  const change = (patch: Partial<RuleDraft>) => edit((d) => ({ ...d, rules: d.rules.map((r) => (r.key === rule.key ? { ...r, ...patch } : r)) }));
  const move = (by: -1 | 1, focusSelector: string) => {
    edit((d) => {
      const rules = [...d.rules];
      const at = rules.findIndex((r) => r.key === rule.key);
      const to = at + by;
      if (at < 0 || to < 0 || to >= rules.length) return d;
      [rules[at], rules[to]] = [rules[to]!, rules[at]!]; // both inside the list, checked above
      return { ...d, rules };
    });
    // The button keeps the focus as the rule moves, so pressing it again moves it again.
    window.setTimeout(() => document.querySelector<HTMLButtonElement>(`[data-rule="${rule.key}"] ${focusSelector}`)?.focus(), 0);
  };
  const remove = () => {
    const removed = rule;
    edit((d) => ({ ...d, rules: d.rules.filter((r) => r.key !== rule.key) }));
    showToast({
      tone: 'info',
      message: t('automation.rule.deleted', { rule: label }),
      undo: async () =>
        useAutomationDraft.getState().edit((d) => {
          const rules = [...d.rules];
          rules.splice(Math.min(index, rules.length), 0, removed);
          return { ...d, rules };
        }),
    });
  };
  return (
    <li className={`automation-rule${rule.enabled ? '' : ' is-off'}`} data-rule={rule.key}>
      <fieldset>
        <legend>{t('automation.rule.label', { n: index + 1, rule: label })}</legend>
        <div className="automation-rule-head">
          <label className="field">
            <span>{t('automation.rule.name')}</span>
            <input type="text" id={ids.name} value={rule.name} maxLength={60} onChange={(e) => change({ name: e.target.value })} />
          </label>
          <label className="automation-switch">
            <input type="checkbox" role="switch" checked={rule.enabled} onChange={(e) => change({ enabled: e.target.checked })} />
            <span>{t('automation.rule.enabled')}</span>
          </label>
          <div className="automation-rule-actions">
            <button type="button" className="move-up" aria-label={t('automation.rule.moveUp', { rule: label })} disabled={index === 0} onClick={() => move(-1, '.move-up')}>
              ↑
            </button>
            <button type="button" className="move-down" aria-label={t('automation.rule.moveDown', { rule: label })} disabled={index === count - 1} onClick={() => move(1, '.move-down')}>
              ↓
            </button>
            <button type="button" className="danger" aria-label={t('automation.rule.delete', { rule: label })} onClick={remove}>
              ✕
            </button>
          </div>
        </div>
        <div className="automation-rule-match">
          <label className="field automation-words">
            <span>{t('automation.rule.words')}</span>
            <input type="text" id={ids.words} value={rule.words} onChange={(e) => change({ words: e.target.value })} />
          </label>
          <label className="field">
            <span>{t('automation.rule.match')}</span>
            <select id={ids.match} value={rule.match} onChange={(e) => change({ match: e.target.value as MatchKind })}>
              {MATCH_KINDS.map((m) => (
                <option key={m} value={m}>
                  {t(`automation.match.${m}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <label className="field automation-answer-with">
          <span>{t('automation.rule.answerWith')}</span>
          <select id={ids.answer} value={rule.quickReplyId ?? ''} onChange={(e) => chooseAnswer(e.target.value)}>
            <option value="">{t('automation.rule.ownText')}</option>
            {quickReplies.map((q) => (
              <option key={q.id} value={q.id}>
                /{q.shortcut}
              </option>
            ))}
            {rule.quickReplyId !== undefined && !chosen && <option value={rule.quickReplyId}>/{rule.quickReplyShortcut ?? rule.quickReplyId}</option>}
          </select>
        </label>
        {rule.quickReplyId === undefined && (
          <>
            <label className="field">
              <span>{t('automation.rule.reply')}</span>
              <textarea id={ids.reply} rows={2} value={rule.reply} maxLength={4096} aria-describedby={ids.vars} onChange={(e) => change({ reply: e.target.value })} />
            </label>
            <p className="field-hint" id={ids.vars}>
              {t('automation.rule.variables')}
            </p>
          </>
        )}
        {rule.quickReplyId !== undefined && quickText !== undefined && (
          <>
            <p className="field-hint">{t('automation.rule.quickPreview', { shortcut: chosen?.shortcut ?? rule.quickReplyShortcut ?? rule.quickReplyId })}</p>
            <blockquote className="automation-bubble">{quickText}</blockquote>
          </>
        )}
        {rule.quickReplyId !== undefined && quickText === undefined && <p className="banner banner-warning">{t('automation.rule.quickReply', { id: rule.quickReplyId })}</p>}
        <LabelConditions rule={rule} labels={labels} onChange={(next) => change({ labels: next })} />
        <label className="automation-check">
          <input type="checkbox" checked={rule.firstMessageOnly} onChange={(e) => change({ firstMessageOnly: e.target.checked })} />
          <span>{t('automation.rule.firstOnly')}</span>
        </label>
        <p className="automation-count">{t('automation.rule.count', { recent: counts?.recent ?? 0, total: counts?.total ?? 0 })}</p>
      </fieldset>
    </li>
  );
}

// ── Greeting and away ────────────────────────────────────────────────────────────────────────────────────────

function GreetingSection({ draft, view }: { draft: Draft; view: AutomationView }) {
  const { t } = useI18n();
  const headingId = useId();
  const edit = useAutomationDraft((s) => s.edit);
  const g = draft.greeting;
  const change = (patch: Partial<Draft['greeting']>) => edit((d) => ({ ...d, greeting: { ...d.greeting, ...patch } }));
  const c = view.counts.greeting;
  return (
    <section className="automation-card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('automation.greeting.title')}</h2>
      <p className="field-hint">{t('automation.greeting.intro')}</p>
      <label className="automation-switch">
        <input type="checkbox" role="switch" checked={g.enabled} onChange={(e) => change({ enabled: e.target.checked })} />
        <span>{t('automation.greeting.enabled')}</span>
      </label>
      <label className="field">
        <span>{t('automation.greeting.text')}</span>
        <textarea rows={3} value={g.text} maxLength={4096} onChange={(e) => change({ text: e.target.value })} />
      </label>
      <label className="field automation-days">
        <span>{t('automation.greeting.afterDays')}</span>
        <input type="number" min={1} max={365} step={1} value={g.afterDays} onChange={(e) => change({ afterDays: e.target.value })} />
      </label>
      <p className="automation-count">{t('automation.count', { recent: c?.recent ?? 0, total: c?.total ?? 0 })}</p>
    </section>
  );
}

function AwaySection({ draft, view }: { draft: Draft; view: AutomationView }) {
  const { t } = useI18n();
  const headingId = useId();
  const edit = useAutomationDraft((s) => s.edit);
  const a = draft.away;
  const change = (patch: Partial<Draft['away']>) => edit((d) => ({ ...d, away: { ...d.away, ...patch } }));
  const c = view.counts.away;
  return (
    <section className="automation-card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('automation.away.title')}</h2>
      <p className="field-hint">{t('automation.away.intro')}</p>
      <label className="automation-switch">
        <input type="checkbox" role="switch" checked={a.enabled} onChange={(e) => change({ enabled: e.target.checked })} />
        <span>{t('automation.away.enabled')}</span>
      </label>
      <label className="field">
        <span>{t('automation.away.text')}</span>
        <textarea rows={3} value={a.text} maxLength={4096} onChange={(e) => change({ text: e.target.value })} />
      </label>
      {a.enabled && !draft.hours.enabled && <p className="banner banner-warning">{t('automation.away.needsHours')}</p>}
      <p className="automation-count">{t('automation.count', { recent: c?.recent ?? 0, total: c?.total ?? 0 })}</p>
    </section>
  );
}

// ── Business hours ───────────────────────────────────────────────────────────────────────────────────────────

/** A time field cannot show 24:00: a range that ends at midnight shows (and is typed as) 00:00. */
const shownEnd = (end: string) => (end === '24:00' ? '00:00' : end);
const storedEnd = (end: string) => (end === '00:00' ? '24:00' : end);

function HoursSection({ draft }: { draft: Draft }) {
  const { t, formatDate } = useI18n();
  const headingId = useId();
  const zoneId = useId();
  const zonesId = useId();
  const [holiday, setHoliday] = useState('');
  const edit = useAutomationDraft((s) => s.edit);
  const h = draft.hours;
  const change = (patch: Partial<Draft['hours']>) => edit((d) => ({ ...d, hours: { ...d.hours, ...patch } }));
  const setDay = (day: Weekday, ranges: Array<[string, string]>) => change({ days: { ...h.days, [day]: ranges } });
  const zoneOk = isTimeZone(h.timeZone);
  // The screen reads the time at its edge: today and "open now" in the shop's zone.
  const state = zoneOk ? openAt({ timeZone: h.timeZone, days: h.days, holidays: h.holidays, closedToday: h.closedToday } satisfies BusinessHours, Date.now()) : undefined;
  const today = state?.day;
  const dayText = (iso: string) => {
    const at = Date.parse(`${iso}T12:00:00Z`);
    return Number.isNaN(at) ? iso : formatDate(at);
  };
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const addHoliday = (event: FormEvent) => {
    event.preventDefault();
    if (holiday === '' || h.holidays.includes(holiday)) return;
    change({ holidays: [...h.holidays, holiday].sort() });
    setHoliday('');
  };
  return (
    <section className="automation-card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('automation.hours.title')}</h2>
      <label className="automation-switch">
        <input type="checkbox" role="switch" checked={h.enabled} onChange={(e) => change({ enabled: e.target.checked })} />
        <span>{t('automation.hours.enabled')}</span>
      </label>
      {!h.enabled && <p className="field-hint">{t('automation.hours.off')}</p>}
      {h.enabled && (
        <>
          <div className="automation-hours-top">
            <label className="field" htmlFor={zoneId}>
              <span>{t('automation.hours.zone')}</span>
              <input id={zoneId} type="text" list={zonesId} value={h.timeZone} onChange={(e) => change({ timeZone: e.target.value })} aria-invalid={!zoneOk} />
              <datalist id={zonesId}>
                {zones.map((z) => (
                  <option key={z} value={z} />
                ))}
              </datalist>
            </label>
            {today !== undefined && (
              <label className="automation-switch">
                <input type="checkbox" role="switch" checked={h.closedToday === today} onChange={(e) => change({ closedToday: e.target.checked ? today : null })} />
                <span>
                  {t('automation.hours.closedToday', { date: dayText(today) })} <span className="field-hint">{t('automation.hours.closedTodayHint')}</span>
                </span>
              </label>
            )}
            {state && <p className="automation-now" role="status">{state.open ? t('automation.hours.openNow') : t('automation.hours.closedNow')}</p>}
          </div>
          <table className="automation-days-table">
            <tbody>
              {WEEKDAYS.map((day) => {
                const name = t(`automation.hours.day.${day}`);
                const ranges = h.days[day];
                return (
                  <tr key={day}>
                    <th scope="row">{name}</th>
                    <td>
                      {ranges.length === 0 && <span className="automation-closed">{t('automation.hours.closed')}</span>}
                      {ranges.map((r, i) => (
                        <span className="automation-range" key={i}>
                          <input type="time" aria-label={t('automation.hours.opens', { day: name })} value={r[0]} onChange={(e) => setDay(day, ranges.map((x, j) => (j === i ? [e.target.value, x[1]] : x)))} />
                          <span aria-hidden="true">–</span>
                          <input type="time" aria-label={t('automation.hours.closes', { day: name })} value={shownEnd(r[1])} onChange={(e) => setDay(day, ranges.map((x, j) => (j === i ? [x[0], storedEnd(e.target.value)] : x)))} />
                          <button type="button" className="link-button" aria-label={t('automation.hours.removeRange', { day: name })} onClick={() => setDay(day, ranges.filter((_x, j) => j !== i))}>
                            ✕
                          </button>
                        </span>
                      ))}
                    </td>
                    <td>
                      {ranges.length < 6 && (
                        <button type="button" className="link-button" onClick={() => setDay(day, [...ranges, ranges.length === 0 ? ['10:00', '19:00'] : [ranges[ranges.length - 1]![1] === '24:00' ? '23:00' : ranges[ranges.length - 1]![1], '24:00']])}>
                          {t('automation.hours.addRange', { day: name })}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <h3>{t('automation.hours.holidays')}</h3>
          {h.holidays.length === 0 && <p className="field-hint">{t('automation.hours.noHolidays')}</p>}
          {h.holidays.length > 0 && (
            <ul className="automation-holidays">
              {h.holidays.map((d) => (
                <li key={d}>
                  {dayText(d)}
                  <button type="button" className="link-button" aria-label={t('automation.hours.removeHoliday', { date: dayText(d) })} onClick={() => change({ holidays: h.holidays.filter((x) => x !== d) })}>
                    ✕
                  </button>
                </li>
              ))}
            </ul>
          )}
          <form className="automation-inline" onSubmit={addHoliday}>
            <label className="field">
              <span>{t('automation.hours.holidayDate')}</span>
              <input type="date" value={holiday} onChange={(e) => setHoliday(e.target.value)} />
            </label>
            <button type="submit">{t('automation.hours.addHoliday')}</button>
          </form>
        </>
      )}
    </section>
  );
}

// ── Try a message ────────────────────────────────────────────────────────────────────────────────────────────

function TrySection({ dirty, labels }: { dirty: boolean; labels: readonly LabelRecord[] }) {
  const { t } = useI18n();
  const bridge = useBridge();
  const headingId = useId();
  const [text, setText] = useState('');
  const [wroteBefore, setWroteBefore] = useState(false);
  const [carried, setCarried] = useState<readonly string[]>([]);
  const [result, setResult] = useState<AutomationTryResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === '') return;
    // The page's clock is the test's and the shop's "now": the same instant main would answer at.
    const r = await bridge.call('automation:try', { text, at: Date.now(), firstMessage: !wroteBefore, labels: carried.filter((name) => labels.some((l) => l.name === name)) });
    if (!r.ok) {
      setResult(null);
      setError(t('automation.try.failed', { reason: errorMessage(t, r.error) }));
      return;
    }
    setError(null);
    setResult(r.value);
  };
  return (
    <section className="automation-card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('automation.try.title')}</h2>
      <p className="field-hint">{t('automation.try.intro')}</p>
      {dirty && <p className="banner banner-warning">{t('automation.try.unsaved')}</p>}
      <form className="automation-try" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span>{t('automation.try.text')}</span>
          <input type="text" value={text} maxLength={4096} onChange={(e) => setText(e.target.value)} />
        </label>
        <label className="automation-check">
          <input type="checkbox" checked={wroteBefore} onChange={(e) => setWroteBefore(e.target.checked)} />
          <span>{t('automation.try.wroteBefore')}</span>
        </label>
        {labels.length > 0 && (
          <fieldset className="automation-labels">
            <legend>{t('automation.try.labels')}</legend>
            {labels.map((l) => (
              <label key={l.id} className="automation-check">
                <input type="checkbox" checked={carried.includes(l.name)} onChange={(e) => setCarried((c) => (e.target.checked ? [...c, l.name] : c.filter((n) => n !== l.name)))} />
                <span>{l.name}</span>
              </label>
            ))}
          </fieldset>
        )}
        <button type="submit" disabled={text.trim() === ''}>
          {t('automation.try.button')}
        </button>
      </form>
      <div className="automation-try-result" role="status" aria-live="polite" data-testid="automation-try-result">
        {error && <p className="banner banner-error">{error}</p>}
        {result?.send === true && (
          <>
            <p>
              {result.kind === 'keyword'
                ? t('automation.try.keyword', { rule: result.rule ?? '', keyword: result.keyword ?? '' })
                : result.kind === 'greeting'
                  ? t('automation.try.greeting')
                  : t('automation.try.away')}
            </p>
            <blockquote className="automation-bubble">{result.text}</blockquote>
          </>
        )}
        {result?.send === false && (
          <>
            <p>{t('automation.try.none', { reason: t(`automation.refusal.${result.refusal}` as TKey) })}</p>
            {result.offRule !== undefined && <p>{t('automation.try.offRule', { rule: result.offRule })}</p>}
          </>
        )}
      </div>
    </section>
  );
}

// ── Import and export ────────────────────────────────────────────────────────────────────────────────────────

function FileSection({ draft, onImported }: { draft: Draft; onImported: () => void }) {
  const { t } = useI18n();
  const headingId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const edit = useAutomationDraft((s) => s.edit);
  const showToast = useAppStore((s) => s.showToast);
  const country = useAppStore((s) => s.settings.defaultCountry);
  const [refused, setRefused] = useState<{ heading: string; lines: string[] } | null>(null);
  const onFile = async (file: File) => {
    if (file.size > AUTOMATION_SET_MAX_CHARS) {
      setRefused({ heading: t('automation.file.tooLarge', { file: file.name }), lines: [] });
      return;
    }
    const parsed = parseAutomation(await file.text());
    if (!parsed.ok) {
      // Nothing changes: the draft and the saved rules stay as they were.
      setRefused({ heading: t('automation.file.refused', { file: file.name, count: parsed.problems.length }), lines: parsed.problems.map((p) => problemText(t, p)) });
      return;
    }
    setRefused(null);
    onImported();
    const before = draft;
    const imported = fromRules(parsed.value, COUNTRY_ZONES[country]?.[0] ?? 'Asia/Seoul');
    edit(() => imported);
    showToast({ tone: 'success', message: t('automation.file.imported', { file: file.name }), undo: async () => useAutomationDraft.getState().edit(() => before) });
  };
  const exportFile = () => {
    downloadBlob(new Blob([`${JSON.stringify(toFile(draft), null, 2)}\n`], { type: 'application/json' }), 'automation.json');
  };
  return (
    <section className="automation-card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('automation.file.title')}</h2>
      <p className="field-hint">{t('automation.file.intro')}</p>
      <div className="automation-inline">
        <button type="button" onClick={() => inputRef.current?.click()}>
          {t('automation.file.import')}
        </button>
        <input
          ref={inputRef}
          type="file"
          accept=".json,application/json"
          className="visually-hidden"
          tabIndex={-1}
          aria-label={t('automation.file.import')}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void onFile(file);
          }}
        />
        <button type="button" onClick={exportFile}>
          {t('automation.file.export')}
        </button>
      </div>
      {refused && (
        <div className="banner banner-error" role="alert">
          <p>{refused.heading}</p>
          <ul>
            {refused.lines.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/** A rule answering with its own text again (the quick reply's stored fields go with it). */
function withoutQuickReply(r: RuleDraft): RuleDraft {
  const { quickReplyId: _id, quickReplyText: _text, quickReplyShortcut: _shortcut, replyExtra: _extra, ...rest } = r;
  return rest;
}
