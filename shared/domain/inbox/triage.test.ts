import { describe, expect, it } from 'vitest';
import { classifyReply } from '../optOut';
import { compileRules, DEFAULT_TRIAGE_RULES, parseTriageRules, spanOf, triageMessage, withRuleAdded, withRuleOff, withRuleRemoved, withWordAdded, withWordRemoved, type TriageRules } from './triage';

const rules = compileRules(DEFAULT_TRIAGE_RULES);
const triage = (text: string) => {
  const flag = classifyReply(text);
  return triageMessage({ type: 'text', text, optOut: flag.kind, ...(flag.kind !== 'none' ? { word: flag.word } : {}) }, rules);
};

describe('triage by the default rules', () => {
  it.each([
    // Korean
    ['상품을 받지 못했습니다', 'high', 'not_received'],
    ['결제가 안 돼요', 'high', 'payment_problem'],
    ['결제가안돼요 ㅠㅠ', 'high', 'payment_problem'],
    ['환불 해주세요', 'high', 'refund'],
    ['상자가 파손되어 왔어요', 'high', 'complaint'],
    ['지난번 주문 취소하고 싶어요', 'high', 'cancellation'],
    ['이 가방 얼마예요?', 'medium', 'price'],
    ['재고 있나요?', 'medium', 'stock'],
    ['할인 쿠폰은 언제까지예요?', 'medium', 'promotion'],
    ['감사합니다!', 'low', 'thanks'],
    ['정말 만족해요', 'low', 'feedback'],
    // English
    ['I have not received my parcel', 'high', 'not_received'],
    ["My payment didn't go through", 'high', 'payment_problem'],
    ['Can I get a REFUND please', 'high', 'refund'],
    ['I was refunded twice?', 'high', 'refund'],
    ['Thanks! Is this still available?', 'medium', 'stock'],
    ['How much is the blue one', 'medium', 'price'],
    ['Thank you so much', 'low', 'thanks'],
    ['Please cancel my order', 'high', 'cancellation'],
    // Traditional Chinese
    ['付款失敗了', 'high', 'payment_problem'],
    ['我還沒收到貨', 'high', 'not_received'],
    ['請問要退款', 'high', 'refund'],
    ['這個多少錢？', 'medium', 'price'],
    ['還有貨嗎', 'medium', 'stock'],
    ['謝謝你們', 'low', 'thanks'],
  ])('%s → %s (%s)', (text, priority, reason) => {
    expect(triage(text)).toMatchObject({ priority, reason });
  });

  it('reads full-width letters and spaced-out CJK the same as plain text', () => {
    expect(triage('ＲＥＦＵＮＤ')).toMatchObject({ priority: 'high', reason: 'refund' });
    expect(triage('받 지 못 했 어 요')).toMatchObject({ priority: 'high', reason: 'not_received' });
  });

  it('matches Latin words whole, not inside other words', () => {
    expect(triage('Stockholm is lovely')).toMatchObject({ reason: 'unmatched' });
  });

  it('puts a message that is only an opt-out word first, with the word', () => {
    expect(triage('STOP')).toEqual({ priority: 'high', reason: 'opt_out', word: 'stop' });
  });

  it('gives the highest matching priority when a message mentions several things', () => {
    expect(triage('감사해요, 그런데 결제가 안 돼요')).toMatchObject({ priority: 'high', reason: 'payment_problem' });
  });

  it('says which rule word matched, as the customer wrote it', () => {
    expect(triage('환불 해주세요').word).toBe('환불');
    expect(triage('감사해요, 그런데 결제가 안 돼요').word).toBe('결제가 안'); // the rule word is 결제가안
    expect(triage('결제가안돼요').word).toBe('결제가안');
    expect(triage('ＰＡＹＭＥＮＴ failed!!').word).toBe('payment failed'); // Latin words: the rule's own words
    expect(triage('請問付款 失敗怎麼辦').word).toBe('付款 失敗');
  });

  it.each([
    ['결제가 안 돼요', '결제가안', '결제가 안'],
    ['  결제-가  안', '결제가안', '결제-가  안'],
    ['ＳＴＯＰ now', 'stop', 'ＳＴＯＰ'],
    ['nothing here', 'stop', undefined],
    ['abc', '', undefined],
  ])('spanOf(%j, %j) = %j', (text, needle, expected) => expect(spanOf(text, needle)).toBe(expected));

  it('treats a message without text by its kind', () => {
    expect(triageMessage({ type: 'reaction' }, rules)).toEqual({ priority: 'low', reason: 'reaction' });
    expect(triageMessage({ type: 'image' }, rules)).toEqual({ priority: 'medium', reason: 'no_text' });
  });

  it('gives an unmatched text the rule set’s unmatched priority', () => {
    const low = compileRules({ ...DEFAULT_TRIAGE_RULES, unmatched: 'low' });
    expect(triageMessage({ type: 'text', text: 'hello there' }, low)).toEqual({ priority: 'low', reason: 'unmatched' });
  });

  it('uses a rule the shop added, with its own code', () => {
    const own: TriageRules = { version: 1, unmatched: 'medium', rules: [{ reason: 'wholesale', priority: 'high', words: { ko: ['도매'] }, label: '도매 문의' }] };
    expect(triageMessage({ type: 'text', text: '도매 가능한가요' }, compileRules(own))).toEqual({ priority: 'high', reason: 'wholesale', word: '도매' });
  });
});

describe('parseTriageRules', () => {
  it('accepts the default rules as they are', () => {
    expect(parseTriageRules(JSON.parse(JSON.stringify(DEFAULT_TRIAGE_RULES)))).toEqual({ ok: true, value: DEFAULT_TRIAGE_RULES });
  });

  it.each([
    [null, '', 'not_an_object'],
    [{ version: 2, rules: [] }, 'version', 'bad_version'],
    [{ version: 1, rules: [{ reason: 'Bad Code', priority: 'high', words: { en: ['x'] } }] }, 'rules[0].reason', 'bad_reason'],
    [{ version: 1, rules: [{ reason: 'a', priority: 'urgent', words: { en: ['x'] } }] }, 'rules[0].priority', 'bad_priority'],
    [{ version: 1, rules: [{ reason: 'a', priority: 'high', words: {} }] }, 'rules[0].words', 'no_words'],
    [{ version: 1, rules: [{ reason: 'a', priority: 'high', words: { ko: ['좋아', '  '] } }] }, 'rules[0].words.ko[1]', 'bad_word'],
    [{ version: 1, rules: [{ reason: 'a', priority: 'high', words: { en: ['x'] } }, { reason: 'a', priority: 'low', words: { en: ['y'] } }] }, 'rules[1].reason', 'duplicate_reason'],
    [{ version: 1, unmatched: 'urgent', rules: [] }, 'unmatched', 'bad_priority'],
  ])('reports %j at %s as %s', (input, path, problem) => {
    const r = parseTriageRules(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toContainEqual({ path, problem });
  });
});

describe('triage by the shop’s own rules', () => {
  const text = (t: string) => ({ type: 'text', text: t });
  it.each<[string, (r: TriageRules) => TriageRules, string, { priority: string; reason: string; word?: string } | { reason: string }]>([
    ['a word added to a high rule raises a message to high', (r) => withWordAdded(r, 'complaint', 'en', 'furious'), 'I am furious about this', { priority: 'high', reason: 'complaint', word: 'furious' }],
    ['a Korean word added matches with the spaces the customer typed', (r) => withWordAdded(r, 'refund', 'ko', '돈돌려'), '돈 돌려 주세요', { priority: 'high', reason: 'refund', word: '돈 돌려' }],
    ['a word removed no longer matches', (r) => withWordRemoved(r, 'thanks', 'en', 'thanks'), 'thanks', { priority: 'medium', reason: 'unmatched' }],
    ['a rule switched off no longer fires (the next rule does)', (r) => withRuleOff(r, 'refund', true), 'refund please, it is broken', { priority: 'high', reason: 'complaint' }],
    ['a rule switched off and on again fires', (r) => withRuleOff(withRuleOff(r, 'price', true), 'price', false), 'how much?', { priority: 'medium', reason: 'price' }],
    ['a shop rule gives its own reason code', (r) => withRuleAdded(r, { priority: 'high', label: 'Wedding orders', words: { en: ['wedding'], 'zh-Hant': ['婚禮'] } }), '婚禮的花', { priority: 'high', reason: 'shop_1', word: '婚禮' }],
    ['a shop rule removed no longer fires', (r) => withRuleRemoved(withRuleAdded(r, { priority: 'high', label: 'Wedding', words: { en: ['wedding'] } }), 'shop_1'), 'wedding', { reason: 'unmatched' }],
    ['a built-in rule cannot be removed (only switched off)', (r) => withRuleRemoved(r, 'refund'), 'refund', { reason: 'refund' }],
  ])('%s', (_name, edit, message, expected) => {
    expect(triageMessage(text(message), compileRules(edit(DEFAULT_TRIAGE_RULES)))).toMatchObject(expected);
  });

  it('keeps the reason text of a shop rule, and the edited set still parses', () => {
    const edited = withRuleAdded(withRuleAdded(DEFAULT_TRIAGE_RULES, { priority: 'low', label: ' Gifts ', words: { ko: ['선물'] } }), { priority: 'medium', label: 'Parking', words: { en: ['parking'] } });
    expect(edited.rules.slice(-2).map((r) => [r.reason, r.label])).toEqual([['shop_1', 'Gifts'], ['shop_2', 'Parking']]);
    expect(parseTriageRules(JSON.parse(JSON.stringify(withRuleOff(edited, 'thanks', true))))).toEqual({ ok: true, value: withRuleOff(edited, 'thanks', true) });
  });

  it('does not add a word twice', () => {
    const once = withWordAdded(DEFAULT_TRIAGE_RULES, 'refund', 'ko', '환불');
    expect(once.rules.find((r) => r.reason === 'refund')?.words.ko).toEqual(['환불']);
  });

  it('uses the built-in rules when none are given', () => {
    expect(triageMessage(text('환불 해주세요'))).toMatchObject({ priority: 'high', reason: 'refund' });
  });
});
