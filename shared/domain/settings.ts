/**
 * Shop settings. Kept by the main process (a JSON file in the app's data folder) because the send engine and the
 * CLI need the default country too; the renderer reads and changes them through the IPC contract.
 */
import { isSupportedCountry, type CountryCode } from 'libphonenumber-js/max';
import { isRecord, parseOneOf, parseString, rejectUnknownKeys } from '../lib/guards';
import { fail, ok, type Result } from '../lib/result';
import type { ChannelKind } from './vocabulary';
import { parseRateTable, type RateTable } from './campaign/costs';
import { parseDueSettings, type DueSettings } from './inbox/due';
import { parseTriageRules, type TriageRules } from './inbox/triage';

export const LANGUAGES = ['ko', 'en', 'zh-Hant'] as const;
export type Language = (typeof LANGUAGES)[number];

/** How the shop means to send, chosen in the first-run setup; new campaign drafts start on it. */
export const SENDING_CHANNELS = ['sandbox', 'assisted', 'cloud'] as const satisfies readonly ChannelKind[];
export type SendingChannel = (typeof SENDING_CHANNELS)[number];

export interface Settings {
  /** Shown in the title bar and later in message footers. May be empty on first run. */
  shopName: string;
  /** ISO 3166-1 alpha-2; numbers typed without a country code are read as this country's. */
  defaultCountry: CountryCode;
  language: Language;
  /** The shop's preferred channel: the one a new campaign starts with (each campaign can still pick another). */
  sendingChannel: SendingChannel;
  /**
   * The first-run setup was finished or skipped, so it does not open by itself again (Settings can reopen it).
   * A settings file written before this field existed belongs to a shop that already used the app: read as true.
   */
  setupDone: boolean;
  /** The shop's own prices (Settings → Prices); absent: the default table (shared/domain/campaign/costs.ts). */
  rateTable?: RateTable;
  /** How soon each priority's answer is due (Settings → Inbox, in ms); absent: 15 min / 1 h / 24 h (inbox/due.ts). */
  answerTimes?: DueSettings;
  /** Desktop notifications for new customer messages and overdue answers; absent: on (the system may still ask). */
  notifications?: boolean;
  /**
   * The shop's triage rules (Settings → Inbox: words per language, a reason, switched-off built-ins), read by the
   * renderer's inbox and by `shopcast inbox list`; absent: the built-in rules (inbox/triage.ts).
   */
  triageRules?: TriageRules;
}

/**
 * A change to the settings; `rateTable: null` goes back to the default prices, `answerTimes: null` to the default
 * times, `triageRules: null` to the built-in triage rules.
 */
export type SettingsPatch = Partial<Omit<Settings, 'rateTable' | 'answerTimes' | 'triageRules'>> & { rateTable?: RateTable | null; answerTimes?: DueSettings | null; triageRules?: TriageRules | null };

export const SHOP_NAME_MAX = 80;

export function parseCountry(input: unknown): Result<CountryCode> {
  if (typeof input !== 'string') return fail('invalid_input', 'Country must be a two-letter code.', { field: 'defaultCountry' });
  const code = input.trim().toUpperCase();
  return /^[A-Z]{2}$/.test(code) && isSupportedCountry(code)
    ? ok(code as CountryCode) // isSupportedCountry is libphonenumber's own guard for CountryCode
    : fail('invalid_input', `"${input}" is not a country we can parse phone numbers for.`, { field: 'defaultCountry' });
}

export function parseLanguage(input: unknown): Result<Language> {
  return parseOneOf(input, 'language', LANGUAGES);
}

export function parseSettingsPatch(input: unknown): Result<SettingsPatch> {
  if (!isRecord(input)) return fail('invalid_input', 'Settings must be an object.');
  const known = rejectUnknownKeys(input, ['shopName', 'defaultCountry', 'language', 'sendingChannel', 'setupDone', 'rateTable', 'answerTimes', 'notifications', 'triageRules']);
  if (!known.ok) return known;
  const patch: SettingsPatch = {};
  if (input.shopName !== undefined) {
    const r = parseString(input.shopName, 'shopName', { max: SHOP_NAME_MAX });
    if (!r.ok) return r;
    patch.shopName = r.value;
  }
  if (input.defaultCountry !== undefined) {
    const r = parseCountry(input.defaultCountry);
    if (!r.ok) return r;
    patch.defaultCountry = r.value;
  }
  if (input.language !== undefined) {
    const r = parseLanguage(input.language);
    if (!r.ok) return r;
    patch.language = r.value;
  }
  if (input.sendingChannel !== undefined) {
    const r = parseOneOf(input.sendingChannel, 'sendingChannel', SENDING_CHANNELS);
    if (!r.ok) return r;
    patch.sendingChannel = r.value;
  }
  if (input.setupDone !== undefined) {
    if (typeof input.setupDone !== 'boolean') return fail('invalid_input', 'setupDone must be true or false.', { field: 'setupDone' });
    patch.setupDone = input.setupDone;
  }
  if (input.notifications !== undefined) {
    if (typeof input.notifications !== 'boolean') return fail('invalid_input', 'notifications must be true or false.', { field: 'notifications' });
    patch.notifications = input.notifications;
  }
  if (input.answerTimes === null) patch.answerTimes = null;
  else if (input.answerTimes !== undefined) {
    const r = parseDueSettings(input.answerTimes);
    if (!r.ok) {
      const first = r.problems[0]!; // a failed parse names at least one problem
      return fail('invalid_input', `The answer time${first.field ? ` for ${first.field}` : 's'} is not valid (${first.problem}).`, { field: first.field ? `answerTimes.${first.field}` : 'answerTimes', reason: first.problem });
    }
    patch.answerTimes = r.value;
  }
  if (input.triageRules === null) patch.triageRules = null;
  else if (input.triageRules !== undefined) {
    const r = parseTriageRules(input.triageRules);
    if (!r.ok) {
      const first = r.problems[0]!; // a failed parse names at least one problem
      const field = first.path === '' ? 'triageRules' : `triageRules.${first.path}`;
      return fail('invalid_input', `The triage rules are not valid at ${field} (${first.problem}).`, { field, reason: first.problem });
    }
    patch.triageRules = r.value;
  }
  if (input.rateTable === null) patch.rateTable = null;
  else if (input.rateTable !== undefined) {
    const r = parseRateTable(input.rateTable);
    if (!r.ok) return fail('invalid_input', `The price table's ${r.problem.field} is not valid (${r.problem.reason}).`, { field: `rateTable.${r.problem.field}`, reason: r.problem.reason });
    patch.rateTable = r.value;
  }
  return ok(patch);
}

/**
 * Parses a whole settings object (a file on disk): fields that are missing or damaged fall back to defaults.
 * `input` undefined means there is no file (or it could not be read as JSON): a first run, so the defaults' setupDone.
 * A file that exists but has no `setupDone` was written by a version before the setup existed, by a shop that has
 * been using the app: it counts as set up, so that shop is not sent through the setup.
 */
export function parseStoredSettings(input: unknown, defaults: Settings): Settings {
  if (!isRecord(input)) return defaults;
  const pick = <T>(r: Result<T>, fallback: T): T => (r.ok ? r.value : fallback);
  const rates = input.rateTable !== undefined ? parseRateTable(input.rateTable) : undefined;
  const times = input.answerTimes !== undefined ? parseDueSettings(input.answerTimes) : undefined;
  const triage = input.triageRules !== undefined ? parseTriageRules(input.triageRules) : undefined;
  return {
    ...(triage?.ok ? { triageRules: triage.value } : {}),
    ...(rates?.ok ? { rateTable: rates.value } : {}),
    ...(times?.ok ? { answerTimes: times.value } : {}),
    ...(typeof input.notifications === 'boolean' ? { notifications: input.notifications } : defaults.notifications !== undefined ? { notifications: defaults.notifications } : {}),
    shopName: pick(parseString(input.shopName, 'shopName', { max: SHOP_NAME_MAX }), defaults.shopName),
    defaultCountry: pick(parseCountry(input.defaultCountry), defaults.defaultCountry),
    language: pick(parseLanguage(input.language), defaults.language),
    sendingChannel: pick(parseOneOf(input.sendingChannel, 'sendingChannel', SENDING_CHANNELS), defaults.sendingChannel),
    setupDone: typeof input.setupDone === 'boolean' ? input.setupDone : true,
  };
}

/**
 * First-run defaults from the operating system's locale ("ko-KR" → Korean, KR; "zh-TW" → Traditional Chinese, TW).
 * Shopcast is built for Korean shops first, so an unknown region falls back to KR.
 */
export function defaultSettingsForLocale(locale: string): Settings {
  let language: Language = 'en';
  let region: string | undefined;
  try {
    const loc = new Intl.Locale(locale);
    region = loc.maximize().region;
    if (loc.language === 'ko') language = 'ko';
    else if (loc.language === 'zh' && loc.maximize().script === 'Hant') language = 'zh-Hant';
  } catch {
    // An unparseable locale string is treated like an unknown one.
  }
  const country = parseCountry(region ?? 'KR');
  return { shopName: '', defaultCountry: country.ok ? country.value : 'KR', language, sendingChannel: 'sandbox', setupDone: false };
}
