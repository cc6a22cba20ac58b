/**
 * Main's waiting reasons worded in the person's language from their code and numbers (i18n/engine.ts). A reason
 * or a number this build does not know falls back to main's English sentence, so nothing shows empty.
 */
import { ERROR_TABLE, type ErrorAction } from '../../../../shared/domain/errorCodes';
import type { WaitingInfo } from '../../../../shared/ipc/sending';
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
