/**
 * `<input type="date">` speaks "YYYY-MM-DD" in the person's own day; the database keeps epoch milliseconds.
 * A picked day is stored as local midnight, so it shows as the same day again on this computer.
 */
export function dateInputToEpoch(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(year, month - 1, day);
  // Rejects days that do not exist (2025-02-30 would roll over into March).
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return null;
  return date.getTime();
}

export function epochToDateInput(epoch: number | null): string {
  if (epoch === null) return '';
  const d = new Date(epoch);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(d.getFullYear()).padStart(4, '0')}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Today as a date-input value, for the `max` of date fields (a future opt-in or interaction makes no sense). */
export function todayDateInput(now: number): string {
  return epochToDateInput(now);
}
