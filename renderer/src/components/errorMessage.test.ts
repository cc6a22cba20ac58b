import { describe, expect, it } from 'vitest';
import { problem, PROBLEMS } from '../../../shared/ipc/problems';
import { createTranslator } from '../i18n';
import { errorMessage } from './errorMessage';

describe('errorMessage: main’s problem codes in the person’s language', () => {
  it.each(['en', 'ko', 'zh-Hant'] as const)('every problem code has words in %s, with its parameters filled', (lang) => {
    const { t } = createTranslator(lang);
    for (const code of PROBLEMS) {
      const text = errorMessage(t, { code: 'conflict', message: 'English from main', details: problem(code, { holder: 4242, port: 47390, expected: 10, would: 12, detail: 'ENOSPC', state: 'finished', id: 'c1', missing: 'app secret' }) });
      expect(text, code).not.toContain('English from main');
      expect(text, code).not.toMatch(/\{\w+\}/); // no placeholder left
      expect(text, code).not.toBe(`problem.${code}`); // a key without words comes back as itself
    }
  });

  it.each([
    ['ko', problem('campaign_ended', { state: 'finished' }), '이미 끝난 캠페인이에요(완료).'],
    ['en', problem('campaign_ended', { state: 'cancelled' }), 'This campaign has ended (Cancelled).'],
    ['en', problem('webhook_port_in_use', { port: 47390 }), 'Port 47390 on this computer is used by another program. Choose another port.'],
    ['zh-Hant', problem('campaign_locked', { holder: 99 }), '另一個 Shopcast（處理程序 99）正在傳送這個活動。'],
  ] as const)('%s %j', (lang, details, expected) => {
    const { t } = createTranslator(lang);
    expect(errorMessage(t, { code: 'conflict', message: 'x', details })).toBe(expected);
  });

  it('an unknown problem code (a newer main) falls back to the kind of error', () => {
    const { t } = createTranslator('en');
    expect(errorMessage(t, { code: 'conflict', message: 'x', details: { problem: 'from_the_future' } })).toBe(t('error.conflict'));
  });
});
