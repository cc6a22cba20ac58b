/**
 * Duplicates within the file (same WhatsApp user id, else same E.164): 8–12% is normal (DOMAIN.md §5), written in different formats. The first
 * row wins its place; later rows add their labels and notes (both kept, no line twice), fill a missing name, and can
 * only make opt-in stricter: one row saying "opted out" makes the contact opted out, because consent withdrawn anywhere is withdrawn.
 * Night-time consent the same way: a "no" in any row wins, a "yes" only fills a row that said nothing; the first
 * consent source given is kept.
 */
import { mergeMemo } from './memo';
import type { CleanContact, DuplicateRow } from './types';

/**
 * The same merge one row at a time, for rows that stream in: a row is the same person as an earlier one by its
 * WhatsApp user id first, then by its E.164 number (DOMAIN.md §2 "Identity"; Maps on both, a million entries is fine).
 * A merged row fills the number or user id the first lacked, unless another contact of the file already has it.
 */
export class Merger {
  private readonly byPhone = new Map<string, CleanContact>();
  private readonly byUserId = new Map<string, CleanContact>();
  private readonly all: CleanContact[] = [];

  /** Adds a contact; when its user id or number was already seen, merges it and returns the duplicate row. */
  add(c: CleanContact, raw: () => string): DuplicateRow | undefined {
    const byId = c.userId ? this.byUserId.get(c.userId) : undefined;
    const first = byId ?? (c.phone ? this.byPhone.get(c.phone) : undefined);
    if (!first) {
      const kept = { ...c, labels: [...c.labels] };
      this.all.push(kept);
      if (kept.phone) this.byPhone.set(kept.phone, kept);
      if (kept.userId) this.byUserId.set(kept.userId, kept);
      return undefined;
    }
    for (const l of c.labels) if (!first.labels.includes(l)) first.labels.push(l);
    if (first.name === '' && c.name !== '') first.name = c.name;
    if (c.memo !== '') first.memo = mergeMemo(first.memo, c.memo);
    if (c.optIn === 'opted_out' || (c.optIn === 'opted_in' && first.optIn === undefined)) first.optIn = c.optIn;
    if (c.nightConsent === false || (c.nightConsent === true && first.nightConsent === undefined)) first.nightConsent = c.nightConsent;
    if (c.consentSource && !first.consentSource) first.consentSource = c.consentSource;
    // One person, one number and one id: the first the file gives are kept; a number or id another contact of the
    // file holds is never taken (two contacts are never merged behind the person's back).
    if (c.userId && !first.userId && !this.byUserId.has(c.userId)) {
      first.userId = c.userId;
      this.byUserId.set(c.userId, first);
    }
    if (c.phone && !first.phone && !this.byPhone.has(c.phone)) {
      first.phone = c.phone;
      first.landline = c.landline;
      this.byPhone.set(c.phone, first);
    }
    if (c.username && !first.username) first.username = c.username;
    return { row: c.row, raw: raw(), phone: (byId ? c.userId : c.phone) ?? '', mergedInto: first.row };
  }

  contacts(): CleanContact[] {
    return [...this.all];
  }
}

export function dedupe(contacts: readonly CleanContact[], rawOf: (row: number) => string): { contacts: CleanContact[]; duplicates: DuplicateRow[] } {
  const merger = new Merger();
  const duplicates: DuplicateRow[] = [];
  for (const c of contacts) {
    const dup = merger.add(c, () => rawOf(c.row));
    if (dup) duplicates.push(dup);
  }
  return { contacts: merger.contacts(), duplicates };
}
