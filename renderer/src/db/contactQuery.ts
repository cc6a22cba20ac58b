/**
 * The contacts list query. The list never holds 100,000 records: it holds the ordered primary keys of the
 * matching contacts (cheap: IndexedDB returns keys in index order) and fetches only the rows on screen.
 * Filters are index lookups (labels, opt-in status, search terms) intersected as key sets.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import type { OptInStatus } from '../../../shared/domain/contact';
import { searchKeyForQuery } from '../../../shared/domain/search';
import { getDb, type ContactRecord, type ContactSortIndex, type InteractionMove, type ShopcastDB } from './db';

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

export const SORT_INDEX: Record<ContactSort, { index: ContactSortIndex; descending: boolean }> = {
  name: { index: 'nameKey', descending: false },
  created: { index: 'createdAt', descending: true },
  lastInteraction: { index: 'lastInteractionSort', descending: true },
};

interface Order {
  ids: number[];
  /** The first contact in the order and its sort key (kept for the last-interaction order only). */
  top?: { id: number; at: number };
}

interface CachedOrder {
  revision: number;
  /** db.interactionSeq when this order was read or last moved. */
  seq: number;
  order: Promise<Order>;
}
const orderCache = new WeakMap<ShopcastDB, Map<ContactSort, CachedOrder>>();

/**
 * Every contact id in list order. Reading a whole sorted index is the slowest query the list makes (about 0.8 s for
 * 100,000 contacts in Chromium), so each order is kept until a write may change it (db.orderRevisions: a reply that
 * moves a contact's last interaction leaves the name order as it was); filters are then a set lookup over the cached
 * order. Descending orders read the index ascending and reverse it in memory: getAllKeys() has no direction, and a
 * reverse cursor is twice as slow. The last-interaction order moves replying contacts to its top instead of being
 * read again for every reply while a campaign sends (db.interactionMovesSince).
 */
function sortedIds(db: ShopcastDB, sort: ContactSort): Promise<number[]> {
  let perDb = orderCache.get(db);
  if (!perDb) orderCache.set(db, (perDb = new Map()));
  const cached = perDb.get(sort);
  const { index } = SORT_INDEX[sort];
  if (cached && cached.revision === db.orderRevisions[index]) {
    if (cached.seq !== db.interactionSeq && sort === 'lastInteraction') {
      const moves = db.interactionMovesSince(cached.seq);
      cached.seq = db.interactionSeq;
      // A move that cannot be placed from what is cached (a reply older than the newest) reads the order again.
      cached.order = cached.order.then((order) => (moves && moveToTop(order, moves)) || readOrder(db, sort));
      cached.order.catch(() => perDb.delete(sort));
    }
    return cached.order.then((o) => o.ids);
  }
  const entry: CachedOrder = { revision: db.orderRevisions[index], seq: db.interactionSeq, order: readOrder(db, sort) };
  entry.order.catch(() => perDb.delete(sort)); // a failed read is not cached
  perDb.set(sort, entry);
  return entry.order.then((o) => o.ids);
}

function readOrder(db: ShopcastDB, sort: ContactSort): Promise<Order> {
  const { index, descending } = SORT_INDEX[sort];
  if (sort !== 'lastInteraction') return db.contacts.orderBy(index).primaryKeys().then((ids) => ({ ids: descending ? ids.reverse() : ids }));
  // The order and its top in one transaction, so they agree.
  return db.transaction('r', db.contacts, async () => {
    const ids = (await db.contacts.orderBy(index).primaryKeys()).reverse();
    const first = ids[0] === undefined ? undefined : await db.contacts.get(ids[0]);
    return { ids, ...(first ? { top: { id: first.id, at: first.lastInteractionSort } } : {}) };
  });
}

/**
 * The last-interaction order (newest first, ties by higher id) with each moved contact put first, or undefined when
 * a move would not land first (its time is older than the top's) and the order must be read again. Contacts not in
 * the order (a bulkUpdate of a key that does not exist) are left out.
 */
export function moveToTop(order: Order, moves: readonly InteractionMove[]): Order | undefined {
  const ids = [...order.ids];
  let top = order.top;
  for (const m of [...moves].sort((a, b) => a.at - b.at || a.id - b.id)) {
    const at = ids.indexOf(m.id);
    if (at < 0) continue;
    const first = !top || m.at > top.at || (m.at === top.at && m.id >= top.id);
    if (!first) return undefined;
    ids.splice(at, 1);
    ids.unshift(m.id);
    top = { id: m.id, at: m.at };
  }
  return { ids, ...(top ? { top } : {}) };
}

function isOrderCached(db: ShopcastDB, sort: ContactSort): boolean {
  return orderCache.get(db)?.get(sort)?.revision === db.orderRevisions[SORT_INDEX[sort].index];
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

/**
 * Runs `read` outside any live query's observation. Dexie's live queries remember every key a read returns (a range
 * set insert each: about 90 ms of main thread for the 50,000 keys of a whole sort order), so a list that re-read its
 * order inside a live query blocked the window each time a reply arrived while a campaign sent. Dexie's zone does
 * not follow a timer, so the read starts from one. What the result depends on is observed by `observeContactQuery`.
 */
export function untracked<T>(read: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    setTimeout(() => read().then(resolve, reject), 0);
  });
}

/**
 * Cheap reads (one key each) that make a live query re-run whenever `q`'s answer may change, for use with an
 * untracked `queryContactIds`:
 * - a read on the primary key observes the whole table for deletions and for writes that do not say what they
 *   changed (Dexie counts those as possible deletions);
 * - a read on the sort index observes that whole index: a contact added, or moved in that order;
 * - a read per filter observes its index over the filter's range: a contact entering or leaving the filter.
 * A write naming its changes (update, bulkUpdate) that touches none of these, such as a reply moving last
 * interaction under the list sorted by name, re-runs nothing.
 */
export function observeContactQuery(db: ShopcastDB, q: ContactQuery): Promise<unknown> {
  const reads: Array<Promise<unknown>> = [db.contacts.limit(1).primaryKeys(), db.contacts.orderBy(SORT_INDEX[q.sort].index).limit(1).primaryKeys()];
  const key = searchKeyForQuery(q.text);
  if (key !== undefined) reads.push(db.contacts.where('terms').startsWith(key).limit(1).primaryKeys());
  if (q.optIn !== 'all') reads.push(db.contacts.where('optInStatus').equals(q.optIn).limit(1).primaryKeys());
  for (const id of q.labelIds) reads.push(db.contacts.where('labelIds').equals(id).limit(1).primaryKeys());
  return Promise.all(reads);
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
