import { describe, expect, it } from 'vitest';
import { ANSWER_REFUSALS, type AnswerState, type AnswerView } from '../../../../shared/ipc/inbox';
import type { Language } from '../../../../shared/domain/settings';
import { createTranslator } from '../../i18n';
import { answersNeedingPerson, mayRetry } from './AnswerBox';
import { answerReasonWords, answerRefusalWords, answerStateWord } from './inboxWords';
import { BILLED_CATEGORIES, type RateTable } from '../../../../shared/domain/campaign/costs';
import { answerCost } from '../../../../shared/domain/inbox/answerCost';
import type { MediaLinkProblem } from '../../../../shared/domain/inbox/answerMedia';
import { answerContentWords, answerCostWords, billedWords, isMediaTrouble, mediaKindWord, mediaProblemWords } from './answerWords';

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

const WON: RateTable = { asOf: '2026-10-01', currency: 'KRW', source: 'test', rates: { KR: { MARKETING: 40, UTILITY: 7, SERVICE: 3 } }, otherCountries: { MARKETING: 80, UTILITY: 14 }, serviceBilledFrom: '2026-10-01' };
const KR = '+821012345678';
const OCT_2 = Date.UTC(2026, 9, 2, 3, 0, 0);
const SEPT_30 = Date.UTC(2026, 8, 30, 3, 0, 0);
const PROBLEMS: MediaLinkProblem[] = ['empty', 'not_a_link', 'not_https', 'too_long', 'caption_too_long', 'pick_type', 'audio'];

describe('media, cost and billed words', () => {
  it.each(LANGUAGES)('every media problem, kind and billing category has its own words in %s', (lang) => {
    const { t } = createTranslator(lang);
    const problems = PROBLEMS.map((p) => mediaProblemWords(t, p));
    expect(new Set(problems).size).toBe(PROBLEMS.length);
    const kinds = (['image', 'video', 'document'] as const).map((k) => mediaKindWord(t, k));
    expect(new Set(kinds).size).toBe(3);
    const locale = createTranslator(lang);
    const categories = [
      ...BILLED_CATEGORIES.map((category) => answerCostWords(locale, { price: 1, currency: 'KRW', asOf: '2026-10-01', category, inWindow: false, country: 'KR' }, false)),
      answerCostWords(locale, { price: 1, currency: 'KRW', asOf: '2026-10-01', category: 'UTILITY', inWindow: true, country: 'KR' }, false),
    ];
    expect(new Set(categories).size).toBe(BILLED_CATEGORIES.length + 1);
    for (const w of [...problems, ...kinds, ...categories]) expect(w).not.toMatch(/inbox\.|\{/);
  });

  const en = createTranslator('en');
  it.each([
    ['a service message from 2026-10-01, Cloud', { kind: 'free', to: KR, windowOpen: true, now: OCT_2 }, false, /^This answer costs about ₩3 \(service message\)\. Your rates of .+ \(Settings → Prices\)\.$/],
    ['a service message before 2026-10-01 is free', { kind: 'free', to: KR, windowOpen: true, now: SEPT_30 }, false, /^This answer is free \(service message\)\./],
    ['on the Sandbox: the figure and that nothing is billed', { kind: 'free', to: KR, windowOpen: true, now: OCT_2 }, true, /about ₩3 .* Sandbox: nothing is billed\.$/],
    ['a marketing template', { kind: 'template', to: KR, category: 'MARKETING', windowOpen: false, now: OCT_2 }, false, /^This answer costs about ₩40 \(marketing template\)\./],
    ['a utility template in the window', { kind: 'template', to: KR, category: 'UTILITY', windowOpen: true, now: OCT_2 }, false, /^This answer costs about ₩7 \(utility template inside the 24-hour window\)\./],
  ] as const)('%s', (_why, input, sandbox, expected) => {
    expect(answerCostWords(en, answerCost(WON, input), sandbox)).toMatch(expected);
  });

  it('a dollar rate keeps its small digits', () => {
    expect(answerCostWords(en, { price: 0.005, currency: 'USD', asOf: '2026-10-01', category: 'SERVICE', inWindow: false, country: 'KR' }, false)).toMatch(/about \$0\.005 /);
  });

  it.each([
    ['nothing reported yet', undefined, undefined],
    ['billed as a service message in KR', { billable: true, type: 'regular', category: 'service' }, 'billed ₩3'],
    ['billed as marketing to another country', { billable: true, category: 'marketing' }, 'billed ₩80'],
    ['free customer service', { billable: false, type: 'free_customer_service', category: 'service' }, 'not billed'],
    ['a category we do not know', { billable: true, category: 'brand_new' }, 'billed (category not known)'],
  ] as const)('billed: %s', (_why, billed, expected) => {
    const to = billed?.category === 'marketing' ? '+5511987654321' : KR;
    expect(billedWords(en, billed ? { to, billed } : { to }, WON)).toBe(expected);
  });

  it.each([
    ['a picture with a caption', { kind: 'media', mediaType: 'image', link: 'https://shop.example/a.jpg', caption: '빨간 가방' }, 'Picture: 빨간 가방'],
    ['a document without a caption: its file name', { kind: 'media', mediaType: 'document', link: 'https://shop.example/menu.pdf', filename: 'menu.pdf' }, 'Document: menu.pdf'],
    ['a video without a caption: its link', { kind: 'media', mediaType: 'video', link: 'https://shop.example/v' }, 'Video: https://shop.example/v'],
    ['a text', { kind: 'text', body: '네' }, '네'],
  ] as const)('thread words: %s', (_why, content, expected) => {
    expect(answerContentWords(en.t, content)).toBe(expected);
  });

  it.each([
    ['a picture WhatsApp could not take (131053)', { content: { kind: 'media', mediaType: 'image', link: 'https://a.example/x.jpg' }, code: 131053 }, true],
    ['a picture that failed for another reason', { content: { kind: 'media', mediaType: 'image', link: 'https://a.example/x.jpg' }, code: 131000 }, false],
    ['a text with 131053', { content: { kind: 'text', body: 'x' }, code: 131053 }, false],
  ] as const)('isMediaTrouble: %s', (_why, a, yes) => {
    expect(isMediaTrouble(a)).toBe(yes);
  });

  it('a media answer that failed twice with the same link and caption is shown once above the box', () => {
    const m = (id: string, createdAt: number, link: string): AnswerView => ({ id, to: KR, content: { kind: 'media', mediaType: 'image', link }, channel: 'cloud', createdAt, state: 'failed', code: 131053, rev: 1 });
    expect(answersNeedingPerson([m('a1', 1, 'https://a.example/x.jpg'), m('a2', 2, 'https://a.example/x.jpg'), m('a3', 3, 'https://a.example/y.jpg')]).map((a) => a.id)).toStrictEqual(['a3', 'a2']);
  });
});
