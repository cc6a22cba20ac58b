import { describe, expect, it } from 'vitest';
import { claimedSource, hasNightConsent, isConsentOld, parseClaimedSource, parseContactDraft, SOURCE_MAX } from './contact';

const NOW = Date.UTC(2026, 10, 24);

describe('parseContactDraft', () => {
  it('normalises the phone to E.164 and trims the name', () => {
    const r = parseContactDraft({ name: '  김민지 ', phone: '010-1234-5678' }, 'KR', NOW);
    expect(r).toEqual({
      ok: true,
      value: {
        name: '김민지',
        phone: '+821012345678',
        labelIds: [],
        optInStatus: 'unknown',
        optInSource: '',
        optInAt: null,
        notes: '',
        lastInteractionAt: null,
        nightConsent: null,
      },
    });
  });

  it('reports every problem at once', () => {
    const r = parseContactDraft({ name: 'x'.repeat(101), phone: '12', optInStatus: 'maybe', labelIds: [1, -2] }, 'KR', NOW);
    expect(r.ok ? [] : r.errors.map((e) => `${e.field}:${e.reason}`).sort()).toEqual([
      'labelIds:bad_value',
      'name:too_long',
      'optInStatus:bad_value',
      'phone:too_short',
    ]);
  });

  it.each([
    [{ name: 'a' }, 'phone:phone_or_user_id'],
    [{ phone: '' }, 'phone:phone_or_user_id'],
    [{ phone: '  ', userId: '' }, 'phone:phone_or_user_id'],
    [{ phone: 1012345678 }, 'phone:bad_value'],
    [{ phone: '8.21012E+11' }, 'phone:excel_scientific'],
    [{ phone: '01012345678', lastInteractionAt: NOW + 3 * 86_400_000 }, 'lastInteractionAt:in_future'],
    [{ phone: '01012345678', optInAt: 'yesterday' }, 'optInAt:bad_value'],
    [{ phone: '01012345678', notes: 5 }, 'notes:bad_value'],
  ])('rejects %j with %s', (input, expected) => {
    const r = parseContactDraft(input, 'KR', NOW);
    expect(r.ok ? 'ok' : r.errors.map((e) => `${e.field}:${e.reason}`).join(',')).toBe(expected);
  });

  // A contact is a phone, a WhatsApp user id, or both (DOMAIN.md §2 "Identity"); each through its own parser.
  const ID = 'KR.1349120865530274';
  it.each<[string, Record<string, unknown>, unknown]>([
    ['phone only', { phone: '010-1234-5678' }, { phone: '+821012345678' }],
    ['user id only: no phone key at all', { userId: ` ${ID} ` }, { userId: ID }],
    ['user id only, the phone left empty', { phone: '', userId: ID }, { userId: ID }],
    ['both', { phone: '010-1234-5678', userId: ID }, { phone: '+821012345678', userId: ID }],
    ['neither', { name: 'Mina' }, ['phone:phone_or_user_id']],
    ['a user id typed as the phone is not a number (never read as +82123456789)', { phone: 'US.ENT.123456789' }, ['phone:not_a_number']],
    ['a bad user id beside a good phone', { phone: '010-1234-5678', userId: 'not an id' }, ['userId:bad_value']],
    ['a user id that is not text', { userId: 42 }, ['userId:bad_value']],
    ['a bad phone beside a good user id is still a bad phone', { phone: '12', userId: ID }, ['phone:too_short']],
  ])('identity: %s', (_, input, want) => {
    const r = parseContactDraft(input, 'KR', NOW);
    const got = r.ok ? Object.fromEntries(Object.entries({ phone: r.value.phone, userId: r.value.userId }).filter(([, v]) => v !== undefined)) : r.errors.map((e) => `${e.field}:${e.reason}`);
    expect(got).toEqual(want);
    if (r.ok && !r.value.phone) expect('phone' in r.value).toBe(false);
  });

  it('drops repeated label ids', () => {
    const r = parseContactDraft({ phone: '01012345678', labelIds: [3, 3, 4] }, 'KR', NOW);
    expect(r.ok && r.value.labelIds).toEqual([3, 4]);
  });

  it('refuses something that is not an object', () => {
    expect(parseContactDraft('010', 'KR', NOW).ok).toBe(false);
  });
});

describe('night-time consent (DOMAIN.md §2b)', () => {
  const phone = '010-1234-5678';
  it.each([
    [undefined, null],
    [null, null],
    [{ at: NOW - 86_400_000, source: ' in_store ' }, { at: NOW - 86_400_000, source: 'in_store' }],
    [{ source: '매장' }, { at: NOW, source: '매장' }], // no date: given now
    [{ at: null }, { at: NOW, source: '' }],
  ])('%j → %j', (nightConsent, expected) => {
    const r = parseContactDraft({ phone, nightConsent }, 'KR', NOW);
    expect(r.ok && r.value.nightConsent).toEqual(expected);
  });

  it.each([
    [true, 'bad_value'],
    [{ at: 'yesterday' }, 'bad_value'],
    [{ at: NOW + 3 * 86_400_000 }, 'in_future'],
    [{ at: NOW, source: 'x'.repeat(SOURCE_MAX + 1) }, 'too_long'],
    [{ at: NOW, source: 5 }, 'bad_value'],
  ])('%j is refused (%s)', (nightConsent, reason) => {
    const r = parseContactDraft({ phone, nightConsent }, 'KR', NOW);
    expect(r.ok ? [] : r.errors).toEqual([{ field: 'nightConsent', reason }]);
  });

  it('counts for 2 calendar years, and not before it was given', () => {
    const at = Date.UTC(2024, 1, 29, 12);
    const c = { nightConsent: { at, source: '' } };
    expect(hasNightConsent(c, Date.UTC(2026, 1, 28, 12))).toBe(true);
    expect(hasNightConsent(c, Date.UTC(2026, 2, 1, 12))).toBe(false);
    expect(hasNightConsent(c, at - 1)).toBe(false);
    expect(hasNightConsent({}, at)).toBe(false);
    expect(hasNightConsent({ nightConsent: null }, at)).toBe(false);
    expect(isConsentOld(null, NOW)).toBe(false);
  });
});

describe('consent claimed by an imported file', () => {
  it('keeps the file and the import time as data, cut to the source length (the name, never the time)', () => {
    const s = claimedSource('고객 명단.csv', NOW);
    expect(s).toBe(`claimed:${NOW}:고객 명단.csv`);
    expect(parseClaimedSource(s)).toEqual({ fileName: '고객 명단.csv', importedAt: NOW });
    const long = claimedSource('x'.repeat(200), NOW);
    expect(long.length).toBe(SOURCE_MAX);
    expect(parseClaimedSource(long)?.importedAt).toBe(NOW);
    expect(parseClaimedSource('in_store')).toBeUndefined();
    expect(parseClaimedSource('claimed by me')).toBeUndefined();
  });
});
