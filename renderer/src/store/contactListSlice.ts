import type { StateCreator } from 'zustand';
import { EMPTY_QUERY, type ContactQuery } from '../db/contactQuery';
import type { AppState } from './useAppStore';

/**
 * The contacts list's query and selection. Only ids live here, never contact records: the list reads records from
 * IndexedDB for the rows on screen.
 */
export interface ContactListSlice {
  query: ContactQuery;
  /** Selected contact ids. A new Set on every change so subscribers re-render. */
  selected: ReadonlySet<number>;
  /** The id of the row that has (or last had) keyboard focus, so focus survives re-renders and screen changes. */
  activeId: number | null;
  setQuery(patch: Partial<ContactQuery>): void;
  resetQuery(): void;
  toggleSelected(id: number): void;
  setSelected(ids: Iterable<number>): void;
  clearSelection(): void;
  setActiveId(id: number | null): void;
}

export const createContactListSlice: StateCreator<AppState, [], [], ContactListSlice> = (set) => ({
  query: EMPTY_QUERY,
  selected: new Set(),
  activeId: null,
  // A new query clears the selection: acting on contacts the person can no longer see would be a surprise.
  setQuery: (patch) => set((s) => ({ query: { ...s.query, ...patch }, selected: new Set() })),
  resetQuery: () => set({ query: EMPTY_QUERY, selected: new Set() }),
  toggleSelected: (id) =>
    set((s) => {
      const next = new Set(s.selected);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return { selected: next };
    }),
  setSelected: (ids) => set({ selected: new Set(ids) }),
  clearSelection: () => set({ selected: new Set() }),
  setActiveId: (activeId) => set({ activeId }),
});
