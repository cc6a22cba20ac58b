/** Issue 11's wording slips in the wizard: "1 have a number…" and the schedule's day count. */
import { describe, expect, it } from 'vitest';
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
});
