/**
 * A contact as the shop knows it, and the one parser that turns what a person typed (or a file row) into one.
 * Opt-in status is kept apart from anything else about the contact (as listmonk does): it is the consent record
 * every send is checked against, with where and when it was given.
 */
import { isRecord } from '../lib/guards';
import { identityUserId, looksLikeUserId } from './identity';
import { normalizePhone, type CountryCode, type PhoneProblem } from './phone';

export const OPT_IN_STATUSES = ['opted_in', 'unknown', 'opted_out'] as const;
export type OptInStatus = (typeof OPT_IN_STATUSES)[number];

/** Suggested sources; any short text is allowed because shops collect consent in their own ways. */
export const OPT_IN_SOURCES = ['in_store', 'web_form', 'chat', 'imported'] as const;

export const NAME_MAX = 100;
export const NOTES_MAX = 2_000;
export const SOURCE_MAX = 60;

/**
 * Korean law (DOMAIN.md §2b): promotions 21:00–08:00 Korea time need the person's separate night-time consent, kept
 * apart from the opt-in like the opt-in is kept apart from the rest: when it was given and where.
 */
export interface NightConsent {
  /** When it was given, epoch ms. */
  at: number;
  /** Where: a code of OPT_IN_SOURCES, a `claimed:` code (claimedSource) or the shop's own words. */
  source: string;
}

/** §2b: consent must be confirmed again every 2 years; older consent is "old" (calendar years, in UTC). */
export const CONSENT_VALID_YEARS = 2;

/** When consent given at `at` has to be confirmed again. */
export function consentRenewBy(at: number): number {
  const d = new Date(at);
  d.setUTCFullYear(d.getUTCFullYear() + CONSENT_VALID_YEARS);
  return d.getTime();
}

/** Whether consent given at `at` is older than 2 years at `now` (a consent without a date is not "old": it is unrecorded). */
export function isConsentOld(at: number | null, now: number): boolean {
  return at !== null && now >= consentRenewBy(at);
}

/**
 * Whether a contact may get a promotion at night in Korea at `at`: a night-time consent that is not older than 2
 * years then. Older ones are not counted (the law asks for it again), and consent_old says so.
 */
export function hasNightConsent(c: { nightConsent?: NightConsent | null }, at: number): boolean {
  const n = c.nightConsent;
  return n != null && n.at <= at && !isConsentOld(n.at, at);
}

/**
 * A consent the import only read from a file ("예" / "yes" in a column) with no source column to say where it was
 * given: kept as data, not as a sentence, so every screen words it in its own language ("claimed by the file
 * list.csv, imported on 1 Dec 2026"). The stored form is `claimed:<import time, epoch ms>:<file name>`, cut to
 * SOURCE_MAX (the name is cut, never the time).
 */
const CLAIMED_RE = /^claimed:(\d{1,15}):(.*)$/s;

export function claimedSource(fileName: string, importedAt: number): string {
  const head = `claimed:${Math.max(0, Math.floor(importedAt))}:`;
  return head + fileName.normalize('NFC').replace(/\s+/g, ' ').trim().slice(0, Math.max(0, SOURCE_MAX - head.length));
}

/** The file and import time of a `claimed:` source, or undefined for any other source. */
export function parseClaimedSource(source: string): { fileName: string; importedAt: number } | undefined {
  const m = CLAIMED_RE.exec(source);
  return m ? { importedAt: Number(m[1]), fileName: m[2] ?? '' } : undefined;
}

export function isClaimedSource(source: string): boolean {
  return CLAIMED_RE.test(source);
}

/** What a person can set on a contact. Times are epoch milliseconds; null means "not known". */
export interface ContactFields {
  name: string;
  /**
   * E.164. Absent (never '') for a person WhatsApp knows only by their user id (DOMAIN.md §2 "Identity"): a contact
   * has a phone, a user id, or both.
   */
  phone?: string;
  /** The WhatsApp user id (BSUID), read by the id path only (identity.ts); absent when not known. */
  userId?: string;
  labelIds: number[];
  optInStatus: OptInStatus;
  optInSource: string;
  optInAt: number | null;
  notes: string;
  lastInteractionAt: number | null;
  /**
   * Night-time consent for Korean promotions (§2b); null: none. Optional in the type because records written before
   * it (Dexie version 5 sets it null on upgrade) and callers outside the contacts table may lack it: missing is none.
   */
  nightConsent?: NightConsent | null;
}

export type ContactFieldName = keyof ContactFields;
/** `phone_or_user_id`: neither a phone nor a user id, so there is nobody to reach (said on the phone field). */
export type FieldProblem = PhoneProblem | 'required' | 'too_long' | 'bad_value' | 'in_future' | 'phone_or_user_id';
export interface FieldError {
  field: ContactFieldName;
  reason: FieldProblem;
}

export type DraftResult = { ok: true; value: ContactFields } | { ok: false; errors: FieldError[] };

const DAY_MS = 86_400_000;

/**
 * Parses a contact draft from `unknown` (a form, an IPC call, a file row). Returns every problem at once so a form
 * can show them all. `now` is passed in so the "date in the future" rule is testable.
 */
export function parseContactDraft(input: unknown, defaultCountry: CountryCode, now: number): DraftResult {
  if (!isRecord(input)) return { ok: false, errors: [{ field: 'name', reason: 'bad_value' }] };
  const errors: FieldError[] = [];
  const text = (field: ContactFieldName, max: number): string => {
    const v = input[field];
    if (v === undefined || v === null) return '';
    if (typeof v !== 'string') {
      errors.push({ field, reason: 'bad_value' });
      return '';
    }
    const s = v.normalize('NFC').trim();
    if (s.length > max) errors.push({ field, reason: 'too_long' });
    return s;
  };
  const date = (field: ContactFieldName): number | null => {
    const v = input[field];
    if (v === undefined || v === null || v === '') return null;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      errors.push({ field, reason: 'bad_value' });
      return null;
    }
    // A day of slack: a date picked in the shop's zone can be "tomorrow" in UTC.
    if (v > now + DAY_MS) errors.push({ field, reason: 'in_future' });
    return v;
  };

  const name = text('name', NAME_MAX);
  const notes = text('notes', NOTES_MAX);
  const optInSource = text('optInSource', SOURCE_MAX);

  // The phone and the user id each go through their own parser: a BSUID never reaches the phone parser.
  let phone: string | undefined;
  if (input.phone !== undefined && input.phone !== null && typeof input.phone !== 'string') errors.push({ field: 'phone', reason: 'bad_value' });
  else if (typeof input.phone === 'string' && input.phone.trim() !== '') {
    if (looksLikeUserId(input.phone)) errors.push({ field: 'phone', reason: 'not_a_number' });
    else {
      const parsed = normalizePhone(input.phone, defaultCountry);
      if (parsed.ok) phone = parsed.e164;
      else errors.push({ field: 'phone', reason: parsed.reason === 'empty' ? 'required' : parsed.reason });
    }
  }
  let userId: string | undefined;
  if (input.userId !== undefined && input.userId !== null && typeof input.userId !== 'string') errors.push({ field: 'userId', reason: 'bad_value' });
  else if (typeof input.userId === 'string' && input.userId.trim() !== '') {
    userId = identityUserId(input.userId);
    if (!userId) errors.push({ field: 'userId', reason: 'bad_value' });
  }
  if (phone === undefined && userId === undefined && !errors.some((e) => e.field === 'phone' || e.field === 'userId')) {
    errors.push({ field: 'phone', reason: 'phone_or_user_id' });
  }

  let optInStatus: OptInStatus = 'unknown';
  if (input.optInStatus !== undefined) {
    if (typeof input.optInStatus === 'string' && (OPT_IN_STATUSES as readonly string[]).includes(input.optInStatus)) {
      optInStatus = input.optInStatus as OptInStatus; // membership checked on the line above
    } else errors.push({ field: 'optInStatus', reason: 'bad_value' });
  }

  let labelIds: number[] = [];
  if (input.labelIds !== undefined) {
    if (Array.isArray(input.labelIds) && input.labelIds.every((id) => Number.isSafeInteger(id) && id > 0)) {
      labelIds = [...new Set(input.labelIds as number[])]; // every element checked to be a positive integer above
    } else errors.push({ field: 'labelIds', reason: 'bad_value' });
  }

  const optInAt = date('optInAt');
  const lastInteractionAt = date('lastInteractionAt');
  const nightConsent = parseNightConsent(input.nightConsent, now, errors);
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { name, ...(phone ? { phone } : {}), ...(userId ? { userId } : {}), labelIds, optInStatus, optInSource, optInAt, notes, lastInteractionAt, nightConsent },
  };
}

/**
 * `null`/missing: no night-time consent. `{ at, source }`: given at `at` (missing or null: now, the moment the person
 * records it), where `source` says (short text). Problems are reported on the field `nightConsent`.
 */
function parseNightConsent(v: unknown, now: number, errors: FieldError[]): NightConsent | null {
  if (v === undefined || v === null) return null;
  const bad = (reason: FieldProblem) => {
    errors.push({ field: 'nightConsent', reason });
    return null;
  };
  if (!isRecord(v)) return bad('bad_value');
  const at = v.at === undefined || v.at === null ? now : v.at;
  if (typeof at !== 'number' || !Number.isFinite(at) || at < 0) return bad('bad_value');
  if (at > now + DAY_MS) return bad('in_future');
  if (v.source !== undefined && v.source !== null && typeof v.source !== 'string') return bad('bad_value');
  const source = typeof v.source === 'string' ? v.source.normalize('NFC').trim() : '';
  if (source.length > SOURCE_MAX) return bad('too_long');
  return { at, source };
}
