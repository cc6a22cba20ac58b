/**
 * A report (exportReport.ts's tables) as an XLSX workbook: one sheet per section, figures as number cells, text
 * neutralised like the CSV. Its own module so SheetJS loads only when someone exports a workbook.
 */
import * as XLSX from 'xlsx';
import { neutralizeCell } from '../../../../shared/import/csvOut';
import type { Cell, ReportTables } from './exportReport';

/** Excel's sheet names: at most 31 characters, none of \ / ? * [ ] :, unique in the book. */
export function sheetName(title: string, taken: Set<string>): string {
  const base = title.replace(/[\\/?*[\]:]+/g, ' ').replace(/^'+|'+$/g, '').trim().slice(0, 31) || 'Sheet';
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base.slice(0, 31 - String(i).length - 1)} ${i}`;
  taken.add(name.toLowerCase());
  return name;
}

const xlsxCell = (c: Cell): XLSX.CellObject | null => (c === null ? null : typeof c === 'number' ? { t: 'n', v: c } : { t: 's', v: neutralizeCell(c) });

/** The workbook: one sheet per section (figures as number cells, text neutralised), the heading on top of the first. */
export function reportWorkbook(t: ReportTables): XLSX.WorkBook {
  const book = XLSX.utils.book_new();
  const taken = new Set<string>();
  t.sections.forEach((s, i) => {
    const aoa = [...(i === 0 ? [t.heading.map(xlsxCell), []] : []), s.header.map(xlsxCell), ...s.rows.map((row) => row.map(xlsxCell))];
    const sheet = XLSX.utils.aoa_to_sheet(aoa);
    sheet['!cols'] = s.header.map((_, c) => ({ wch: c === 0 ? 28 : 12 }));
    XLSX.utils.book_append_sheet(book, sheet, sheetName(s.title, taken));
  });
  return book;
}

export function reportXlsxBytes(t: ReportTables): Uint8Array<ArrayBuffer> {
  const out: unknown = XLSX.write(reportWorkbook(t), { type: 'array', bookType: 'xlsx', compression: true });
  return new Uint8Array(out instanceof ArrayBuffer ? out : new ArrayBuffer(0));
}

export function reportXlsx(t: ReportTables): Blob {
  return new Blob([reportXlsxBytes(t)], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}

