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

/**
 * Korean particles change with the word before them (을/를, 이/가, 은/는, 와/과, 으로/로), and a placeholder's value
 * is not known when the message is written. So no message may write both forms ("을(를)") or put a particle right
 * after a placeholder, bare or in quotes ("{name}을", "“{name}”이"): the sentence is turned so a fixed word carries the
 * particle ("“{name}” 세그먼트를"). A placeholder wholly in parentheses ("시간({hours})은") is skipped over, because
 * the particle then belongs to the word before the parentheses.
 */
describe('Korean particles', () => {
  const BOTH_FORMS = /\((?:을|를|이|가|은|는|와|과|으|으로|로|이나|나|아|야|이에요|예요|이라|라)\)/;
  const AFTER_PLACEHOLDER = /\}["”'’」』]*(?:을|를|이|가|은|는|와|과|으로|로|예요|였)/;
  const PARENTHESISED_PLACEHOLDER = /\(\{\w+\}\)/g;
  const korean: Readonly<Record<string, string>> = DICTIONARIES.ko;

  const slips = (message: string): boolean =>
    BOTH_FORMS.test(message) || AFTER_PLACEHOLDER.test(message.replace(PARENTHESISED_PLACEHOLDER, ''));

  it('finds the slips it is meant to find', () => {
    expect(['“{name}”을(를) 저장', '{what}이(가) 필요', '{name}을 삭제', '“{name}”을 삭제', '{{v}}은 항목', '{name}({language})이 없어요', '{url}로 전달', '{currency}예요'].map(slips)).toEqual([
      true, true, true, true, true, true, true, true,
    ]);
    expect(['“{name}” 세그먼트를 저장', '시간({hours})은 지켜요', '{count}명이 받아요', '템플릿(바닥글)에'].map(slips)).toEqual([false, false, false, false]);
  });

  it('never writes both forms of a particle or a particle after a placeholder', () => {
    const found = Object.entries(korean).filter(([, message]) => slips(message));
    expect(found).toEqual([]);
  });
});

/**
 * English puts a count before a noun ("1 contact", "2 contacts"), so a message with {count} comes as a _one/_other
 * pair. The exceptions below never put the count before a noun that changes with it, or the count is never 1.
 */
describe('English counts', () => {
  const NO_PLURAL_NOUN: ReadonlySet<string> = new Set([
    'import.rejectedMore', // "and {count} more in the download"
    'import.rejectedKept', // "the first {kept} of the {count} rows": shown only when there are more rows than kept, so never 1
    'campaigns.only', // campaigns.ts: "Only: {reason} ({count})"
    'wizard.length', // "{count} of {max} characters": the noun goes with {max}
    'wizard.checklistPending', // "Recipients: {count}"
    'wizard.testSize', // "{count} of {total} people": the noun goes with {total}
    'wizard.sendNow', // "Send to {count} now"
    'wizard.schedule', // "Schedule for {count}"
    'checklist.recipients.tooMany', // only over the maximum of a campaign (thousands)
    'checklist.links.tooMany', // only over the link maximum, so at least 2
    'checklist.pressure_words.ok', // "Pressure words …: {count}."
    'checklist.pressure_words.tooMany', // only over the pressure-word maximum, so at least 2
    'connect.limit.value', // connect.ts: WhatsApp's messaging limits are tiers of 250 and more
    'connect.throughput.value', // connect.ts: Cloud API throughput is 80 a second and more
    'connect.templates.countValue', // connect.ts: "{count} synced"
    'connect.templates.synced', // connect.ts: "Templates synced: {count}."
  ]);

  it('every message with a {count} is a _one/_other pair, or is listed as having no noun that follows the count', () => {
    const unpaired = enKeys.filter((key) => !/_(one|other)$/.test(key) && placeholdersOf(english[key] ?? '').includes('count') && !NO_PLURAL_NOUN.has(key));
    expect(unpaired).toEqual([]);
  });

  it('lists no exception that is not a plain message with a {count}', () => {
    const stale = [...NO_PLURAL_NOUN].filter((key) => !placeholdersOf(english[key] ?? '').includes('count'));
    expect(stale).toEqual([]);
  });

  it('chooses the form by the count even when the caller formatted it already', () => {
    const { t } = createTranslator('en');
    expect(t('wizard.matched', { count: '1' })).toBe('1 contact matches the filter.');
    expect(t('wizard.matched', { count: '1,234' })).toBe('1,234 contacts match the filter.');
    expect(t('wizard.matched', { count: 0 })).toBe('0 contacts match the filter.');
  });
});

describe('Korean politeness', () => {
  it('speaks 해요체 throughout: no 합니다체 ending ("저장했습니다", "없습니다", "파일입니다")', () => {
    const formal = Object.entries(DICTIONARIES.ko).filter(([, message]) => /[습합입됩]니다|[습합입됩]니까|십시오/.test(message));
    expect(formal).toEqual([]);
  });
});

describe('Traditional Chinese words', () => {
  // "一步一步" (step by step) is doubled on purpose; so is any 一X一X.
  const ON_PURPOSE = /一(\p{Script=Han})一\1/gu;
  it('never doubles a word of two characters or more ("資料資料夾")', () => {
    const doubled = Object.entries(DICTIONARIES['zh-Hant']).filter(([, message]) => /(\p{Script=Han}{2,})\1/u.test(message.replace(ON_PURPOSE, '')));
    expect(doubled).toEqual([]);
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
