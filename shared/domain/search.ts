/**
 * Search keys for contacts. A multi-entry index holds, per contact, the lower-cased words of the name (and, for
 * names written without spaces such as Korean "김민지", the given name "민지" as well) plus the phone keys from
 * phoneSearchKeys, plus the WhatsApp identity: the user id (lower-cased, "kr.1349…") and the username with and without
 * its "@". Any search is then a prefix range scan on that one index.
 */
import { phoneQueryDigits, phoneSearchKeys } from './phone';

/** Lower-cased, NFC, inner whitespace folded: the form names are compared and sorted in. */
export function nameKey(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('und');
}

/** Nameless contacts sort after every named one. */
export const NAMELESS_SORT_KEY = '\uffff';

export function sortKeyForName(name: string): string {
  const key = nameKey(name);
  return key === '' ? NAMELESS_SORT_KEY : key;
}

const HAN_OR_HANGUL = /^[\p{Script=Hangul}\p{Script=Han}]+$/u;

export function nameTerms(name: string): string[] {
  const key = nameKey(name);
  if (key === '') return [];
  const terms = new Set<string>([key]);
  for (const word of key.split(/[\s,.'"()\-_/]+/)) {
    if (word === '') continue;
    terms.add(word);
    // Korean and Chinese names are written family-name first with no space: "김민지" → also "민지".
    if (HAN_OR_HANGUL.test(word) && word.length >= 3) terms.add(word.slice(1));
  }
  return [...terms];
}

/** `e164` is absent for a contact known only by its WhatsApp user id. */
export function contactTerms(name: string, e164: string | undefined, identity: { userId?: string; username?: string } = {}): string[] {
  return [...new Set([...nameTerms(name), ...(e164 ? phoneSearchKeys(e164) : []), ...identityTerms(identity)])];
}

/**
 * The search keys of a WhatsApp identity: the user id whole ("kr.1349…", found by typing its start with or without
 * the country), the username's words with and without the "@" ("@mina.k", "mina.k", "mina").
 */
export function identityTerms(identity: { userId?: string; username?: string }): string[] {
  const terms = new Set<string>();
  if (identity.userId) terms.add(identity.userId.toLocaleLowerCase('und'));
  if (identity.username) {
    const bare = identity.username.replace(/^@/, '');
    terms.add(`@${nameKey(bare)}`);
    for (const t of nameTerms(bare)) terms.add(t);
  }
  return [...terms];
}

/** What to look up for what the person typed: digits for a number, a lower-cased prefix for a name. */
export function searchKeyForQuery(query: string): string | undefined {
  const digits = phoneQueryDigits(query);
  if (digits) return digits;
  const key = nameKey(query);
  return key === '' ? undefined : key;
}
