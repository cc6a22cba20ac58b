import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { getDb, type LabelRecord } from '../../db/db';
import { listLabels } from '../../db/labels';
import { useI18n } from '../../i18n/useI18n';

export interface LabelsView {
  /** Sorted by name for the UI language; undefined while loading. A shop has tens of labels, never thousands. */
  list: LabelRecord[] | undefined;
  byId: ReadonlyMap<number, LabelRecord>;
}

/** Every label, live: renaming or recolouring one updates chips everywhere at once. */
export function useLabels(): LabelsView {
  const { language } = useI18n();
  const stored = useLiveQuery(() => listLabels(getDb()), []);
  // In the person's alphabetical order, numbers by value ("Label 2" before "Label 10"), not by code unit.
  const list = useMemo(() => {
    if (!stored) return undefined;
    const collator = new Intl.Collator(language, { numeric: true, sensitivity: 'base' });
    return [...stored].sort((a, b) => collator.compare(a.name, b.name));
  }, [stored, language]);
  const byId = useMemo(() => new Map((list ?? []).map((l) => [l.id, l])), [list]);
  return { list, byId };
}
