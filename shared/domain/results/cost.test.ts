import { describe, expect, it } from 'vitest';
import { costSpent } from './cost';

describe('cost spent', () => {
  it('multiplies delivered messages by each country’s rate, largest first; unknown countries use the fallback', () => {
    const rates: Record<string, number> = { KR: 0.03, US: 0.025 };
    const seen: (string | undefined)[] = [];
    const r = costSpent(new Map([['KR', 100], ['US', 10], ['??', 2], ['GB', 0]]), (c) => {
      seen.push(c);
      return (c !== undefined ? rates[c] : undefined) ?? 0.06;
    });
    expect(r.total).toBeCloseTo(3 + 0.25 + 0.12, 10);
    expect(r.byCountry.map((x) => x.country)).toEqual(['KR', 'US', '??']);
    expect(seen).toContain(undefined); // '??' (country not known) asks for the other-countries rate
  });
});
