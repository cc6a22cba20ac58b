import { describe, expect, it } from 'vitest';
import { contactTerms, identityTerms, nameTerms, searchKeyForQuery, sortKeyForName } from './search';

describe('search terms', () => {
  it.each([
    ['김민지', ['김민지', '민지']],
    ['Kim Min-ji', ['kim min-ji', 'kim', 'min', 'ji']],
    ['陳大文', ['陳大文', '大文']],
    ['  ', []],
  ])('finds %j under %j', (name, terms) => {
    expect(nameTerms(name)).toEqual(terms);
  });

  it('combines name and phone keys without repeats', () => {
    const terms = contactTerms('김민지', '+821012345678');
    expect(terms).toContain('민지');
    expect(terms).toContain('5678');
    expect(new Set(terms).size).toBe(terms.length);
  });

  it('sorts nameless contacts last', () => {
    expect(sortKeyForName('') > sortKeyForName('힣')).toBe(true);
  });

  it.each([
    ['010-1234', '0101234'],
    ['  Kim  ', 'kim'],
    ['', undefined],
  ])('looks up %j as %j', (q, key) => {
    expect(searchKeyForQuery(q)).toBe(key);
  });
});

describe('identity search terms (a contact may be only a WhatsApp user id)', () => {
  it.each<[string, { userId?: string; username?: string }, string[]]>([
    ['user id, lower-cased whole', { userId: 'KR.1349120865' }, ['kr.1349120865']],
    ['username with and without "@", and its words', { username: '@mina.k' }, ['@mina.k', 'mina.k', 'mina', 'k']],
    ['a username stored without "@"', { username: 'ben' }, ['@ben', 'ben']],
    ['nothing', {}, []],
  ])('%s', (_, identity, want) => {
    expect(identityTerms(identity)).toEqual(want);
  });

  it('a contact without a phone has name and identity terms only, found by what people type', () => {
    const terms = contactTerms('Mina', undefined, { userId: 'KR.1349120865', username: '@mina.k' });
    for (const typed of ['KR.1349', '@mina', 'mina']) expect(terms.some((t) => t.startsWith(searchKeyForQuery(typed) ?? '\u0000'))).toBe(true);
  });
});
