import { describe, expect, it } from 'vitest';
import { RESULTS_WORDS, resultsWords, type ResultsKey } from './words';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('results words', () => {
  it('every language has every message, none empty, with the same placeholders as English', () => {
    const keys = Object.keys(RESULTS_WORDS.en) as ResultsKey[];
    for (const language of ['ko', 'zh-Hant'] as const) {
      for (const key of keys) {
        const text = RESULTS_WORDS[language][key];
        expect(text.trim(), `${language} ${key}`).not.toBe('');
        expect(placeholders(text), `${language} ${key}`).toEqual(placeholders(RESULTS_WORDS.en[key]));
      }
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(resultsWords('en')('week.of', { day: '2026-11-16' })).toBe('Week of 2026-11-16');
    expect(resultsWords('ko')('week.of')).toBe('{day} 주');
  });
});
