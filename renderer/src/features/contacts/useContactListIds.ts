import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useRef, useState } from 'react';
import { isUnfiltered, observeContactQuery, previewContactIds, queryContactIds, untracked, type ContactQuery } from '../../db/contactQuery';
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

export interface ContactListState {
  result: ContactListResult | undefined;
  /** Call when the rows for `key` are on screen: the whole order is asked for only then (see below). */
  rowsShown(key: string): void;
}

/**
 * IndexedDB answers one request after another, and reading the whole order of 100,000 contacts takes about 0.4 s.
 * So the unfiltered list asks first for a page of ids from the index, then the rows' records, and only once those
 * rows are on screen for the whole order (or after a short wait, should the rows never show).
 */
const WHOLE_ORDER_WAIT_MS = 300;

/**
 * Ordered ids of the contacts matching `q`, tagged with the query they answer so the screen can tell a stale answer
 * from a fresh one (for the 'contacts:query' measure). Live: re-runs when contacts change.
 */
export function useContactListIds(q: ContactQuery): ContactListState {
  const key = queryKeyOf(q);
  const unfiltered = isUnfiltered(q);
  const [shownKey, setShownKey] = useState<string | null>(null);

  const preview = useLiveQuery(async () => {
    if (!unfiltered) return undefined;
    // undefined ids: the whole order is cached and comes at once, no preview needed.
    return { key, ids: await previewContactIds(getDb(), q.sort, PREVIEW_ROWS) };
  }, [key, unfiltered]);
  const previewed = preview?.key === key;
  const needsRowsFirst = unfiltered && !(previewed && (preview.ids === undefined || preview.ids.length === 0));
  const mayAskForAll = !unfiltered || (previewed && (!needsRowsFirst || shownKey === key));

  useEffect(() => {
    if (!previewed || mayAskForAll) return;
    const timer = window.setTimeout(() => setShownKey(key), WHOLE_ORDER_WAIT_MS);
    return () => window.clearTimeout(timer);
  }, [previewed, mayAskForAll, key]);

  const full = useLiveQuery(async () => {
    if (!mayAskForAll) return undefined;
    const db = getDb();
    // The ids are read untracked (a live query observing 100,000 returned keys costs the window about 0.2 s each
    // time), and what they depend on is observed by one-key reads; see observeContactQuery.
    const [ids] = await Promise.all([untracked(() => queryContactIds(db, q)), observeContactQuery(db, q)]);
    return { key, ids, complete: true };
  }, [key, mayAskForAll]);

  // While a new query runs, the last complete answer stays on screen rather than a blank list.
  const lastComplete = useRef<ContactListResult | undefined>(undefined);
  if (full) lastComplete.current = full;

  const rowsShown = useCallback((shown: string) => setShownKey(shown), []);
  let result = lastComplete.current;
  if (full?.key === key) result = full;
  else if (previewed && preview.ids && preview.ids.length > 0) result = { key, ids: preview.ids, complete: false };
  return { result, rowsShown };
}
