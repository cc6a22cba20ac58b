import { describe, expect, it } from 'vitest';
import { formatPhone, normalizePhone, otherCountryHint, phoneQueryDigits, phoneSearchKeys } from './phone';

describe('normalizePhone', () => {
  it.each([
    ['010-1234-5678', 'KR', '+821012345678'],
    ['01012345678', 'KR', '+821012345678'],
    ['+82 10 1234 5678', 'KR', '+821012345678'],
    ['82-10-1234-5678', 'KR', '+821012345678'],
    ['(010) 1234 5678', 'KR', '+821012345678'],
    ['０１０－１２３４－５６７８', 'KR', '+821012345678'], // full-width digits and dash
    ['1012345678', 'KR', '+821012345678'], // leading 0 lost (Excel)
    ['001-82-10-1234-5678', 'KR', '+821012345678'], // Korean international prefix
    ['0044 20 7946 0958', 'KR', '+442079460958'], // bare "00" prefix from a European list
    ['0912 345 678', 'TW', '+886912345678'],
    ['+886 912-345-678', 'KR', '+886912345678'],
    ['(415) 555-0132', 'US', '+14155550132'],
  ] as const)('reads %s (default %s) as %s', (raw, country, e164) => {
    const r = normalizePhone(raw, country);
    expect(r.ok && r.e164).toBe(e164);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['abc', 'not_a_number'],
    ['123', 'too_short'],
    ['8.21012E+11', 'excel_scientific'],
    ['8,21012E+11', 'excel_scientific'],
  ] as const)('rejects %j as %s', (raw, reason) => {
    const r = normalizePhone(raw, 'KR');
    expect(r.ok ? 'ok' : r.reason).toBe(reason);
  });

  it('tells a mobile from a landline', () => {
    const mobile = normalizePhone('010-1234-5678', 'KR');
    const landline = normalizePhone('02-123-4567', 'KR');
    expect(mobile.ok && mobile.type).toBe('MOBILE');
    expect(landline.ok && landline.type).toBe('FIXED_LINE');
  });
});

describe('formatPhone', () => {
  it('shows numbers of the shop country in national format', () => {
    expect(formatPhone('+821012345678', 'KR')).toBe('010-1234-5678');
  });
  it('shows other countries in international format', () => {
    expect(formatPhone('+886912345678', 'KR')).toBe('+886 912 345 678');
  });
  it('leaves something unparseable as it is', () => {
    expect(formatPhone('garbage', 'KR')).toBe('garbage');
  });
});

describe('phone search', () => {
  it('keys a number under the start of each of its groups', () => {
    expect(phoneSearchKeys('+821012345678')).toEqual(
      expect.arrayContaining(['821012345678', '1012345678', '01012345678', '12345678', '5678']),
    );
  });
  it.each([
    ['010-1234', '0101234'],
    ['+82 10', '8210'],
    ['５６７８', '5678'],
    ['김민지', undefined],
    ['1', undefined],
  ])('reads the query %j as digits %j', (q, digits) => {
    expect(phoneQueryDigits(q)).toBe(digits);
  });
});

describe('otherCountryHint: a number that is not valid for the default country but is for another likely one', () => {
  it.each([
    ['a Korean mobile in a US shop', '010-1234-5678', 'US', { country: 'KR', e164: '+821012345678' }],
    ['a Taiwanese mobile in a Korean shop', '0912 345 678', 'KR', { country: 'TW', e164: '+886912345678' }],
    ['a Seoul landline in a US shop (a landline when no mobile reading exists)', '02-2345-6789', 'US', { country: 'KR', e164: '+82223456789' }],
    ['a Taiwanese mobile in a US shop, although a Korean reading is tried first', '0912-345-678', 'US', { country: 'TW', e164: '+886912345678' }],
  ] as const)('%s', (_name, raw, country, hint) => {
    expect(otherCountryHint(raw, country)).toEqual(hint);
  });

  it.each([
    ['valid for the default country', '010-1234-5678', 'KR'],
    ['written with a country code', '+82 10 1234 5678', 'US'],
    ['written with 00', '0082 10 1234 5678', 'US'],
    ['not a number', 'hello', 'KR'],
    ['Excel-damaged', '8.21012E+11', 'US'],
    ['valid nowhere', '12', 'KR'],
  ] as const)('no hint when %s', (_name, raw, country) => {
    expect(otherCountryHint(raw, country)).toBeUndefined();
  });
});
