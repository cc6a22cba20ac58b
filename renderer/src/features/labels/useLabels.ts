import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { getDb, type LabelRecord } from '../../db/db';
import { listLabels } from '../../db/labels';

export interface LabelsView {
  /** Sorted by name; undefined while loading. A shop has tens of labels, never thousands. */
  list: LabelRecord[] | undefined;
  byId: ReadonlyMap<number, LabelRecord>;
}

/** Every label, live: renaming or recolouring one updates chips everywhere at once. */
export function useLabels(): LabelsView {
  const list = useLiveQuery(() => listLabels(getDb()), []);
  const byId = useMemo(() => new Map((list ?? []).map((l) => [l.id, l])), [list]);
  return { list, byId };
}
