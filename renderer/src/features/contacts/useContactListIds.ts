import { useLiveQuery } from 'dexie-react-hooks';
import { isUnfiltered, previewContactIds, queryContactIds, type ContactQuery } from '../../db/contactQuery';
import { getDb } from '../../db/db';

export interface ContactListResult {
  /** The query these ids answer: while a new query runs, the previous answer stays on screen. */
  key: string;
  ids: number[];
  /** False while only the first rows are known (the whole order is still loading): no total, no "select all". */
  complete: boolean;
}

/** Enough rows to fill a tall window while the whole order of 100,000 contacts loads. */
const PREVIEW_ROWS = 60;

export function queryKeyOf(q: ContactQuery): string {
  return JSON.stringify([q.text.trim(), [...q.labelIds].sort((a, b) => a - b), q.labelMatch, q.optIn, q.sort]);
}

/**
 * Ordered ids of the contacts matching `q`, tagged with the query they answer so the screen can tell a stale
 * answer from a fresh one (for the 'contacts:query' measure). Live: re-runs when contacts change.
 *
 * For the unfiltered list, the first rows come straight from the index and show while the whole order loads.
 */
export function useContactListIds(q: ContactQuery): ContactListResult | undefined {
  const key = queryKeyOf(q);
  const unfiltered = isUnfiltered(q);
  const full = useLiveQuery(async () => {
    const db = getDb();
    // queryContactIds may answer from its in-memory order cache without reading IndexedDB, and a live query that
    // read nothing is never told about changes. count() reads the whole table's key range, so any write to
    // contacts re-runs this query.
    const [ids] = await Promise.all([queryContactIds(db, q), db.contacts.count()]);
    return { key, ids, complete: true };
  }, [key]);
  const preview = useLiveQuery(async () => {
    if (!unfiltered) return undefined;
    const ids = await previewContactIds(getDb(), q.sort, PREVIEW_ROWS);
    return ids ? { key, ids, complete: false } : undefined;
  }, [key, unfiltered]);

  if (full?.key === key) return full;
  if (preview?.key === key) return preview;
  return full;
}
