import { describe, expect, it } from 'vitest';
import { normalizeCell, normalizeRecord, phoneCache } from './normalize';
import type { SourceRecord } from './types';

describe('normalizeCell: Excel damage and the usual formats', () => {
  it.each([
    ['010-1234-5678', '+821012345678', []],
    ['+82 10 1234 5678', '+821012345678', []],
    ['０１０－１２３４－５６７８', '+821012345678', []],
    ['(010) 1234 5678', '+821012345678', []],
    ['0044 7911 123456', '+447911123456', []],
    ['1012345678', '+821012345678', ['leading_zero_restored']],
    ['1012345678.0', '+821012345678', ['excel_decimal_removed', 'leading_zero_restored']],
    ['8.21012345678E+11', '+821012345678', ['excel_digits_recovered']],
    ['010-1234-5678 ext. 12', '+821012345678', ['extension_dropped']],
    ['010-1234-5678 x3', '+821012345678', ['extension_dropped']],
    ['02-312-3456 내선 7', '+8223123456', ['extension_dropped', 'landline']],
    ['02-312-3456', '+8223123456', ['landline']],
  ])('%j → %s with notes %j', (raw, e164, notes) => {
    const { parse, notes: got } = normalizeCell(raw, 'KR');
    expect(parse.ok && parse.e164).toBe(e164);
    expect(got).toEqual(notes);
  });

  it.each([
    ['8.21012E+11', 'excel_scientific'],
    ['8,21012E+11', 'excel_scientific'],
    ['1.01234E+10', 'excel_scientific'],
    ['call me', 'not_a_number'],
    ['123', 'too_short'],
    ['', 'empty'],
  ])('rejects %j as %s', (raw, reason) => {
    const { parse } = normalizeCell(raw, 'KR');
    expect(parse.ok ? 'ok' : parse.reason).toBe(reason);
  });

  it('reads a national number with the shop’s country', () => {
    const { parse } = normalizeCell('0912-345-678', 'TW');
    expect(parse.ok && parse.e164).toBe('+886912345678');
  });
});

const record = (phones: string[], extra: Partial<SourceRecord> = {}): SourceRecord => ({ row: 7, name: 'Anna', phones, labels: [], optIn: undefined, memo: '', ...extra });

describe('normalizeRecord', () => {
  it('prefers a mobile number over a landline in the same row and notes the other', () => {
    const n = normalizeRecord(record(['02-312-3456', '010-1111-2222']), 'KR');
    expect(n.ok && [n.contact.phone, n.contact.landline, n.contact.notes]).toEqual(['+821011112222', false, ['other_phones_ignored']]);
  });

  it('keeps a landline-only row, flagged as probably not on WhatsApp', () => {
    const n = normalizeRecord(record(['02-312-3456']), 'KR');
    expect(n.ok && n.contact.landline).toBe(true);
  });

  it('rejects a row without a phone as no_phone', () => {
    expect(normalizeRecord(record([]), 'KR')).toEqual({ ok: false, rejected: { row: 7, raw: '', reason: 'no_phone' } });
  });

  it('rejects with the first number’s reason and raw value when none is usable', () => {
    expect(normalizeRecord(record(['8.21012E+11', 'abc']), 'KR')).toEqual({ ok: false, rejected: { row: 7, raw: '8.21012E+11', reason: 'excel_scientific' } });
  });

  it('uses a later number when the first is damaged', () => {
    const n = normalizeRecord(record(['8.21012E+11', '010-1111-2222']), 'KR');
    expect(n.ok && n.contact.phone).toBe('+821011112222');
  });

  it('cuts a name longer than the contact limit and notes it', () => {
    const n = normalizeRecord(record(['010-1111-2222'], { name: '가'.repeat(150) }), 'KR');
    expect(n.ok && [n.contact.name.length, n.contact.notes]).toEqual([100, ['name_truncated']]);
  });

  it('normalises the name to NFC with single spaces', () => {
    const n = normalizeRecord(record(['010-1111-2222'], { name: '  \u1112\u1169\u11bc  길동 ' }), 'KR');
    expect(n.ok && n.contact.name).toBe('홍 길동');
  });
});

describe('phoneCache', () => {
  it('gives the same answer as normalizeCell for every format of a number', () => {
    const cached = phoneCache('KR');
    for (const raw of ['010-1234-5678', '(010) 1234 5678', '01012345678', '+82 10 1234 5678', '1012345678', '1012345678.0']) {
      expect(cached(raw)).toEqual(normalizeCell(raw, 'KR'));
    }
  });

  it('does not mistake "1012345678.0" for the longer number "10123456780"', () => {
    const cached = phoneCache('KR');
    cached('1012345678.0');
    expect(cached('10123456780')).toEqual(normalizeCell('10123456780', 'KR'));
  });
});

describe('normalizeRecord: consent', () => {
  it('carries night-time consent and the consent source to the clean contact', () => {
    const n = normalizeRecord(record(['010-1111-2222'], { optIn: 'opted_in', nightConsent: true, consentSource: '매장' }), 'KR');
    expect(n.ok && n.contact).toMatchObject({ optIn: 'opted_in', nightConsent: true, consentSource: '매장' });
  });

  it('says nothing of them when the file did not', () => {
    const n = normalizeRecord(record(['010-1111-2222']), 'KR');
    expect(n.ok && 'nightConsent' in n.contact).toBe(false);
    expect(n.ok && 'consentSource' in n.contact).toBe(false);
  });
});
