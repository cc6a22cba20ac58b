/**
 * Dexie version 7 (issue 13 point 1): contacts get an optional, unique `userId` index (the BSUID) and may carry a
 * username; a database written by version 6 opens with every contact exactly as it was.
 */
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { ShopcastDB, type ContactRecord } from './db';
import { writeShippedVersion } from './testDb';

/** A database as version 6 left it, holding `contacts` and a VIP label. */
function writeVersion6(name: string, contacts: Record<string, unknown>[]): Promise<void> {
  return writeShippedVersion(name, 6, async (old) => {
    await old.table('contacts').bulkAdd(contacts);
    await old.table('labels').add({ name: 'VIP', nameKey: 'vip', color: 'green', createdAt: 1, updatedAt: 1 });
  });
}

const base = (i: number): Omit<ContactRecord, 'id'> => ({
  name: `고객${i}`,
  phone: `+8210200000${i}`,
  labelIds: [1],
  optInStatus: 'opted_in',
  optInSource: 'in_store',
  optInAt: 1_700_000_000_000 + i,
  notes: `note ${i}`,
  lastInteractionAt: null,
  nightConsent: i === 2 ? { at: 1_700_000_000_000, source: 'in_store' } : null,
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_000_000,
  nameKey: `고객${i}`,
  terms: [`고객${i}`],
  lastInteractionSort: 0,
});

describe('Dexie version 7: WhatsApp user ids on contacts', () => {
  it('opens a version-6 database with every contact and label unchanged', async () => {
    const name = 'upgrade-identity';
    const before = [base(1), base(2), base(3)];
    await writeVersion6(name, before);
    const db = new ShopcastDB(name, { indexedDB, IDBKeyRange });
    const after = await db.contacts.orderBy('id').toArray();
    expect(after.map(({ id: _id, ...rest }) => rest)).toEqual(before);
    expect(await db.labels.count()).toBe(1);
    expect(db.verno).toBeGreaterThanOrEqual(7); // later versions add tables; this one is the contacts' user ids
    expect(await db.contacts.where('userId').anyOf(['KR.1', 'KR.2']).count()).toBe(0);
    db.close();
  });

  it('finds a contact by user id, keeps user ids unique, and lets any number of contacts have none', async () => {
    const name = 'upgrade-identity-unique';
    await writeVersion6(name, [base(1)]);
    const db = new ShopcastDB(name, { indexedDB, IDBKeyRange });
    const id = await db.contacts.add({ ...base(2), userId: 'KR.1349120865', username: '@mina.k' } as ContactRecord);
    await db.contacts.add(base(3) as ContactRecord); // a second contact without a user id
    expect((await db.contacts.where('userId').equals('KR.1349120865').first())?.id).toBe(id);
    await expect(db.contacts.add({ ...base(4), userId: 'KR.1349120865' } as ContactRecord)).rejects.toThrow(/ConstraintError|unique/i);
    expect(await db.contacts.count()).toBe(3);
    db.close();
  });
});
