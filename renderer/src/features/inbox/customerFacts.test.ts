import { describe, expect, it } from 'vitest';
import type { InboxRecord } from '../../db/db';
import type { ThreadItem } from '../../db/inbox';
import { customerFacts } from './CustomerPanel';

const T = Date.UTC(2026, 11, 1, 9, 0, 0);
const inbound = (at: number): ThreadItem => ({ kind: 'inbound', at, key: `m:${at}`, message: {} as InboxRecord, triage: { priority: 'medium', reason: 'unmatched' } });
const campaign = (at: number, id: string): ThreadItem => ({ kind: 'campaign', at, key: `j:${id}:${at}`, campaign: id, campaignName: id, stage: 'delivered' as never, sandbox: false });

describe('the customer panel’s facts', () => {
  it.each<[string, ThreadItem[], { createdAt: number } | undefined, ReturnType<typeof customerFacts>]>([
    ['a stranger who wrote first: new', [inbound(T), inbound(T + 60_000)], undefined, { campaigns: 0, replies: 2, first: T, lastInbound: T + 60_000, returning: false }],
    ['saved as a contact after writing: still new', [inbound(T)], { createdAt: T + 1 }, { campaigns: 0, replies: 1, first: T, lastInbound: T, returning: false }],
    ['a contact from before they wrote: returning', [inbound(T)], { createdAt: T - 1 }, { campaigns: 0, replies: 1, first: T, lastInbound: T, returning: true }],
    ['reached by two campaigns (one twice): returning', [campaign(T - 9, 'c1'), campaign(T - 5, 'c2'), campaign(T - 3, 'c1'), inbound(T)], undefined, { campaigns: 2, replies: 1, first: T - 9, lastInbound: T, returning: true }],
    ['a campaign, no reply yet', [campaign(T, 'c1')], undefined, { campaigns: 1, replies: 0, first: T, lastInbound: undefined, returning: true }],
  ])('%s', (_name, thread, contact, expected) => {
    expect(customerFacts(thread, contact)).toEqual(expected);
  });
});
