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

/** Below this many matches, sorting the fetched records beats reading the whole sorted index. */
const SMALL_RESULT = 2_000;

export async function queryContactIds(db: ShopcastDB, q: ContactQuery): Promise<number[]> {
  const sets: Array<Promise<Set<number>>> = [];
  const key = searchKeyForQuery(q.text);
  if (key !== undefined) sets.push(db.contacts.where('terms').startsWith(key).primaryKeys().then((k) => new Set(k)));
  if (q.optIn !== 'all') sets.push(db.contacts.where('optInStatus').equals(q.optIn).primaryKeys().then((k) => new Set(k)));
  if (q.labelIds.length > 0) {
    if (q.labelMatch === 'any') sets.push(db.contacts.where('labelIds').anyOf([...q.labelIds]).primaryKeys().then((k) => new Set(k)));
    else for (const id of q.labelIds) sets.push(db.contacts.where('labelIds').equals(id).primaryKeys().then((k) => new Set(k)));
  }
  if (sets.length === 0) return sortedIds(db, q.sort);

  const resolved = (await Promise.all(sets)).sort((a, b) => a.size - b.size);
  let matches = resolved[0] ?? new Set<number>();
  for (const other of resolved.slice(1)) matches = new Set([...matches].filter((id) => other.has(id)));

  if (matches.size <= SMALL_RESULT) {
    const records = (await db.contacts.bulkGet([...matches])).filter((c): c is ContactRecord => c !== undefined);
    return records.sort(comparator(q.sort)).map((c) => c.id);
  }
  const all = await sortedIds(db, q.sort);
  return all.filter((id) => matches.has(id));
}

function sortedIds(db: ShopcastDB, sort: ContactSort): Promise<number[]> {
  switch (sort) {
    case 'name':
      return db.contacts.orderBy('nameKey').primaryKeys();
    case 'created':
      return db.contacts.orderBy('createdAt').reverse().primaryKeys();
    case 'lastInteraction':
      return db.contacts.orderBy('lastInteractionSort').reverse().primaryKeys();
  }
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

/** Ordered ids of the contacts matching `q`; undefined while the first answer is loading. Re-runs on any change. */
export function useContactIds(q: ContactQuery, db: ShopcastDB = getDb()): number[] | undefined {
  return useLiveQuery(() => queryContactIds(db, q), [db, q.text, q.labelIds.join(','), q.labelMatch, q.optIn, q.sort]);
}

/** The records for the rows on screen, in the order of `ids`; missing ones (deleted meanwhile) are left out. */
export function useContactsByIds(ids: readonly number[], db: ShopcastDB = getDb()): ContactRecord[] | undefined {
  return useLiveQuery(
    async () => (await db.contacts.bulkGet([...ids])).filter((c): c is ContactRecord => c !== undefined),
    [db, ids.join(',')],
  );
}

export function useContactCount(db: ShopcastDB = getDb()): number | undefined {
  return useLiveQuery(() => db.contacts.count(), [db]);
}
