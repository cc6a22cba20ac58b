/**
 * Duplicates within the file (same E.164): 8–12% is normal (DOMAIN.md §5), written in different formats. The first
 * row wins its place; later rows add their labels and notes (both kept, no line twice), fill a missing name, and can
 * only make opt-in stricter: one row saying "opted out" makes the contact opted out, because consent withdrawn anywhere is withdrawn.
 * Night-time consent the same way: a "no" in any row wins, a "yes" only fills a row that said nothing; the first
 * consent source given is kept.
 */
import { mergeMemo } from './memo';
import type { CleanContact, DuplicateRow } from './types';

/** The same merge one row at a time, for rows that stream in: a Map on E.164 (a million entries is fine). */
export class Merger {
  private readonly byPhone = new Map<string, CleanContact>();

  /** Adds a contact; when its number was already seen, merges it and returns the duplicate row. */
  add(c: CleanContact, raw: () => string): DuplicateRow | undefined {
    const first = this.byPhone.get(c.phone);
    if (!first) {
      this.byPhone.set(c.phone, { ...c, labels: [...c.labels] });
      return undefined;
    }
    for (const l of c.labels) if (!first.labels.includes(l)) first.labels.push(l);
    if (first.name === '' && c.name !== '') first.name = c.name;
    if (c.memo !== '') first.memo = mergeMemo(first.memo, c.memo);
    if (c.optIn === 'opted_out' || (c.optIn === 'opted_in' && first.optIn === undefined)) first.optIn = c.optIn;
    if (c.nightConsent === false || (c.nightConsent === true && first.nightConsent === undefined)) first.nightConsent = c.nightConsent;
    if (c.consentSource && !first.consentSource) first.consentSource = c.consentSource;
    // One number, one person: the first user id and username the file gives for it are kept.
    if (c.userId && !first.userId) first.userId = c.userId;
    if (c.username && !first.username) first.username = c.username;
    return { row: c.row, raw: raw(), phone: c.phone, mergedInto: first.row };
  }

  contacts(): CleanContact[] {
    return [...this.byPhone.values()];
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
