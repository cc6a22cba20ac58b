/**
 * Contacts out, as CSV (UTF-8 with BOM) or XLSX. The phone is always text: in the XLSX it is a text cell with the
 * Text number format ('@'), so Excel shows "+821012345678" and never turns it into 8.21012E+11; in the CSV it is the
 * exact E.164 string (see csvOut.ts for why that one cell is not prefixed). Every other cell that could be read as a
 * formula is neutralised in the CSV (OWASP); XLSX text cells are never evaluated, but get the same prefix so a later
 * "Save as CSV" from Excel stays safe.
 */
import * as XLSX from 'xlsx';
import type { OptInStatus } from '../domain/contact';
import { BOM, csvLine, neutralizeCell } from './csvOut';

export interface ExportContact {
  name: string;
  phone: string;
  labels: string[];
  optInStatus: OptInStatus;
  optInSource: string;
  optInAt: number | null;
  notes: string;
  lastInteractionAt: number | null;
}

export const EXPORT_HEADER = ['name', 'phone', 'labels', 'opt_in', 'opt_in_source', 'opt_in_date', 'notes', 'last_interaction'] as const;

/** ISO dates (YYYY-MM-DD, UTC): unambiguous in every locale, and what our importer and spreadsheets read back. */
const day = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString().slice(0, 10));

export function exportRows(contacts: readonly ExportContact[]): string[][] {
  return contacts.map((c) => [c.name, c.phone, c.labels.join('; '), c.optInStatus, c.optInSource, day(c.optInAt), c.notes, day(c.lastInteractionAt)]);
}

export function contactsCsv(contacts: readonly ExportContact[]): string {
  const lines = [csvLine(EXPORT_HEADER), ...exportRows(contacts).map(csvLine)];
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

export function contactsXlsx(contacts: readonly ExportContact[], sheetName = 'Contacts'): Uint8Array<ArrayBuffer> {
  const rows = [[...EXPORT_HEADER], ...exportRows(contacts)];
  // Every cell is a text cell; the phone column also carries the Text format so editing it in Excel keeps it text.
  const sheet = XLSX.utils.aoa_to_sheet(rows.map((row) => row.map((v, c) => (c === 1 ? { t: 's', v, z: '@' } : { t: 's', v: neutralizeCell(v) }))));
  sheet['!cols'] = [{ wch: 20 }, { wch: 16 }, { wch: 24 }];
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, sheetName);
  const out: unknown = XLSX.write(book, { type: 'array', bookType: 'xlsx', compression: true });
  // SheetJS returns an ArrayBuffer for type 'array'.
  return new Uint8Array(out instanceof ArrayBuffer ? out : new ArrayBuffer(0));
}
