/**
 * What the campaign rules need to know about a recipient's number: valid or not, its country, and whether it can
 * have WhatsApp (a landline, toll-free or premium number cannot receive a campaign).
 *
 * libphonenumber-js takes ~7 µs to parse and type one number (PERFORMANCE.md), ~0.75 s for 100,000: too slow to
 * redo on every filter change (audience, 200 ms target) or checklist run (1 s target). A number's facts never
 * change, so they are computed once per number and kept in a PhoneFactsCache the wizard holds for its lifetime.
 */
import { getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { looksLikeUserId } from '../identity';

export type NumberKind = 'mobile' | 'landline' | 'invalid';

export interface PhoneFacts {
  kind: NumberKind;
  /** ISO country, when libphonenumber can tell it. */
  country: string | undefined;
  /** The country calling code ("1", "82"), when the number parses. */
  callingCode: string | undefined;
}

/** Types that can carry WhatsApp. FIXED_LINE_OR_MOBILE (US, CA, CN…) and unknown types are given the benefit of the doubt. */
const NOT_WHATSAPP = new Set(['FIXED_LINE', 'TOLL_FREE', 'PREMIUM_RATE', 'SHARED_COST', 'PAGER', 'UAN', 'VOICEMAIL']);

/**
 * A recipient known only by their WhatsApp user id (`KR.1349…`, render.ts reachKey) is reachable (on the Cloud API)
 * and its prefix is its country, as main reads it (recipientZone.ts countryOf); it never goes through libphonenumber.
 */
export function phoneFacts(e164: string): PhoneFacts {
  if (looksLikeUserId(e164)) {
    const country = e164.normalize('NFKC').trim().slice(0, 2) as CountryCode; // looksLikeUserId checked it is a supported country
    return { kind: 'mobile', country, callingCode: getCountryCallingCode(country) };
  }
  const parsed = e164 === '' ? undefined : parsePhoneNumberFromString(e164);
  if (!parsed || !parsed.isValid()) return { kind: 'invalid', country: parsed?.country, callingCode: parsed?.countryCallingCode };
  const type = parsed.getType();
  return { kind: type !== undefined && NOT_WHATSAPP.has(type) ? 'landline' : 'mobile', country: parsed.country, callingCode: parsed.countryCallingCode };
}

/** Facts per number, computed on first use and kept (numbers do not change meaning). */
export class PhoneFactsCache {
  private readonly map = new Map<string, PhoneFacts>();
  get(e164: string): PhoneFacts {
    let f = this.map.get(e164);
    if (f === undefined) {
      f = phoneFacts(e164);
      this.map.set(e164, f);
    }
    return f;
  }
  get size(): number {
    return this.map.size;
  }
}
