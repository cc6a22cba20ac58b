/**
 * Translation and locale formatting. Every string the person reads goes through `t`; every date and number through
 * Intl for the current UI language. No React here: `I18nProvider.tsx` puts a `Translator` in context.
 */
import type { Language } from '../../../shared/domain/settings';
import { en, type Dictionary, type MessageKey } from './en';
import { ko } from './ko';
import { zhHant } from './zhHant';

export type { Dictionary, MessageKey } from './en';

export const DICTIONARIES: Readonly<Record<Language, Dictionary>> = { en, ko, 'zh-Hant': zhHant };

/** Each language named in itself, so a person can find their own language whatever the UI shows now. */
export const LANGUAGE_AUTONYMS: Readonly<Record<Language, string>> = {
  ko: '한국어',
  en: 'English',
  'zh-Hant': '繁體中文',
};

type PluralBase<K> = K extends `${infer B}_other` ? B : never;
type PluralForm<K> = K extends `${string}_one` | `${string}_other` ? K : never;
/** What `t` accepts: every plain key, and the base of each plural pair (`contacts.count` for `contacts.count_one`). */
export type TKey = Exclude<MessageKey, PluralForm<MessageKey>> | PluralBase<MessageKey>;
export type TParams = Readonly<Record<string, string | number>>;

export interface Translator {
  readonly language: Language;
  t(key: TKey, params?: TParams): string;
  formatNumber(value: number): string;
  formatDate(value: number | Date): string;
  formatDateTime(value: number | Date): string;
  /** "3 days ago", "어제", "昨天"; `now` is a parameter so the wording is testable. */
  formatRelative(value: number | Date, now?: number): string;
  /** A region's name in the UI language ("KR" → "대한민국" / "South Korea" / "南韓"). */
  countryName(code: string): string;
}

const PLACEHOLDER = /\{(\w+)\}/g;

/** The placeholders a message uses, for the dictionary tests and for anyone checking a translation. */
export function placeholdersOf(message: string): string[] {
  return [...message.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '').sort();
}

const RELATIVE_UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

export function createTranslator(language: Language): Translator {
  const dict = DICTIONARIES[language];
  const plural = new Intl.PluralRules(language);
  const number = new Intl.NumberFormat(language);
  const date = new Intl.DateTimeFormat(language, { dateStyle: 'medium' });
  const dateTime = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  const relative = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  const regions = new Intl.DisplayNames([language], { type: 'region', fallback: 'code' });

  const lookup = (key: string): string | undefined =>
    Object.prototype.hasOwnProperty.call(dict, key) ? dict[key as MessageKey] : undefined; // membership checked first

  const t = (key: TKey, params?: TParams): string => {
    let message = lookup(key);
    if (message === undefined) {
      // A plural base: pick the form Intl.PluralRules names for this count, else the "other" form. A count some
      // caller already formatted ("1,234" in every UI language) still chooses by its value.
      const raw = params?.count;
      const count = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.replace(/[,\s]/g, '')) : 0;
      message = lookup(`${key}_${plural.select(count)}`) ?? lookup(`${key}_other`) ?? key;
    }
    if (!params) return message;
    return message.replace(PLACEHOLDER, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? number.format(value) : value;
    });
  };

  return {
    language,
    t,
    formatNumber: (value) => number.format(value),
    formatDate: (value) => date.format(value),
    formatDateTime: (value) => dateTime.format(value),
    formatRelative: (value, now = Date.now()) => {
      const diff = (typeof value === 'number' ? value : value.getTime()) - now;
      for (const [unit, ms] of RELATIVE_UNITS) {
        if (Math.abs(diff) >= ms || unit === 'minute') return relative.format(Math.round(diff / ms), unit);
      }
      return relative.format(0, 'minute');
    },
    countryName: (code) => regions.of(code) ?? code,
  };
}
