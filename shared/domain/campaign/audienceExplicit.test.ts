/** An audience of contacts chosen by hand on the contacts screen (issue 11 point 7): exactly those people. */
import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER, evaluateAudience, parseAudienceFilter, type AudienceFilter } from './audience';
import { PhoneFactsCache } from './phoneFacts';
import { DAY_MS, NOW, contact } from './testFixtures';

const ctx = () => ({ suppressed: new Set<string>(['+821020000005']), phones: new PhoneFactsCache(), now: NOW });
const chosen = (ids: number[], over: Partial<AudienceFilter> = {}): AudienceFilter => ({ ...EMPTY_FILTER, ...over, contactIds: ids });

describe('an audience of chosen contacts', () => {
  const people = [
    contact(0),
    contact(1, { labelIds: [9] }),
    contact(2, { optInStatus: 'unknown' }),
    contact(3, { optInStatus: 'opted_out' }),
    contact(4, { phone: '+8223456789' }), // a Seoul landline
    contact(5), // on the do-not-message list
    contact(6, { lastInteractionAt: NOW - 900 * DAY_MS, optInAt: NOW - 900 * DAY_MS }),
    contact(7),
  ];

  it('includes exactly the chosen ones, whatever the filter fields say', () => {
    const r = evaluateAudience(people, chosen([1, 2], { labelsAny: [42], countries: ['TW'], activeWithinDays: 1 }), ctx());
    expect(r.included).toEqual([1, 2]);
    expect(r.matched).toBe(2);
  });

  it('keeps consent-unknown people in for the checklist to weigh, and leaves out who must not or cannot be messaged, with the reason', () => {
    const r = evaluateAudience(people, chosen([3, 4, 5, 6, 7]), ctx());
    expect(r.matched).toBe(5);
    expect(r.included).toEqual([3]);
    expect(r.excluded).toMatchObject({ opted_out: [4], not_whatsapp: [5], suppressed: [6], inactive: [7] });
  });

  it('an empty choice is nobody, not everybody; ids of deleted contacts match nothing', () => {
    expect(evaluateAudience(people, chosen([]), ctx()).matched).toBe(0);
    expect(evaluateAudience(people, chosen([1, 999]), ctx()).included).toEqual([1]);
  });

  it('without contactIds the filter applies as before', () => {
    expect(evaluateAudience(people, EMPTY_FILTER, ctx()).included).toEqual([1, 2, 8]);
  });

  it('is read back from a stored draft; damaged ids are dropped, and a filter without ids stays a filter', () => {
    expect(parseAudienceFilter({ contactIds: [3, 1, 3, -2, 1.5, 'x', 7] }).contactIds).toEqual([3, 1, 7]);
    expect(parseAudienceFilter({ contactIds: [] }).contactIds).toEqual([]);
    expect(parseAudienceFilter({ labelsAny: [1] })).not.toHaveProperty('contactIds');
    expect(parseAudienceFilter({ contactIds: 'all' })).not.toHaveProperty('contactIds');
  });
});
