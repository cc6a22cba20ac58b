import { describe, expect, it } from 'vitest';
import { defaultSettingsForLocale, parseStoredSettings } from './settings';

describe('first-run settings from the system locale', () => {
  it.each([
    ['ko-KR', 'ko', 'KR'],
    ['zh-TW', 'zh-Hant', 'TW'],
    ['zh-HK', 'zh-Hant', 'HK'],
    ['zh-CN', 'en', 'CN'],
    ['en-US', 'en', 'US'],
    ['ko', 'ko', 'KR'],
    ['not a locale!', 'en', 'KR'],
  ])('%s gives language %s and country %s', (locale, language, country) => {
    expect(defaultSettingsForLocale(locale)).toEqual({ shopName: '', language, defaultCountry: country });
  });
});

describe('settings read from disk', () => {
  const defaults = { shopName: '', defaultCountry: 'KR', language: 'ko' } as const;
  it('keeps good fields and replaces damaged ones with defaults', () => {
    expect(parseStoredSettings({ shopName: 'Bloom', defaultCountry: 'ZZ', language: 7 }, defaults)).toEqual({
      ...defaults,
      shopName: 'Bloom',
    });
  });
  it('uses defaults for something that is not an object', () => {
    expect(parseStoredSettings([1, 2], defaults)).toEqual(defaults);
  });
});
