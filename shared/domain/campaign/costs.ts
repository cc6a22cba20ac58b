/**
 * Cost estimate: WhatsApp bills per *delivered template*, by category and recipient country (DOMAIN.md §2). Rates
 * change, so they live in an editable table with the date they were taken from; logic never hard-codes a rate.
 */
import type { TemplateCategory } from '../../ipc/sending';

export type BilledCategory = 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';

export interface RateTable {
  /** The day the rates were read (YYYY-MM-DD): shown with every estimate. */
  asOf: string;
  currency: string;
  /** Where the figures come from, in words. */
  source: string;
  /** Country (ISO) → category → price per delivered message. */
  rates: Readonly<Record<string, Partial<Record<BilledCategory, number>>>>;
  /** For countries the table does not list. */
  otherCountries: Partial<Record<BilledCategory, number>>;
}

/**
 * The default table. Marketing figures are DOMAIN.md §2's examples (India, US, UK, Germany); the other rows are
 * rounded approximations of Meta's published rate card for our shops' countries, and utility is taken as a
 * fraction of marketing as §2 says. It is a starting point the shop edits in Settings, never a quote.
 */
export const DEFAULT_RATE_TABLE: RateTable = {
  asOf: '2026-07-01',
  currency: 'USD',
  source:
    'DOMAIN.md §2 examples (IN, US, GB, DE marketing); other countries approximate Meta’s rate card, rounded. Check Meta’s current pricing page and edit.',
  rates: {
    IN: { MARKETING: 0.013, UTILITY: 0.002, AUTHENTICATION: 0.002 },
    US: { MARKETING: 0.025, UTILITY: 0.004, AUTHENTICATION: 0.004 },
    GB: { MARKETING: 0.06, UTILITY: 0.025, AUTHENTICATION: 0.03 },
    DE: { MARKETING: 0.15, UTILITY: 0.06, AUTHENTICATION: 0.08 },
    KR: { MARKETING: 0.03, UTILITY: 0.005, AUTHENTICATION: 0.005 },
    TW: { MARKETING: 0.03, UTILITY: 0.005, AUTHENTICATION: 0.005 },
    HK: { MARKETING: 0.03, UTILITY: 0.005, AUTHENTICATION: 0.005 },
    JP: { MARKETING: 0.03, UTILITY: 0.005, AUTHENTICATION: 0.005 },
  },
  otherCountries: { MARKETING: 0.06, UTILITY: 0.01, AUTHENTICATION: 0.01 },
};

export function rateFor(table: RateTable, country: string | undefined, category: BilledCategory): number {
  return (country !== undefined ? table.rates[country]?.[category] : undefined) ?? table.otherCountries[category] ?? 0;
}

/** Which category a send is billed as: the template's own, else marketing for promotional content, utility otherwise. */
export function billedCategory(templateCategory: TemplateCategory | undefined, promotional: boolean): BilledCategory {
  if (templateCategory === 'MARKETING' || templateCategory === 'UTILITY' || templateCategory === 'AUTHENTICATION') {
    // A template judged to be marketing is billed as marketing (DOMAIN.md §2): promotional content is never cheaper.
    return promotional ? 'MARKETING' : templateCategory;
  }
  return promotional ? 'MARKETING' : 'UTILITY';
}

export interface CostEstimate {
  total: number;
  currency: string;
  asOf: string;
  category: BilledCategory;
  /** Per country: recipients and subtotal, largest first. */
  byCountry: { country: string; recipients: number; rate: number; subtotal: number }[];
}

/** Estimate for every recipient delivered (an upper bound: undelivered templates are not billed). */
export function estimateCost(countryCounts: ReadonlyMap<string | undefined, number>, category: BilledCategory, table: RateTable): CostEstimate {
  const byCountry: CostEstimate['byCountry'] = [];
  let total = 0;
  for (const [country, recipients] of countryCounts) {
    const rate = rateFor(table, country, category);
    const subtotal = rate * recipients;
    total += subtotal;
    byCountry.push({ country: country ?? '??', recipients, rate, subtotal });
  }
  byCountry.sort((a, b) => b.subtotal - a.subtotal || b.recipients - a.recipients);
  return { total: Math.round(total * 100) / 100, currency: table.currency, asOf: table.asOf, category, byCountry };
}

/** Days between the table's date and `now` (a table older than ~6 months is flagged by the checklist). */
export function rateTableAgeDays(table: RateTable, now: number): number {
  const t = Date.parse(`${table.asOf}T00:00:00Z`);
  return Number.isNaN(t) ? Infinity : Math.floor((now - t) / 86_400_000);
}
