import { useCallback } from 'react';
import { useI18n } from '../i18n/useI18n';
import { useAppStore } from '../store/useAppStore';
import { thrownMessage } from './errorMessage';

/**
 * Runs an undo: the one for a toast's Undo button, or the newest (Ctrl/Cmd+Z). Says what happened either way,
 * including "nothing to undo", so a key press never does something silent.
 */
export function useRunUndo(): (toastId?: number) => Promise<void> {
  const { t } = useI18n();
  return useCallback(
    async (toastId?: number) => {
      const { takeUndo, showToast } = useAppStore.getState();
      const undo = takeUndo(toastId);
      if (!undo) {
        showToast({ tone: 'info', message: t('toast.nothingToUndo') });
        return;
      }
      try {
        const note = await undo();
        showToast({ tone: 'success', message: note ?? t('toast.undone') });
      } catch (error) {
        showToast({ tone: 'error', message: t('toast.undoFailed', { reason: thrownMessage(t, error) }) });
      }
    },
    [t],
  );
}
