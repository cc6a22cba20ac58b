/**
 * Shop settings. Kept by the main process (a JSON file in the app's data folder) because the send engine and the
 * CLI need the default country too; the renderer reads and changes them through the IPC contract.
 */
import { isSupportedCountry, type CountryCode } from 'libphonenumber-js/max';
import { isRecord, parseOneOf, parseString, rejectUnknownKeys } from '../ipc/guards';
import { fail, ok, type Result } from '../ipc/result';

export const LANGUAGES = ['ko', 'en', 'zh-Hant'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface Settings {
  /** Shown in the title bar and later in message footers. May be empty on first run. */
  shopName: string;
  /** ISO 3166-1 alpha-2; numbers typed without a country code are read as this country's. */
  defaultCountry: CountryCode;
  language: Language;
}

export type SettingsPatch = Partial<Settings>;

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
  const known = rejectUnknownKeys(input, ['shopName', 'defaultCountry', 'language']);
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
  return ok(patch);
}

/** Parses a whole settings object (a file on disk): fields that are missing or damaged fall back to defaults. */
export function parseStoredSettings(input: unknown, defaults: Settings): Settings {
  if (!isRecord(input)) return defaults;
  const pick = <T>(r: Result<T>, fallback: T): T => (r.ok ? r.value : fallback);
  return {
    shopName: pick(parseString(input.shopName, 'shopName', { max: SHOP_NAME_MAX }), defaults.shopName),
    defaultCountry: pick(parseCountry(input.defaultCountry), defaults.defaultCountry),
    language: pick(parseLanguage(input.language), defaults.language),
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
  return { shopName: '', defaultCountry: country.ok ? country.value : 'KR', language };
}
