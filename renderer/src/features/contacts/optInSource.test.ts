import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../i18n';
import { sourceLabel, sourceToStored } from './optInSource';

describe('opt-in source', () => {
  const ko = createTranslator('ko').t;
  const en = createTranslator('en').t;

  it('stores a suggestion typed in any case as its code', () => {
    expect(sourceToStored(ko, '매장')).toBe('in_store');
    expect(sourceToStored(en, ' web FORM ')).toBe('web_form');
  });

  it('keeps other text as typed', () => {
    expect(sourceToStored(ko, '인스타그램 DM')).toBe('인스타그램 DM');
  });

  it('shows a stored code in the current language and free text as it is', () => {
    expect(sourceLabel(en, 'in_store')).toBe('In store');
    expect(sourceLabel(ko, 'chat')).toBe('채팅');
    expect(sourceLabel(en, '인스타그램 DM')).toBe('인스타그램 DM');
  });
});
