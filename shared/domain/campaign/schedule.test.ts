import { describe, expect, it } from 'vitest';
import { HOUR, cautiousPolicy, platformPolicy } from '../pacing';
import { estimateCost, rateFor, DEFAULT_RATE_TABLE, billedCategory } from './costs';
import { estimateFinish, majorityZone, sendSpan, suggestSendWindow } from './schedule';

const seoul = (y: number, m: number, d: number, h: number, min = 0) => Date.UTC(y, m - 1, d, h - 9, min);
const quiet = { startHour: 0, endHour: 6 };

describe('suggestSendWindow', () => {
  it.each([
    ['inside 10–12: now', seoul(2026, 11, 24, 10, 30), seoul(2026, 11, 24, 10, 30)],
    ['08:00: the 10:00 window', seoul(2026, 11, 24, 8), seoul(2026, 11, 24, 10)],
    ['13:00: the 19:00 window', seoul(2026, 11, 24, 13), seoul(2026, 11, 24, 19)],
    ['22:00: tomorrow 10:00', seoul(2026, 11, 24, 22), seoul(2026, 11, 25, 10)],
    ['03:00: 10:00 the same day', seoul(2026, 11, 25, 3), seoul(2026, 11, 25, 10)],
  ])('%s', (_n, now, expected) => expect(suggestSendWindow(now, 'Asia/Seoul', ['Asia/Seoul'], quiet)?.at).toBe(expected));

  it('skips a window that is quiet hours in another zone the campaign reaches', () => {
    // Seoul 19:00 = 02:00 in Los Angeles (quiet); Seoul 10:00 = 17:00 LA (the day before): fine.
    const at = suggestSendWindow(seoul(2026, 11, 24, 13), 'Asia/Seoul', ['Asia/Seoul', 'America/Los_Angeles'], quiet)?.at;
    expect(at).toBe(seoul(2026, 11, 25, 10));
  });
  it('gives none when quiet hours cover every good window', () => {
    expect(suggestSendWindow(seoul(2026, 11, 24, 8), 'Asia/Seoul', ['Asia/Seoul'], { startHour: 9, endHour: 22 })).toBeUndefined();
  });
  it('majority zone is the most common country’s', () => {
    expect(majorityZone(new Map<string | undefined, number>([['KR', 3], ['TW', 5]]), 'Asia/Seoul')).toBe('Asia/Taipei');
    expect(majorityZone(new Map(), 'Asia/Seoul')).toBe('Asia/Seoul');
  });
});

describe('estimateFinish', () => {
  const start = seoul(2026, 11, 24, 10);
  const fresh = { daysSinceFirstSend: 0, sentLast24h: 0, reachedLast24h: 0 };
  it('week-1 number: 50 a day, so 120 take 3 days', () => {
    const e = estimateFinish(120, cautiousPolicy('Asia/Seoul'), fresh, start, 'Asia/Seoul');
    expect(e.perDay).toEqual([50, 50, 20]);
    expect(e.days).toBe(3);
    expect(e.limitedBy).toBe('daily_cap');
    expect(e.finishAt).toBe(start + 2 * 24 * HOUR + sendSpan(20, cautiousPolicy('Asia/Seoul')));
  });
  it('hourly cap of 200: 250 messages go over one hour and a bit', () => {
    const p = { ...cautiousPolicy('Asia/Seoul'), messagingLimit: null };
    const e = estimateFinish(250, p, { ...fresh, daysSinceFirstSend: 60 }, start, 'Asia/Seoul');
    expect(e.days).toBe(1);
    expect(e.finishAt - start).toBe(HOUR + 49 * 200);
  });
  it('over 500 a day go in 4 batches 2 h apart', () => {
    const p = { ...cautiousPolicy('Asia/Seoul'), messagingLimit: null };
    const e = estimateFinish(1_000, p, { ...fresh, daysSinceFirstSend: 60 }, start, 'Asia/Seoul');
    expect(e.finishAt - start).toBe(4 * sendSpan(250, p) + 3 * 2 * HOUR);
  });
  it('messaging limit sets the pace on the Cloud API (outside a window)', () => {
    const e = estimateFinish(2_500, platformPolicy('Asia/Seoul', 1_000), fresh, start, 'Asia/Seoul');
    expect(e.perDay).toEqual([1_000, 1_000, 500]);
    expect(e.limitedBy).toBe('messaging_limit');
  });
  it('sending that runs into quiet hours waits them out', () => {
    const p = { ...cautiousPolicy('Asia/Seoul'), messagingLimit: null, dailyCap: null, batch: null };
    const late = seoul(2026, 11, 24, 23);
    const e = estimateFinish(400, p, fresh, late, 'Asia/Seoul'); // 2 h of sending from 23:00
    expect(e.finishAt - late).toBe(sendSpan(400, p) + 6 * HOUR);
  });
});

describe('costs', () => {
  it('rate per country and category, others fall back', () => {
    expect(rateFor(DEFAULT_RATE_TABLE, 'US', 'MARKETING')).toBe(0.025);
    expect(rateFor(DEFAULT_RATE_TABLE, 'ZZ', 'UTILITY')).toBe(DEFAULT_RATE_TABLE.otherCountries.UTILITY);
    const e = estimateCost(new Map<string | undefined, number>([['IN', 1000], ['DE', 10]]), 'MARKETING', DEFAULT_RATE_TABLE);
    expect(e.total).toBe(14.5);
    expect(e.byCountry.map((c) => c.country)).toEqual(['IN', 'DE']);
  });
  it('promotional content is billed as marketing whatever the template says', () => {
    expect(billedCategory('UTILITY', true)).toBe('MARKETING');
    expect(billedCategory('UTILITY', false)).toBe('UTILITY');
    expect(billedCategory(undefined, false)).toBe('UTILITY');
  });
});
