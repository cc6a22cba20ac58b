/**
 * The import carries the WhatsApp identity (issue 13 point 1): user_id / whatsapp_id / bsuid and username columns,
 * user ids read by the id path only (never libphonenumber), kept through de-duplication; a row with only a user id
 * is a contact without a phone, and rows are the same person by user id first, then by number.
 */
import { describe, expect, it } from 'vitest';
import { Merger } from './dedupe';
import { detectMapping, roleOfHeader, toRecords } from './mapping';
import { normalizeCell, normalizeRecord } from './normalize';
import { runPipeline } from './pipeline';
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
    ['only a user id: a contact without a phone', record([], { userId: ID, username: '@mina' }), { ok: true, phone: undefined, userId: ID, username: '@mina' }],
    ['a user id in the phone column: taken as the user id', record([ID]), { ok: true, phone: undefined, userId: ID, username: undefined }],
    ['a parent id in the phone column (libphonenumber would read it as +82123456789)', record(['US.ENT.123456789']), { ok: true, phone: undefined, userId: 'US.ENT.123456789', username: undefined }],
    ['a user id in the phone column beside a number: the number and the id', record([ID, '010-1234-5678']), { ok: true, phone: '+821012345678', userId: ID, username: undefined }],
    ['the id column wins over an id in the phone column', record(['KR.999'], { userId: ID }), { ok: true, phone: undefined, userId: ID, username: undefined }],
    ['an id-shaped cell too long to be an id is not a number either', record([`KR.${'9'.repeat(130)}`]), { ok: false, reason: 'not_a_number', raw: `KR.${'9'.repeat(130)}` }],
    ['no phone, no id', record([]), { ok: false, reason: 'no_phone', raw: '' }],
    ['only a username: nobody to reach', record([], { username: '@mina' }), { ok: false, reason: 'no_phone', raw: '' }],
    ['a bad number beside a user id is still a bad number', record(['123'], { userId: ID }), { ok: false, reason: 'too_short', raw: '123' }],
  ])('%s', (_, rec, want) => {
    const n = normalizeRecord(rec, 'KR');
    if (n.ok && !n.contact.phone) expect('phone' in n.contact).toBe(false); // absent, never ''
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

describe('duplicates by user id first, then by number', () => {
  const c = (row: number, extra: Partial<CleanContact>): CleanContact => ({ row, name: '', labels: [], optIn: undefined, landline: false, notes: [], memo: '', ...extra });
  const P = '+821012345678';
  it.each<[string, Partial<CleanContact>[], Array<Partial<CleanContact>>, number[]]>([
    ['two rows with one user id and no phone: one contact', [{ userId: ID, labels: ['VIP'] }, { userId: ID, labels: ['New'], name: 'Mina' }], [{ userId: ID, name: 'Mina', labels: ['VIP', 'New'] }], [2]],
    ['the id row first, then the same id with a number: the number is filled', [{ userId: ID }, { userId: ID, phone: P }], [{ userId: ID, phone: P }], [2]],
    ['a number row, then an id-only row: two people (nothing links them)', [{ phone: P }, { userId: ID }], [{ phone: P }, { userId: ID }], []],
    ['the same id with two numbers: the first number stays', [{ userId: ID, phone: P }, { userId: ID, phone: '+821099998888' }], [{ userId: ID, phone: P }], [2]],
    ['a row matched by id never takes a number another contact of the file has', [{ userId: ID }, { phone: P }, { userId: ID, phone: P }], [{ userId: ID }, { phone: P }], [3]],
    ['an opt-out under the same id wins', [{ userId: ID, optIn: 'opted_in' }, { userId: ID, optIn: 'opted_out' }], [{ userId: ID, optIn: 'opted_out' }], [2]],
  ])('%s', (_, rows, want, dupRows) => {
    const m = new Merger();
    const dups = rows.map((r, i) => m.add(c(i + 1, r), () => '')).filter((d) => d !== undefined);
    expect(m.contacts().map((x) => ({ phone: x.phone, userId: x.userId, ...(want[0]?.name !== undefined ? { name: x.name } : {}) }))).toEqual(
      want.map((w) => ({ phone: w.phone, userId: w.userId, ...(want[0]?.name !== undefined ? { name: w.name } : {}) })),
    );
    for (const [i, w] of want.entries()) {
      if (w.labels) expect(m.contacts()[i]?.labels).toEqual(w.labels);
      if (w.optIn) expect(m.contacts()[i]?.optIn).toBe(w.optIn);
    }
    expect(dups.map((d) => d.row)).toEqual(dupRows);
  });
});

describe('a file of user ids', () => {
  const read = (csv: string) => {
    const r = runPipeline(new TextEncoder().encode(csv), { country: 'KR', decode: (b) => new TextDecoder().decode(b) });
    if (!r.ok) throw new Error(r.problem);
    return r;
  };
  it('imports rows with only a user id (a file without a phone column too), merging the same id', () => {
    const r = read(`name,bsuid,username\nMina,${ID},@mina\nBen,KR.777,\nMina again,${ID},\n,,@nobody\n`);
    expect(r.fileNotes).not.toContain('no_phone_column');
    expect(r.contacts.map((c) => [c.name, c.phone, c.userId, c.username])).toEqual([['Mina', undefined, ID, '@mina'], ['Ben', undefined, 'KR.777', undefined]]);
    expect(r.duplicates.map((d) => [d.row, d.mergedInto, d.phone])).toEqual([[4, 2, ID]]);
    expect(r.rejected.map((x) => [x.row, x.reason])).toEqual([[5, 'no_phone']]);
  });

  it('a phone column holding ids and numbers: each read by its own path', () => {
    const r = read(`name,phone\nMina,${ID}\nBen,010-2222-3333\n`);
    expect(r.contacts.map((c) => [c.phone, c.userId])).toEqual([[undefined, ID], ['+821022223333', undefined]]);
  });
});
