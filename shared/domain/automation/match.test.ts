import { describe, expect, it } from 'vitest';
import { keywordMatches, matchKeywordRule, type MatchContext } from './match';
import type { KeywordReply, MatchKind } from './rules';

/** [keyword, match, message, matches?] — ko / en / zh-Hant, full width, spacing, punctuation, invisible characters. */
const KEYWORDS: ReadonlyArray<readonly [string, MatchKind, string, boolean]> = [
  // contains
  ['배송', 'contains', '배송 언제 와요?', true],
  ['배송', 'contains', '언제 배송되나요', true],
  ['배송', 'contains', '배 송 언제', true], // spacing ignored
  ['배송 문의', 'contains', '배송문의 드려요', true], // the keyword's own space too
  ['배송', 'contains', '주문 취소요', false],
  ['delivery', 'contains', 'When is my DELIVERY?', true],
  ['delivery', 'contains', 'ＤＥＬＩＶＥＲＹ status', true], // full width
  ['delivery', 'contains', 'deli\u200Bvery', true], // a zero-width space inside
  ['order status', 'contains', 'order-status please', true],
  ['order', 'contains', 'reorder', true], // contains means contains
  ['物流', 'contains', '請問物流進度？', true],
  ['物流', 'contains', '物 流', true],
  ['運費', 'contains', '运费多少', false], // Simplified is another character
  ['영업시간', 'contains', '영업 시간이 어떻게 되나요', true],
  // whole
  ['order', 'whole', 'Where is my order?', true],
  ['order', 'whole', 'ORDER', true],
  ['order', 'whole', 'reorder please', false],
  ['order', 'whole', 'orders', false],
  ['order status', 'whole', 'my Order Status?', true],
  ['order status', 'whole', 'my orderstatus', true], // spacing ignored
  ['order status', 'whole', 'order statuses', false],
  ['배송', 'whole', '배송 문의요', true],
  ['배송', 'whole', '배송?', true],
  ['배송', 'whole', '배 송', true],
  ['배송', 'whole', '배송이 늦어요', false], // with its particle it is another word
  ['物流', 'whole', '物流，謝謝', true],
  ['物流', 'whole', '物流進度', false],
  ['ｏｒｄｅｒ', 'whole', 'my order', true], // a full-width keyword
  // starts
  ['주문', 'starts', '주문번호 알려주세요', true],
  ['주문', 'starts', '  주문 확인', true],
  ['주문', 'starts', '제 주문이요', false],
  ['order', 'starts', 'Order #123', true],
  ['order', 'starts', 'orders?', true],
  ['order', 'starts', 'my order', false],
  ['查詢', 'starts', '「查詢」訂單', true], // punctuation before it is ignored
  ['查詢', 'starts', '我要查詢', false],
  // nothing to match with
  ['?!', 'contains', '?!', false],
];

describe('keywordMatches', () => {
  it.each(KEYWORDS)('%s (%s) in "%s" → %s', (keyword, match, message, expected) => {
    expect(keywordMatches(keyword, match, message)).toBe(expected);
  });
});

const rule = (name: string, keywords: string[], more: Partial<KeywordReply> = {}): KeywordReply => ({ name, keywords, match: 'contains', reply: `reply of ${name}`, enabled: true, order: 0, ...more });

const RULES: KeywordReply[] = [
  rule('배송', ['배송', 'delivery', '物流'], { order: 2 }),
  rule('VIP 배송', ['배송'], { order: 1, conditions: { labels: ['VIP'] } }),
  rule('첫 인사', ['안녕'], { order: 3, conditions: { firstMessageOnly: true } }),
  rule('꺼짐', ['환불'], { order: 0, enabled: false }),
  rule('환불', ['refund', '환불'], { order: 4, match: 'whole' }),
];

const stranger: MatchContext = { labels: [], firstMessage: false };

/** [why, message, context, rule name that answers or undefined, span] */
const WHICH: ReadonlyArray<readonly [string, string | undefined, MatchContext, string | undefined, string | undefined]> = [
  ['a Korean message', '배송 언제 와요?', stranger, '배송', '배송'],
  ['an English one, full width', 'ＤＥＬＩＶＥＲＹ?', stranger, '배송', 'ＤＥＬＩＶＥＲＹ'],
  ['a Chinese one', '物流到哪了', stranger, '배송', '物流'],
  ['the span keeps the customer’s spacing', '배 송 언제', stranger, '배송', '배 송'],
  ['a VIP: the rule with the lower order, whose label condition holds (labels compared like keywords)', '배송 언제', { labels: ['vip'], firstMessage: false }, 'VIP 배송', '배송'],
  ['first message only: the first message', '안녕하세요', { labels: [], firstMessage: true }, '첫 인사', '안녕'],
  ['first message only: a later one', '안녕하세요', stranger, undefined, undefined],
  ['a switched-off rule never answers; the next rule does', '환불 해주세요', stranger, '환불', undefined],
  ['no rule', '감사합니다', stranger, undefined, undefined],
  ['no text (a sticker)', undefined, stranger, undefined, undefined],
];

describe('matchKeywordRule: which rule answers', () => {
  it.each(WHICH)('%s', (_why, text, ctx, name, span) => {
    const hit = matchKeywordRule(RULES, text, ctx);
    expect(hit?.rule.name).toBe(name);
    expect(hit?.span).toBe(span);
  });
});
