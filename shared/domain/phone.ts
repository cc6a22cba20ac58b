/**
 * Phone numbers: everything goes through libphonenumber-js (metadata "max", so landlines and mobiles can be told
 * apart). Numbers are stored as E.164 ("+821012345678"); what a person typed is parsed with the shop's default
 * country, and shown in national format for that country or international format for any other.
 */
import {
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
  type CountryCode,
  type NumberType,
} from 'libphonenumber-js/max';

export type PhoneProblem = 'empty' | 'not_a_number' | 'too_short' | 'too_long' | 'invalid' | 'excel_scientific';

export type PhoneParse =
  | { ok: true; e164: string; country: CountryCode | undefined; type: NumberType | undefined }
  | { ok: false; reason: PhoneProblem };

/** "8.21012E+11": Excel turned a long number into a rounded figure; the lost digits cannot be recovered. */
const EXCEL_SCIENTIFIC = /^\s*[+-]?\d(?:[.,]\d+)?\s*e\s*\+?\d+\s*$/i;

export function normalizePhone(raw: string, defaultCountry: CountryCode): PhoneParse {
  const input = raw.normalize('NFKC').trim();
  if (input === '') return { ok: false, reason: 'empty' };
  if (EXCEL_SCIENTIFIC.test(input)) return { ok: false, reason: 'excel_scientific' };
  // "00" is the international call prefix in most countries (and "001"/"002" in Korea); libphonenumber knows
  // each country's own prefix when it parses with that country as default.
  let parsed = parsePhoneNumberFromString(input, defaultCountry);
  // Many lists write international numbers with a bare "00" (Europe's prefix) whatever the shop's country.
  if ((!parsed || !parsed.isValid()) && /^00[1-9]/.test(input)) {
    const viaPlus = parsePhoneNumberFromString(`+${input.slice(2)}`);
    if (viaPlus?.isValid()) parsed = viaPlus;
  }
  if (!parsed) {
    if (!/\d/.test(input)) return { ok: false, reason: 'not_a_number' };
    const length = validatePhoneNumberLength(input, defaultCountry);
    return { ok: false, reason: length === 'TOO_LONG' ? 'too_long' : length === 'TOO_SHORT' ? 'too_short' : 'invalid' };
  }
  if (!parsed.isValid()) {
    const length = validatePhoneNumberLength(input, defaultCountry);
    return { ok: false, reason: length === 'TOO_LONG' ? 'too_long' : length === 'TOO_SHORT' ? 'too_short' : 'invalid' };
  }
  return { ok: true, e164: parsed.number, country: parsed.country, type: parsed.getType() };
}

/** Nicely formatted for people: national format for numbers of the shop's country, international for others. */
export function formatPhone(e164: string, defaultCountry: CountryCode): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.country === defaultCountry ? parsed.formatNational() : parsed.formatInternational();
}

/** The digits of a query a person typed ("010-1234", "+82 10", "１２３４"), or undefined when it is not a number query. */
export function phoneQueryDigits(query: string): string | undefined {
  const q = query.normalize('NFKC').trim();
  if (!/^[+\d\s().\-/]+$/.test(q)) return undefined;
  const digits = q.replace(/\D/g, '');
  return digits.length >= 2 ? digits : undefined;
}

/**
 * Keys under which a number can be found by typing the start of any of its groups: "010-1234-5678" is found by
 * "010…", "1234…", "5678…", "+82 10…", "8210…" and "10 1234…". An index holds these keys, so a search is a prefix
 * range scan instead of a full scan of 100,000 contacts.
 */
export function phoneSearchKeys(e164: string): string[] {
  const parsed = parsePhoneNumberFromString(e164);
  const keys = new Set<string>([e164.replace(/\D/g, '')]);
  if (parsed) {
    keys.add(parsed.nationalNumber);
    const groups = parsed.formatNational().split(/[^\d]+/).filter(Boolean);
    for (let i = 0; i < groups.length; i++) keys.add(groups.slice(i).join(''));
  }
  return [...keys].filter((k) => k.length > 0);
}

export type { CountryCode };

/**
 * The shops Shopcast is built for, and the countries whose lists they most often receive: where a number typed
 * without a country code is not valid for the shop's default country, these are tried, in this order.
 */
export const LIKELY_COUNTRIES: readonly CountryCode[] = ['KR', 'TW', 'HK', 'US', 'JP', 'CN', 'SG', 'MY', 'VN', 'TH', 'GB'];

/**
 * "This looks like a Korean number; your default country is United States." A number written without its country
 * code that is invalid for the default country but valid (and, preferably, a mobile) for another likely one: that
 * country and the number as it would then be stored. Numbers already valid for the default country, and numbers
 * written with an international prefix, are read as written and get no hint.
 */
export function otherCountryHint(
  raw: string,
  defaultCountry: CountryCode,
  candidates: readonly CountryCode[] = LIKELY_COUNTRIES,
): { country: CountryCode; e164: string } | undefined {
  const input = raw.normalize('NFKC').trim();
  if (input === '' || /^\s*(?:\+|00)/.test(input) || EXCEL_SCIENTIFIC.test(input)) return undefined;
  if (normalizePhone(input, defaultCountry).ok) return undefined;
  let landline: { country: CountryCode; e164: string } | undefined;
  for (const country of candidates) {
    if (country === defaultCountry) continue;
    const parsed = parsePhoneNumberFromString(input, country);
    if (!parsed?.isValid() || parsed.country !== country) continue;
    const type = parsed.getType();
    // A customer list is mostly mobiles: a mobile reading wins over an earlier landline reading.
    if (type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE') return { country, e164: parsed.number };
    landline ??= { country, e164: parsed.number };
  }
  return landline;
}
