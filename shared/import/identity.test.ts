/**
 * The import carries the WhatsApp identity (issue 13 point 1): user_id / whatsapp_id / bsuid and username columns,
 * user ids read by the id path only (never libphonenumber), kept through de-duplication; a row with only a user id
 * is said to be one (contacts still need a phone number) rather than "no phone number".
 */
import { describe, expect, it } from 'vitest';
import { Merger } from './dedupe';
import { detectMapping, roleOfHeader, toRecords } from './mapping';
import { normalizeCell, normalizeRecord } from './normalize';
import type { CleanContact, SourceRecord } from './types';

const ID = 'KR.1349120865530274';

describe('identity columns', () => {
  it.each([
    ['user_id', 'userId'],
    ['User ID', 'userId'],
    ['whatsapp_id', 'userId'],
    ['WhatsApp ID', 'userId'],
    ['bsuid', 'userId'],
    ['BSUID', 'userId'],
    ['사용자 ID', 'userId'],
    ['username', 'username'],
    ['WhatsApp username', 'username'],
    ['사용자 이름', 'username'],
    ['用戶名稱', 'username'],
    ['WhatsApp', 'phone'], // a "WhatsApp" column holds numbers
    ['wa_id', undefined], // digits of a number, not an id: the person can map it
  ])('%s → %s', (header, role) => {
    expect(roleOfHeader(header)).toBe(role);
  });

  it('reads a user id and a username per row; a cell that is not an id is left out, never taken for a number', () => {
    const rows = [
      ['name', 'phone', 'user_id', 'username'],
      ['Mina', '010-1234-5678', ID, 'mina.k'],
      ['Ben', '010-2222-3333', '+821099998888', '@ben'],
      ['Chen', '', ` ${ID}2 `, ''],
    ];
    const records = toRecords(rows, detectMapping(rows));
    expect(records.map((r) => [r.userId, r.username])).toEqual([[ID, '@mina.k'], [undefined, '@ben'], [`${ID}2`, undefined]]);
  });

  it('finds the header of a file with user ids and no phone column', () => {
    const rows = [['name', 'bsuid'], ['Mina', ID]];
    const mapping = detectMapping(rows);
    expect(mapping).toMatchObject({ headerRow: 0, roles: ['name', 'userId'] });
  });
});

const record = (phones: string[], extra: Partial<SourceRecord> = {}): SourceRecord => ({ row: 4, name: 'Mina', phones, labels: [], optIn: undefined, memo: '', ...extra });

describe('normalizeRecord with a user id', () => {
  it.each<[string, SourceRecord, unknown]>([
    ['a phone and a user id: both kept', record(['010-1234-5678'], { userId: ID, username: '@mina' }), { ok: true, phone: '+821012345678', userId: ID, username: '@mina' }],
    ['only a user id: said as such', record([], { userId: ID }), { ok: false, reason: 'user_id_only', raw: ID }],
    ['a user id in the phone column', record([ID]), { ok: false, reason: 'user_id_only', raw: ID }],
    ['a parent id in the phone column (libphonenumber would read it as +82123456789)', record(['US.ENT.123456789']), { ok: false, reason: 'user_id_only', raw: 'US.ENT.123456789' }],
    ['no phone, no id', record([]), { ok: false, reason: 'no_phone', raw: '' }],
    ['a bad number beside a user id is still a bad number', record(['123'], { userId: ID }), { ok: false, reason: 'too_short', raw: '123' }],
  ])('%s', (_, rec, want) => {
    const n = normalizeRecord(rec, 'KR');
    expect(n.ok ? { ok: true, phone: n.contact.phone, userId: n.contact.userId, username: n.contact.username } : { ok: false, reason: n.rejected.reason, raw: n.rejected.raw }).toEqual(want);
  });

  it('never reads a BSUID as a number', () => {
    expect(normalizeCell('US.ENT.123456789', 'KR').parse).toEqual({ ok: false, reason: 'not_a_number' });
  });
});

describe('duplicates keep the first user id and username the file gives for a number', () => {
  const c = (row: number, extra: Partial<CleanContact>): CleanContact => ({ row, name: '', phone: '+821012345678', labels: [], optIn: undefined, landline: false, notes: [], memo: '', ...extra });
  it.each<[string, Partial<CleanContact>[], { userId?: string; username?: string }]>([
    ['the second row fills what the first lacked', [{}, { userId: ID, username: '@mina' }], { userId: ID, username: '@mina' }],
    ['the first wins', [{ userId: ID }, { userId: 'KR.other', username: '@m' }], { userId: ID, username: '@m' }],
    ['none', [{}, {}], {}],
  ])('%s', (_, rows, want) => {
    const m = new Merger();
    rows.forEach((r, i) => m.add(c(i + 1, r), () => ''));
    const [merged] = m.contacts();
    expect({ userId: merged?.userId, username: merged?.username }).toEqual({ userId: undefined, username: undefined, ...want });
  });
});
