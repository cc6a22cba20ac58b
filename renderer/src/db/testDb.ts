/** A fresh database per test, on fake-indexeddb (correctness only; speed is measured in real Chromium). */
import Dexie from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { ShopcastDB } from './db';

let n = 0;
// Each vitest file runs in its own process, so a counter is enough to keep databases apart.
export function freshDb(): ShopcastDB {
  n += 1;
  return new ShopcastDB(`test-${n}`, { indexedDB, IDBKeyRange });
}

/**
 * The schema of each Dexie version as it shipped, 1 to 7 (db.ts keeps every version; an upgrade test writes a
 * database as an older release did, then opens it with today's ShopcastDB).
 */
const SHIPPED_STORES: readonly Record<string, string>[] = [
  { contacts: '++id, &phone, nameKey, *terms, *labelIds, optInStatus, lastInteractionSort, createdAt', labels: '++id, &nameKey', trash: 'id, createdAt' },
  { importBatches: 'id, createdAt' },
  { campaigns: 'id, createdAt, state, draftRef', recipients: 'job, campaign, [campaign+phase], contactId, contact, at', inbox: 'seq, from, at, campaign, contactId', syncState: 'key' },
  { drafts: 'id, updatedAt', segments: 'id, name, updatedAt', rollups: 'key, [scope+day], [scope+ref]' },
  { inboxActions: '++id, identity, at', quickReplies: 'id, order' },
  {},
  { contacts: '++id, &phone, &userId, nameKey, *terms, *labelIds, optInStatus, lastInteractionSort, createdAt' },
];

/** Writes database `name` as release `version` (1–7) left it: its schema, then `fill` with that release's rows. */
export async function writeShippedVersion(name: string, version: number, fill: (old: Dexie) => Promise<unknown>): Promise<void> {
  const old = new Dexie(name, { indexedDB, IDBKeyRange });
  SHIPPED_STORES.slice(0, version).forEach((stores, i) => old.version(i + 1).stores(stores));
  await old.open();
  await fill(old);
  old.close();
}
