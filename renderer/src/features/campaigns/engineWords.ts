/**
 * Main's waiting reasons, a campaign's state reasons and the "all sending stopped" banner, worded in the person's
 * language from their codes and numbers (i18n/engine.ts). A reason or a number this build does not know falls back
 * to main's English sentence, so nothing shows empty.
 */
import { ERROR_TABLE, type ErrorAction } from '../../../../shared/domain/errorCodes';
import type { AmbiguousReasonCode, CampaignWhy, CampaignWhyCode, IoProblem, StartRefusal, WaitingInfo } from '../../../../shared/ipc/campaigns';
import type { SendingStopped } from '../../../../shared/ipc/sendingEvents';
import type { TemplateCategory, TemplateStatus } from '../../../../shared/domain/template';
import type { AppError } from '../../../../shared/lib/result';
import { problemOf } from '../../../../shared/ipc/problems';
import { errorMessage } from '../../components/errorMessage';
import type { TKey, Translator } from '../../i18n';

type WaitingReason = WaitingInfo['reason'];
type Params = NonNullable<WaitingInfo['params']>;

const num = (p: Params | undefined, key: string): number | undefined => {
  const v = p?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
};

/** An hour of the day as the clock reads it in the person's language (0 → "00:00", "오전 12:00"…). */
function hourText(tr: Translator, hour: number): string {
  // 2000-01-01 in UTC, printed in UTC: only the hour matters, never the machine's zone.
  return new Intl.DateTimeFormat(tr.language, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }).format(Date.UTC(2000, 0, 1, hour));
}

/**
 * Each reason's words, or undefined when its numbers are missing (then the English detail is shown). A `Record`
 * over every reason: a new DelayReason without words here does not compile.
 */
const WORDS: { readonly [R in WaitingReason]: (tr: Translator, w: WaitingInfo) => string | undefined } = {
  rate: (tr, w) => {
    if (w.params?.accountLimit === true) return tr.t('engine.wait.rateAccount');
    const rate = num(w.params, 'rate');
    return rate === undefined ? undefined : tr.t('engine.wait.rate', { rate: tr.formatNumber(rate) });
  },
  hourly_cap: (tr, w) => withNumber(tr, 'engine.wait.hourly_cap', 'cap', num(w.params, 'cap')),
  daily_cap: (tr, w) =>
    withNumber(tr, w.params?.halved === true ? 'engine.wait.dailyHalved' : w.params?.warmup === true ? 'engine.wait.dailyWarmup' : 'engine.wait.daily_cap', 'cap', num(w.params, 'cap')),
  batch_gap: (tr, w) => {
    const threshold = num(w.params, 'threshold');
    const size = num(w.params, 'size');
    const hours = num(w.params, 'hours');
    if (threshold === undefined || size === undefined || hours === undefined) return undefined;
    return tr.t('engine.wait.batch_gap', { threshold: tr.formatNumber(threshold), size: tr.formatNumber(size), hours: tr.formatNumber(hours) });
  },
  quiet_hours: (tr, w) => {
    const start = num(w.params, 'startHour');
    const end = num(w.params, 'endHour');
    if (start === undefined || end === undefined) return undefined;
    return tr.t('engine.wait.quiet_hours', { start: hourText(tr, start), end: hourText(tr, end) });
  },
  kr_night: (tr, w) => {
    const start = num(w.params, 'startHour');
    const end = num(w.params, 'endHour');
    if (start === undefined || end === undefined) return undefined;
    return tr.t('engine.wait.kr_night', { start: hourText(tr, start), end: hourText(tr, end) });
  },
  pair_gap: (tr, w) => withNumber(tr, 'engine.wait.pair_gap', 'seconds', num(w.params, 'seconds')),
  contact_frequency: (tr, w) => withNumber(tr, 'engine.wait.contact_frequency', 'cap', num(w.params, 'cap')),
  messaging_limit: (tr, w) => withNumber(tr, 'engine.wait.messaging_limit', 'limit', num(w.params, 'limit')),
  assisted: (tr) => tr.t('engine.wait.assisted'),
  scheduled: (tr, w) => tr.t('engine.wait.scheduled', { time: tr.formatDateTime(w.until) }),
};

function withNumber(tr: Translator, key: TKey, name: string, value: number | undefined): string | undefined {
  return value === undefined ? undefined : tr.t(key, { [name]: tr.formatNumber(value) });
}

/** The detail of a waiting campaign in the person's words; main's English only for what this build cannot word. */
export function waitingDetail(tr: Translator, w: WaitingInfo): string {
  const words = Object.hasOwn(WORDS, w.reason) ? WORDS[w.reason](tr, w) : undefined;
  return words ?? w.detail;
}

/** The i18n key of a WhatsApp error code's words, or undefined for a code the table does not list. */
export function errorCodeKey(code: number): TKey | undefined {
  if (code === -1) return 'engine.code.network';
  if (code === -2) return 'engine.code.notSent';
  // Every ERROR_TABLE code has `engine.code.<n>` words (engineWords.test.ts checks it in every language).
  return Object.hasOwn(ERROR_TABLE, code) ? (`engine.code.${code}` as TKey) : undefined; // key checked by that test
}

/**
 * A WhatsApp error in words: what it means for this recipient, and the code ("…: this number cannot receive
 * WhatsApp messages (WhatsApp 131026: …)"). A code the table does not list says "WhatsApp error 12345", never nothing.
 */
export function errorCodeText(t: Translator['t'], action: ErrorAction, code: number): string {
  const key = errorCodeKey(code);
  if (key === undefined) return t('engine.code.unknown', { code: String(code) });
  if (code < 0) return t(key);
  return t('campaigns.errorDetail', { words: t(`campaigns.error.${action}`), code: String(code), meaning: t(key) });
}

/** The i18n key of what to do about an error that pauses a campaign or stops all sending, or undefined. */
export function errorTodoKey(code: number): TKey | undefined {
  const rule = Object.hasOwn(ERROR_TABLE, code) ? ERROR_TABLE[code] : undefined;
  if (rule?.action === 'pause_campaign') return 'engine.todo.template';
  // Every stop_all code has `engine.todo.<n>` words (engineWords.test.ts checks it in every language).
  if (rule?.action === 'stop_all') return `engine.todo.${code}` as TKey; // key checked by that test
  return undefined;
}

/**
 * "All sending stopped: the access token expired or was revoked (WhatsApp 190). What to do: …", or the same for a
 * template that pauses one campaign. Undefined for a code this build cannot word (then main's English is shown).
 */
function errorRuleText(tr: Translator, code: number | undefined): string | undefined {
  if (code === undefined) return undefined;
  const meaning = errorCodeKey(code);
  const todo = errorTodoKey(code);
  if (meaning === undefined || todo === undefined || code < 0) return undefined;
  const key = ERROR_TABLE[code]?.action === 'stop_all' ? 'engine.why.stop_all' : 'engine.why.pause_campaign';
  return tr.t(key, { meaning: tr.t(meaning), code: String(code), todo: tr.t(todo) });
}

const IO_KEYS: { readonly [P in IoProblem]: TKey } = {
  disk_full: 'engine.why.journal.disk_full',
  not_allowed: 'engine.why.journal.not_allowed',
  read_only: 'engine.why.journal.read_only',
};

const REFUSAL_KEYS: { readonly [R in StartRefusal]: TKey } = {
  incomplete: 'engine.refusal.incomplete',
  finished: 'engine.refusal.finished',
  cancelled: 'engine.refusal.cancelled',
  cloud_not_configured: 'engine.refusal.cloud_not_configured',
  content_missing: 'engine.refusal.content_missing',
  assisted_text_only: 'engine.refusal.assisted_text_only',
  all_suppressed: 'engine.refusal.all_suppressed',
};

/**
 * Why main refused to start a campaign (`campaign:start`/`campaign:schedule` failing with `details.codes`), in the
 * person's language; main's own text when a code is unknown to this build or the failure is of another kind.
 */
export function startRefusalText(t: Translator['t'], error: AppError): string {
  const raw = error.details?.codes;
  const codes = typeof raw === 'string' ? raw.split(',').filter((c) => c !== '') : [];
  if (codes.length > 0 && codes.every((c): c is StartRefusal => Object.hasOwn(REFUSAL_KEYS, c))) return codes.map((c) => t(REFUSAL_KEYS[c])).join(' ');
  return problemOf(error.details) !== undefined ? errorMessage(t, error) : error.message;
}

/** Main's refusals in words, or main's own text (the error's message) when they are not all known codes. */
function notStartedText(tr: Translator, key: TKey, p: CampaignWhy['params']): string | undefined {
  const refusals = p?.refusals ?? [];
  if (refusals.length > 0 && refusals.every((r) => Object.hasOwn(REFUSAL_KEYS, r))) {
    return tr.t(key, { reasons: refusals.map((r) => tr.t(REFUSAL_KEYS[r])).join(' ') });
  }
  return p?.detail !== undefined ? tr.t(key, { reasons: p.detail }) : undefined;
}

/**
 * Each state reason's words, or undefined when its numbers are missing (then main's English `why` is shown). A
 * `Record` over every code: a new CampaignWhyCode without words here does not compile.
 */
const WHY_WORDS: { readonly [C in CampaignWhyCode]: (tr: Translator, p: CampaignWhy['params']) => string | undefined } = {
  paused_by_person: (tr) => tr.t('engine.why.paused_by_person'),
  cancelled_by_person: (tr) => tr.t('engine.why.cancelled_by_person'),
  app_closed: (tr) => tr.t('engine.why.app_closed'),
  retrying_failed: (tr) => tr.t('engine.why.retrying_failed'),
  failed_requeued: (tr) => tr.t('engine.why.failed_requeued', { resume: tr.t('campaigns.resume') }),
  requeued_by_person: (tr) => tr.t('engine.why.requeued_by_person', { resume: tr.t('campaigns.resume') }),
  journal_damaged: (tr) => tr.t('engine.why.journal_damaged'),
  journal_write_failed: (tr, p) => tr.t(p?.io !== undefined && Object.hasOwn(IO_KEYS, p.io) ? IO_KEYS[p.io] : 'engine.why.journal_write_failed'),
  error_rule: (tr, p) => errorRuleText(tr, p?.errorCode),
  account_stop: (tr, p) => (p?.errorCode !== undefined && ERROR_TABLE[p.errorCode]?.action === 'stop_all' ? errorRuleText(tr, p.errorCode) : undefined),
  breaker: (tr, p) => {
    const failures = p?.failures;
    const attempts = p?.attempts;
    if (failures === undefined || attempts === undefined) return undefined;
    return tr.t('engine.why.breaker', { failures: tr.formatNumber(failures), attempts: tr.formatNumber(attempts) });
  },
  resume_failed: (tr, p) => notStartedText(tr, 'engine.why.resume_failed', p),
  start_failed: (tr, p) => notStartedText(tr, 'engine.why.start_failed', p),
  unexpected: (tr, p) => (p?.detail !== undefined ? tr.t('engine.why.unexpected', { detail: p.detail }) : undefined),
  template_paused: (tr, p) =>
    p?.template !== undefined && p.status !== undefined ? tr.t('engine.why.template_paused', { template: templateLabel(p.template, p.language), status: wordOf(tr, STATUS_KEYS, p.status) }) : undefined,
  template_recategorised: (tr, p) =>
    p?.template !== undefined && p.category !== undefined
      ? tr.t('engine.why.template_recategorised', { template: templateLabel(p.template, p.language), category: wordOf(tr, CATEGORY_KEYS, p.category) })
      : undefined,
};

function templateLabel(name: string, language: string | undefined): string {
  return language !== undefined ? `${name} (${language})` : name;
}

const STATUS_KEYS: { readonly [S in Exclude<TemplateStatus, 'UNKNOWN'>]: TKey } = {
  APPROVED: 'connect.status.APPROVED',
  PENDING: 'connect.status.PENDING',
  REJECTED: 'connect.status.REJECTED',
  PAUSED: 'connect.status.PAUSED',
  DISABLED: 'connect.status.DISABLED',
  IN_APPEAL: 'connect.status.IN_APPEAL',
};
const CATEGORY_KEYS: { readonly [C in Exclude<TemplateCategory, 'UNKNOWN'>]: TKey } = {
  MARKETING: 'connect.category.MARKETING',
  UTILITY: 'connect.category.UTILITY',
  AUTHENTICATION: 'connect.category.AUTHENTICATION',
};

/** A template status or category in words (the Connect screen's), or as Meta wrote it when this build has none. */
function wordOf(tr: Translator, keys: Readonly<Record<string, TKey>>, value: string): string {
  return Object.hasOwn(keys, value) ? tr.t(keys[value]!) : value; // hasOwn checked
}

/**
 * Why a campaign is in its state, in the person's words (the screen's "Why: …"). Main's English `why` for a
 * journal written before codes, a code this build does not know, or a code without its numbers; undefined when
 * main gave no reason.
 */
export function campaignWhyText(tr: Translator, c: { why?: string; whyCode?: CampaignWhy }): string | undefined {
  const code = c.whyCode?.code;
  const words = code !== undefined && Object.hasOwn(WHY_WORDS, code) ? WHY_WORDS[code](tr, c.whyCode?.params) : undefined;
  return words ?? c.why;
}

/**
 * The "all sending stopped" banner from main's 'sending:stopped' event, worded from its WhatsApp error code; main's
 * English meaning and action (in the screen's frame) for a code this build cannot word.
 */
export function stoppedText(tr: Translator, stopped: SendingStopped): string {
  const words = ERROR_TABLE[stopped.code]?.action === 'stop_all' ? errorRuleText(tr, stopped.code) : undefined;
  return words ?? tr.t('campaigns.stopped', { why: stopped.why, action: stopped.action });
}

const AMBIGUOUS_KEYS: { readonly [C in AmbiguousReasonCode]: TKey } = {
  interrupted: 'engine.ambiguous.interrupted',
  journal_damaged: 'engine.ambiguous.journal_damaged',
  channel_failed: 'engine.ambiguous.channel_failed',
};

/**
 * Why a message may or may not have been sent (an ambiguous recipient), in the person's words; main's English
 * `reason` when it has no code (an older journal, another channel's reason). Undefined when there is neither.
 */
export function ambiguousText(tr: Translator, j: { reason?: string; reasonCode?: AmbiguousReasonCode }): string | undefined {
  const code = j.reasonCode;
  if (code !== undefined && Object.hasOwn(AMBIGUOUS_KEYS, code)) return tr.t(AMBIGUOUS_KEYS[code]);
  return j.reason !== undefined && j.reason !== '' ? j.reason : undefined;
}
