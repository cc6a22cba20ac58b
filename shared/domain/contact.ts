/**
 * A contact as the shop knows it, and the one parser that turns what a person typed (or a file row) into one.
 * Opt-in status is kept apart from anything else about the contact (as listmonk does): it is the consent record
 * every send is checked against, with where and when it was given.
 */
import { isRecord } from '../ipc/guards';
import { normalizePhone, type CountryCode, type PhoneProblem } from './phone';

export const OPT_IN_STATUSES = ['opted_in', 'unknown', 'opted_out'] as const;
export type OptInStatus = (typeof OPT_IN_STATUSES)[number];

/** Suggested sources; any short text is allowed because shops collect consent in their own ways. */
export const OPT_IN_SOURCES = ['in_store', 'web_form', 'chat', 'imported'] as const;

export const NAME_MAX = 100;
export const NOTES_MAX = 2_000;
export const SOURCE_MAX = 60;

/** What a person can set on a contact. Times are epoch milliseconds; null means "not known". */
export interface ContactFields {
  name: string;
  phone: string; // E.164
  labelIds: number[];
  optInStatus: OptInStatus;
  optInSource: string;
  optInAt: number | null;
  notes: string;
  lastInteractionAt: number | null;
}

export type ContactFieldName = keyof ContactFields;
export type FieldProblem = PhoneProblem | 'required' | 'too_long' | 'bad_value' | 'in_future';
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

  let phone = '';
  if (typeof input.phone !== 'string') errors.push({ field: 'phone', reason: input.phone == null ? 'required' : 'bad_value' });
  else {
    const parsed = normalizePhone(input.phone, defaultCountry);
    if (parsed.ok) phone = parsed.e164;
    else errors.push({ field: 'phone', reason: parsed.reason === 'empty' ? 'required' : parsed.reason });
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
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { name, phone, labelIds, optInStatus, optInSource, optInAt, notes, lastInteractionAt } };
}
