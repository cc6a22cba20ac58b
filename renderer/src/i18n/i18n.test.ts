import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../shared/domain/settings';
import { createTranslator, DICTIONARIES, placeholdersOf } from './index';
import { en } from './en';

const enKeys = Object.keys(en).sort();
const english: Readonly<Record<string, string>> = en;

describe.each(LANGUAGES)('the %s dictionary', (language) => {
  const dict: Readonly<Record<string, string>> = DICTIONARIES[language];

  it('has exactly the English keys', () => {
    expect(Object.keys(dict).sort()).toEqual(enKeys);
  });

  it('has no empty or blank messages', () => {
    const blank = Object.entries(dict).filter(([, message]) => message.trim() === '');
    expect(blank).toEqual([]);
  });

  it('uses the same {placeholders} as English in every message', () => {
    const mismatched = enKeys.filter((key) => placeholdersOf(dict[key] ?? '').join() !== placeholdersOf(english[key] ?? '').join());
    expect(mismatched).toEqual([]);
  });
});

describe('plural keys', () => {
  it('come in _one/_other pairs', () => {
    const plural = enKeys.filter((k) => /_(one|other)$/.test(k));
    const unpaired = plural.filter((k) => !enKeys.includes(k.endsWith('_one') ? k.replace(/_one$/, '_other') : k.replace(/_other$/, '_one')));
    expect(unpaired).toEqual([]);
  });
});

describe('t', () => {
  it('chooses the English singular or plural by count and formats the number', () => {
    const { t } = createTranslator('en');
    expect(t('contacts.count', { count: 1 })).toBe('1 contact');
    expect(t('contacts.count', { count: 12345 })).toBe('12,345 contacts');
    expect(t('contacts.count', { count: 0 })).toBe('0 contacts');
  });

  it('fills named placeholders', () => {
    expect(createTranslator('en').t('contactDialog.openExisting', { name: '김민지' })).toBe('Open 김민지');
  });

  it('speaks Korean and Traditional Chinese', () => {
    expect(createTranslator('ko').t('contacts.count', { count: 12345 })).toBe('연락처 12,345개');
    expect(createTranslator('zh-Hant').t('nav.labels')).toBe('標籤');
  });

  it('leaves a placeholder with no value visible rather than dropping it', () => {
    expect(createTranslator('en').t('contactDialog.openExisting')).toBe('Open {name}');
  });
});

describe('locale formatting', () => {
  const day = new Date(2025, 2, 14, 15, 30).getTime();

  it('formats dates for each language', () => {
    expect(createTranslator('ko').formatDate(day)).toContain('2025');
    expect(createTranslator('ko').formatDate(day)).toContain('3');
    expect(createTranslator('en').formatDate(day)).toBe('Mar 14, 2025');
    expect(createTranslator('zh-Hant').formatDate(day)).toBe('2025年3月14日');
  });

  it('says "yesterday" in each language', () => {
    const now = day + 86_400_000;
    expect(createTranslator('en').formatRelative(day, now)).toBe('yesterday');
    expect(createTranslator('ko').formatRelative(day, now)).toBe('어제');
    expect(createTranslator('zh-Hant').formatRelative(day, now)).toBe('昨天');
  });

  it('names countries in the UI language', () => {
    expect(createTranslator('ko').countryName('KR')).toBe('대한민국');
    expect(createTranslator('en').countryName('TW')).toBe('Taiwan');
    expect(createTranslator('zh-Hant').countryName('HK')).toContain('香港');
  });
});
