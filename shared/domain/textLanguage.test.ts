import { describe, expect, it } from 'vitest';
import { guessLanguage, templateLanguage } from './textLanguage';

describe('templateLanguage', () => {
  it.each([
    ['ko', 'ko'],
    ['ko_KR', 'ko'],
    ['en', 'en'],
    ['en_US', 'en'],
    ['en_GB', 'en'],
    ['zh_TW', 'zh-Hant'],
    ['zh_HK', 'zh-Hant'],
    ['zh-Hant', 'zh-Hant'],
    ['zh_CN', undefined],
    ['ja', undefined],
    ['', undefined],
  ])('%s → %s', (code, expected) => expect(templateLanguage(code)).toBe(expected));
});

describe('guessLanguage', () => {
  it.each([
    ['배송 언제 와요?', 'ko'],
    ['請問營業時間', 'zh-Hant'],
    ['ありがとう 東京', 'en'], // Han with kana is Japanese, not Chinese; the app has no Japanese, so English
    ['Where is my order?', 'en'],
    ['👍', undefined],
    ['12345', undefined],
  ])('%s → %s', (text, expected) => expect(guessLanguage(text)).toBe(expected));
});
