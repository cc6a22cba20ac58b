import { describe, expect, it } from 'vitest';
import { fixture } from '../../test/fixtures/import/read';
import { cellText, readSpreadsheet } from './spreadsheet';
import { checkZip, zipEntries } from './zip';

describe('zip checks before anything inflates', () => {
  it('lists the entries of a real XLSX', () => {
    expect(zipEntries(fixture('contacts.xlsx'))?.map((e) => e.name)).toContain('xl/workbook.xml');
  });

  it.each([
    ['contacts.xlsx', 'ok'],
    ['bomb.xlsx', 'bomb'],
    ['truncated.xlsx', 'corrupt'],
  ] as const)('%s is %s', (name, verdict) => {
    expect(checkZip(fixture(name))).toBe(verdict);
  });
});

describe('cellText: phone cells Excel stored as numbers', () => {
  it.each([
    [{ t: 'n', v: 1012345678, w: '1012345678' }, '1012345678'],
    [{ t: 'n', v: 821023456789, w: '8.21023E+11' }, '821023456789'], // every digit still in the value
    [{ t: 'n', v: 821012000000, w: '8.21012E+11' }, '8.21012E+11'], // digits lost before saving: keep the damage visible
    [{ t: 'n', v: 1012345678, w: '010-1234-5678' }, '010-1234-5678'], // custom phone format
    [{ t: 'n', v: 1012345678, w: '1012345678.0' }, '1012345678'],
    [{ t: 's', v: '010-1111-2222' }, '010-1111-2222'],
    [{ t: 'b', v: true }, 'true'],
    [undefined, ''],
  ] as const)('%j reads as %j', (cell, text) => {
    expect(cellText(cell)).toBe(text);
  });
});

describe('readSpreadsheet', () => {
  it('reads the first sheet and lists them all', () => {
    const read = readSpreadsheet(fixture('contacts.xlsx'), 'xlsx', 100);
    expect(read.ok && [read.sheet, read.sheets]).toEqual(['고객', ['고객', 'Notes']]);
  });

  it('reads the sheet the person picked', () => {
    const read = readSpreadsheet(fixture('contacts.xlsx'), 'xlsx', 100, 'Notes');
    expect(read.ok && read.rows).toEqual([['이 시트에는 연락처가 없습니다']]);
  });

  it('reads the cached value of a formula cell without evaluating it', () => {
    const read = readSpreadsheet(fixture('contacts.xlsx'), 'xlsx', 100);
    expect(read.ok && read.rows[5]).toEqual(['수식', '1033334444', '']);
  });

  it.each(['contacts.ods', 'contacts.xls'] as const)('reads %s too', (name) => {
    const read = readSpreadsheet(fixture(name), name.endsWith('ods') ? 'ods' : 'xls', 100);
    expect(read.ok && read.rows[1]?.slice(0, 2)).toEqual(['김철수', '1012345678']);
  });

  it.each([
    ['bomb.xlsx', 'zip_bomb'],
    ['truncated.xlsx', 'corrupt_spreadsheet'],
    ['wide.xlsx', 'sheet_too_large'],
  ] as const)('refuses %s as %s', (name, problem) => {
    expect(readSpreadsheet(fixture(name), 'xlsx', 100)).toEqual({ ok: false, problem });
  });

  it('caps the rows and says so', () => {
    const read = readSpreadsheet(fixture('contacts.xlsx'), 'xlsx', 2);
    expect(read.ok && [read.rows.length, read.capped]).toEqual([3, true]);
  });
});

describe('zip checks that do not trust the declared sizes', () => {
  it('inflates a bomb whose headers claim 200 KB and refuses it', () => {
    const bytes = fixture('bomb-lying.xlsx');
    expect(zipEntries(bytes)?.find((e) => e.name.endsWith('sheet1.xml'))?.uncompressed).toBe(200 * 1024);
    expect(checkZip(bytes)).toBe('bomb');
    expect(readSpreadsheet(bytes, 'xlsx', 100)).toEqual({ ok: false, problem: 'zip_bomb' });
  });

  it.each(['contacts.xlsx', 'contacts.ods'])('still lets a real workbook through (%s)', (name) => {
    expect(checkZip(fixture(name))).toBe('ok');
  });
});
