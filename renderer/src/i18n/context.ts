import { createContext } from 'react';
import { createTranslator, type Translator } from './index';

/** English until the provider knows the shop's language, so nothing ever renders a raw key. */
export const I18nContext = createContext<Translator>(createTranslator('en'));
