/**
 * CSV out: the clean file `shopcast clean` writes and the contacts export. Every cell a spreadsheet could read as a
 * formula is neutralised as OWASP recommends (CSV injection): a leading = + - @ tab or CR, and their full-width forms,
 * get a single quote in front.
 *
 * One exception, on purpose: a cell that is exactly an E.164 number (+ and 7–15 digits, nothing else) is written as
 * it is. It cannot carry a formula (no operator, function or reference can follow), and a quote in front would make
 * every phone number unusable for the next import or for a mail-merge. `cleanCsv` (for the next import) writes it
 * bare; the contacts export, which people open in Excel, writes it with excelTextPhoneCell so Excel keeps it as text.
 */
import type { CleanContact, RejectedRow } from './types';

const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;
const E164 = /^\+[1-9]\d{6,14}$/;

export function neutralizeCell(value: string): string {
  if (E164.test(value)) return value;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * The phone cell of a CSV people open in Excel (the contacts export). Excel opening a CSV reads "+821012345678" as
 * the number 821012345678 and shows 8.21012E+11. What keeps it text, checked against the usual advice:
 * - `="+821012345678"` works in Excel, but it is a formula: every cell this module writes is formula-free (OWASP),
 *   and programs that do not evaluate it (LibreOffice by default, mail-merge tools, importers) read `="…"` literally;
 * - a leading apostrophe is only how one types text into Excel: in a CSV it stays in the cell, visible;
 * - a leading tab (what we write): Excel sees a value that is not a number and keeps it as text, "+821012345678"
 *   with the tab invisible in front. Importers trim it (ours does, Google Sheets trims by default). OWASP lists a
 *   leading tab among the characters to neutralise because a program may strip it before deciding what the cell is:
 *   what follows is then exactly E.164, a "+" and digits with no operator, function or reference, so the worst case
 *   is the old number display, never a formula that runs.
 * Anything that is not exactly E.164 goes through csvCell (neutralised). The XLSX export needs none of this: its
 * phones are text cells with the Text format.
 */
export function excelTextPhoneCell(value: string): string {
  return E164.test(value) ? `"\t${value}"` : csvCell(value);
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

/**
 * The clean contacts as CSV text (BOM, CRLF as Excel writes). Labels are joined with "; ", which the importer splits.
 * A contact with only a WhatsApp user id has the id in its phone cell (the columns stay as they were); importing the
 * file again reads it back as the user id (normalize.ts: an id in the phone column is never read as a number).
 */
export function cleanCsv(contacts: readonly CleanContact[]): string {
  const lines = [csvLine(CLEAN_HEADER)];
  for (const c of contacts) lines.push(csvLine([c.name, c.phone ?? c.userId ?? '', c.labels.join('; '), c.optIn ?? '', c.landline ? 'yes' : '', String(c.row)]));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

/** The rejected rows as CSV, with the reason in words, for the person to fix and import again. */
export function rejectedCsv(rows: readonly RejectedRow[], reasonText: (row: RejectedRow) => string): string {
  const lines = [csvLine(['row', 'value', 'reason'])];
  for (const r of rows) lines.push(csvLine([String(r.row), r.raw, reasonText(r)]));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
