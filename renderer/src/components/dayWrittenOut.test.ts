import { describe, expect, it } from 'vitest';
import { dayWrittenOut } from './DayWrittenOut';

describe('a date field written out in the UI language', () => {
  it.each([
    ['ko', '2026년 12월 1일 화요일'],
    ['en', 'Tuesday, December 1, 2026'],
    ['zh-Hant', '2026年12月1日 星期二'],
  ])('%s: %s', (language, text) => {
    expect(dayWrittenOut(language, '2026-12-01')).toBe(text);
  });
  it('says nothing for an empty or impossible day', () => {
    expect(dayWrittenOut('ko', '')).toBeUndefined();
    expect(dayWrittenOut('ko', '2026-02-30')).toBeUndefined();
  });
});
