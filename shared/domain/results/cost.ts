/**
 * Money spent on a campaign: WhatsApp bills per delivered template, by recipient country (DOMAIN.md §2). The rate
 * comes from the caller (the editable rate table in shared/domain/campaign/costs.ts), never from here.
 */
export interface CostSpent {
  total: number;
  /** Per country: delivered messages, rate and subtotal, largest first. */
  byCountry: { country: string; delivered: number; rate: number; subtotal: number }[];
}

export function costSpent(deliveredByCountry: ReadonlyMap<string, number>, rate: (country: string | undefined) => number): CostSpent {
  const byCountry: CostSpent['byCountry'] = [];
  let total = 0;
  for (const [country, delivered] of deliveredByCountry) {
    if (delivered <= 0) continue;
    const r = rate(country === '??' ? undefined : country);
    const subtotal = r * delivered;
    total += subtotal;
    byCountry.push({ country, delivered, rate: r, subtotal });
  }
  byCountry.sort((a, b) => b.subtotal - a.subtotal || b.delivered - a.delivered || a.country.localeCompare(b.country));
  // Cents: a sum of many small products carries floating-point dust.
  return { total: Math.round(total * 10_000) / 10_000, byCountry };
}
