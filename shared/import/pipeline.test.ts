import { describe, expect, it } from 'vitest';
import { fixture, iconvDecode } from '../../test/fixtures/import/read';
import { runPipeline, type ImportReport, type PipelineOptions } from './pipeline';

const run = (name: string, options: Partial<PipelineOptions> = {}) => runPipeline(fixture(name), { country: 'KR', decode: iconvDecode, ...options });
function report(name: string, options: Partial<PipelineOptions> = {}): ImportReport {
  const r = run(name, options);
  if (!r.ok) throw new Error(`${name}: ${r.problem}`);
  return r;
}
const counts = (r: ImportReport) => ({ contacts: r.contacts.length, duplicates: r.duplicates.length, rejected: r.rejected.length });

describe('runPipeline on each fixture', () => {
  it.each([
    ['cp949.csv', 'KR', { contacts: 4, duplicates: 1, rejected: 1 }],
    ['utf8.csv', 'KR', { contacts: 4, duplicates: 1, rejected: 1 }],
    ['utf8-bom.csv', 'KR', { contacts: 4, duplicates: 1, rejected: 1 }],
    ['utf16le.txt', 'KR', { contacts: 4, duplicates: 1, rejected: 1 }],
    ['utf16be.csv', 'KR', { contacts: 4, duplicates: 1, rejected: 1 }],
    ['utf16le-nobom.txt', 'KR', { contacts: 4, duplicates: 1, rejected: 1 }],
    ['big5.csv', 'TW', { contacts: 3, duplicates: 0, rejected: 0 }],
    ['gb18030.csv', 'CN', { contacts: 3, duplicates: 0, rejected: 0 }],
    ['shift_jis.csv', 'JP', { contacts: 3, duplicates: 0, rejected: 0 }],
    ['windows-1252.csv', 'DE', { contacts: 2, duplicates: 0, rejected: 0 }],
    ['mojibake.csv', 'KR', { contacts: 1, duplicates: 0, rejected: 0 }],
    ['pipe.txt', 'KR', { contacts: 2, duplicates: 0, rejected: 0 }],
    ['noheader.csv', 'KR', { contacts: 3, duplicates: 0, rejected: 0 }],
    ['google-current.csv', 'KR', { contacts: 3, duplicates: 0, rejected: 0 }],
    ['google-legacy.csv', 'KR', { contacts: 2, duplicates: 0, rejected: 0 }],
    ['outlook.csv', 'KR', { contacts: 2, duplicates: 0, rejected: 1 }],
    ['iphone.vcf', 'KR', { contacts: 2, duplicates: 0, rejected: 1 }],
    ['android-qp.vcf', 'KR', { contacts: 1, duplicates: 0, rejected: 0 }],
    ['excel-damaged.csv', 'KR', { contacts: 8, duplicates: 0, rejected: 2 }],
    ['contacts.xlsx', 'KR', { contacts: 4, duplicates: 0, rejected: 1 }],
    ['contacts.xls', 'KR', { contacts: 4, duplicates: 0, rejected: 1 }],
    ['unterminated.csv', 'KR', { contacts: 1, duplicates: 0, rejected: 1 }],
    ['longcell.csv', 'KR', { contacts: 1, duplicates: 0, rejected: 1 }],
  ] as const)('%s (%s) gives %j', (name, country, expected) => {
    expect(counts(report(name, { country }))).toEqual(expected);
  });

  it.each([
    ['empty.csv', 'empty'],
    ['blank.csv', 'empty'],
    ['binary.csv', 'binary'],
    ['bomb.xlsx', 'zip_bomb'],
    ['truncated.xlsx', 'corrupt_spreadsheet'],
    ['wide.xlsx', 'sheet_too_large'],
  ])('refuses %s as %s', (name, problem) => {
    expect(run(name)).toEqual({ ok: false, problem });
  });

  it('refuses a file over the size cap and names the cap', () => {
    expect(run('utf8.csv', { maxBytes: 100 })).toEqual({ ok: false, problem: 'too_large', cap: 100 });
  });
});

describe('the report', () => {
  const cp949 = report('cp949.csv');

  it('says which encoding it chose and how', () => {
    expect(cp949.encoding).toMatchObject({ encoding: 'cp949', source: 'detected', replacements: 0 });
  });

  it('says which mapping it used', () => {
    expect(cp949.mapping).toMatchObject({ roles: ['name', 'phone', 'labels'], source: 'header' });
    expect(cp949.headers).toEqual(['이름', '전화번호', '태그']);
  });

  it('keeps the CP949-only syllable 똠 intact', () => {
    expect(cp949.contacts.map((c) => c.name)).toContain('똠양꿍');
  });

  it('merges the duplicate row’s labels into the first', () => {
    expect(cp949.contacts[0]).toMatchObject({ phone: '+821012345678', labels: ['VIP', '신규'] });
    expect(cp949.duplicates).toEqual([{ row: 4, raw: '82-10-1234-5678', phone: '+821012345678', mergedInto: 2 }]);
  });

  it('lists the rejected row with its number, raw value and reason', () => {
    expect(cp949.rejected).toEqual([{ row: 5, raw: '8.21012E+11', reason: 'excel_scientific' }]);
  });

  it('flags the landline', () => {
    expect(cp949.contacts.find((c) => c.name === '최지우')).toMatchObject({ landline: true, notes: ['landline'] });
  });

  it('keeps the rows before an unterminated quote and reports the row where it starts', () => {
    const r = report('unterminated.csv');
    expect(r.fileNotes).toContain('unterminated_quote');
    expect(r.rejected).toEqual([{ row: 3, raw: '', reason: 'unterminated_quote' }]);
  });

  it('stops at the row cap and says so', () => {
    const r = report('excel-damaged.csv', { maxRows: 3 });
    expect(r.rows).toBe(3);
    expect(r.fileNotes).toContain('row_cap');
  });

  it('uses the person’s column mapping over the detected one', () => {
    const r = report('cp949.csv', { roles: ['ignore', 'phone', 'ignore'] });
    expect(r.mapping?.source).toBe('override');
    expect(r.contacts.every((c) => c.name === '' && c.labels.length === 0)).toBe(true);
  });

  it('reads the sheet the person picked, and says there is no phone column on it', () => {
    const r = report('contacts.xlsx', { sheet: 'Notes' });
    expect([r.sheet, r.fileNotes, r.contacts.length]).toEqual(['Notes', ['no_phone_column'], 0]);
  });

  it('without a phone column, imports nothing but returns the preview so a column can be picked', () => {
    const r = report('no-phone-column.csv');
    expect(r.fileNotes).toEqual(['no_phone_column']);
    expect([r.contacts, r.rejected]).toEqual([[], []]);
    expect(r.preview.slice(0, 2)).toEqual([['name', 'city'], ['Anna', 'Seoul']]);
  });

  it('reads a member-number column as phones until the person fixes the mapping', () => {
    expect(counts(report('wrong-mapping.csv'))).toEqual({ contacts: 0, duplicates: 0, rejected: 3 });
    const fixed = report('wrong-mapping.csv', { roles: ['name', 'ignore', 'phone'] });
    expect(fixed.contacts.map((c) => [c.name, c.phone])).toEqual([['김민지', '+821011112222'], ['이서준', '+821033334444'], ['박지호', '+821055556666']]);
  });

  it('opens a workbook on its first sheet and reads the one the person picks', () => {
    expect(report('two-sheets.xlsx')).toMatchObject({ sheets: ['안내', '고객 명단'], sheet: '안내', fileNotes: ['no_phone_column'] });
    expect(counts(report('two-sheets.xlsx', { sheet: '고객 명단' }))).toEqual({ contacts: 4, duplicates: 0, rejected: 1 });
  });

  it('keeps Google’s labels but not its system groups', () => {
    expect(report('google-current.csv').contacts[1]?.labels).toEqual(['Friends', 'VIP']);
  });
});
