/**
 * commitImport and the WhatsApp identity (issue 13 point 1): a row is matched by user id first, then by number; an id
 * is added where the contact has none, never over another one, never one someone else holds; undo puts it all back.
 */
import { describe, expect, it } from 'vitest';
import type { CleanContact } from '../../../shared/import/types';
import { addContact } from './contacts';
import { commitImport, undoImport, type CommitOptions } from './importBatches';
import { freshDb } from './testDb';

const row = (phone: string, extra: Partial<CleanContact> = {}): CleanContact => ({ row: 2, name: '', phone, labels: [], optIn: undefined, landline: false, notes: [], memo: '', ...extra });
const opts = (extra: Partial<CommitOptions> = {}): CommitOptions => ({ fileName: 'list.csv', updateNames: false, updateOptIn: false, now: () => 1_000, ...extra });
const ID = 'KR.1349120865';

async function shop(contacts: Array<{ name: string; phone: string; userId?: string; username?: string }>) {
  const db = freshDb();
  for (const c of contacts) {
    const r = await addContact(db, { name: c.name, phone: c.phone }, { defaultCountry: 'KR', now: () => 500 });
    if (!r.ok) throw new Error('setup');
    if (c.userId || c.username) await db.contacts.update(r.contact.id, { ...(c.userId ? { userId: c.userId } : {}), ...(c.username ? { username: c.username } : {}) });
  }
  return db;
}
const state = async (db: ReturnType<typeof freshDb>) =>
  (await db.contacts.orderBy('id').toArray()).map((c) => [c.name, c.phone, c.userId, c.username]);

describe('commitImport with user ids and usernames', () => {
  it.each<[string, Parameters<typeof shop>[0], CleanContact[], unknown[][], { added: number; updated: number; unchanged: number }]>([
    ['a new contact keeps the file’s user id and username', [], [row('+821011112222', { name: 'Mina', userId: ID, username: '@mina' })], [['Mina', '+821011112222', ID, '@mina']], { added: 1, updated: 0, unchanged: 0 }],
    ['a contact known by number gets the user id (linking)', [{ name: 'Mina', phone: '+821011112222' }], [row('+821011112222', { userId: ID, username: '@mina' })], [['Mina', '+821011112222', ID, '@mina']], { added: 0, updated: 1, unchanged: 0 }],
    ['matched by user id first, even with another number in the file', [{ name: 'Mina', phone: '+821011112222', userId: ID }], [row('+821099990000', { userId: ID, labels: [] })], [['Mina', '+821011112222', ID, undefined]], { added: 0, updated: 0, unchanged: 1 }],
    ['the user id wins over a number someone else has', [{ name: 'Mina', phone: '+821011112222', userId: ID }, { name: 'Ben', phone: '+821033334444' }], [row('+821033334444', { userId: ID, username: '@mina' })], [['Mina', '+821011112222', ID, '@mina'], ['Ben', '+821033334444', undefined, undefined]], { added: 0, updated: 1, unchanged: 0 }],
    ['another user id is never replaced', [{ name: 'Mina', phone: '+821011112222', userId: 'KR.old' }], [row('+821011112222', { userId: ID })], [['Mina', '+821011112222', 'KR.old', undefined]], { added: 0, updated: 0, unchanged: 1 }],
    ['the contact’s username is kept', [{ name: 'Mina', phone: '+821011112222', username: '@mina' }], [row('+821011112222', { username: '@other' })], [['Mina', '+821011112222', undefined, '@mina']], { added: 0, updated: 0, unchanged: 1 }],
    ['two new numbers with one user id: only the first gets it (the import does not fail)', [], [row('+821011112222', { name: 'A', userId: ID }), row('+821033334444', { name: 'B', userId: ID })], [['A', '+821011112222', ID, undefined], ['B', '+821033334444', undefined, undefined]], { added: 2, updated: 0, unchanged: 0 }],
  ])('%s', async (_, before, rows, after, counts) => {
    const db = await shop(before);
    const r = await commitImport(db, rows, opts());
    expect(await state(db)).toEqual(after);
    expect({ added: r.added, updated: r.updated, unchanged: r.unchanged }).toEqual(counts);
  });

  it('a contact matched twice (by id, then by number) is recorded once for undo, and undo puts it back as it was', async () => {
    const db = await shop([{ name: 'Mina', phone: '+821011112222', userId: ID }]);
    const beforeImport = await state(db);
    const r = await commitImport(db, [row('+821099990000', { userId: ID, labels: ['VIP'] }), row('+821011112222', { username: '@mina', labels: ['단골'] })], opts({ chunk: 1 }));
    expect(r.updated).toBe(1);
    const mina = await db.contacts.where('userId').equals(ID).first();
    expect(mina?.username).toBe('@mina');
    expect(mina?.labelIds).toHaveLength(2);
    await undoImport(db, r.batchId);
    expect(await state(db)).toEqual(beforeImport);
    expect((await db.contacts.toArray())[0]?.labelIds).toEqual([]);
  });
});

describe('commitImport with rows that have only a user id', () => {
  const idRow = (userId: string, extra: Partial<CleanContact> = {}): CleanContact => ({ row: 2, name: '', userId, labels: [], optIn: undefined, landline: false, notes: [], memo: '', ...extra });
  const shopById = async (contacts: Array<{ name: string; phone?: string; userId?: string }>) => {
    const db = freshDb();
    for (const c of contacts) if (!(await addContact(db, c, { defaultCountry: 'KR', now: () => 500 })).ok) throw new Error('setup');
    return db;
  };
  it.each<[string, Parameters<typeof shopById>[0], CleanContact[], unknown[][], { added: number; updated: number; unchanged: number }]>([
    ['a new contact without a phone', [], [idRow(ID, { name: 'Mina', username: '@mina' })], [['Mina', undefined, ID, '@mina']], { added: 1, updated: 0, unchanged: 0 }],
    ['two id-only rows: two contacts (no phone to clash on)', [], [idRow(ID, { name: 'A' }), idRow('KR.777', { name: 'B' })], [['A', undefined, ID, undefined], ['B', undefined, 'KR.777', undefined]], { added: 2, updated: 0, unchanged: 0 }],
    ['merged by user id into a contact that has one', [{ name: 'Mina', userId: ID }], [idRow(ID, { username: '@mina' })], [['Mina', undefined, ID, '@mina']], { added: 0, updated: 1, unchanged: 0 }],
    ['a contact known by its id learns the file’s number', [{ name: 'Mina', userId: ID }], [row('+821011112222', { userId: ID })], [['Mina', '+821011112222', ID, undefined]], { added: 0, updated: 1, unchanged: 0 }],
    ['…but never a number another contact has', [{ name: 'Mina', userId: ID }, { name: 'Ben', phone: '+821033334444' }], [row('+821033334444', { userId: ID })], [['Mina', undefined, ID, undefined], ['Ben', '+821033334444', undefined, undefined]], { added: 0, updated: 0, unchanged: 1 }],
    ['an id-only row never matches a contact by number', [{ name: 'Ben', phone: '+821033334444' }], [idRow(ID, { name: 'Mina' })], [['Ben', '+821033334444', undefined, undefined], ['Mina', undefined, ID, undefined]], { added: 1, updated: 0, unchanged: 0 }],
  ])('%s', async (_, before, rows, after, counts) => {
    const db = await shopById(before);
    const r = await commitImport(db, rows, opts());
    expect(await state(db)).toEqual(after);
    expect({ added: r.added, updated: r.updated, unchanged: r.unchanged }).toEqual(counts);
    for (const c of await db.contacts.toArray()) if (c.phone === undefined) expect('phone' in c).toBe(false); // absent, never ''
  });

  it('undo removes an id-only contact the import added and takes back a number it linked', async () => {
    const db = await shopById([{ name: 'Mina', userId: ID }]);
    const before = await state(db);
    const r = await commitImport(db, [row('+821011112222', { userId: ID }), idRow('KR.777', { name: 'Ben' })], opts());
    expect(r).toMatchObject({ added: 1, updated: 1 });
    await undoImport(db, r.batchId);
    expect(await state(db)).toEqual(before);
  });

  it('a file row with an id-only contact is found by search under its id', async () => {
    const db = freshDb();
    await commitImport(db, [idRow(ID, { name: '', username: '@mina.k' })], opts());
    const [c] = await db.contacts.toArray();
    expect(c?.terms).toEqual(expect.arrayContaining(['kr.1349120865', '@mina.k', 'mina.k']));
  });
});
