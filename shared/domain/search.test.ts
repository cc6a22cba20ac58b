import { describe, expect, it } from 'vitest';
import { contactTerms, nameTerms, searchKeyForQuery, sortKeyForName } from './search';

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
