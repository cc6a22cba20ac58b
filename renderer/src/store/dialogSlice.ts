import type { StateCreator } from 'zustand';
import type { AppState } from './useAppStore';

/** Which modal is open. One at a time: "Open <name>" from a duplicate warning replaces the dialog it came from. */
export type DialogState =
  | { kind: 'none' }
  | { kind: 'contact'; contactId: number | null }
  | { kind: 'deleteContacts'; ids: readonly number[] }
  | { kind: 'bulkLabel'; mode: 'add' | 'remove'; ids: readonly number[] };

export interface DialogSlice {
  dialog: DialogState;
  openDialog(dialog: DialogState): void;
  closeDialog(): void;
}

export const createDialogSlice: StateCreator<AppState, [], [], DialogSlice> = (set) => ({
  dialog: { kind: 'none' },
  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: { kind: 'none' } }),
});
