import { useContext } from 'react';
import { I18nContext } from './context';
import type { Translator } from './index';

/** `t`, and dates, numbers, relative times and country names for the current UI language. */
export function useI18n(): Translator {
  return useContext(I18nContext);
}
