/**
 * What an answer from the Inbox costs before it is sent (issue 14 point 3), from the shop's rate table (Settings →
 * Prices, `settings.rateTable`) and the customer's country, through the campaigns' one price function
 * (`campaign/costs.ts` `priceOf`), so the answer box and the wizard never disagree:
 * - a free-form answer (text or media) inside the 24-hour window is a **service** message: free before the table's
 *   `serviceBilledFrom` (2026-10-01 in the default table, DOMAIN.md §2), billed at the service (else utility) rate
 *   from that day;
 * - a template is billed by its category (`billedCategory`): marketing at the marketing rate wherever it is sent, a
 *   utility template inside the open window at the in-window utility rate (free before `serviceBilledFrom`), outside
 *   it at the utility rate; authentication at its rate.
 * Pure: `now` is passed in. The country comes from the number (or a user id's `KR.` prefix, `countryOf`); a country
 * the table does not list falls back to its "other countries" row.
 */
import { billedCategory, priceOf, type BilledCategory, type RateTable } from '../campaign/costs';
import { countryOf } from '../recipientZone';
import type { TemplateCategory } from '../template';

export type AnswerCostInput =
  | { kind: 'free'; to: string; windowOpen: boolean; now: number }
  | { kind: 'template'; to: string; category: TemplateCategory; windowOpen: boolean; now: number };

export interface AnswerCost {
  /** Price of this one message in the table's currency (0 when free). */
  price: number;
  currency: string;
  /** The table's date, shown beside the figure. */
  asOf: string;
  /** How WhatsApp bills it. */
  category: BilledCategory;
  /** A utility template inside the open window (its own column since 2026-10-01). */
  inWindow: boolean;
  /** The country the price was taken for (undefined: the table's "other countries"). */
  country: string | undefined;
}

export function answerCost(table: RateTable, a: AnswerCostInput): AnswerCost {
  const country = safeCountry(a.to);
  const category: BilledCategory = a.kind === 'free' ? 'SERVICE' : billedCategory(a.category, false);
  const inWindow = a.kind === 'template' && category === 'UTILITY' && a.windowOpen;
  const price = priceOf(table, { country, category, inWindow, at: a.now });
  return { price, currency: table.currency, asOf: table.asOf, category, inWindow, country };
}

function safeCountry(to: string): string | undefined {
  try {
    return countryOf(to);
  } catch {
    return undefined; // not a number libphonenumber reads: priced as "other countries"
  }
}
