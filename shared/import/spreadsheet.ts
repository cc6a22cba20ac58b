/**
 * XLSX / XLS / ODS → rows of strings through SheetJS, defensively: the zip is checked before anything inflates,
 * formulas are never evaluated (their cached values are read), rows are capped while parsing, and a sheet whose
 * dimension claims more than Excel itself allows is refused. Phone cells stored as numbers are turned back into the
 * digits the person typed where the file still holds them, and marked as damaged where it does not.
 */
import * as XLSX from 'xlsx';
import { CELL_MAX } from './delimited';
import { checkZip } from './zip';
import type { FileKind, FileProblem } from './types';

/** Excel's own limits: a dimension beyond them was not written by Excel. */
const EXCEL_MAX_ROWS = 1_048_576;
const EXCEL_MAX_COLS = 16_384;
/** Columns we read per row: a contact list has a handful; Outlook's export about 90. */
export const SHEET_MAX_COLS = 256;

export type SheetRead =
  | { ok: true; sheets: string[]; sheet: string; rows: string[][]; capped: boolean }
  | { ok: false; problem: Extract<FileProblem, 'zip_bomb' | 'corrupt_spreadsheet' | 'sheet_too_large' | 'no_sheet'> };

const SCIENTIFIC = /^\s*(\d)(?:[.,](\d+))?E\+?(\d+)\s*$/i;

/**
 * The text of a cell. A number cell shown as "8.21012E+11" may still hold every digit in its value (typed in full,
 * merely displayed short): then the value's digits are the phone. When the value is just the shown digits padded with
 * zeros, the digits were lost before the file was saved, and the shown text is kept so the row is rejected with why.
 */
export function cellText(cell: XLSX.CellObject | undefined): string {
  if (!cell || cell.v === undefined || cell.v === null) return '';
  if (cell.t === 'n' && typeof cell.v === 'number') {
    const w = cell.w ?? '';
    const sci = SCIENTIFIC.exec(w);
    if (Number.isSafeInteger(cell.v) && cell.v >= 0) {
      const digits = String(cell.v);
      if (sci) {
        const shown = (sci[1] ?? '') + (sci[2] ?? '');
        return digits === shown.padEnd(digits.length, '0') && digits.length > shown.length ? w : digits;
      }
      // "1012345678.0"-style displays or a custom phone format ("010-1234-5678"): the display is what the person saw.
      return w !== '' && /\d/.test(w) && !/^\d+\.0+$/.test(w) ? w : digits;
    }
    return w || String(cell.v);
  }
  const text = typeof cell.v === 'string' ? cell.v : String(cell.v);
  return text.length > CELL_MAX ? text.slice(0, CELL_MAX) : text;
}

export function readSpreadsheet(bytes: Uint8Array, kind: Extract<FileKind, 'xlsx' | 'xls' | 'ods'>, maxRows: number, sheetName?: string): SheetRead {
  if (kind !== 'xls') {
    const zip = checkZip(bytes);
    if (zip === 'bomb') return { ok: false, problem: 'zip_bomb' };
    if (zip === 'corrupt') return { ok: false, problem: 'corrupt_spreadsheet' };
  }
  let workbook: XLSX.WorkBook;
  try {
    workbook = XLSX.read(bytes, {
      type: 'array',
      dense: true,
      cellFormula: false,
      cellHTML: false,
      cellStyles: false,
      cellDates: false,
      bookVBA: false,
      // One extra row tells us the cap was hit.
      sheetRows: maxRows + 2,
      sheets: sheetName,
    });
  } catch {
    return { ok: false, problem: 'corrupt_spreadsheet' };
  }
  const sheets = workbook.SheetNames;
  const sheet = sheetName !== undefined && sheets.includes(sheetName) ? sheetName : sheets[0];
  const ws = sheet === undefined ? undefined : workbook.Sheets[sheet];
  if (sheet === undefined || !ws) return { ok: false, problem: 'no_sheet' };
  const claimed = ws['!fullref'] ?? ws['!ref'];
  if (claimed) {
    const range = XLSX.utils.decode_range(claimed);
    if (range.e.r + 1 > EXCEL_MAX_ROWS || range.e.c + 1 > EXCEL_MAX_COLS || range.e.r < 0 || range.e.c < 0) return { ok: false, problem: 'sheet_too_large' };
  }
  // Dense mode keeps rows as arrays; we walk only the cells that exist, never the claimed range.
  const data = ws['!data'] ?? [];
  const rows: string[][] = [];
  let capped = false;
  for (let r = 0; r < data.length; r++) {
    if (rows.length > maxRows) {
      capped = true;
      break;
    }
    const src = data[r];
    const row: string[] = [];
    if (src) for (let c = 0; c < Math.min(src.length, SHEET_MAX_COLS); c++) row.push(cellText(src[c]));
    rows.push(row);
  }
  // maxRows counts data rows; one header row may come on top.
  if (rows.length > maxRows + 1) {
    rows.length = maxRows + 1;
    capped = true;
  }
  return { ok: true, sheets, sheet, rows, capped };
}
