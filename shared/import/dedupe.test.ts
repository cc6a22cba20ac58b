import { describe, expect, it } from 'vitest';
import { dedupe } from './dedupe';
import type { CleanContact } from './types';

const c = (row: number, phone: string, extra: Partial<CleanContact> = {}): CleanContact => ({
  row, name: '', phone, labels: [], optIn: undefined, landline: false, notes: [], memo: '', ...extra,
});
const raw = (row: number) => `raw ${row}`;

describe('dedupe within the file', () => {
  it('keeps the first row and lists the later one as merged into it', () => {
    const { contacts, duplicates } = dedupe([c(2, '+821011112222'), c(5, '+821011112222')], raw);
    expect(contacts.map((x) => x.row)).toEqual([2]);
    expect(duplicates).toEqual([{ row: 5, raw: 'raw 5', phone: '+821011112222', mergedInto: 2 }]);
  });

  it('merges labels in order without repeats', () => {
    const { contacts } = dedupe([c(2, '+1', { labels: ['VIP'] }), c(3, '+1', { labels: ['신규', 'VIP'] })], raw);
    expect(contacts[0]?.labels).toEqual(['VIP', '신규']);
  });

  it('keeps the first non-empty name', () => {
    const { contacts } = dedupe([c(2, '+1'), c(3, '+1', { name: '김철수' }), c(4, '+1', { name: 'Kim' })], raw);
    expect(contacts[0]?.name).toBe('김철수');
  });

  it.each([
    [undefined, 'opted_in', 'opted_in'],
    ['opted_in', 'opted_out', 'opted_out'],
    ['opted_out', 'opted_in', 'opted_out'],
    [undefined, undefined, undefined],
  ] as const)('opt-in %s then %s gives %s: opted out anywhere wins', (first, second, merged) => {
    const { contacts } = dedupe([c(2, '+1', { optIn: first }), c(3, '+1', { optIn: second })], raw);
    expect(contacts[0]?.optIn).toBe(merged);
  });

  it('does not change the contacts it was given', () => {
    const input = [c(2, '+1', { labels: ['a'] }), c(3, '+1', { labels: ['b'] })];
    dedupe(input, raw);
    expect(input[0]?.labels).toEqual(['a']);
  });
});

describe('dedupe: night-time consent and consent source', () => {
  it.each([
    [true, undefined, true],
    [undefined, true, true],
    [true, false, false], // a "no" anywhere wins
    [false, true, false],
    [undefined, undefined, undefined],
  ] as const)('rows saying %s then %s → %s', (a, b, expected) => {
    const { contacts } = dedupe([c(2, '+1', a === undefined ? {} : { nightConsent: a }), c(3, '+1', b === undefined ? {} : { nightConsent: b })], raw);
    expect(contacts[0]?.nightConsent).toBe(expected);
  });

  it('keeps the first source given', () => {
    const { contacts } = dedupe([c(2, '+1'), c(3, '+1', { consentSource: '매장' }), c(4, '+1', { consentSource: '웹' })], raw);
    expect(contacts[0]?.consentSource).toBe('매장');
  });
});
