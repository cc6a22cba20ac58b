import { describe, expect, it } from 'vitest';
import { cleanCsv, csvCell, neutralizeCell, rejectedCsv } from './csvOut';

describe('neutralizeCell (OWASP CSV injection)', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ['+1+cmd|calc', `'+1+cmd|calc`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\t=1', `'\t=1`],
    ['\r=1', `'\r=1`],
    ['＝1+1', `'＝1+1`],
    ['＋1', `'＋1`],
    ['－1', `'－1`],
    ['＠x', `'＠x`],
    ['김철수', '김철수'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%j → %j', (value, safe) => {
    expect(neutralizeCell(value)).toBe(safe);
  });

  it.each(['+821012345678', '+14155550132', '+8613800138000'])('leaves the E.164 number %s usable', (phone) => {
    expect(neutralizeCell(phone)).toBe(phone);
  });

  it.each(['+82 10 1234 5678', '+821012345678+1', '+0123456789', '+8210123456789012'])('neutralises %j, which is not exactly E.164', (value) => {
    expect(neutralizeCell(value)).toBe(`'${value}`);
  });
});

describe('csvCell', () => {
  it.each([
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['=1,2', `"'=1,2"`],
  ])('%j → %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});

describe('cleanCsv', () => {
  it('starts with a BOM and a header, one line per contact', () => {
    const csv = cleanCsv([{ row: 2, name: '=김', phone: '+821012345678', labels: ['VIP', '신규'], optIn: 'opted_in', landline: false, notes: [], memo: '' }]);
    expect(csv).toBe('\ufeffname,phone,labels,opt_in,landline,source_row\r\n\'=김,+821012345678,VIP; 신규,opted_in,,2\r\n');
  });
});

describe('rejectedCsv', () => {
  it('writes the row, the raw value neutralised and the reason in words', () => {
    const csv = rejectedCsv([{ row: 5, raw: '=8.21012E+11', reason: 'excel_scientific' }], () => 'rounded');
    expect(csv).toBe('\ufeffrow,value,reason\r\n5,\'=8.21012E+11,rounded\r\n');
  });
});
