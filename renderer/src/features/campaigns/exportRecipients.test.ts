import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { recipientsCsvText, recipientsXlsxBytes } from './exportRecipients';

describe('recipient export', () => {
  const rows = [
    { name: '=HYPERLINK("x")', phone: '+821012345678', status: 'Read', reason: '-bad', lastChange: '2026-11-24T10:00:00.000Z' },
    { name: '김민지', phone: '+821099998888', status: 'Failed', reason: 'a, "quoted" reason', lastChange: '2026-11-24T11:00:00.000Z' },
  ];
  it('CSV: BOM, formula cells neutralised, E.164 kept exact, quotes escaped', () => {
    const csv = recipientsCsvText(['Contact', 'phone', 'Status', 'Reason', 'When'], rows);
    expect(csv.startsWith('\ufeff')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[1]).toBe(`"'=HYPERLINK(""x"")",+821012345678,Read,'-bad,2026-11-24T10:00:00.000Z`);
    expect(lines[2]).toBe('김민지,+821099998888,Failed,"a, ""quoted"" reason",2026-11-24T11:00:00.000Z');
  });
  it('XLSX: the phone is a text cell, formulas are never formulas', () => {
    const book = XLSX.read(recipientsXlsxBytes(['Contact', 'phone', 'Status', 'Reason', 'When'], rows), { type: 'array' });
    const sheet = book.Sheets.Recipients!;
    expect(sheet.B2).toMatchObject({ t: 's', v: '+821012345678' });
    expect(sheet.A2).toMatchObject({ t: 's', v: `'=HYPERLINK("x")` });
    expect(sheet.A2.f).toBeUndefined();
  });
});
