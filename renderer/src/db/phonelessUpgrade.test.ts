/**
 * Dexie version 8 (issue 13 point 1): a contact may have a WhatsApp user id and no phone, and search finds contacts by
 * user id and `@username`. A database written by version 7 opens with every contact as it was, plus the identity
 * search terms on the contacts that have a user id or username; contacts without a phone then coexist under `&phone`.
 */
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { addContact } from './contacts';
import { EMPTY_QUERY, queryContactIds } from './contactQuery';
import { ShopcastDB, type ContactRecord } from './db';
import { writeShippedVersion } from './testDb';

/** A database as version 7 left it, holding `contacts`. */
function writeVersion7(name: string, contacts: Record<string, unknown>[]): Promise<void> {
  return writeShippedVersion(name, 7, (old) => old.table('contacts').bulkAdd(contacts));
}

const base = (i: number, extra: Partial<ContactRecord> = {}): Omit<ContactRecord, 'id'> => ({
  name: `고객${i}`,
  phone: `+8210200000${i}`,
  labelIds: [],
  optInStatus: 'opted_in',
  optInSource: 'in_store',
  optInAt: 1_700_000_000_000 + i,
  notes: '',
  lastInteractionAt: null,
  nightConsent: null,
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_000_000,
  nameKey: `고객${i}`,
  // As version 7 wrote them: name words, phone groups, the username's words (never the user id).
  terms: [`고객${i}`, `8210200000${i}`, ...(extra.username ? [extra.username.replace(/^@/, '')] : [])],
  lastInteractionSort: 0,
  ...extra,
});

const ID = 'KR.1349120865530274';
const search = (db: ShopcastDB, text: string) => queryContactIds(db, { ...EMPTY_QUERY, text });

describe('Dexie version 8: contacts without a phone', () => {
  it('opens a version-7 database: a contact with a user id or username gains its identity terms, the others are unchanged', async () => {
    const name = 'upgrade-phoneless';
    const plain = base(1);
    await writeVersion7(name, [plain, base(2, { userId: ID, username: '@mina.k' })]);
    const db = new ShopcastDB(name, { indexedDB, IDBKeyRange });
    const [first, second] = await db.contacts.orderBy('id').toArray();
    const { id: _id, ...rest } = first!;
    expect(rest).toEqual(plain);
    // The terms it had stay, first and in order; the identity terms are added after them.
    expect(second?.terms.slice(0, 3)).toEqual(base(2, { username: '@mina.k' }).terms);
    expect(second?.terms).toEqual(expect.arrayContaining(['kr.1349120865530274', '@mina.k']));
    expect(await search(db, 'KR.13491')).toEqual([second?.id]);
    expect(await search(db, '@mina')).toEqual([second?.id]);
    db.close();
  });

  it('keeps any number of contacts without a phone (the &phone index leaves them out), found by user id and username', async () => {
    const name = 'upgrade-phoneless-add';
    await writeVersion7(name, [base(1)]);
    const db = new ShopcastDB(name, { indexedDB, IDBKeyRange });
    const opts = { defaultCountry: 'KR' as const, now: () => 1_800_000_000_000 };
    const a = await addContact(db, { name: 'Mina', userId: ID }, opts);
    const b = await addContact(db, { name: '', userId: 'KR.777' }, opts);
    expect(a.ok && b.ok).toBe(true);
    const stored = await db.contacts.where('userId').anyOf([ID, 'KR.777']).toArray();
    expect(stored.map((c) => 'phone' in c)).toEqual([false, false]);
    expect(await db.contacts.count()).toBe(3);
    expect(await search(db, 'kr.777')).toEqual(b.ok ? [b.contact.id] : []);
    // The same user id twice is a duplicate, said as such, not a crash.
    expect(await addContact(db, { name: 'Again', userId: ID }, opts)).toMatchObject({ ok: false, kind: 'duplicate', existing: { name: 'Mina', userId: ID } });
    db.close();
  });
});
