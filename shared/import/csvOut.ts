/**
 * CSV out: the clean file `shopcast clean` writes and the contacts export. Every cell a spreadsheet could read as a
 * formula is neutralised as OWASP recommends (CSV injection): a leading = + - @ tab or CR, and their full-width forms,
 * get a single quote in front.
 *
 * One exception, on purpose: a cell that is exactly an E.164 number (+ and 7–15 digits, nothing else) is written as
 * it is. It cannot carry a formula (no operator, function or reference can follow), and a quote in front would make
 * every phone number unusable for the next import or for a mail-merge. Excel shows it as a number when it opens the
 * file directly; import the CSV with the phone column as Text, or use the XLSX export, where phones are text cells.
 */
import type { CleanContact, RejectedRow } from './types';

const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;
const E164 = /^\+[1-9]\d{6,14}$/;

export function neutralizeCell(value: string): string {
  if (E164.test(value)) return value;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** RFC 4180 quoting after neutralising. */
export function csvCell(value: string): string {
  const safe = neutralizeCell(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(',');
}

/** The UTF-8 BOM: without it, Excel on a Korean, Chinese or Japanese Windows reads UTF-8 as the system code page. */
export const BOM = '\ufeff';

export const CLEAN_HEADER = ['name', 'phone', 'labels', 'opt_in', 'landline', 'source_row'] as const;

/** The clean contacts as CSV text (BOM, CRLF as Excel writes). Labels are joined with "; ", which the importer splits. */
export function cleanCsv(contacts: readonly CleanContact[]): string {
  const lines = [csvLine(CLEAN_HEADER)];
  for (const c of contacts) lines.push(csvLine([c.name, c.phone, c.labels.join('; '), c.optIn ?? '', c.landline ? 'yes' : '', String(c.row)]));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

/** The rejected rows as CSV, with the reason in words, for the person to fix and import again. */
export function rejectedCsv(rows: readonly RejectedRow[], reasonText: (row: RejectedRow) => string): string {
  const lines = [csvLine(['row', 'value', 'reason'])];
  for (const r of rows) lines.push(csvLine([String(r.row), r.raw, reasonText(r)]));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
