/**
 * Opt-out words in replies (DOMAIN.md §4 "Replies"): WhatsApp does not process "STOP" for us (§2), so we do.
 * - A message that is ONLY an opt-out word — case, spaces and punctuation ignored — suppresses the contact at once.
 * - An opt-out word (or "cancel") inside a longer message is NOT an opt-out ("취소" can mean "cancel my order"),
 *   but it is flagged for a person to read.
 */

/** The opt-out words of DOMAIN.md §4, exactly; "수신 거부" is covered by ignoring spaces. */
export const OPT_OUT_WORDS: readonly string[] = ['stop', 'unsubscribe', '수신거부', '停止', '退訂', '取消訂閱'];

/**
 * Words that make a longer message worth a person's look: the opt-out words, "cancel" in our UI languages, and the
 * Simplified Chinese forms of 退訂/取消訂閱 (not in §4's list, so they flag rather than suppress).
 */
const FLAG_WORDS: readonly string[] = [...OPT_OUT_WORDS, 'cancel', '취소', '取消', '退订', '取消订阅', '配信停止'];

export type ReplyOptOut =
  | { kind: 'opt_out'; word: string }
  | { kind: 'flagged'; word: string }
  | { kind: 'none' };

/**
 * Invisible characters that can sit inside a word without changing how it reads: format characters (zero-width
 * space and joiners, word joiner, soft hyphen, BOM, bidi marks; Unicode category Cf) and variation selectors.
 * "S\u200bTOP" reads as STOP, so it is STOP.
 */
const INVISIBLE = /[\p{Cf}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]+/gu;

function fold(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '').toLowerCase();
}

/** Case-folded, width-folded (NFKC: "ＳＴＯＰ" → "stop"), with every invisible character, space, punctuation mark and symbol removed. */
export function compactForOptOut(text: string): string {
  return fold(text).replace(/[\s\p{P}\p{S}]+/gu, '');
}

const IS_LATIN = /^[a-z]+$/;

export function classifyReply(text: string): ReplyOptOut {
  const compact = compactForOptOut(text);
  const exact = OPT_OUT_WORDS.find((w) => w === compact);
  if (exact !== undefined) return { kind: 'opt_out', word: exact };
  const folded = fold(text);
  for (const word of FLAG_WORDS) {
    // Latin words must stand alone ("unstoppable" is not "stop"); CJK has no spaces between words, so a substring
    // of the spaceless text counts ("수신 거부 하고 싶어요" still mentions 수신거부).
    const found = IS_LATIN.test(word) ? new RegExp(`(^|[^\\p{L}\\p{N}])${word}($|[^\\p{L}\\p{N}])`, 'u').test(folded) : compact.includes(word);
    if (found) return { kind: 'flagged', word };
  }
  return { kind: 'none' };
}
