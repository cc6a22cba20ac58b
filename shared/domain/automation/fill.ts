/**
 * The variables of an automated answer, filled by main just before it is sent (DOMAIN.md §4: "Hi ," must never be
 * sent). Main knows the customer only as WhatsApp shows them, so `{name}` is the name in their WhatsApp profile
 * (`contacts[].profile.name` on the webhook), else the `{name}` fallback in the answer's language (고객, customer,
 * 顧客); `{shop}` is the shop's name from Settings, else a neutral "our shop" in that language. Any other variable
 * (a contact field main does not have) is left out with the space before it, never sent as `{city}`.
 * Pure; tested as a table (fill.test.ts).
 */
import { SUGGESTED_NAME_FALLBACK, fillVariables } from '../campaign/render';
import type { Language } from '../settings';

/** `{shop}` when the shop has not written its name yet, in the answer's language. */
export const SHOP_FALLBACK: Readonly<Record<Language, string>> = { en: 'our shop', ko: '저희 매장', 'zh-Hant': '本店' };

export function fillAutomatedAnswer(text: string, o: { profileName?: string; shopName: string; language: Language }): string {
  const name = o.profileName?.trim();
  const shop = o.shopName.trim();
  const filled = fillVariables(text, (key) => {
    if (key === 'name') return name ? name : SUGGESTED_NAME_FALLBACK[o.language];
    if (key === 'shop') return shop ? shop : SHOP_FALLBACK[o.language];
    return undefined;
  });
  if (filled.missing.length === 0) return filled.text;
  const unknown = new RegExp(`\\s?\\{(?:${filled.missing.join('|')})\\}`, 'g');
  return filled.text.replace(unknown, '');
}
