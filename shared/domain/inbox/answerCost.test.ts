import { describe, expect, it } from 'vitest';
import { DEFAULT_RATE_TABLE, type RateTable } from '../campaign/costs';
import { answerCost, type AnswerCostInput } from './answerCost';

const BEFORE = Date.parse('2026-09-30T23:59:59Z');
const FROM = Date.parse('2026-10-01T00:00:00Z');
const KR = '+821012345678';
const BR = '+5511987654321'; // not in the table: "other countries"

/** A won table with every column set apart, so each row below can only match one column. */
const WON: RateTable = {
  asOf: '2026-10-01',
  currency: 'KRW',
  source: 'test',
  rates: { KR: { MARKETING: 40, UTILITY: 7, UTILITY_IN_WINDOW: 5, AUTHENTICATION: 6, SERVICE: 3 } },
  otherCountries: { MARKETING: 80, UTILITY: 14 },
  serviceBilledFrom: '2026-10-01',
};

describe('answerCost: what an answer costs before it is sent', () => {
  it.each<[string, RateTable, AnswerCostInput, { price: number; category: string; inWindow: boolean; country: string | undefined }]>([
    ['text in the window before 2026-10-01: free service', WON, { kind: 'free', to: KR, windowOpen: true, now: BEFORE }, { price: 0, category: 'SERVICE', inWindow: false, country: 'KR' }],
    ['text in the window from 2026-10-01: the service rate', WON, { kind: 'free', to: KR, windowOpen: true, now: FROM }, { price: 3, category: 'SERVICE', inWindow: false, country: 'KR' }],
    ['service in a country without a service column: the utility rate', WON, { kind: 'free', to: BR, windowOpen: true, now: FROM }, { price: 14, category: 'SERVICE', inWindow: false, country: 'BR' }],
    ['service by the default table (USD, KR)', DEFAULT_RATE_TABLE, { kind: 'free', to: KR, windowOpen: true, now: FROM }, { price: 0.005, category: 'SERVICE', inWindow: false, country: 'KR' }],
    ['a utility template in the window before 2026-10-01: free', WON, { kind: 'template', to: KR, category: 'UTILITY', windowOpen: true, now: BEFORE }, { price: 0, category: 'UTILITY', inWindow: true, country: 'KR' }],
    ['a utility template in the window from 2026-10-01: the in-window rate', WON, { kind: 'template', to: KR, category: 'UTILITY', windowOpen: true, now: FROM }, { price: 5, category: 'UTILITY', inWindow: true, country: 'KR' }],
    ['a utility template outside the window: the utility rate, any date', WON, { kind: 'template', to: KR, category: 'UTILITY', windowOpen: false, now: BEFORE }, { price: 7, category: 'UTILITY', inWindow: false, country: 'KR' }],
    ['a utility template in the window, other country, no in-window column: utility', WON, { kind: 'template', to: BR, category: 'UTILITY', windowOpen: true, now: FROM }, { price: 14, category: 'UTILITY', inWindow: true, country: 'BR' }],
    ['a marketing template, in the window or not', WON, { kind: 'template', to: KR, category: 'MARKETING', windowOpen: true, now: BEFORE }, { price: 40, category: 'MARKETING', inWindow: false, country: 'KR' }],
    ['a marketing template to another country', WON, { kind: 'template', to: BR, category: 'MARKETING', windowOpen: false, now: FROM }, { price: 80, category: 'MARKETING', inWindow: false, country: 'BR' }],
    ['an authentication template', WON, { kind: 'template', to: KR, category: 'AUTHENTICATION', windowOpen: false, now: FROM }, { price: 6, category: 'AUTHENTICATION', inWindow: false, country: 'KR' }],
    ['a template of unknown category is priced as utility', WON, { kind: 'template', to: KR, category: 'UNKNOWN', windowOpen: false, now: FROM }, { price: 7, category: 'UTILITY', inWindow: false, country: 'KR' }],
    ['a user id’s country prefix', WON, { kind: 'free', to: 'KR.1349abc', windowOpen: true, now: FROM }, { price: 3, category: 'SERVICE', inWindow: false, country: 'KR' }],
    ['a table that never bills service', { ...WON, serviceBilledFrom: undefined }, { kind: 'free', to: KR, windowOpen: true, now: FROM }, { price: 0, category: 'SERVICE', inWindow: false, country: 'KR' }],
  ])('%s', (_why, table, input, expected) => {
    expect(answerCost(table, input)).toStrictEqual({ ...expected, currency: table.currency, asOf: table.asOf });
  });
});
