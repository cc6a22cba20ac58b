import { useEffect, useMemo, type ReactNode } from 'react';
import type { Language } from '../../../shared/domain/settings';
import { I18nContext } from './context';
import { createTranslator } from './index';

/** Provides the translator for `language` and keeps `<html lang>` in step, so screen readers and fonts follow. */
export function I18nProvider({ language, children }: { language: Language; children: ReactNode }) {
  const translator = useMemo(() => createTranslator(language), [language]);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  return <I18nContext.Provider value={translator}>{children}</I18nContext.Provider>;
}
