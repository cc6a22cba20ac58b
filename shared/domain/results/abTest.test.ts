import { describe, expect, it } from 'vitest';
import { normalCdf, twoProportionTest } from './abTest';

describe('two-proportion z-test', () => {
  it('matches a worked example (40/200 vs 60/200: pooled 0.25, z ≈ 2.31, p ≈ 0.021)', () => {
    const r = twoProportionTest(40, 200, 60, 200);
    expect(r.z).toBeCloseTo(2.3094, 3);
    expect(r.p).toBeCloseTo(0.0209, 3);
    expect(r.difference).toBeCloseTo(0.1, 10);
    expect(r.verdict).toBe('likely_real');
    expect(r.words).toMatch(/Version B did better/);
  });

  it('a version A lead is named as A', () => {
    expect(twoProportionTest(60, 200, 40, 200).words).toMatch(/Version A did better/);
  });

  const cases: [string, [number, number, number, number], string][] = [
    ['a small difference on a large sample could be chance', [100, 1000, 110, 1000], 'could_be_chance'],
    ['same rates could be chance', [50, 500, 50, 500], 'could_be_chance'],
    ['fewer than 10 successes in a version: too few to tell', [5, 100, 30, 100], 'too_few'],
    ['fewer than 10 failures in a version: too few to tell', [95, 100, 50, 100], 'too_few'],
    ['nothing delivered: too few to tell', [0, 0, 0, 0], 'too_few'],
  ];
  it.each(cases)('%s', (_name, [sa, na, sb, nb], verdict) => {
    const r = twoProportionTest(sa, na, sb, nb);
    expect(r.verdict).toBe(verdict);
    if (verdict === 'too_few') expect(r.words).toMatch(/at least 10/);
  });

  it('normal CDF is accurate where the verdict is decided', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1.959964)).toBeCloseTo(0.025, 6);
  });
});
