import { useCallback, useMemo } from 'react';
import { thrownMessage } from '../../components/errorMessage';
import { withProgress } from '../../components/withProgress';
import { applyLabels, deleteContacts, restoreTrash } from '../../db/contacts';
import { getDb } from '../../db/db';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/useAppStore';

export interface ContactActions {
  /** Deletes, then offers Undo (toast button and Ctrl/Cmd+Z). Resolves false when it failed (already reported). */
  deleteWithUndo(ids: readonly number[], oneName?: string): Promise<boolean>;
  changeLabel(ids: readonly number[], labelId: number, labelName: string, mode: 'add' | 'remove'): Promise<boolean>;
}

export function useContactActions(): ContactActions {
  const { t } = useI18n();

  const deleteWithUndo = useCallback(
    async (ids: readonly number[], oneName?: string) => {
      const { showToast, clearSelection } = useAppStore.getState();
      const db = getDb();
      try {
        const { trashId, count } = await withProgress(t('contacts.deleting', { count: ids.length }), (progress) =>
          deleteContacts(db, ids, { onProgress: (done, total) => progress(done / total) }),
        );
        clearSelection();
        showToast({
          tone: 'success',
          message: oneName !== undefined && count === 1 ? t('contacts.deletedOne', { name: oneName }) : t('contacts.deleted', { count }),
          undo: async () => {
            const report = await withProgress(t('common.working'), (progress) =>
              restoreTrash(db, trashId, { onProgress: (done, total) => progress(done / total) }),
            );
            if (!report) return t('error.notFound');
            if (report.skippedDuplicates > 0) return t('contacts.restoreSkipped', { count: report.skippedDuplicates });
            return t('contacts.restored', { count: report.contacts });
          },
        });
        return true;
      } catch (error) {
        showToast({ tone: 'error', message: thrownMessage(t, error) });
        return false;
      }
    },
    [t],
  );

  const changeLabel = useCallback(
    async (ids: readonly number[], labelId: number, labelName: string, mode: 'add' | 'remove') => {
      const { showToast } = useAppStore.getState();
      try {
        const { changed, trashId } = await withProgress(t('contacts.labeling'), (report) =>
          applyLabels(getDb(), ids, mode === 'add' ? { add: [labelId] } : { remove: [labelId] }, {
            onProgress: (done, total) => report(done / total),
          }),
        );
        showToast({
          tone: 'success',
          message: t(mode === 'add' ? 'contacts.labelsApplied' : 'contacts.labelsRemoved', { count: changed, label: labelName }),
          ...(trashId === undefined
            ? {}
            : {
                undo: async () => {
                  const report = await withProgress(t('common.working'), (progress) =>
                    restoreTrash(getDb(), trashId, { onProgress: (done, total) => progress(done / total) }),
                  );
                  return report ? t('contacts.labelsUndone', { count: report.contacts }) : t('error.notFound');
                },
              }),
        });
        return true;
      } catch (error) {
        showToast({ tone: 'error', message: thrownMessage(t, error) });
        return false;
      }
    },
    [t],
  );

  return useMemo(() => ({ deleteWithUndo, changeLabel }), [deleteWithUndo, changeLabel]);
}
