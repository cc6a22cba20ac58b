/** Issue 11's wording slips in the wizard: "1 have a number…" and the schedule's day count. */
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../shared/domain/campaign/types';
import { reasonText } from '../features/wizard/ChecklistStep';
import { createTranslator } from './index';

describe('wizard words', () => {
  const en = createTranslator('en');
  it('says "has" for one person and "have" for more', () => {
    expect(en.t('wizard.excluded.not_whatsapp', { count: 1 })).toBe('1 has a number that cannot have WhatsApp (landline, toll-free)');
    expect(en.t('wizard.excluded.not_whatsapp', { count: 2 })).toBe('2 have a number that cannot have WhatsApp (landline, toll-free)');
    expect(en.t('wizard.excluded.suppressed', { count: 1 })).toMatch(/^1 is on/);
  });
  it('counts days in words that fit the number, in every language', () => {
    expect(en.t('wizard.summary.daysValue', { count: 1, days: 1, first: '27' })).toBe('1 day, 27 on the first day');
    expect(en.t('wizard.summary.daysValue', { count: 2, days: 2, first: '20' })).toBe('2 days, 20 on the first day');
    expect(createTranslator('ko').t('wizard.summary.daysValue', { count: 1, days: 1, first: '27' })).toBe('1일, 첫날 27건');
    expect(createTranslator('zh-Hant').t('wizard.excluded.not_whatsapp', { count: 1 })).toBe('1 位的號碼無法使用 WhatsApp（市話、免付費）');
  });
  it('puts one person in the singular wherever a count comes before a noun', () => {
    expect(en.t('wizard.matched', { count: 1 })).toBe('1 contact matches the filter.');
    expect(en.t('wizard.checklistOk', { count: 1 })).toBe('Ready: 1 recipient, nothing blocks, every warning acknowledged.');
    expect(en.t('wizard.checklistOk', { count: 3 })).toBe('Ready: 3 recipients, nothing blocks, every warning acknowledged.');
    expect(en.t('wizard.fix.exclude', { count: 1 })).toBe('Leave this 1 person out');
    expect(en.t('wizard.fix.exclude', { count: 4 })).toBe('Leave these 4 people out');
    expect(en.t('wizard.testSent', { count: 1, time: '3:00 PM' })).toBe('The test went to 1 person at 3:00 PM.');
    expect(en.t('wizard.testSent', { count: 5, time: '3:00 PM' })).toBe('The test went to 5 people at 3:00 PM.');
    expect(en.t('import.start', { count: 1 })).toBe('Import 1 contact');
  });
  it('says a number first sent today was sent today, not 0 days ago', () => {
    expect(en.t('policy.warmupToday')).toBe('This number first sent today (warm-up counts from today).');
    expect(createTranslator('ko').t('policy.warmupToday')).toBe('이 번호는 오늘 처음 보냈어요(워밍업은 오늘부터 계산해요).');
    expect(createTranslator('zh-Hant').t('policy.warmupToday')).toBe('這個號碼今天首次傳送（暖機從今天起計算）。');
    expect(en.t('policy.warmupDay', { count: 1 })).toBe('This number first sent 1 day ago (warm-up counts from then).');
    expect(en.t('policy.warmupDay', { count: 9 })).toBe('This number first sent 9 days ago (warm-up counts from then).');
  });
  it('writes the rate card’s day and the amount in the UI language, not as "2026-07-01"', () => {
    const cost: CheckResult = {
      id: 'cost',
      rule: 'cost',
      level: 'pass',
      reason: { key: 'checklist.cost.estimate', params: { total: 12.5, currency: 'USD', asOf: '2026-07-01' } },
      detail: 'About 12.50 USD.',
    };
    const ko = createTranslator('ko');
    expect(reasonText(ko.t, ko.formatDateTime, cost, ko)).toContain('12.50');
    expect(reasonText(ko.t, ko.formatDateTime, cost, ko)).toContain('2026. 7. 1.');
    expect(reasonText(en.t, en.formatDateTime, cost, en)).toContain('rates as of Jul 1, 2026');
    expect(reasonText(en.t, en.formatDateTime, cost)).toContain('rates as of 2026-07-01');
  });
});
