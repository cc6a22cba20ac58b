import { describe, expect, it } from 'vitest';
import { billedCategory, compareCosts, DEFAULT_RATE_TABLE, estimateCost, parseRateTable, priceOf, rateFor, reportedBilling, reportedCost, type CostComparison, type RateTable } from './costs';

// A fixture table with every column, so each fallback is visible.
const TABLE: RateTable = {
  asOf: '2026-10-01',
  currency: 'USD',
  source: 'test fixture',
  rates: {
    KR: { MARKETING: 0.03, UTILITY: 0.005, UTILITY_IN_WINDOW: 0.004, AUTHENTICATION: 0.005, AUTHENTICATION_INTERNATIONAL: 0.02, SERVICE: 0.003 },
    IN: { MARKETING: 0.013, UTILITY: 0.002, AUTHENTICATION: 0.002 },
  },
  otherCountries: { MARKETING: 0.06, UTILITY: 0.01 },
  serviceBilledFrom: '2026-10-01',
};
const BEFORE = Date.parse('2026-09-30T23:59:59Z');
const AFTER = Date.parse('2026-10-01T00:00:00Z');

describe('priceOf: one message', () => {
  it.each([
    ['marketing in KR', { country: 'KR', category: 'MARKETING' as const }, 0.03],
    ['utility template outside a window', { country: 'KR', category: 'UTILITY' as const, at: AFTER }, 0.005],
    ['utility template inside a window, after 2026-10-01: its own price', { country: 'KR', category: 'UTILITY' as const, inWindow: true, at: AFTER }, 0.004],
    ['utility template inside a window, before 2026-10-01: free', { country: 'KR', category: 'UTILITY' as const, inWindow: true, at: BEFORE }, 0],
    ['in-window utility without its own price: the utility rate', { country: 'IN', category: 'UTILITY' as const, inWindow: true, at: AFTER }, 0.002],
    ['a service reply after 2026-10-01', { country: 'KR', category: 'SERVICE' as const, at: AFTER }, 0.003],
    ['a service reply before 2026-10-01: free', { country: 'KR', category: 'SERVICE' as const, at: BEFORE }, 0],
    ['a service reply where no service price is set: the utility rate (DOMAIN §2)', { country: 'IN', category: 'SERVICE' as const, at: AFTER }, 0.002],
    ['a service reply in a country the table does not list', { country: 'BR', category: 'SERVICE' as const, at: AFTER }, 0.01],
    ['inside the 72 h free entry-point window: free', { country: 'KR', category: 'MARKETING' as const, freeEntryPoint: true }, 0],
    ['international authentication', { country: 'KR', category: 'AUTHENTICATION_INTERNATIONAL' as const }, 0.02],
    ['international authentication without its own price: authentication', { country: 'IN', category: 'AUTHENTICATION_INTERNATIONAL' as const }, 0.002],
    ['a missing rate is 0, never a guess', { country: 'BR', category: 'AUTHENTICATION' as const }, 0],
  ])('%s', (_name, m, price) => {
    expect(priceOf(TABLE, m)).toBe(price);
  });

  it('a table without serviceBilledFrom never bills service', () => {
    const { serviceBilledFrom: _drop, ...old } = TABLE;
    expect(priceOf(old, { country: 'KR', category: 'SERVICE', at: AFTER })).toBe(0);
  });

  it('a shop may set service to zero', () => {
    const zero: RateTable = { ...TABLE, rates: { KR: { ...TABLE.rates.KR, SERVICE: 0 } } };
    expect(priceOf(zero, { country: 'KR', category: 'SERVICE', at: AFTER })).toBe(0);
  });

  it('rateFor keeps its meaning (a category, no window)', () => {
    expect(rateFor(TABLE, 'KR', 'MARKETING')).toBe(0.03);
    expect(rateFor(TABLE, undefined, 'UTILITY')).toBe(0.01);
  });
});

describe('reportedCost: what WhatsApp said in the status webhook', () => {
  it.each([
    ['billable marketing', { billable: true, type: 'regular', category: 'marketing' }, { category: 'MARKETING', cost: 0.03 }],
    ['a re-categorised utility template billed as marketing', { billable: true, type: 'regular', category: 'marketing' }, { category: 'MARKETING', cost: 0.03 }],
    ['a billed service reply', { billable: true, type: 'regular', category: 'service' }, { category: 'SERVICE', cost: 0.003 }],
    ['free customer service', { billable: false, type: 'free_customer_service', category: 'service' }, { category: 'SERVICE', cost: 0 }],
    ['free entry point', { billable: false, type: 'free_entry_point', category: 'marketing' }, { category: 'MARKETING', cost: 0 }],
    ['not billable, no category', { billable: false }, { cost: 0 }],
    ['international authentication', { billable: true, category: 'authentication_international' }, { category: 'AUTHENTICATION_INTERNATIONAL', cost: 0.02 }],
  ])('%s', (_name, p, out) => {
    expect(reportedCost(TABLE, 'KR', p)).toEqual(out);
  });

  it('a billable category we do not know is "not known", not 0', () => {
    expect(reportedCost(TABLE, 'KR', { billable: true, category: 'something_new' })).toBeUndefined();
  });
});

describe('reportedBilling: how WhatsApp billed one message', () => {
  it.each([
    ['billable marketing', { billable: true, type: 'regular', category: 'marketing' }, { billed: true, category: 'MARKETING' }],
    ['marketing lite is billed as marketing', { billable: true, type: 'regular', category: 'MARKETING_LITE' }, { billed: true, category: 'MARKETING' }],
    ['not billable', { billable: false, category: 'utility' }, { billed: false, category: 'UTILITY' }],
    ['billable but free customer service', { billable: true, type: 'free_customer_service', category: 'service' }, { billed: false, category: 'SERVICE' }],
    ['billable but the free entry point', { billable: true, type: 'free_entry_point' }, { billed: false }],
    ['a category we do not know', { billable: true, category: 'something_new' }, { billed: true, category: 'unknown' }],
    ['billable without a category', { billable: true }, { billed: true, category: 'unknown' }],
  ])('%s', (_name, p, out) => {
    expect(reportedBilling(p)).toEqual(out);
  });
});

describe('compareCosts: estimated vs actual', () => {
  const recipientsByCountry = { KR: 100, IN: 10, '??': 1 };
  it.each<[string, Parameters<typeof compareCosts>[0], Partial<CostComparison>]>([
    [
      'nothing reported yet: the estimate alone',
      { recipientsByCountry, billedByCountry: {}, notBillable: 0, billedUnknown: 0 },
      { estimated: { total: 3.19, recipients: 111, category: 'MARKETING', byCountry: expect.any(Array) }, actual: { reported: false } },
    ],
    [
      'billed as reported, per country and category, with the same list prices (utility outside the window: 0.005)',
      { recipientsByCountry, billedByCountry: { KR: { MARKETING: 90, UTILITY: 5 }, IN: { MARKETING: 10 }, '??': { MARKETING: 1 } }, notBillable: 3, billedUnknown: 2 },
      {
        actual: {
          reported: true,
          total: 2.915, // 90 × 0.03 + 5 × 0.005 + 10 × 0.013 + 1 × 0.06 (other countries)
          billed: 108,
          notBillable: 3,
          unknown: 2,
          byCountry: [
            { country: 'KR', category: 'MARKETING', messages: 90, rate: 0.03, subtotal: expect.closeTo(2.7, 10) },
            { country: 'IN', category: 'MARKETING', messages: 10, rate: 0.013, subtotal: 0.13 },
            { country: '??', category: 'MARKETING', messages: 1, rate: 0.06, subtotal: 0.06 },
            { country: 'KR', category: 'UTILITY', messages: 5, rate: 0.005, subtotal: 0.025 },
          ],
        },
      },
    ],
    [
      'a billed service message is priced whatever the table’s date says (WhatsApp decided)',
      { billedByCountry: { KR: { SERVICE: 10 } }, notBillable: 0, billedUnknown: 0 },
      { actual: { reported: true, total: 0.03, billed: 10, notBillable: 0, unknown: 0, byCountry: [{ country: 'KR', category: 'SERVICE', messages: 10, rate: 0.003, subtotal: 0.03 }] } },
    ],
    [
      'only free messages reported: reported, and zero',
      { recipientsByCountry: { KR: 2 }, billedByCountry: {}, notBillable: 2, billedUnknown: 0 },
      { actual: { reported: true, total: 0, billed: 0, notBillable: 2, unknown: 0, byCountry: [] } },
    ],
    ['a copy stored before main counted billing: neither figure', {}, { actual: { reported: false } }],
  ])('%s', (_name, counts, expected) => {
    const c = compareCosts(counts, 'MARKETING', TABLE);
    expect(c).toMatchObject({ currency: 'USD', asOf: '2026-10-01', source: 'test fixture', ...expected });
    if (!counts.recipientsByCountry) expect(c.estimated).toBeUndefined();
  });

  it('the estimate is the wizard’s (estimateCost over the recipients at the expected category)', () => {
    const c = compareCosts({ recipientsByCountry }, 'MARKETING', TABLE);
    expect(c.estimated?.byCountry).toEqual(estimateCost(new Map([['KR', 100], ['IN', 10], [undefined, 1]]), 'MARKETING', TABLE).byCountry);
  });
});

describe('estimateCost and billedCategory', () => {
  it('estimates a campaign by country', () => {
    const e = estimateCost(new Map([['KR', 100], ['IN', 10], [undefined, 1]]), 'MARKETING', TABLE);
    expect(e.total).toBe(3.19);
    expect(e.byCountry.map((c) => c.country)).toEqual(['KR', 'IN', '??']);
  });
  it('promotional content is billed as marketing whatever the template says', () => {
    expect(billedCategory('UTILITY', true)).toBe('MARKETING');
    expect(billedCategory('UTILITY', false)).toBe('UTILITY');
    expect(billedCategory(undefined, false)).toBe('UTILITY');
  });
});

describe('parseRateTable: an edited table', () => {
  it('the default table parses as itself', () => {
    expect(parseRateTable(DEFAULT_RATE_TABLE)).toEqual({ ok: true, value: DEFAULT_RATE_TABLE });
  });
  it.each([
    ['a bad date', { ...TABLE, asOf: '2026-13-45' }, 'asOf', 'bad_date'],
    ['a currency in lower case', { ...TABLE, currency: 'usd' }, 'currency', 'bad_currency'],
    ['a negative price', { ...TABLE, rates: { KR: { MARKETING: -1 } } }, 'rates.KR.MARKETING', 'bad_price'],
    ['a price as text', { ...TABLE, rates: { KR: { MARKETING: '0.03' } } }, 'rates.KR.MARKETING', 'bad_price'],
    ['an absurd price', { ...TABLE, rates: { KR: { MARKETING: 1_000 } } }, 'rates.KR.MARKETING', 'bad_price'],
    ['a country that is not two letters', { ...TABLE, rates: { Korea: {} } }, 'rates.Korea', 'bad_country'],
    ['an unknown column', { ...TABLE, rates: { KR: { VOICE: 1 } } }, 'rates.KR.VOICE', 'bad_shape'],
    ['a bad service date', { ...TABLE, serviceBilledFrom: 'soon' }, 'serviceBilledFrom', 'bad_date'],
    ['a source too long', { ...TABLE, source: 'x'.repeat(501) }, 'source', 'too_long'],
    ['not an object', 'rates', 'table', 'bad_shape'],
  ])('refuses %s, naming the field', (_name, input, field, reason) => {
    expect(parseRateTable(input)).toEqual({ ok: false, problem: { field, reason } });
  });
  it('an empty price (null) is left out, so it falls back', () => {
    const r = parseRateTable({ ...TABLE, rates: { KR: { MARKETING: 0.03, SERVICE: null } } });
    expect(r.ok && r.value.rates.KR).toEqual({ MARKETING: 0.03 });
  });
});
