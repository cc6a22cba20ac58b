import { describe, expect, it, vi } from 'vitest';
import * as phone from './phone';
import {
  IdentityBook,
  identifiersOf,
  identityPhone,
  identityUserId,
  learnIdentity,
  looksLikeUserId,
  matchIdentity,
  matchIdentityAsync,
  moveUserId,
  parseSighting,
  suppressedUnderAny,
  type IdentityIndex,
  type IdentitySighting,
  type WhatsAppIdentity,
} from './identity';

vi.mock('./phone', async (importOriginal) => {
  const real = await importOriginal<typeof import('./phone')>();
  return { ...real, normalizePhone: vi.fn(real.normalizePhone) };
});

const KR_ID = 'KR.13491208655302741918';
const KR_NEW = 'KR.99887766554433221100';
const PARENT = 'KR.ENT.5566778899';

/** Known people: contact 1 by phone only, 2 by id and phone, 3 by id only, 4 a Mexican number stored without the 1. */
const people: Record<number, WhatsAppIdentity> = {
  1: { phone: '+821012345678' },
  2: { userId: KR_ID, phone: '+821055556666' },
  3: { userId: 'TW.777000111', username: '@mei' },
  4: { phone: '+525512345678' },
};
const refOf = (found: [string, WhatsAppIdentity] | undefined) => (found ? Number(found[0]) : undefined);
const index: IdentityIndex<number> = {
  byUserId: (id) => refOf(Object.entries(people).find(([, p]) => p.userId === id)),
  byPhone: (e164) => refOf(Object.entries(people).find(([, p]) => p.phone === e164)),
};

describe('the phone path never reads a BSUID', () => {
  it.each([KR_ID, 'US.ENT.123456789', 'TW.8869123456', PARENT, ` ${KR_ID} `, 'KR.' + 'A1'.repeat(80)])('refuses %s as a user id, without libphonenumber', (raw) => {
    vi.mocked(phone.normalizePhone).mockClear();
    expect(identityPhone(raw, 'KR')).toEqual({ ok: false, reason: 'user_id' });
    expect(phone.normalizePhone).not.toHaveBeenCalled();
    expect(looksLikeUserId(raw)).toBe(true);
  });

  it('is needed: libphonenumber alone reads "US.ENT.123456789" as a valid Korean number', () => {
    const read = phone.normalizePhone('US.ENT.123456789', 'KR');
    expect(read.ok && read.e164).toBe('+82123456789');
  });

  it.each([
    ['010-1234-5678', '+821012345678'],
    ['+886 912-345-678', '+886912345678'],
    ['tel. 010 1234 5678', '+821012345678'],
    ['HP.01012345678', '+821012345678'], // HP (핸드폰) is no country: a labelled number, not a user id
  ])('reads the number %s as %s', (raw, e164) => {
    expect(identityPhone(raw, 'KR')).toEqual({ ok: true, e164 });
  });

  it('passes a phone problem on', () => {
    expect(identityPhone('123', 'KR')).toEqual({ ok: false, reason: 'too_short' });
  });
});

describe('the id path', () => {
  it.each([
    [KR_ID, KR_ID],
    [` ${PARENT}\n`, PARENT],
    ['+821012345678', undefined],
    ['01012345678', undefined],
    ['kr.1234', undefined],
    ['KR.', undefined],
    ['KR.' + 'A'.repeat(129), undefined],
    [12345, undefined],
  ] as const)('%j → %j', (raw, want) => {
    expect(identityUserId(raw)).toBe(want);
  });
});

describe('parseSighting', () => {
  it.each<[string, Parameters<typeof parseSighting>[0], IdentitySighting]>([
    ['a 2026 message with all three', { userId: KR_ID, waId: '821012345678', username: 'mina.k' }, { userId: KR_ID, waId: '821012345678', username: '@mina.k' }],
    ['a username-only sender', { userId: KR_ID, username: '@mina.k' }, { userId: KR_ID, username: '@mina.k' }],
    ['a file row with a phone', { phone: '010-1234-5678' }, { phone: '+821012345678' }],
    ['a BSUID in the phone field is not a phone', { phone: KR_ID }, {}],
    ['a phone in the user id field is not an id', { userId: '+821012345678' }, {}],
    ['a wa_id with a plus is not a wa_id', { waId: '+821012345678' }, {}],
  ])('%s', (_, raw, want) => {
    expect(parseSighting(raw, 'KR')).toEqual(want);
  });
});

describe('matchIdentity: user_id first, then wa_id, then the normalised phone', () => {
  it.each<[string, IdentitySighting, { ref: number; by: string; key: string } | undefined]>([
    ['by user id', { userId: KR_ID }, { ref: 2, by: 'user_id', key: KR_ID }],
    ['user id wins over a wa_id of someone else', { userId: KR_ID, waId: '821012345678' }, { ref: 2, by: 'user_id', key: KR_ID }],
    ['an unknown user id falls back to the wa_id', { userId: 'KR.000', waId: '821012345678' }, { ref: 1, by: 'wa_id', key: '+821012345678' }],
    ['by an E.164 phone', { phone: '+821055556666' }, { ref: 2, by: 'phone', key: '+821055556666' }],
    ['a Mexican wa_id with the old 1 finds the number stored without it', { waId: '5215512345678' }, { ref: 4, by: 'phone', key: '+525512345678' }],
    ['a user-id-only person', { userId: 'TW.777000111' }, { ref: 3, by: 'user_id', key: 'TW.777000111' }],
    ['nobody', { userId: 'KR.404', waId: '821099999999' }, undefined],
    ['an empty sighting', {}, undefined],
  ])('%s', async (_, s, want) => {
    expect(matchIdentity(index, s)).toEqual(want);
    const asyncIndex = { byUserId: async (id: string) => index.byUserId(id), byPhone: async (p: string) => index.byPhone(p) };
    expect(await matchIdentityAsync(asyncIndex, s)).toEqual(want);
  });
});

describe('learnIdentity: linking', () => {
  const owner: IdentityIndex<number> = {
    byUserId: (id) => (id === 'KR.taken' ? 9 : undefined),
    byPhone: (p) => (p === '+821099990000' ? 9 : undefined),
  };
  it.each<[string, WhatsAppIdentity, IdentitySighting, WhatsAppIdentity, string[], string[]]>([
    ['the first message with both links the id to a phone contact', { phone: '+821012345678' }, { userId: KR_ID, waId: '821012345678' }, { phone: '+821012345678', userId: KR_ID }, ['userId'], []],
    ['a phone links to an id-only contact', { userId: KR_ID }, { userId: KR_ID, waId: '821012345678' }, { userId: KR_ID, phone: '+821012345678' }, ['phone'], []],
    ['the username is learnt and a newer one replaces it', { userId: KR_ID, username: '@old' }, { userId: KR_ID, username: '@new' }, { userId: KR_ID, username: '@new' }, ['username'], []],
    ['seen again: nothing changes', { userId: KR_ID, phone: '+821012345678' }, { userId: KR_ID, waId: '821012345678' }, { userId: KR_ID, phone: '+821012345678' }, [], []],
    ['another id on a phone match is not taken over', { userId: KR_ID, phone: '+821012345678' }, { userId: KR_NEW, waId: '821012345678' }, { userId: KR_ID, phone: '+821012345678' }, [], ['user_id_differs']],
    ['a former id is not a conflict', { userId: KR_NEW, formerUserIds: [KR_ID] }, { userId: KR_ID }, { userId: KR_NEW, formerUserIds: [KR_ID] }, [], []],
    ['an id someone else holds is not taken', { phone: '+821012345678' }, { userId: 'KR.taken', waId: '821012345678' }, { phone: '+821012345678' }, [], ['user_id_taken']],
    ['a number someone else holds is not taken', { userId: KR_ID }, { userId: KR_ID, waId: '821099990000' }, { userId: KR_ID }, [], ['phone_taken']],
    ['a known phone is never replaced by a sighting', { phone: '+821012345678', userId: KR_ID }, { userId: KR_ID, waId: '821077778888' }, { phone: '+821012345678', userId: KR_ID }, [], []],
  ])('%s', (_, current, s, identity, changed, conflicts) => {
    expect(learnIdentity(1, current, s, owner)).toEqual({ identity, changed, conflicts });
  });
});

describe('moveUserId: user_changed_user_id', () => {
  it.each<[string, WhatsAppIdentity, WhatsAppIdentity | undefined]>([
    ['moves the link and keeps the old id', { userId: KR_ID, phone: '+821012345678' }, { userId: KR_NEW, phone: '+821012345678', formerUserIds: [KR_ID] }],
    ['a second delivery changes nothing', { userId: KR_NEW, formerUserIds: [KR_ID] }, undefined],
    ['someone else is not moved', { userId: 'KR.other' }, undefined],
    ['a person without an id is not moved', { phone: '+821012345678' }, undefined],
  ])('%s', (_, current, want) => {
    expect(moveUserId(current, { from: KR_ID, to: KR_NEW })).toEqual(want);
  });
});

describe('identifiersOf: every identifier of a person', () => {
  it.each<[string, WhatsAppIdentity, string[]]>([
    ['phone only', { phone: '+821012345678', username: '@mina' }, ['+821012345678']],
    ['id only', { userId: KR_ID }, [KR_ID]],
    ['id, former id and the number in every form', { userId: KR_NEW, formerUserIds: [KR_ID], phone: '+5215512345678' }, [KR_NEW, KR_ID, '+5215512345678', '+525512345678']],
    ['nothing', { username: '@mina' }, []],
  ])('%s', (_, identity, want) => {
    expect(identifiersOf(identity).map((i) => i.value)).toEqual(want);
  });

  it.each<[string, string[], boolean]>([
    ['STOP under the phone', ['+821012345678'], true],
    ['STOP under the old id', [KR_ID], true],
    ['STOP under the new id', [KR_NEW], true],
    ['someone else', ['+821099999999', 'KR.other'], false],
  ])('suppressed: %s', (_, list, want) => {
    expect(suppressedUnderAny({ userId: KR_NEW, formerUserIds: [KR_ID], phone: '+821012345678' }, new Set(list))).toBe(want);
  });
});

describe('IdentityBook', () => {
  it('links on the first message with both, follows a user id change, and still finds the person by the old id', () => {
    const book = new IdentityBook<string>();
    book.set('mina', { phone: '+821012345678' });
    expect(book.see({ userId: KR_ID })).toBeUndefined(); // nobody known by that id yet
    const first = book.see({ userId: KR_ID, waId: '821012345678', username: '@mina.k' });
    expect(first).toMatchObject({ ref: 'mina', by: 'wa_id', changed: ['userId', 'username'] });
    expect(book.see({ userId: KR_ID })).toMatchObject({ ref: 'mina', by: 'user_id', changed: [] });
    expect(book.moveUserId({ from: KR_ID, to: KR_NEW })).toBe('mina');
    expect(book.get('mina')).toEqual({ phone: '+821012345678', userId: KR_NEW, username: '@mina.k', formerUserIds: [KR_ID] });
    expect(book.byUserId(KR_NEW)).toBe('mina');
    expect(book.byUserId(KR_ID)).toBe('mina');
    expect(book.moveUserId({ from: 'KR.nobody', to: 'KR.x' })).toBeUndefined();
  });

  it('removes every key of a person', () => {
    const book = new IdentityBook<number>();
    book.set(1, { userId: KR_ID, phone: '+821012345678' });
    book.remove(1);
    expect(book.byUserId(KR_ID)).toBeUndefined();
    expect(book.byPhone('+821012345678')).toBeUndefined();
  });
});
