import { describe, expect, it } from 'vitest';
import { defaultSettingsForLocale, parseSettingsPatch, parseStoredSettings, type Settings, type SettingsPatch } from './settings';
import type { TriageRules } from './inbox/triage';

describe('first-run settings from the system locale', () => {
  it.each([
    ['ko-KR', 'ko', 'KR'],
    ['zh-TW', 'zh-Hant', 'TW'],
    ['zh-HK', 'zh-Hant', 'HK'],
    ['zh-CN', 'en', 'CN'],
    ['en-US', 'en', 'US'],
    ['ko', 'ko', 'KR'],
    ['not a locale!', 'en', 'KR'],
  ])('%s gives language %s and country %s, the Sandbox, and the setup still to do', (locale, language, country) => {
    expect(defaultSettingsForLocale(locale)).toEqual({ shopName: '', language, defaultCountry: country, sendingChannel: 'sandbox', setupDone: false });
  });
});

const SHOP_RULES = {
  version: 1,
  unmatched: 'medium',
  rules: [
    { reason: 'refund', priority: 'high', words: { ko: ['환불'], en: ['refund*'] }, off: true },
    { reason: 'shop_1', priority: 'high', label: 'Wedding orders', words: { en: ['wedding'], 'zh-Hant': ['婚禮'] } },
  ],
} as const satisfies TriageRules;

describe('settings read from disk', () => {
  const defaults: Settings = { shopName: '', defaultCountry: 'KR', language: 'ko', sendingChannel: 'sandbox', setupDone: false };
  it('keeps good fields and replaces damaged ones with defaults', () => {
    expect(parseStoredSettings({ shopName: 'Bloom', defaultCountry: 'ZZ', language: 7, sendingChannel: 'fax', setupDone: true }, defaults)).toEqual({
      ...defaults,
      shopName: 'Bloom',
      setupDone: true,
    });
  });
  it('uses defaults (setup not done) when there is no file, or something that is not an object', () => {
    expect(parseStoredSettings(undefined, defaults)).toEqual(defaults);
    expect(parseStoredSettings([1, 2], defaults)).toEqual(defaults);
    expect(parseStoredSettings(null, defaults)).toEqual(defaults);
  });
  it.each<[string, Record<string, unknown>, Partial<Settings>]>([
    // A file from before the setup existed: the shop has used the app, so it is not sent through the setup.
    ['a file without the new fields', { shopName: 'Bloom', defaultCountry: 'TW', language: 'en' }, { shopName: 'Bloom', defaultCountry: 'TW', language: 'en', sendingChannel: 'sandbox', setupDone: true }],
    ['an empty object', {}, { setupDone: true }],
    ['setup skipped or finished', { setupDone: true }, { setupDone: true }],
    ['setup still to do', { setupDone: false }, { setupDone: false }],
    ['setupDone that is not a boolean', { setupDone: 'yes' }, { setupDone: true }],
    ['the Assisted channel', { sendingChannel: 'assisted' }, { sendingChannel: 'assisted' }],
    ['the Cloud API', { sendingChannel: 'cloud' }, { sendingChannel: 'cloud' }],
    ['an unknown channel', { sendingChannel: 'telegram' }, { sendingChannel: 'sandbox' }],
    ['a channel in the wrong case', { sendingChannel: 'Cloud' }, { sendingChannel: 'sandbox' }],
    ['the shop’s answer times', { answerTimes: { high: 5 * 60_000, medium: 30 * 60_000, low: 8 * 3_600_000 } }, { answerTimes: { high: 5 * 60_000, medium: 30 * 60_000, low: 8 * 3_600_000 } }],
    ['answer times out of order (dropped: the defaults apply)', { answerTimes: { high: 3_600_000, medium: 60_000 } }, {}],
    ['notifications off', { notifications: false }, { notifications: false }],
    ['notifications that are not a boolean (dropped: on)', { notifications: 'no' }, {}],
    ['the shop’s triage rules', { triageRules: SHOP_RULES }, { triageRules: SHOP_RULES }],
    ['triage rules with a bad word (dropped: the built-in rules apply)', { triageRules: { ...SHOP_RULES, rules: [{ reason: 'x', priority: 'high', words: { en: [''] } }] } }, {}],
    ['triage rules that are not an object (dropped)', { triageRules: 'all' }, {}],
  ])('%s', (_name, stored, expected) => {
    expect(parseStoredSettings(stored, defaults)).toEqual({ ...defaults, setupDone: true, ...expected });
  });
});

describe('settings changes from the window', () => {
  it.each<[string, unknown, SettingsPatch]>([
    ['the whole first-run setup', { shopName: ' 민지 꽃집 ', defaultCountry: 'tw', language: 'ko', sendingChannel: 'sandbox', setupDone: true }, { shopName: '민지 꽃집', defaultCountry: 'TW', language: 'ko', sendingChannel: 'sandbox', setupDone: true }],
    ['skipping the setup', { setupDone: true }, { setupDone: true }],
    ['asking for the setup again', { setupDone: false }, { setupDone: false }],
    ['a preferred channel alone', { sendingChannel: 'cloud' }, { sendingChannel: 'cloud' }],
    ['nothing', {}, {}],
    ['answer times (missing ones take the default)', { answerTimes: { high: 10 * 60_000 } }, { answerTimes: { high: 10 * 60_000, medium: 3_600_000, low: 24 * 3_600_000 } }],
    ['the default answer times again', { answerTimes: null }, { answerTimes: null }],
    ['notifications off', { notifications: false }, { notifications: false }],
    ['the shop’s triage rules', { triageRules: SHOP_RULES }, { triageRules: SHOP_RULES }],
    ['triage rules with words trimmed', { triageRules: { version: 1, rules: [{ reason: 'shop_1', priority: 'low', label: ' Gifts ', words: { ko: [' 선물 '] } }] } }, { triageRules: { version: 1, unmatched: 'medium', rules: [{ reason: 'shop_1', priority: 'low', label: 'Gifts', words: { ko: ['선물'] } }] } }],
    ['the built-in triage rules again', { triageRules: null }, { triageRules: null }],
  ])('accepts %s', (_name, input, expected) => {
    expect(parseSettingsPatch(input)).toEqual({ ok: true, value: expected });
  });

  it.each<[string, unknown, string]>([
    ['an unknown channel', { sendingChannel: 'sms' }, 'sendingChannel'],
    ['a channel that is not text', { sendingChannel: 1 }, 'sendingChannel'],
    ['setupDone as text', { setupDone: 'true' }, 'setupDone'],
    ['setupDone as a number', { setupDone: 1 }, 'setupDone'],
    ['setupDone null', { setupDone: null }, 'setupDone'],
    ['an unknown field', { setupCompletedAt: 5 }, 'setupCompletedAt'],
    ['a country we cannot read numbers for', { defaultCountry: 'XX' }, 'defaultCountry'],
    ['an answer time that is not whole minutes', { answerTimes: { high: 90_000 } }, 'answerTimes.high'],
    ['a high answer time later than medium', { answerTimes: { high: 2 * 3_600_000, medium: 3_600_000 } }, 'answerTimes.high'],
    ['an answer time over a week', { answerTimes: { low: 8 * 24 * 3_600_000 } }, 'answerTimes.low'],
    ['answer times that are not an object', { answerTimes: 15 }, 'answerTimes'],
    ['notifications as text', { notifications: 'on' }, 'notifications'],
    ['triage rules that are not an object', { triageRules: [] }, 'triageRules'],
    ['triage rules of another version', { triageRules: { ...SHOP_RULES, version: 2 } }, 'triageRules.version'],
    ['a triage rule without words', { triageRules: { version: 1, rules: [{ reason: 'shop_1', priority: 'high', words: {} }] } }, 'triageRules.rules[0].words'],
    ['a triage word of only spaces', { triageRules: { version: 1, rules: [{ reason: 'shop_1', priority: 'high', words: { en: ['  '] } }] } }, 'triageRules.rules[0].words.en[0]'],
    ['a triage rule with an unknown priority', { triageRules: { version: 1, rules: [{ reason: 'shop_1', priority: 'urgent', words: { en: ['a'] } }] } }, 'triageRules.rules[0].priority'],
    ['a triage rule switched off with text', { triageRules: { version: 1, rules: [{ reason: 'shop_1', priority: 'high', off: 'yes', words: { en: ['a'] } }] } }, 'triageRules.rules[0].off'],
    ['a triage rule with an unknown field', { triageRules: { version: 1, rules: [{ reason: 'shop_1', priority: 'high', colour: 'red', words: { en: ['a'] } }] } }, 'triageRules.rules[0].colour'],
    ['triage words in an unknown language', { triageRules: { version: 1, rules: [{ reason: 'shop_1', priority: 'high', words: { fr: ['merci'] } }] } }, 'triageRules.rules[0].words.fr'],
    ['two triage rules with one reason', { triageRules: { version: 1, rules: [{ reason: 'refund', priority: 'high', words: { en: ['a'] } }, { reason: 'refund', priority: 'low', words: { en: ['b'] } }] } }, 'triageRules.rules[1].reason'],
  ])('refuses %s, naming the field', (_name, input, field) => {
    expect(parseSettingsPatch(input)).toMatchObject({ ok: false, error: { code: 'invalid_input', details: { field } } });
  });

  it('refuses something that is not an object', () => {
    expect(parseSettingsPatch('setupDone')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
