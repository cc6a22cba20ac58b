import { OPT_IN_SOURCES, parseClaimedSource } from '../../../../shared/domain/contact';
import type { Translator } from '../../i18n';

type SourceCode = (typeof OPT_IN_SOURCES)[number];

/**
 * Opt-in sources are free text, but the usual ones are stored as codes ("in_store") so they read right in any
 * language: a Korean shopkeeper's "매장" shows as "In store" to an English-speaking owner.
 */
export function sourceLabel(t: Translator['t'], stored: string, formatDate?: Translator['formatDate']): string {
  if (isSourceCode(stored)) return t(`optInSource.${stored}`);
  // "Claimed by the file list.csv, imported on 1 Dec 2026": kept as data (contact.ts claimedSource), worded here.
  const claimed = parseClaimedSource(stored);
  if (claimed) return t('optInSource.claimed', { file: claimed.fileName, date: formatDate ? formatDate(claimed.importedAt) : new Date(claimed.importedAt).toISOString().slice(0, 10) });
  return stored;
}

/**
 * What the person typed, back to a code when it is one of the suggestions (in the current language, any case). Text
 * still reading as the stored source's own wording (`previous`, e.g. a claimed-by-file code) keeps that code.
 */
export function sourceToStored(t: Translator['t'], typed: string, previous?: { stored: string; shown: string }): string {
  const text = typed.trim();
  if (previous && previous.stored !== '' && text === previous.shown.trim()) return previous.stored;
  const lower = text.toLocaleLowerCase();
  for (const code of OPT_IN_SOURCES) {
    if (t(`optInSource.${code}`).toLocaleLowerCase() === lower || code === lower) return code;
  }
  return text;
}

export function isSourceCode(value: string): value is SourceCode {
  return (OPT_IN_SOURCES as readonly string[]).includes(value);
}

export { OPT_IN_SOURCES };
