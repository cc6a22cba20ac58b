/** Consent over time (checks/consent.ts) and honest consent (opt_in claimed), with an injected `now`. */
import { describe, expect, it } from 'vitest';
import { claimedSource } from '../contact';
import { applyFix, runChecklist } from './checklist';
import { DAY_MS, NOW, contact, draft, input } from './testFixtures';
import type { ActiveCampaign, ChecklistInput, CheckResult } from './types';

const YEAR = 365 * DAY_MS;
const find = (inp: ChecklistInput, id: string): CheckResult => {
  const r = runChecklist(inp).results.find((x) => x.id === id);
  if (!r) throw new Error(`no result ${id}`);
  return r;
};

describe('consent_old: consent older than 2 years warns (promotions)', () => {
  const people = (optInAgo: number[], nightAgo: (number | undefined)[] = []) =>
    optInAgo.map((ago, i) => contact(i, { optInAt: NOW - ago, ...(nightAgo[i] !== undefined ? { nightConsent: { at: NOW - nightAgo[i]!, source: 'in_store' } } : {}) }));

  it.each([
    ['every opt-in within 2 years', people([YEAR, 2 * YEAR - 3 * DAY_MS]), {}, 'pass', 'ok', undefined],
    ['one opt-in just over 2 years', people([YEAR, 2 * YEAR + 3 * DAY_MS]), {}, 'warn', 'optIn', 1],
    ['two old opt-ins', people([3 * YEAR, 5 * YEAR, DAY_MS]), {}, 'warn', 'optIn', 2],
    ['an old night-time consent only', people([YEAR, YEAR], [3 * YEAR]), {}, 'warn', 'night', 1],
    ['both', people([3 * YEAR, YEAR], [undefined, 3 * YEAR]), {}, 'warn', 'both', 1],
    ['informational: does not apply', people([3 * YEAR]), { promotional: false }, 'pass', 'notPromotional', undefined],
  ] as const)('%s → %s (%s)', (_, recipients, over, level, key, count) => {
    const r = find(input({ draft: draft(over), recipients }), 'consent_old');
    expect(r).toMatchObject({ level, reason: { key: `checklist.consent_old.${key}` } });
    if (count !== undefined) expect(r.reason.params.count).toBe(count);
  });

  it('is measured at the scheduled start, and the fix leaves the old ones out', () => {
    const recipients = people([2 * YEAR - 10 * DAY_MS, DAY_MS]);
    expect(find(input({ recipients }), 'consent_old').level).toBe('pass');
    const later = input({ draft: draft({ scheduledAt: NOW + 20 * DAY_MS }), recipients });
    const r = find(later, 'consent_old');
    expect(r).toMatchObject({ level: 'warn', fix: { id: 'exclude', params: { reason: 'consent_old', count: 1, contactIds: [1] } } });
    expect(find({ ...later, draft: applyFix(later.draft, r.fix!) }, 'consent_old').level).toBe('pass');
  });
});

describe('opt_in: consent only claimed by an imported file', () => {
  const claimed = claimedSource('customers.csv', NOW - DAY_MS);
  it.each([
    ['recorded in store', [contact(0), contact(1)], 'pass', 'ok'],
    ['one claimed by a file', [contact(0), contact(1, { optInSource: claimed })], 'warn', 'claimed'],
    ['claimed and one without a date', [contact(0, { optInSource: claimed }), contact(1, { optInAt: null })], 'warn', 'unrecordedAndClaimed'],
  ] as const)('%s → %s (%s)', (_, recipients, level, key) => {
    expect(find(input({ recipients: [...recipients] }), 'opt_in')).toMatchObject({ level, reason: { key: `checklist.opt_in.${key}` } });
  });

  it('counts the claimed ones', () => {
    const recipients = [contact(0, { optInSource: claimed }), contact(1, { optInSource: claimed }), contact(2)];
    expect(find(input({ recipients }), 'opt_in').reason.params).toEqual({ count: 2 });
  });
});

describe('second_promotion: another promotion still queued or sending to the same people', () => {
  const recipients = Array.from({ length: 5 }, (_, i) => contact(i));
  const campaign = (id: string, name: string, people: number[], state: ActiveCampaign['state'] = 'running'): ActiveCampaign => ({ id, name, state, numbers: new Set(people.map((i) => recipients[i]!.phone)) });

  it.each([
    ['none on its way', [], {}, 'pass', 'ok', undefined],
    ['one elsewhere, nobody shared', [campaign('c1', 'Winter', [])], {}, 'pass', 'ok', undefined],
    ['one running with 3 shared', [campaign('c1', 'Winter', [0, 1, 2])], {}, 'warn', 'overlap', { name: 'Winter', count: 3 }],
    ['one scheduled with 1 shared', [campaign('c1', 'Winter', [4], 'scheduled')], {}, 'warn', 'overlap', { name: 'Winter', count: 1 }],
    ['two: the larger is named', [campaign('c1', 'Small', [0]), campaign('c2', 'Big', [0, 1, 2, 3])], {}, 'warn', 'overlapMore', { name: 'Big', count: 4, others: 1 }],
    ['this one is informational', [campaign('c1', 'Winter', [0, 1])], { promotional: false }, 'pass', 'notPromotional', undefined],
  ] as const)('%s → %s (%s)', (_, activeCampaigns, over, level, key, params) => {
    const r = find(input({ draft: draft(over), recipients, activeCampaigns }), 'second_promotion');
    expect(r).toMatchObject({ level, reason: { key: `checklist.second_promotion.${key}` } });
    if (params) expect(r.reason.params).toEqual(params);
  });

  it('does not count people this draft leaves out', () => {
    const inp = input({ draft: draft({ excludedContactIds: [1, 2] }), recipients, activeCampaigns: [campaign('c1', 'Winter', [0, 1, 2])] });
    expect(find(inp, 'second_promotion').reason.params).toEqual({ name: 'Winter', count: 1 });
  });
});
