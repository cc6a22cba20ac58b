import { describe, expect, it } from 'vitest';
import { NOTES_MAX } from '../domain/contact';
import { labelledLine, mergeMemo } from './memo';

describe('mergeMemo: both notes kept, no line twice', () => {
  it.each([
    ['', '', ''],
    ['', '단골', '단골'],
    ['단골', '', '단골'],
    ['단골', '단골', '단골'],
    ['단골', '알레르기: 견과류', '단골\n알레르기: 견과류'],
    ['Home: 02-312-3456', 'home:  02-312-3456', 'Home: 02-312-3456'],
    ['a\nb', 'b\nc\nc', 'a\nb\nc'],
    ['  shop wrote this  ', 'file line\r\nfile line', 'shop wrote this\nfile line'],
  ])('%j + %j → %j', (existing, added, merged) => {
    expect(mergeMemo(existing, added)).toBe(merged);
  });

  it('is idempotent: merging the same file text again changes nothing', () => {
    const once = mergeMemo('shop note', 'Home: 02-312-3456\n비고');
    expect(mergeMemo(once, 'Home: 02-312-3456\n비고')).toBe(once);
  });

  it('keeps what the shop wrote and cuts what the file adds at the contact notes cap', () => {
    const shop = 'x'.repeat(NOTES_MAX - 5);
    const merged = mergeMemo(shop, 'a long line from the file');
    expect(merged.length).toBeLessThanOrEqual(NOTES_MAX);
    expect(merged.startsWith(shop)).toBe(true);
  });
});

describe('labelledLine', () => {
  it.each([
    ['Home', '02-312-3456', 'Home: 02-312-3456'],
    ['', '02-312-3456', '02-312-3456'],
    [undefined, ' 010 ', '010'],
  ])('%j %j → %j', (label, raw, line) => {
    expect(labelledLine(label, raw)).toBe(line);
  });
});
