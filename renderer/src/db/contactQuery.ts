/**
 * The contacts list query. The list never holds 100,000 records: it holds the ordered primary keys of the
 * matching contacts (cheap: IndexedDB returns keys in index order) and fetches only the rows on screen.
 * Filters are index lookups (labels, opt-in status, search terms) intersected as key sets.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import type { OptInStatus } from '../../../shared/domain/contact';
import { searchKeyForQuery } from '../../../shared/domain/search';
import { getDb, type ContactRecord, type ShopcastDB } from './db';

export type ContactSort = 'name' | 'lastInteraction' | 'created';

export interface ContactQuery {
  text: string;
  labelIds: readonly number[];
  /** 'any': contacts with at least one of the labels; 'all': contacts with every one of them. */
  labelMatch: 'any' | 'all';
  optIn: OptInStatus | 'all';
  sort: ContactSort;
}

export const EMPTY_QUERY: ContactQuery = { text: '', labelIds: [], labelMatch: 'any', optIn: 'all', sort: 'name' };

/**
 * Below this many matches, fetching the records and sorting them here beats reading a whole sorted index when that
 * order is not cached yet. Measured in Chromium at 100,000 contacts: reading a whole sorted index takes about 0.8 s
 * (then it is cached), fetching 13,000 records one by one about 0.3 s, 2,000 about 0.05 s.
 */
const SMALL_RESULT = 2_000;

export async function queryContactIds(db: ShopcastDB, q: ContactQuery): Promise<number[]> {
  const sets: Array<Promise<Set<number>>> = [];
  const key = searchKeyForQuery(q.text);
  if (key !== undefined) sets.push(db.contacts.where('terms').startsWith(key).primaryKeys().then((k) => new Set(k)));
  if (q.optIn !== 'all') sets.push(db.contacts.where('optInStatus').equals(q.optIn).primaryKeys().then((k) => new Set(k)));
  if (q.labelIds.length > 0) {
    // One equals() per label: anyOf() walks a cursor (about 4x slower than getAllKeys() on one key in Chromium).
    const perLabel = q.labelIds.map((id) => db.contacts.where('labelIds').equals(id).primaryKeys());
    if (q.labelMatch === 'any') sets.push(Promise.all(perLabel).then((lists) => new Set(lists.flat())));
    else for (const ids of perLabel) sets.push(ids.then((k) => new Set(k)));
  }
  if (sets.length === 0) return sortedIds(db, q.sort);

  const resolved = (await Promise.all(sets)).sort((a, b) => a.size - b.size);
  let matches = resolved[0] ?? new Set<number>();
  for (const other of resolved.slice(1)) matches = new Set([...matches].filter((id) => other.has(id)));

  if (matches.size <= SMALL_RESULT && !isOrderCached(db, q.sort)) {
    const records = (await db.contacts.bulkGet([...matches])).filter((c): c is ContactRecord => c !== undefined);
    return records.sort(comparator(q.sort)).map((c) => c.id);
  }
  const all = await sortedIds(db, q.sort);
  return all.filter((id) => matches.has(id));
}

export const SORT_INDEX: Record<ContactSort, { index: 'nameKey' | 'createdAt' | 'lastInteractionSort'; descending: boolean }> = {
  name: { index: 'nameKey', descending: false },
  created: { index: 'createdAt', descending: true },
  lastInteraction: { index: 'lastInteractionSort', descending: true },
};

interface CachedOrder {
  revision: number;
  ids: Promise<number[]>;
}
const orderCache = new WeakMap<ShopcastDB, Map<ContactSort, CachedOrder>>();

/**
 * Every contact id in list order. Reading a whole sorted index is the slowest query the list makes (about 0.8 s for
 * 100,000 contacts in Chromium), so each order is kept until the contacts table changes; filters are then a set
 * lookup over the cached order. Descending orders read the index ascending and reverse it in memory: getAllKeys()
 * has no direction, and a reverse cursor is twice as slow.
 */
function sortedIds(db: ShopcastDB, sort: ContactSort): Promise<number[]> {
  let perDb = orderCache.get(db);
  if (!perDb) orderCache.set(db, (perDb = new Map()));
  const cached = perDb.get(sort);
  if (cached && cached.revision === db.contactsRevision) return cached.ids;
  const { index, descending } = SORT_INDEX[sort];
  const entry: CachedOrder = {
    revision: db.contactsRevision,
    ids: db.contacts
      .orderBy(index)
      .primaryKeys()
      .then((ids) => (descending ? ids.reverse() : ids)),
  };
  entry.ids.catch(() => perDb.delete(sort)); // a failed read is not cached
  perDb.set(sort, entry);
  return entry.ids;
}

function isOrderCached(db: ShopcastDB, sort: ContactSort): boolean {
  return orderCache.get(db)?.get(sort)?.revision === db.contactsRevision;
}

/**
 * The first `limit` ids of the unfiltered list, straight from the index (a few milliseconds), so the first rows
 * show at once while the whole order loads. Undefined when the whole order is already cached (use it instead).
 */
export async function previewContactIds(db: ShopcastDB, sort: ContactSort, limit: number): Promise<number[] | undefined> {
  if (isOrderCached(db, sort)) return undefined;
  const { index, descending } = SORT_INDEX[sort];
  const ordered = db.contacts.orderBy(index);
  return (descending ? ordered.reverse() : ordered).limit(limit).primaryKeys();
}

export function isUnfiltered(q: ContactQuery): boolean {
  return searchKeyForQuery(q.text) === undefined && q.optIn === 'all' && q.labelIds.length === 0;
}

/** The same order the indexes give (IndexedDB compares strings by UTF-16 code unit, ties by primary key). */
export function comparator(sort: ContactSort): (a: ContactRecord, b: ContactRecord) => number {
  const byCodeUnit = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  switch (sort) {
    case 'name':
      return (a, b) => byCodeUnit(a.nameKey, b.nameKey) || a.id - b.id;
    case 'created':
      return (a, b) => b.createdAt - a.createdAt || b.id - a.id;
    case 'lastInteraction':
      return (a, b) => b.lastInteractionSort - a.lastInteractionSort || b.id - a.id;
  }
}

/** The records for the rows on screen, in the order of `ids`; missing ones (deleted meanwhile) are left out. */
export function useContactsByIds(ids: readonly number[], db: ShopcastDB = getDb()): ContactRecord[] | undefined {
  return useLiveQuery(
    async () => (await db.contacts.bulkGet([...ids])).filter((c): c is ContactRecord => c !== undefined),
    [db, ids.join(',')],
  );
}
