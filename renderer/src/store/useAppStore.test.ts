import { beforeEach, describe, expect, it } from 'vitest';
import { useAppStore } from './useAppStore';

const initial = useAppStore.getState();
beforeEach(() => useAppStore.setState(initial, true));

describe('undo', () => {
  it('Ctrl+Z takes the newest destructive action, then the one before', async () => {
    const done: string[] = [];
    const { showToast, takeUndo } = useAppStore.getState();
    showToast({ tone: 'success', message: 'first', undo: async () => void done.push('first') });
    showToast({ tone: 'success', message: 'second', undo: async () => void done.push('second') });
    await takeUndo()?.();
    await takeUndo()?.();
    expect(done).toEqual(['second', 'first']);
    expect(takeUndo()).toBeUndefined();
  });

  it('stays available after its toast is dismissed', () => {
    const { showToast, dismissToast, takeUndo } = useAppStore.getState();
    const id = showToast({ tone: 'success', message: 'deleted', undo: async () => undefined });
    dismissToast(id);
    expect(useAppStore.getState().toasts).toEqual([]);
    expect(takeUndo()).toBeTypeOf('function');
  });

  it("a toast's own Undo button undoes that action, not a newer one, and removes the toast", () => {
    const { showToast, takeUndo } = useAppStore.getState();
    const older = showToast({ tone: 'success', message: 'older', undo: async () => 'older' });
    showToast({ tone: 'success', message: 'newer', undo: async () => 'newer' });
    const undo = takeUndo(older);
    expect(undo).toBeDefined();
    expect(useAppStore.getState().toasts.map((t) => t.message)).toEqual(['newer']);
    expect(useAppStore.getState().undoStack).toHaveLength(1);
  });

  it('messages without undo never reach the undo stack', () => {
    useAppStore.getState().showToast({ tone: 'info', message: 'saved' });
    expect(useAppStore.getState().takeUndo()).toBeUndefined();
  });
});

describe('contact list state', () => {
  it('a new search clears the selection, so no hidden contact is acted on', () => {
    const { setSelected, setQuery } = useAppStore.getState();
    setSelected([1, 2, 3]);
    setQuery({ text: '010' });
    expect(useAppStore.getState().selected.size).toBe(0);
    expect(useAppStore.getState().query.text).toBe('010');
  });

  it('toggling selects and unselects one contact', () => {
    const { toggleSelected } = useAppStore.getState();
    toggleSelected(7);
    expect([...useAppStore.getState().selected]).toEqual([7]);
    toggleSelected(7);
    expect(useAppStore.getState().selected.size).toBe(0);
  });
});
