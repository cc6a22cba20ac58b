import { describe, expect, it } from 'vitest';
import { ANSWER_REFUSALS, type AnswerState, type AnswerView } from '../../../../shared/ipc/inbox';
import type { Language } from '../../../../shared/domain/settings';
import { createTranslator } from '../../i18n';
import { answersNeedingPerson, mayRetry } from './AnswerBox';
import { answerReasonWords, answerRefusalWords, answerStateWord } from './inboxWords';

const LANGUAGES: Language[] = ['en', 'ko', 'zh-Hant'];
const STATES: AnswerState[] = ['sending', 'accepted', 'sent', 'delivered', 'read', 'failed', 'unclear', 'not_sent'];

describe('answer words', () => {
  it.each(LANGUAGES)('every state and every refusal has its own words in %s', (lang) => {
    const { t } = createTranslator(lang);
    const states = STATES.map((s) => answerStateWord(t, s));
    expect(new Set(states).size).toBe(STATES.length);
    for (const w of states) expect(w).not.toMatch(/^inbox\./);
    const refusals = ANSWER_REFUSALS.map((refusal) => answerRefusalWords(t, { code: 'conflict', message: 'main’s English', details: { refusal } }));
    expect(new Set(refusals).size).toBe(ANSWER_REFUSALS.length);
    for (const w of refusals) expect(w).not.toMatch(/^inbox\.|main’s English/);
  });

  const { t } = createTranslator('en');
  it.each([
    ['WhatsApp’s code first', { state: 'not_sent', code: 131047, reason: 'needs_template' }, /24 hours|template/i],
    ['a code the table does not list', { state: 'failed', code: 999_999 }, /999999/],
    ['closed before it was sent', { state: 'not_sent', reason: 'interrupted_before_send' }, 'Shopcast closed before it was sent.'],
    ['stopped mid-send', { state: 'unclear', reason: 'interrupted' }, 'Shopcast stopped while sending it.'],
    ['an unclear answer whose reply was lost (main’s English only)', { state: 'unclear', reason: 'The response was lost.' }, 'WhatsApp’s reply was lost on the way.'],
    ['a failure without a reason', { state: 'failed' }, 'WhatsApp did not say why.'],
  ] as const)('%s', (_why, a, expected) => {
    const words = answerReasonWords(t, a as Pick<AnswerView, 'state' | 'code' | 'reason'>);
    if (typeof expected === 'string') expect(words).toBe(expected);
    else expect(words).toMatch(expected);
  });

  it('an unknown refusal or another error shows main’s words', () => {
    expect(answerRefusalWords(t, { code: 'internal', message: 'Disk full.' })).toBe('Not sent: Disk full.');
  });
});

describe('answersNeedingPerson: what stays above the box', () => {
  const a = (id: string, state: AnswerState, createdAt: number, body = id): AnswerView => ({ id, to: '+821012345678', content: { kind: 'text', body }, channel: 'cloud', createdAt, state, rev: 1 });
  it.each([
    ['nothing went wrong', [a('a1', 'read', 1), a('a2', 'sent', 2)], []],
    ['a failed answer after the last one that went', [a('a1', 'read', 1), a('a2', 'failed', 2)], ['a2']],
    ['a failed answer that a later one replaced', [a('a1', 'failed', 1), a('a2', 'delivered', 2)], []],
    ['retried and failed again: shown once, the newest', [a('a1', 'not_sent', 1, 'same'), a('a2', 'failed', 2, 'same')], ['a2']],
    ['an unclear answer', [a('a1', 'read', 1), a('a2', 'unclear', 2)], ['a2']],
    ['an unclear answer the person sent again, and that went', [a('a1', 'unclear', 1, 'same'), a('a2', 'read', 2, 'same')], []],
    ['a failed and an unclear answer, newest first', [a('a1', 'failed', 1), a('a2', 'unclear', 2)], ['a2', 'a1']],
  ] as const)('%s', (_why, answers, expected) => {
    expect(answersNeedingPerson(answers).map((x) => x.id)).toStrictEqual(expected);
  });
});

describe('mayRetry: "Send again" only where it can work', () => {
  it.each([
    ['no code (Shopcast closed, a lost reply)', undefined, true],
    ['a transient WhatsApp error', 131000, true],
    ['a rate limit', 130429, true],
    ['more than 24 h since they wrote: a template is needed', 131047, false],
    ['a number that cannot receive WhatsApp', 131026, false],
    ['the customer stopped marketing messages', 131050, false],
  ] as const)('%s', (_why, code, yes) => {
    expect(mayRetry(code === undefined ? {} : { code })).toBe(yes);
  });
});
