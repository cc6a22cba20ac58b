import { OPT_IN_SOURCES } from '../../../../shared/domain/contact';
import type { Translator } from '../../i18n';

type SourceCode = (typeof OPT_IN_SOURCES)[number];

/**
 * Opt-in sources are free text, but the usual ones are stored as codes ("in_store") so they read right in any
 * language: a Korean shopkeeper's "매장" shows as "In store" to an English-speaking owner.
 */
export function sourceLabel(t: Translator['t'], stored: string): string {
  return isSourceCode(stored) ? t(`optInSource.${stored}`) : stored;
}

/** What the person typed, back to a code when it is one of the suggestions (in the current language, any case). */
export function sourceToStored(t: Translator['t'], typed: string): string {
  const text = typed.trim();
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
