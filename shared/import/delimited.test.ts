import { describe, expect, it } from 'vitest';
import { CELL_MAX, guessDelimiter, parseDelimited } from './delimited';

describe('guessDelimiter', () => {
  it.each([
    ['name,phone\r\nAnna,010-1111-2222\r\n', ','],
    ['name\tphone\r\nAnna\t010-1111-2222\r\n', '\t'],
    ['name;phone;tags\r\nAnna;010-1111-2222;"a,b"\r\n', ';'],
    ['name|phone\nAnna|010-1111-2222\n', '|'],
    ['"Smith, Anna",010-1111-2222\n"Lee, Ben",010-2222-3333\n', ','],
    ['010-1111-2222\n010-2222-3333\n', ','],
  ])('finds the delimiter of %j', (text, delimiter) => {
    expect(guessDelimiter(text)).toBe(delimiter);
  });
});

describe('parseDelimited', () => {
  it('reads quoted cells with commas, quotes and line breaks', () => {
    const { rows } = parseDelimited('name,notes\n"Lee, Ben","says ""hi""\nthen leaves"\n', 10);
    expect(rows[1]).toEqual(['Lee, Ben', 'says "hi"\nthen leaves']);
  });

  it('stops cleanly at an unterminated quote and names its row', () => {
    const parsed = parseDelimited('name,phone\nAnna,010\n"Ben,010\nCara,010\n', 10);
    expect(parsed.rows).toEqual([['name', 'phone'], ['Anna', '010']]);
    expect(parsed.unterminatedQuoteRow).toBe(3);
  });

  it('reads no more rows than the cap and says it was hit', () => {
    const parsed = parseDelimited('a\n1\n2\n3\n4\n', 2);
    expect(parsed.rows).toHaveLength(2);
    expect(parsed.capped).toBe(true);
  });

  it('is not capped when the file fits', () => {
    expect(parseDelimited('a\n1\n', 5).capped).toBe(false);
  });

  it('cuts a 10,000-character cell to the cell limit and counts it', () => {
    const parsed = parseDelimited(`name\n${'x'.repeat(10_000)}\n`, 5);
    expect(parsed.rows[1]![0]).toHaveLength(CELL_MAX);
    expect(parsed.cellsTruncated).toBe(1);
  });
});

describe('the row cap', () => {
  it('is not reported for a file of exactly the cap that ends with a line break', () => {
    const r = parseDelimited('name,phone\na,1\nb,2\n', 3);
    expect([r.rows.length, r.capped]).toEqual([3, false]);
  });

  it('is reported when one more row follows', () => {
    const r = parseDelimited('name,phone\na,1\nb,2\nc,3\n', 3);
    expect([r.rows.length, r.capped]).toEqual([3, true]);
  });
});
