/**
 * A campaign's recipients out as CSV (UTF-8 with BOM) or XLSX, formula-safe the same way as the contacts export
 * (shared/import/csvOut.ts): the phone stays exact E.164 text, every other cell is neutralised.
 */
import * as XLSX from 'xlsx';
import { BOM, csvLine, neutralizeCell } from '../../../../shared/import/csvOut';

export interface RecipientExportRow {
  name: string;
  phone: string;
  status: string;
  reason: string;
  lastChange: string;
}

const cells = (r: RecipientExportRow) => [r.name, r.phone, r.status, r.reason, r.lastChange];

export function recipientsCsvText(header: readonly string[], rows: readonly RecipientExportRow[]): string {
  return `${BOM}${[csvLine(header), ...rows.map((r) => csvLine(cells(r)))].join('\r\n')}\r\n`;
}

export function recipientsCsv(header: readonly string[], rows: readonly RecipientExportRow[]): Blob {
  return new Blob([recipientsCsvText(header, rows)], { type: 'text/csv;charset=utf-8' });
}

export function recipientsXlsxBytes(header: readonly string[], rows: readonly RecipientExportRow[]): Uint8Array<ArrayBuffer> {
  const aoa = [header.map((h) => ({ t: 's', v: neutralizeCell(h) })), ...rows.map((r) => cells(r).map((v, c) => (c === 1 ? { t: 's', v, z: '@' } : { t: 's', v: neutralizeCell(v) })))];
  const sheet = XLSX.utils.aoa_to_sheet(aoa);
  sheet['!cols'] = [{ wch: 20 }, { wch: 16 }, { wch: 14 }, { wch: 48 }, { wch: 22 }];
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, 'Recipients');
  const out: unknown = XLSX.write(book, { type: 'array', bookType: 'xlsx', compression: true });
  return new Uint8Array(out instanceof ArrayBuffer ? out : new ArrayBuffer(0));
}

export function recipientsXlsx(header: readonly string[], rows: readonly RecipientExportRow[]): Blob {
  return new Blob([recipientsXlsxBytes(header, rows)], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}
