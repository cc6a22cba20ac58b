/**
 * A/B comparison of two versions of a campaign: a two-proportion z-test (pooled), told in plain words.
 *
 * The normal approximation behind the test needs enough of both outcomes in each group; the usual rule of thumb is
 * at least 10 successes and 10 failures per version. Below that the verdict is "too few to tell" whatever z says.
 */
export const MIN_OUTCOMES_PER_GROUP = 10;
/** Two-sided 5 % level: |z| ≥ 1.96. */
export const Z_CRITICAL = 1.959964;

export type AbVerdict = 'likely_real' | 'could_be_chance' | 'too_few';

export interface AbResult {
  a: { successes: number; trials: number; rate: number | null };
  b: { successes: number; trials: number; rate: number | null };
  /** B's rate minus A's, in rate points (0.05 = 5 points). */
  difference: number | null;
  z: number | null;
  /** Two-sided p-value of the z-test. */
  p: number | null;
  verdict: AbVerdict;
  /** The verdict in plain words (English; the UI translates by `verdict`). */
  words: string;
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 erf, error < 1.5e-7: far below what a verdict needs). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

export function twoProportionTest(successesA: number, trialsA: number, successesB: number, trialsB: number): AbResult {
  const rate = (s: number, n: number) => (n > 0 ? s / n : null);
  const a = { successes: successesA, trials: trialsA, rate: rate(successesA, trialsA) };
  const b = { successes: successesB, trials: trialsB, rate: rate(successesB, trialsB) };
  const difference = a.rate !== null && b.rate !== null ? b.rate - a.rate : null;
  const enough = [a, b].every((g) => g.successes >= MIN_OUTCOMES_PER_GROUP && g.trials - g.successes >= MIN_OUTCOMES_PER_GROUP);
  let z: number | null = null;
  let p: number | null = null;
  if (trialsA > 0 && trialsB > 0) {
    const pooled = (successesA + successesB) / (trialsA + trialsB);
    const se = Math.sqrt(pooled * (1 - pooled) * (1 / trialsA + 1 / trialsB));
    if (se > 0 && difference !== null) {
      z = difference / se;
      p = 2 * (1 - normalCdf(Math.abs(z)));
    } else if (difference !== null) {
      z = 0;
      p = 1;
    }
  }
  const caveat = `Each version needs at least ${MIN_OUTCOMES_PER_GROUP} people who did and ${MIN_OUTCOMES_PER_GROUP} who did not for this test to mean anything.`;
  if (!enough || z === null) {
    return { a, b, difference, z, p, verdict: 'too_few', words: `Too few results to tell the versions apart yet. ${caveat}` };
  }
  if (Math.abs(z) >= Z_CRITICAL) {
    const better = z > 0 ? 'B' : 'A';
    return { a, b, difference, z, p, verdict: 'likely_real', words: `Version ${better} did better, and the difference is likely real (it would happen by chance less than 1 time in 20).` };
  }
  return { a, b, difference, z, p, verdict: 'could_be_chance', words: 'The difference could be chance: with this many people, versions that work equally well often differ this much.' };
}
