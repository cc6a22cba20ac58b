/** Dexie version 6 (issue 13 point 5): existing contacts get `nightConsent: null`, and nothing else of them changes. */
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { ShopcastDB } from './db';
import { writeShippedVersion } from './testDb';

/** A database as version 4 left it, holding `contacts`. */
function writeVersion4(name: string, contacts: Record<string, unknown>[]): Promise<void> {
  return writeShippedVersion(name, 4, (old) => old.table('contacts').bulkAdd(contacts));
}

const base = (i: number) => ({
  name: `고객${i}`,
  phone: `+8210200000${i}`,
  labelIds: [1],
  optInStatus: 'opted_in',
  optInSource: 'in_store',
  optInAt: 1_700_000_000_000 + i,
  notes: `note ${i}`,
  lastInteractionAt: null,
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_000_000,
  nameKey: `고객${i}`,
  terms: [`고객${i}`],
  lastInteractionSort: 0,
});

describe('Dexie version 6: night-time consent', () => {
  it('sets nightConsent to null on every existing contact and keeps the rest as it was', async () => {
    const name = 'upgrade-night-consent';
    const before = [base(1), base(2), base(3)];
    await writeVersion4(name, before);
    const db = new ShopcastDB(name, { indexedDB, IDBKeyRange });
    const after = await db.contacts.orderBy('id').toArray();
    expect(after).toHaveLength(3);
    for (const [i, c] of after.entries()) {
      expect(c.nightConsent).toBeNull();
      const { id: _id, nightConsent: _n, ...rest } = c;
      expect(rest).toEqual(before[i]);
    }
    expect(db.verno).toBeGreaterThanOrEqual(6);
    db.close();
  });

  it('keeps a night-time consent a contact already has', async () => {
    const name = 'upgrade-night-consent-kept';
    const given = { at: 1_700_000_000_000, source: 'in_store' };
    await writeVersion4(name, [{ ...base(1), nightConsent: given }, base(2)]);
    const db = new ShopcastDB(name, { indexedDB, IDBKeyRange });
    const [a, b] = await db.contacts.orderBy('id').toArray();
    expect(a?.nightConsent).toEqual(given);
    expect(b?.nightConsent).toBeNull();
    db.close();
  });
});
