import type { StateCreator } from 'zustand';
import type { AppState } from './useAppStore';

/** An action that reverses a destructive one. Returns a message to show when undoing needed a caveat. */
export type UndoAction = () => Promise<string | void>;

export interface Toast {
  id: number;
  message: string;
  tone: 'info' | 'success' | 'error' | 'progress';
  /** Present on toasts for destructive actions: the Undo button runs it. */
  undo?: UndoAction;
  /** 0..1 for determinate progress, undefined for "working…". */
  progress?: number;
}

export interface ToastSlice {
  toasts: Toast[];
  /**
   * Undo actions of this session, newest last. Ctrl/Cmd+Z takes the newest even after its toast has gone; the
   * trash in IndexedDB keeps what is needed for a week.
   */
  undoStack: Array<{ toastId: number; undo: UndoAction }>;
  showToast(toast: Omit<Toast, 'id'>): number;
  updateToast(id: number, patch: Partial<Omit<Toast, 'id'>>): void;
  dismissToast(id: number): void;
  /** Removes and returns the newest undo action (the one for `toastId` if given). */
  takeUndo(toastId?: number): UndoAction | undefined;
}

const UNDO_STACK_MAX = 20;
/** More than three messages at once is noise; older ones make way (their undo stays on Ctrl/Cmd+Z). */
const VISIBLE_MAX = 3;
let nextToastId = 1;

export const createToastSlice: StateCreator<AppState, [], [], ToastSlice> = (set, get) => ({
  toasts: [],
  undoStack: [],
  showToast: (toast) => {
    const id = nextToastId++;
    set((s) => ({
      toasts: [...s.toasts.slice(-(VISIBLE_MAX - 1)), { ...toast, id }],
      undoStack: toast.undo ? [...s.undoStack, { toastId: id, undo: toast.undo }].slice(-UNDO_STACK_MAX) : s.undoStack,
    }));
    return id;
  },
  updateToast: (id, patch) => set((s) => ({ toasts: s.toasts.map((t) => (t.id === id ? { ...t, ...patch } : t)) })),
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  takeUndo: (toastId) => {
    const stack = get().undoStack;
    const index = toastId === undefined ? stack.length - 1 : stack.findIndex((e) => e.toastId === toastId);
    const entry = stack[index];
    if (!entry) return undefined;
    set((s) => ({
      undoStack: s.undoStack.filter((e) => e !== entry),
      toasts: s.toasts.filter((t) => t.id !== entry.toastId),
    }));
    return entry.undo;
  },
});
