/**
 * The recipient's local time, for quiet hours (DOMAIN.md §4 "Timing": never 00:00–06:00 in the recipient's local
 * time, zone derived from the number's country). A phone number does not say where in a country its owner is, so
 * countries that span several zones list the two ends of where most people live: the recipient is in quiet hours
 * when ANY of them is (stricter, as §4 allows). Countries not listed use the shop's own zone.
 */
import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** ISO country → representative IANA zones (one, or the two ends for countries spanning several). */
export const COUNTRY_ZONES: Readonly<Record<string, readonly string[]>> = {
  KR: ['Asia/Seoul'],
  JP: ['Asia/Tokyo'],
  TW: ['Asia/Taipei'],
  HK: ['Asia/Hong_Kong'],
  MO: ['Asia/Macau'],
  CN: ['Asia/Shanghai'],
  SG: ['Asia/Singapore'],
  MY: ['Asia/Kuala_Lumpur'],
  TH: ['Asia/Bangkok'],
  VN: ['Asia/Ho_Chi_Minh'],
  PH: ['Asia/Manila'],
  ID: ['Asia/Jakarta', 'Asia/Jayapura'],
  IN: ['Asia/Kolkata'],
  PK: ['Asia/Karachi'],
  BD: ['Asia/Dhaka'],
  AE: ['Asia/Dubai'],
  SA: ['Asia/Riyadh'],
  TR: ['Europe/Istanbul'],
  IL: ['Asia/Jerusalem'],
  EG: ['Africa/Cairo'],
  NG: ['Africa/Lagos'],
  KE: ['Africa/Nairobi'],
  ZA: ['Africa/Johannesburg'],
  GB: ['Europe/London'],
  IE: ['Europe/Dublin'],
  FR: ['Europe/Paris'],
  DE: ['Europe/Berlin'],
  ES: ['Europe/Madrid'],
  IT: ['Europe/Rome'],
  NL: ['Europe/Amsterdam'],
  PT: ['Europe/Lisbon'],
  PL: ['Europe/Warsaw'],
  RU: ['Europe/Moscow', 'Asia/Vladivostok'],
  US: ['America/New_York', 'America/Los_Angeles'],
  CA: ['America/Halifax', 'America/Vancouver'],
  MX: ['America/Mexico_City', 'America/Tijuana'],
  BR: ['America/Sao_Paulo', 'America/Manaus'],
  AR: ['America/Argentina/Buenos_Aires'],
  CO: ['America/Bogota'],
  CL: ['America/Santiago'],
  PE: ['America/Lima'],
  AU: ['Australia/Sydney', 'Australia/Perth'],
  NZ: ['Pacific/Auckland'],
};

export function countryOf(e164: string): string | undefined {
  // A person known only by their WhatsApp user id (BSUID, `KR.1349…`, DOMAIN.md §2 "Identity") is addressed by it:
  // its prefix is their country. It is never read as a phone number.
  const id = /^([A-Z]{2})\.(?:ENT\.)?[A-Za-z0-9]{1,128}$/.exec(e164);
  if (id) return isSupportedCountry(id[1]!) ? id[1] : undefined; // group 1 exists when the pattern matched
  return parsePhoneNumberFromString(e164)?.country;
}

/** The zones to check for a number; the shop's zone when its country is not in the table. */
export function zonesForNumber(e164: string, fallbackZone: string): readonly string[] {
  const country = countryOf(e164);
  return (country !== undefined ? COUNTRY_ZONES[country] : undefined) ?? [fallbackZone];
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Milliseconds since local midnight in `zone` at instant `at` (Intl does the DST arithmetic). */
export function msSinceLocalMidnight(zone: string, at: number): number {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(zone, f);
  }
  let h = 0;
  let m = 0;
  let s = 0;
  for (const part of f.formatToParts(at)) {
    if (part.type === 'hour') h = Number(part.value);
    else if (part.type === 'minute') m = Number(part.value);
    else if (part.type === 'second') s = Number(part.value);
  }
  const msInSecond = ((at % 1000) + 1000) % 1000;
  return ((h * 60 + m) * 60 + s) * 1000 + msInSecond;
}
