import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SendLog } from '../pacing';
import { seededRandom } from '../random';
import { EMPTY_FILTER, MAX_INACTIVE_DAYS, evaluateAudience, parseAudienceFilter, sampleIds, unreadNumbers, type AudienceFilter, type ExclusionReason } from './audience';
import { PhoneFactsCache } from './phoneFacts';
import type { CampaignContact } from './render';
import { DAY_MS, NOW, contact, krMobile } from './testFixtures';

const ctx = (over: Partial<Parameters<typeof evaluateAudience>[2]> = {}) => ({ suppressed: new Set<string>(), phones: new PhoneFactsCache(), now: NOW, ...over });
const f = (over: Partial<AudienceFilter>): AudienceFilter => ({ ...EMPTY_FILTER, ...over });

describe('filter', () => {
  const people = [
    contact(0, { labelIds: [1, 2] }),
    contact(1, { labelIds: [2] }),
    contact(2, { labelIds: [3] }),
    contact(3, { labelIds: [], optInStatus: 'unknown' }),
    contact(4, { labelIds: [1], lastInteractionAt: NOW - 40 * DAY_MS, optInAt: NOW - 400 * DAY_MS }),
    contact(5, { labelIds: [1], phone: '+886912345678' }),
  ];
  it.each<[string, Partial<AudienceFilter>, number[]]>([
    ['default: opted in', {}, [1, 2, 3, 5, 6]],
    ['labels any of 1, 3', { labelsAny: [1, 3] }, [1, 3, 5, 6]],
    ['labels all of 1, 2', { labelsAll: [1, 2] }, [1]],
    ['labels none of 2', { labelsNone: [2] }, [3, 5, 6]],
    ['any 1 but none of 2', { labelsAny: [1], labelsNone: [2] }, [5, 6]],
    ['opt-in unknown only', { optIn: ['unknown'] }, [4]],
    ['opted in and unknown', { optIn: ['opted_in', 'unknown'] }, [1, 2, 3, 4, 5, 6]],
    ['active in the last 30 days', { activeWithinDays: 30 }, [1, 2, 3, 6]],
    ['country TW', { countries: ['TW'] }, [6]],
    ['country KR, label 1', { countries: ['KR'], labelsAny: [1] }, [1, 5]],
  ])('%s', (_n, over, ids) => {
    const r = evaluateAudience(people, f(over), ctx());
    expect(r.included).toEqual(ids);
    expect(r.matched).toBe(ids.length);
  });
});

describe('exclusions, each with its reason', () => {
  const log = new SendLog();
  for (const h of [1, 2, 3]) log.record({ at: NOW - h * 3_600_000, contact: krMobile(7), promotional: true, outsideWindow: true });
  const people: CampaignContact[] = [
    contact(0),
    contact(1, { phone: '' }),
    contact(2, { optInStatus: 'opted_out' }),
    contact(3),
    contact(4, { phone: '+8222345678' }), // Seoul landline
    contact(5),
    contact(6, { lastInteractionAt: NOW - (MAX_INACTIVE_DAYS + 1) * DAY_MS, optInAt: null }),
    contact(7),
    contact(8, { lastInteractionAt: null, optInAt: null }),
  ];
  const r = evaluateAudience(people, f({}), ctx({ suppressed: new Set([krMobile(3)]), undeliverable: new Set([krMobile(5)]), frequency: { log, cap: 3, at: NOW } }));
  it.each<[ExclusionReason, number[]]>([
    ['no_phone', [2]],
    ['opted_out', [3]],
    ['suppressed', [4]],
    ['not_whatsapp', [5]],
    ['undeliverable', [6]],
    ['inactive', [7, 9]],
    ['frequency_cap', [8]],
  ])('%s', (reason, ids) => expect(r.excluded[reason]).toEqual(ids));
  it('the rest is included and everything matched is counted once', () => {
    expect(r.included).toEqual([1]);
    expect(r.matched).toBe(people.length);
  });
  it('a contact both opted out and suppressed is shown once, as opted out', () => {
    const both = evaluateAudience([contact(0, { optInStatus: 'opted_out' })], f({}), ctx({ suppressed: new Set([krMobile(0)]) }));
    expect(both.excluded.opted_out).toEqual([1]);
    expect(both.excluded.suppressed).toEqual([]);
  });
});

describe('the previous message unread for 48 h (§4, when the person asks)', () => {
  const H = 3_600_000;
  it('judges each number by its latest message: unread, or read after 48 h, once 48 h have passed', () => {
    const unread = unreadNumbers(
      [
        { contact: 'a', sentAt: NOW - 72 * H }, // never read
        { contact: 'b', sentAt: NOW - 72 * H, readAt: NOW - 71 * H }, // read within the hour
        { contact: 'c', sentAt: NOW - 100 * H, readAt: NOW - 49 * H }, // read 51 h after: too late
        { contact: 'd', sentAt: NOW - 10 * H }, // too young to judge
        { contact: 'e', sentAt: NOW - 200 * H }, // an older unread one…
        { contact: 'e', sentAt: NOW - 60 * H, readAt: NOW - 59 * H }, // …but the latest was read
        { contact: 'f', sentAt: NOW - 60 * H, readAt: NOW - 59 * H }, // a read one…
        { contact: 'f', sentAt: NOW - 50 * H }, // …then the latest unread
        { contact: 'g', sentAt: NOW - 48 * H }, // exactly 48 h: judged
      ],
      NOW,
    );
    expect([...unread].sort()).toEqual(['a', 'c', 'f', 'g']);
  });

  it('leaves them out only when the filter asks, after every other reason', () => {
    const people = [contact(0), contact(1), contact(2, { optInStatus: 'opted_out' })];
    const unread = new Set([krMobile(1), krMobile(2)]);
    expect(evaluateAudience(people, f({}), ctx({ unread })).included).toEqual([1, 2]);
    const asked = evaluateAudience(people, f({ skipUnread: true }), ctx({ unread }));
    expect(asked.included).toEqual([1]);
    expect(asked.excluded.unread).toEqual([2]);
    expect(asked.excluded.opted_out).toEqual([3]);
  });

  it('is off in a stored filter that does not say', () => {
    expect(parseAudienceFilter({}).skipUnread).toBe(false);
    expect(parseAudienceFilter({ skipUnread: 'yes' }).skipUnread).toBe(false);
    expect(parseAudienceFilter({ skipUnread: true }).skipUnread).toBe(true);
  });
});

describe('the audience never contains an opted-out or suppressed contact (property)', () => {
  const contactArb = fc.record({
    phoneIndex: fc.integer({ min: 0, max: 40 }),
    labels: fc.uniqueArray(fc.integer({ min: 1, max: 5 }), { maxLength: 4 }),
    optInStatus: fc.constantFrom('opted_in' as const, 'unknown' as const, 'opted_out' as const),
    lastDaysAgo: fc.option(fc.integer({ min: 0, max: 1_000 }), { nil: null }),
  });
  const filterArb = fc.record({
    labelsAny: fc.uniqueArray(fc.integer({ min: 1, max: 5 }), { maxLength: 3 }),
    labelsAll: fc.uniqueArray(fc.integer({ min: 1, max: 5 }), { maxLength: 2 }),
    labelsNone: fc.uniqueArray(fc.integer({ min: 1, max: 5 }), { maxLength: 2 }),
    optIn: fc.subarray(['opted_in', 'unknown'] as ('opted_in' | 'unknown')[]),
    activeWithinDays: fc.option(fc.integer({ min: 1, max: 2_000 }), { nil: null }),
    countries: fc.subarray(['KR', 'TW', 'US']),
    skipUnread: fc.boolean(),
  });
  it('whatever the filter, contacts and suppression list', () => {
    const phones = new PhoneFactsCache();
    fc.assert(
      fc.property(fc.array(contactArb, { maxLength: 60 }), filterArb, fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 20 }), (raw, filter, suppressedIdx) => {
        const people = raw.map((r, i) => contact(i, { phone: krMobile(r.phoneIndex), labelIds: r.labels, optInStatus: r.optInStatus, lastInteractionAt: r.lastDaysAgo === null ? null : NOW - r.lastDaysAgo * DAY_MS }));
        const suppressed = new Set(suppressedIdx.map(krMobile));
        const result = evaluateAudience(people, filter, { suppressed, phones, now: NOW });
        const byId = new Map(people.map((p) => [p.id, p]));
        for (const id of result.included) {
          const p = byId.get(id)!;
          expect(p.optInStatus).not.toBe('opted_out');
          expect(suppressed.has(p.phone)).toBe(false);
        }
        const excludedCount = Object.values(result.excluded).reduce((n, ids) => n + ids.length, 0);
        expect(result.included.length + excludedCount).toBe(result.matched);
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseAudienceFilter', () => {
  it.each([
    [null, EMPTY_FILTER],
    [{ labelsAny: [1, 1, -2, 'x', 3.5], optIn: ['unknown', 'opted_out'], activeWithinDays: 5000, countries: ['KR', 'kr', 7] }, { ...EMPTY_FILTER, labelsAny: [1], optIn: ['unknown'], activeWithinDays: MAX_INACTIVE_DAYS, countries: ['KR'] }],
    [{ activeWithinDays: -3 }, { ...EMPTY_FILTER, optIn: ['opted_in'] }],
  ])('%j', (input, expected) => expect(parseAudienceFilter(input)).toEqual(expected));
});

describe('sampleIds', () => {
  it('returns every id when there are fewer than asked, else a seeded spread', () => {
    expect(sampleIds([1, 2], 5, seededRandom(1))).toEqual([1, 2]);
    const ids = Array.from({ length: 1_000 }, (_, i) => i);
    const a = sampleIds(ids, 10, seededRandom(7));
    expect(a).toEqual(sampleIds(ids, 10, seededRandom(7)));
    expect(new Set(a).size).toBe(10);
    expect(Math.max(...a)).toBeGreaterThan(100);
  });
});
