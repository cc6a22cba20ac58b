/**
 * The language a text is written in, as far as its script tells: Hangul is Korean, Han (without kana) is Chinese,
 * other letters are English. Used where a fixed text must match the message or the customer, not the interface
 * (a `{name}` fallback main fills, a quick reply's order, the Sandbox's answers).
 */
import type { Language } from './settings';

/** Undefined for a text with no letters (an emoji, a number). */
export function guessLanguage(text: string): Language | undefined {
  if (/\p{Script=Hangul}/u.test(text)) return 'ko';
  if (/\p{Script=Han}/u.test(text) && !/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text)) return 'zh-Hant';
  if (/\p{L}/u.test(text)) return 'en';
  return undefined;
}

/** A WhatsApp template language code ("ko", "en_US", "zh_TW", "zh_HK") as one of the app's languages. */
export function templateLanguage(code: string): Language | undefined {
  const c = code.toLowerCase().replace('-', '_');
  if (c === 'ko' || c.startsWith('ko_')) return 'ko';
  if (c === 'zh_tw' || c === 'zh_hk' || c === 'zh_hant' || c.startsWith('zh_hant')) return 'zh-Hant';
  if (c === 'en' || c.startsWith('en_')) return 'en';
  return undefined;
}
