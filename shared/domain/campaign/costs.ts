/**
 * What messages cost (DOMAIN.md §2 "Pricing"): WhatsApp bills per message by category and recipient country. Rates
 * change, so they live in an editable table with the date they were taken from and where they came from (Settings →
 * Prices); logic never hard-codes a rate. Since 2026-10-01 service messages (free-form replies inside the 24 h window)
 * and utility templates inside an open window are billed too (`serviceBilledFrom`); before that day they were free.
 */
import type { TemplateCategory } from '../template';

/** Meta's billing categories. */
export type BilledCategory = 'MARKETING' | 'UTILITY' | 'AUTHENTICATION' | 'AUTHENTICATION_INTERNATIONAL' | 'SERVICE';
export const BILLED_CATEGORIES: readonly BilledCategory[] = ['MARKETING', 'UTILITY', 'AUTHENTICATION', 'AUTHENTICATION_INTERNATIONAL', 'SERVICE'];
/** A rate column: a category, or a utility template sent inside an open window (its own price since 2026-10-01). */
export type RateColumn = BilledCategory | 'UTILITY_IN_WINDOW';
export const RATE_COLUMNS: readonly RateColumn[] = ['MARKETING', 'UTILITY', 'UTILITY_IN_WINDOW', 'AUTHENTICATION', 'AUTHENTICATION_INTERNATIONAL', 'SERVICE'];

export type CountryRates = Partial<Record<RateColumn, number>>;

export interface RateTable {
  /** The day the rates were read (YYYY-MM-DD): shown with every estimate. */
  asOf: string;
  currency: string;
  /** Where the figures come from, in words. */
  source: string;
  /** Country (ISO) → column → price per message. A missing column falls back as `priceOf` says. */
  rates: Readonly<Record<string, CountryRates>>;
  /** For countries the table does not list. */
  otherCountries: CountryRates;
  /** From this day (YYYY-MM-DD) service messages and in-window utility templates are billed (absent: never). */
  serviceBilledFrom?: string;
}

/** The day Meta began billing service messages and in-window utility templates (DOMAIN.md §2). */
export const SERVICE_BILLED_FROM = '2026-10-01';

/**
 * The default table. Marketing figures are DOMAIN.md §2's examples (India, US, UK, Germany); the other rows are
 * rounded approximations of Meta's published rate card for our shops' countries, utility is taken as a fraction of
 * marketing as §2 says, and service is billed at the utility rate (§2: "at the market's utility rate"). It is a
 * starting point the shop edits in Settings, never a quote.
 */
export const DEFAULT_RATE_TABLE: RateTable = {
  asOf: '2026-10-01',
  currency: 'USD',
  source:
    'DOMAIN.md §2 examples (IN, US, GB, DE marketing); other countries approximate Meta’s rate card, rounded; service and in-window utility at the utility rate from 2026-10-01. Check Meta’s current pricing page and edit.',
  rates: {
    IN: { MARKETING: 0.013, UTILITY: 0.002, AUTHENTICATION: 0.002, AUTHENTICATION_INTERNATIONAL: 0.028 },
    US: { MARKETING: 0.025, UTILITY: 0.004, AUTHENTICATION: 0.004 },
    GB: { MARKETING: 0.06, UTILITY: 0.025, AUTHENTICATION: 0.03 },
    DE: { MARKETING: 0.15, UTILITY: 0.06, AUTHENTICATION: 0.08 },
    KR: { MARKETING: 0.03, UTILITY: 0.005, AUTHENTICATION: 0.005 },
    TW: { MARKETING: 0.03, UTILITY: 0.005, AUTHENTICATION: 0.005 },
    HK: { MARKETING: 0.03, UTILITY: 0.005, AUTHENTICATION: 0.005 },
    JP: { MARKETING: 0.03, UTILITY: 0.005, AUTHENTICATION: 0.005 },
  },
  otherCountries: { MARKETING: 0.06, UTILITY: 0.01, AUTHENTICATION: 0.01 },
  serviceBilledFrom: SERVICE_BILLED_FROM,
};

const column = (table: RateTable, country: string | undefined, col: RateColumn): number | undefined =>
  (country !== undefined ? table.rates[country]?.[col] : undefined) ?? table.otherCountries[col];

/** The table's price of a category in a country (no window, no date: see `priceOf`). */
export function rateFor(table: RateTable, country: string | undefined, category: BilledCategory): number {
  return priceOf(table, { country, category });
}

export interface PricedMessage {
  country: string | undefined;
  category: BilledCategory;
  /** A utility template sent while the customer's 24 h window is open. */
  inWindow?: boolean;
  /** Inside the 72 h free entry-point window (click-to-WhatsApp ad, Page button): free. */
  freeEntryPoint?: boolean;
  /** When it is (or was) sent; with `serviceBilledFrom`, decides whether service and in-window utility are billed. */
  at?: number;
}

function dayStart(day: string | undefined): number | undefined {
  if (day === undefined) return undefined;
  const t = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * The table's price of a kind of message in a country, with the fallbacks DOMAIN.md §2 gives: service at the utility
 * rate, in-window utility at the utility rate, international authentication at the authentication rate; a missing
 * rate is 0 (shown as such, never guessed). No dates: `priceOf` decides whether the message is billed at all.
 */
function listPrice(table: RateTable, country: string | undefined, category: BilledCategory, inWindow: boolean): number {
  if (category === 'SERVICE') return column(table, country, 'SERVICE') ?? column(table, country, 'UTILITY') ?? 0;
  if (category === 'UTILITY' && inWindow) return column(table, country, 'UTILITY_IN_WINDOW') ?? column(table, country, 'UTILITY') ?? 0;
  if (category === 'AUTHENTICATION_INTERNATIONAL') return column(table, country, 'AUTHENTICATION_INTERNATIONAL') ?? column(table, country, 'AUTHENTICATION') ?? 0;
  return column(table, country, category) ?? 0;
}

/**
 * The price of one message: the list price, except that the free entry point is free, and service and in-window
 * utility are free before the table's `serviceBilledFrom` (and when it has none).
 */
export function priceOf(table: RateTable, m: PricedMessage): number {
  if (m.freeEntryPoint) return 0;
  const inWindow = m.inWindow === true;
  if (m.category === 'SERVICE' || (m.category === 'UTILITY' && inWindow)) {
    const from = dayStart(table.serviceBilledFrom);
    if (from === undefined || (m.at !== undefined && m.at < from)) return 0;
  }
  return listPrice(table, m.country, m.category, inWindow);
}

/** What a status webhook's `pricing` object says (DOMAIN.md §2), in the shape main keeps it. */
export interface ReportedPricing {
  billable: boolean;
  type?: string;
  category?: string;
}

const REPORTED: Readonly<Record<string, BilledCategory>> = {
  marketing: 'MARKETING',
  marketing_lite: 'MARKETING',
  utility: 'UTILITY',
  authentication: 'AUTHENTICATION',
  authentication_international: 'AUTHENTICATION_INTERNATIONAL',
  service: 'SERVICE',
};

/**
 * How WhatsApp billed one message, from its `pricing`: `free` when not billable (or a free type: free customer
 * service, free entry point), else the category it was billed as (which may differ from the one we expected: a
 * re-categorised template), or `unknown` for a billable category we do not know. The one reading of `pricing`:
 * `reportedCost` and main's counts (journal.ts `countsOf`) both use it.
 */
export function reportedBilling(p: ReportedPricing): { billed: false; category?: BilledCategory } | { billed: true; category: BilledCategory | 'unknown' } {
  const category = p.category !== undefined ? REPORTED[p.category.toLowerCase()] : undefined;
  if (!p.billable || p.type === 'free_customer_service' || p.type === 'free_entry_point') return category ? { billed: false, category } : { billed: false };
  return { billed: true, category: category ?? 'unknown' };
}

/**
 * The price of a message WhatsApp billed as `category`: the table's list price, with its fallbacks. No window and
 * no date: WhatsApp already decided it was billed (a service message it bills is priced whatever our table's date says).
 */
export function billedPrice(table: RateTable, country: string | undefined, category: BilledCategory): number {
  return listPrice(table, country, category, false);
}

/**
 * The cost of a message as WhatsApp reported it: not billable (or a free type) is 0; otherwise the table's rate
 * for the category WhatsApp billed it as. Undefined when the report names a category we do not know (shown as
 * "not known", never as 0).
 */
export function reportedCost(table: RateTable, country: string | undefined, p: ReportedPricing): { category?: BilledCategory; cost: number } | undefined {
  const b = reportedBilling(p);
  if (!b.billed) return b.category ? { category: b.category, cost: 0 } : { cost: 0 };
  if (b.category === 'unknown') return undefined;
  return { category: b.category, cost: billedPrice(table, country, b.category) };
}

/** Which category a send is billed as: the template's own, else marketing for promotional content, utility otherwise. */
export function billedCategory(templateCategory: TemplateCategory | undefined, promotional: boolean): BilledCategory {
  if (templateCategory === 'MARKETING' || templateCategory === 'UTILITY' || templateCategory === 'AUTHENTICATION') {
    // A template judged to be marketing is billed as marketing (DOMAIN.md §2): promotional content is never cheaper.
    return promotional ? 'MARKETING' : templateCategory;
  }
  return promotional ? 'MARKETING' : 'UTILITY';
}

export const RATE_TABLE_LIMITS = { countries: 250, source: 500, maxPrice: 10 } as const;

/** Why an edited rate table cannot be saved, with the field that is wrong. */
export type RateTableProblem = { field: string; reason: 'bad_date' | 'bad_currency' | 'too_long' | 'bad_country' | 'bad_price' | 'too_many' | 'bad_shape' };

/** Parses a rate table (an edited one from Settings, or a stored one): each price a number from 0 to 10, or absent. */
export function parseRateTable(input: unknown): { ok: true; value: RateTable } | { ok: false; problem: RateTableProblem } {
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObj(input)) return { ok: false, problem: { field: 'table', reason: 'bad_shape' } };
  const day = (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && dayStart(v) !== undefined;
  if (!day(input.asOf)) return { ok: false, problem: { field: 'asOf', reason: 'bad_date' } };
  if (typeof input.currency !== 'string' || !/^[A-Z]{3}$/.test(input.currency)) return { ok: false, problem: { field: 'currency', reason: 'bad_currency' } };
  if (typeof input.source !== 'string' || input.source.length > RATE_TABLE_LIMITS.source) return { ok: false, problem: { field: 'source', reason: 'too_long' } };
  if (input.serviceBilledFrom !== undefined && !day(input.serviceBilledFrom)) return { ok: false, problem: { field: 'serviceBilledFrom', reason: 'bad_date' } };
  const row = (raw: unknown, field: string): CountryRates | RateTableProblem => {
    if (!isObj(raw)) return { field, reason: 'bad_shape' };
    const out: CountryRates = {};
    for (const [k, v] of Object.entries(raw)) {
      const col = RATE_COLUMNS.find((c) => c === k);
      if (!col) return { field: `${field}.${k}`, reason: 'bad_shape' };
      if (v === null || v === undefined) continue;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > RATE_TABLE_LIMITS.maxPrice) return { field: `${field}.${k}`, reason: 'bad_price' };
      out[col] = v;
    }
    return out;
  };
  if (!isObj(input.rates)) return { ok: false, problem: { field: 'rates', reason: 'bad_shape' } };
  const entries = Object.entries(input.rates);
  if (entries.length > RATE_TABLE_LIMITS.countries) return { ok: false, problem: { field: 'rates', reason: 'too_many' } };
  const rates: Record<string, CountryRates> = {};
  for (const [country, raw] of entries) {
    if (!/^[A-Z]{2}$/.test(country)) return { ok: false, problem: { field: `rates.${country}`, reason: 'bad_country' } };
    const r = row(raw, `rates.${country}`);
    if ('reason' in r) return { ok: false, problem: r as RateTableProblem }; // row() returns a problem or a row
    rates[country] = r;
  }
  const other = row(input.otherCountries, 'otherCountries');
  if ('reason' in other) return { ok: false, problem: other as RateTableProblem }; // as above
  const value: RateTable = { asOf: input.asOf as string, currency: input.currency, source: input.source, rates, otherCountries: other }; // asOf checked by day()
  if (typeof input.serviceBilledFrom === 'string') value.serviceBilledFrom = input.serviceBilledFrom;
  return { ok: true, value };
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

/** What main counted of a campaign's billing (journal.ts `countsOf`; `CampaignCounts` carries it to the renderer). */
export interface BillingCounts {
  /** Every recipient, by country (ISO; `??` when the number names none). */
  recipientsByCountry: Readonly<Record<string, number>>;
  /** Messages WhatsApp reported as billed (status webhook `pricing`), by country, then by the category it billed. */
  billedByCountry: Readonly<Record<string, Readonly<Partial<Record<BilledCategory, number>>>>>;
  /** Messages WhatsApp reported as not billed (not billable, free customer service, free entry point). */
  notBillable: number;
  /** Reported as billed in a category we do not know: counted, never priced. */
  billedUnknown: number;
}

export interface CostComparison {
  currency: string;
  /** The rate table's date and where its figures came from: shown with both figures. */
  asOf: string;
  source: string;
  /** The table × every recipient, at the category we expected (what the wizard estimated; an upper bound). */
  estimated?: { total: number; recipients: number; category: BilledCategory; byCountry: CostEstimate['byCountry'] };
  /** What WhatsApp reported it billed, priced with the same table. `reported: false` until a first `pricing` arrives. */
  actual:
    | { reported: false }
    | {
        reported: true;
        total: number;
        /** Messages billed (priced or not), not billed, and billed in a category we do not know. */
        billed: number;
        notBillable: number;
        unknown: number;
        /** Per country and billed category, largest first. */
        byCountry: { country: string; category: BilledCategory; messages: number; rate: number; subtotal: number }[];
      };
}

/**
 * Estimated vs actual cost of a campaign from main's counts and the shop's rate table. The estimate prices every
 * recipient at the category we expected (`priceOf`, as the wizard does); the actual prices each message WhatsApp
 * reported as billed at the category it billed (`billedPrice`, the same list prices). Counts from a copy stored
 * before main counted billing have neither.
 */
export function compareCosts(counts: Partial<BillingCounts>, expected: BilledCategory, table: RateTable): CostComparison {
  const out: CostComparison = { currency: table.currency, asOf: table.asOf, source: table.source, actual: { reported: false } };
  if (counts.recipientsByCountry) {
    const byCountry = new Map<string | undefined, number>();
    let recipients = 0;
    for (const [country, n] of Object.entries(counts.recipientsByCountry)) {
      if (n <= 0) continue;
      byCountry.set(country === '??' ? undefined : country, n);
      recipients += n;
    }
    const e = estimateCost(byCountry, expected, table);
    out.estimated = { total: e.total, recipients, category: expected, byCountry: e.byCountry };
  }
  const notBillable = counts.notBillable ?? 0;
  const unknown = counts.billedUnknown ?? 0;
  const rows: Extract<CostComparison['actual'], { reported: true }>['byCountry'] = [];
  let total = 0;
  let billed = unknown;
  for (const [country, cats] of Object.entries(counts.billedByCountry ?? {})) {
    for (const category of BILLED_CATEGORIES) {
      const messages = cats[category] ?? 0;
      if (messages <= 0) continue;
      const rate = billedPrice(table, country === '??' ? undefined : country, category);
      const subtotal = rate * messages;
      total += subtotal;
      billed += messages;
      rows.push({ country, category, messages, rate, subtotal });
    }
  }
  if (billed + notBillable === 0) return out;
  rows.sort((a, b) => b.subtotal - a.subtotal || b.messages - a.messages || a.country.localeCompare(b.country) || a.category.localeCompare(b.category));
  // A sum of many small products carries floating-point dust (as in results/cost.ts).
  out.actual = { reported: true, total: Math.round(total * 10_000) / 10_000, billed, notBillable, unknown, byCountry: rows };
  return out;
}
