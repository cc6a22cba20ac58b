import { useLiveQuery } from 'dexie-react-hooks';
import { queryContactIds, type ContactQuery } from '../../db/contactQuery';
import { getDb } from '../../db/db';

export interface ContactListResult {
  /** The query these ids answer: while a new query runs, the previous answer stays on screen. */
  key: string;
  ids: number[];
}

export function queryKeyOf(q: ContactQuery): string {
  return JSON.stringify([q.text.trim(), [...q.labelIds].sort((a, b) => a - b), q.labelMatch, q.optIn, q.sort]);
}

/**
 * Ordered ids of the contacts matching `q`, tagged with the query they answer so the screen can tell a stale
 * answer from a fresh one (for the 'contacts:query' measure). Live: re-runs when contacts change.
 */
export function useContactListIds(q: ContactQuery): ContactListResult | undefined {
  const key = queryKeyOf(q);
  return useLiveQuery(async () => ({ key, ids: await queryContactIds(getDb(), q) }), [key]);
}
