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
    ['mojibake-latin1.csv', 'KR', { contacts: 2, duplicates: 0, rejected: 0 }],
    ['taiwan.csv', 'KR', { contacts: 2, duplicates: 0, rejected: 7 }],
    ['taiwan.csv', 'TW', { contacts: 9, duplicates: 0, rejected: 0 }],
    ['notes.csv', 'KR', { contacts: 2, duplicates: 2, rejected: 0 }],
    ['landline-first.vcf', 'US', { contacts: 4, duplicates: 0, rejected: 1 }],
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

describe('a file from another country', () => {
  it('says 7 of 9 numbers look Taiwanese when a Taiwanese list is read as Korean', () => {
    expect(report('taiwan.csv').countryHint).toEqual({ country: 'TW', count: 7, sampled: 9 });
  });

  it('names the country an invalid number was read for', () => {
    expect(report('taiwan.csv').rejected[0]).toEqual({ row: 2, raw: '0912-345-678', reason: 'invalid', readAs: 'KR' });
  });

  it('reads the Taipei landline as Taipei, and everything as +886, when the file is read as Taiwan', () => {
    const tw = report('taiwan.csv', { country: 'TW' });
    expect(tw.country).toBe('TW');
    expect(tw.countryHint).toBeUndefined();
    expect(tw.contacts.every((c) => c.phone?.startsWith('+886'))).toBe(true);
    expect(tw.contacts.find((c) => c.name === '台北門市')).toMatchObject({ phone: '+886223456789', landline: true });
    expect(tw.landlineRows).toEqual([9]);
  });

  it('gives no hint for a file of the shop’s own country, nor for a few foreign numbers among many', () => {
    expect(report('cp949.csv').countryHint).toBeUndefined();
    const mostlyKorean = ['이름,전화번호', ...Array.from({ length: 9 }, (_, i) => `고객${i},010-1111-${String(1000 + i)}`), '陳美玲,0912-345-678', ''].join('\n');
    const r = runPipeline(new TextEncoder().encode(mostlyKorean), { country: 'KR', decode: iconvDecode });
    expect(r.ok && [r.rejectedCount, r.countryHint]).toEqual([1, undefined]);
  });

  it('does not name a country for a number written with its country code', () => {
    const r = runPipeline(new TextEncoder().encode('name,phone\nA,+82 10 1234\n'), { country: 'KR', decode: iconvDecode });
    expect(r.ok && r.rejected[0]?.readAs).toBeUndefined();
  });
});

describe('notes', () => {
  it('imports a 메모 column into the contact’s notes and merges the duplicates’ notes, each line once', () => {
    const r = report('notes.csv');
    expect(r.mapping?.roles).toEqual(['name', 'phone', 'notes']);
    expect(r.contacts.map((c) => [c.name, c.memo])).toEqual([
      ['김민지', '매주 화요일 방문\n알레르기: 견과류'],
      ['이서준', ''],
    ]);
  });

  it('keeps a vCard’s other numbers in the notes, under the card’s names for them, after its NOTE', () => {
    const r = report('landline-first.vcf', { country: 'US' });
    expect(r.contacts.map((c) => [c.name, c.phone, c.memo])).toEqual([
      ['Anna Smith', '+14155550132', 'Home: +1 415 555 0100'],
      ['Ben Lee', '+14155550133', 'Prefers texts\nAsk for Ben\nHome: +1 415 555 0101'],
      ['Cara Diaz', '+14155550134', 'Work: +1-415-555-0102'],
      ['Dan Wu', '+14155550135', 'Work: +1 415 555 0103\nFax: +1 415 555 0104'],
    ]);
  });

  it('uses a Korean card’s mobile and keeps its home line in the notes', () => {
    const r = report('landline-first.vcf');
    expect(r.contacts.find((c) => c.name === '홍길동')).toMatchObject({ phone: '+821022223333', landline: false, memo: '자택: 02-312-3456' });
  });

  it('keeps the other numbers of a Google row in the notes under their label', () => {
    const r = report('google-current.csv');
    expect(r.contacts.find((c) => c.name === '홍길동')).toMatchObject({ phone: '+821011112222', memo: 'Home: 02-312-3456' });
  });
});

describe('landlines', () => {
  it('names the rows of the landlines', () => {
    expect(report('cp949.csv').landlineRows).toEqual([7]);
  });
});
