/**
 * Source records → contacts with E.164 phones, undoing what Excel does to phone numbers where that can be done
 * and saying why where it cannot. A row with several numbers keeps the first mobile (by column priority) and keeps the
 * others in the contact's notes. A row with only a WhatsApp user id (BSUID, DOMAIN.md §2 "Identity") is a contact
 * without a phone; a user id written in the phone column is taken as the user id, never read as a number.
 */
import { NAME_MAX } from '../domain/contact';
import { identityUserId, looksLikeUserId } from '../domain/identity';
import { normalizePhone, type CountryCode, type PhoneParse } from '../domain/phone';
import { labelledLine, mergeMemo } from './memo';
import type { CleanContact, RejectedRow, RowNote, RowProblem, SourceRecord } from './types';

const EXTENSION = /\s*(?:ext\.?|extension|x|#|내선|分機|分机|内線)\s*\d{1,6}\s*$/i;
const EXCEL_DECIMAL = /^\s*\d{6,}\.0+\s*$/;
const SCIENTIFIC = /^\s*([+-]?)(\d)(?:[.,](\d+))?\s*e\s*\+?(\d+)\s*$/i;

export interface PhoneOutcome {
  parse: PhoneParse;
  notes: RowNote[];
}

/**
 * One raw cell → E.164 or a reason. Excel damage handled: "1012345678.0" (a number cell written with a decimal),
 * "8.21012345678E+11" (scientific notation that still holds every digit: recovered), "8.21012E+11" (digits lost:
 * rejected), the leading 0 lost (normalizePhone reads the national number), and extensions (dropped, noted).
 */
export function normalizeCell(raw: string, country: CountryCode): PhoneOutcome {
  const notes: RowNote[] = [];
  // A BSUID in a phone column is an id, not a number: libphonenumber would read "US.ENT.123456789" as +82123456789.
  if (looksLikeUserId(raw)) return { parse: { ok: false, reason: 'not_a_number' }, notes };
  let input = raw.normalize('NFKC').trim();
  if (EXTENSION.test(input) && /\d{6,}/.test(input.replace(EXTENSION, '').replace(/\D/g, ''))) {
    input = input.replace(EXTENSION, '');
    notes.push('extension_dropped');
  }
  if (EXCEL_DECIMAL.test(input)) {
    input = input.replace(/\.0+\s*$/, '').trim();
    notes.push('excel_decimal_removed');
  }
  const sci = SCIENTIFIC.exec(input);
  if (sci) {
    const [, sign = '', lead = '', fraction = '', exponent = '0'] = sci;
    // Every digit survived only if the mantissa is at least as long as the exponent says the number is.
    if (sign === '-' || fraction.length > Number(exponent)) return { parse: { ok: false, reason: 'invalid' }, notes };
    if (fraction.length < Number(exponent)) return { parse: { ok: false, reason: 'excel_scientific' }, notes };
    input = lead + fraction;
    notes.push('excel_digits_recovered');
  }
  const parse = normalizePhone(input, country);
  if (parse.ok) {
    const digits = input.replace(/\D/g, '');
    // A bare national number without its trunk 0 ("1012345678" for 010-1234-5678) is what Excel does to a number cell.
    if (/^[1-9]\d+$/.test(input) && parse.e164.endsWith(digits) && parse.country === country && !input.startsWith(parse.e164.slice(1, 3))) {
      notes.push('leading_zero_restored');
    }
    if (parse.type === 'FIXED_LINE') notes.push('landline');
  }
  return { parse, notes };
}

/**
 * normalizeCell with a memory: duplicates (8–12% of a real list) and repeated damage cost one libphonenumber parse
 * instead of several (that parse is ~70% of cleaning a 100k-row file). The key is the cell with the separators that
 * libphonenumber ignores removed, so "010-1234-5678" and "(010) 1234 5678" share one entry.
 */
export function phoneCache(country: CountryCode): (raw: string) => PhoneOutcome {
  const cache = new Map<string, PhoneOutcome>();
  return (raw) => {
    const key = /^[\d\s().\-+]+$/.test(raw) ? raw.replace(/[\s()\-]/g, '') : raw;
    let hit = cache.get(key);
    if (!hit) {
      hit = normalizeCell(raw, country);
      cache.set(key, hit);
    }
    return hit;
  };
}

export type Normalized = { ok: true; contact: CleanContact } | { ok: false; rejected: RejectedRow };

/** Problems that depend on the country a number without its country code was read for. */
const COUNTRY_PROBLEMS: ReadonlySet<RowProblem> = new Set(['invalid', 'too_short', 'too_long']);
const INTERNATIONAL = /^\s*(?:\+|＋|00)/;

export function normalizeRecord(record: SourceRecord, country: CountryCode, normalize: (raw: string) => PhoneOutcome = (raw) => normalizeCell(raw, country)): Normalized {
  let best: { e164: string; notes: RowNote[]; mobile: boolean; index: number } | undefined;
  let firstProblem: { raw: string; reason: RowProblem } | undefined;
  const valid: Array<{ e164: string; index: number }> = [];
  // A user id where the number should be (the phone column, or a cell beside it): the id path only.
  let userId = record.userId;
  for (let index = 0; index < record.phones.length; index++) {
    const raw = record.phones[index]!; // index < length
    if (looksLikeUserId(raw)) {
      const id = identityUserId(raw);
      if (id) {
        userId ??= id;
        continue;
      }
    }
    const { parse, notes } = normalize(raw);
    if (!parse.ok) {
      firstProblem ??= { raw, reason: parse.reason };
      continue;
    }
    valid.push({ e164: parse.e164, index });
    const mobile = parse.type !== 'FIXED_LINE';
    if (!best || (mobile && !best.mobile)) best = { e164: parse.e164, notes, mobile, index };
  }
  // No number, only a user id: a contact WhatsApp knows by its id. A bad number beside the id is still a bad number
  // (said, so the person can fix it), not silently dropped.
  if (!best && !firstProblem && userId) return { ok: true, contact: cleanContact(record, undefined, userId, [], true, []) };
  if (!best) {
    const raw = firstProblem?.raw ?? record.phones[0] ?? '';
    const reason = firstProblem?.reason ?? 'no_phone';
    const readAs = COUNTRY_PROBLEMS.has(reason) && !INTERNATIONAL.test(raw.normalize('NFKC')) ? country : undefined;
    return { ok: false, rejected: readAs ? { row: record.row, raw, reason, readAs } : { row: record.row, raw, reason } };
  }
  // The row's other numbers go to the contact's notes under the file's name for them, each number once.
  const others: string[] = [];
  const seen = new Set([best.e164]);
  for (const v of valid) {
    if (seen.has(v.e164)) continue;
    seen.add(v.e164);
    others.push(labelledLine(record.phoneLabels?.[v.index], record.phones[v.index] ?? ''));
  }
  return { ok: true, contact: cleanContact(record, best.e164, userId, best.notes, best.mobile, others) };
}

/** The contact a row gives: its number (if any) and user id (if any), name cut to NAME_MAX, other numbers in notes. */
function cleanContact(record: SourceRecord, phone: string | undefined, userId: string | undefined, phoneNotes: readonly RowNote[], mobile: boolean, others: readonly string[]): CleanContact {
  const notes = [...phoneNotes];
  if (others.length > 0) notes.push('other_phones_ignored');
  let name = record.name.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (name.length > NAME_MAX) {
    name = name.slice(0, NAME_MAX);
    notes.push('name_truncated');
  }
  const memo = mergeMemo(record.memo.normalize('NFC'), others.join('\n'));
  return {
    row: record.row,
    name,
    ...(phone ? { phone } : {}),
    labels: [...new Set(record.labels)],
    optIn: record.optIn,
    ...(record.nightConsent !== undefined ? { nightConsent: record.nightConsent } : {}),
    ...(record.consentSource ? { consentSource: record.consentSource } : {}),
    landline: !mobile,
    notes,
    memo,
    ...(userId ? { userId } : {}),
    ...(record.username ? { username: record.username } : {}),
  };
}
