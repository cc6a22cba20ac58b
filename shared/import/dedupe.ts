/**
 * Duplicates within the file (same E.164): 8–12% is normal (DOMAIN.md §5), written in different formats. The first
 * row wins its place; later rows add their labels, fill a missing name, and can only make opt-in stricter: one row
 * saying "opted out" makes the contact opted out, because consent withdrawn anywhere is withdrawn.
 */
import type { CleanContact, DuplicateRow } from './types';

export function dedupe(contacts: readonly CleanContact[], rawOf: (row: number) => string): { contacts: CleanContact[]; duplicates: DuplicateRow[] } {
  const byPhone = new Map<string, CleanContact>();
  const duplicates: DuplicateRow[] = [];
  for (const c of contacts) {
    const first = byPhone.get(c.phone);
    if (!first) {
      byPhone.set(c.phone, { ...c, labels: [...c.labels] });
      continue;
    }
    for (const l of c.labels) if (!first.labels.includes(l)) first.labels.push(l);
    if (first.name === '' && c.name !== '') first.name = c.name;
    if (c.optIn === 'opted_out' || (c.optIn === 'opted_in' && first.optIn === undefined)) first.optIn = c.optIn;
    duplicates.push({ row: c.row, raw: rawOf(c.row), phone: c.phone, mergedInto: first.row });
  }
  return { contacts: [...byPhone.values()], duplicates };
}
