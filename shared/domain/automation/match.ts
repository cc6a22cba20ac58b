/**
 * Which keyword rule answers a customer's message. Keywords may be in any language and every rule is checked
 * against every message; case, full width, invisible characters, spacing and punctuation are ignored the same way
 * as for opt-out words and triage (shared/domain/optOut.ts `compactForOptOut`, the one normaliser), so "배송 언제",
 * "배송언제" and "ＤＥＬＩＶＥＲＹ" read the same.
 *
 * - `contains`: the keyword appears anywhere in the message with spaces and punctuation removed ("배송" in
 *   "배송언제와요", "delivery" in "Delivery?").
 * - `whole`: the keyword is one or more whole words of the message: a run of the message's words (split at spaces
 *   and punctuation, as triage does) that joined is the keyword. "order" is in "my order?" but not in "reorder";
 *   "배송" is in "배송 문의" but not in "배송이" (a Korean word with its particle is another word); "배 송" (spaced) is
 *   still "배송".
 * - `starts`: the message begins with the keyword ("주문" starts "주문번호 알려주세요", "order" starts "Order #12").
 *
 * Pure: no DOM, no Node.
 */
import { compactForOptOut } from '../optOut';
import { spanOf, wordsOf } from '../inbox/triage';
import type { KeywordReply, MatchKind } from './rules';

/** A message prepared once for matching many rules. */
export interface PreparedText {
  readonly text: string;
  readonly compact: string;
  readonly words: readonly string[];
}

export function prepareText(text: string): PreparedText {
  return { text, compact: compactForOptOut(text), words: wordsOf(text) };
}

function wholeRun(words: readonly string[], keyword: string): boolean {
  for (let i = 0; i < words.length; i++) {
    let joined = '';
    for (let j = i; j < words.length && joined.length < keyword.length; j++) {
      joined += words[j]!; // j < length
      if (joined === keyword) return true;
    }
  }
  return false;
}

/** Whether one keyword matches a message in this way. A keyword with no letter or digit matches nothing. */
export function keywordMatches(keyword: string, match: MatchKind, message: PreparedText | string): boolean {
  const m = typeof message === 'string' ? prepareText(message) : message;
  const k = compactForOptOut(keyword);
  if (k === '') return false;
  switch (match) {
    case 'contains':
      return m.compact.includes(k);
    case 'starts':
      return m.compact.startsWith(k);
    case 'whole':
      return wholeRun(m.words, k);
  }
}

/** What the rule's conditions look at. */
export interface MatchContext {
  /** The customer's label names (a saved contact's; none for a stranger). */
  labels: readonly string[];
  /** This is the customer's first message ever. */
  firstMessage: boolean;
}

export interface KeywordMatch {
  rule: KeywordReply;
  /** The keyword as the rule has it. */
  keyword: string;
  /** The part of the message that matched, as the customer wrote it (for "try a rule"), when it can be shown. */
  span?: string;
}

/** Rules in the order they are tried: by `order`, then the file's order (a stable sort). */
export function orderedRules(rules: readonly KeywordReply[]): KeywordReply[] {
  return [...rules].sort((a, b) => a.order - b.order);
}

function conditionsHold(rule: KeywordReply, ctx: MatchContext): boolean {
  const c = rule.conditions;
  if (!c) return true;
  if (c.firstMessageOnly === true && !ctx.firstMessage) return false;
  if (c.labels && c.labels.length > 0) {
    const have = new Set(ctx.labels.map((l) => compactForOptOut(l)));
    if (!c.labels.some((l) => have.has(compactForOptOut(l)))) return false;
  }
  return true;
}

/**
 * The rule that answers a message: the first enabled rule (in `orderedRules` order) one of whose keywords matches
 * and whose conditions hold; undefined when none does or the message has no text.
 */
export function matchKeywordRule(rules: readonly KeywordReply[], text: string | undefined, ctx: MatchContext): KeywordMatch | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const m = prepareText(text);
  for (const rule of orderedRules(rules)) {
    if (!rule.enabled || !conditionsHold(rule, ctx)) continue;
    const keyword = rule.keywords.find((k) => keywordMatches(k, rule.match, m));
    if (keyword === undefined) continue;
    // For `whole`, the first place the letters appear may be inside another word ("reorder"): no span then.
    const span = rule.match === 'whole' ? undefined : spanOf(text, compactForOptOut(keyword));
    return span === undefined ? { rule, keyword } : { rule, keyword, span };
  }
  return undefined;
}
