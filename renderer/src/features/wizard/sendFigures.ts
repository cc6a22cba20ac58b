/**
 * The schedule step's figures for the people it will really send to. The checklist's estimate counts the whole
 * audience; after a test send the rest is smaller, so "30 on the first day" for 27 recipients must become 27.
 * Each day of the estimate holds as many as that day's cap allowed (the last one what was left), so spreading a
 * smaller count over the same days, greedily, is what the estimate would say for it.
 */
export function perDayFor(count: number, perDay: readonly number[]): number[] {
  const out: number[] = [];
  let left = Math.max(0, Math.floor(count));
  for (const cap of perDay) {
    if (left === 0) break;
    const n = Math.min(left, Math.max(0, cap));
    out.push(n);
    left -= n;
  }
  // More people than the estimate covered (never expected): they go on the last day rather than vanish.
  if (left > 0) out.push(left);
  return out;
}
