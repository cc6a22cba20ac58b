import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../i18n';
import { claimedSource } from '../../../../shared/domain/contact';
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

  it('words a consent claimed by an imported file in each language, and keeps the code when left as shown', () => {
    const stored = claimedSource('list.csv', Date.UTC(2026, 11, 1, 3));
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    expect(sourceLabel(en, stored, day)).toBe('Claimed by the file list.csv, imported on 2026-12-01');
    expect(sourceLabel(ko, stored, day)).toBe('list.csv 파일에 동의로 적혀 있음(2026-12-01에 가져옴)');
    expect(sourceLabel(createTranslator('zh-Hant').t, stored, day)).toBe('檔案 list.csv 上寫著已同意（2026-12-01 匯入）');
    const shown = sourceLabel(en, stored, day);
    expect(sourceToStored(en, ` ${shown} `, { stored, shown })).toBe(stored);
    expect(sourceToStored(en, 'in store', { stored, shown })).toBe('in_store');
  });
});
