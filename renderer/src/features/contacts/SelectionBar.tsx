import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/useAppStore';

/** What can be done with the selected contacts. Shown only while something is selected. */
/** `matchingIds` is undefined while the whole list is still loading. */
export function SelectionBar({ matchingIds }: { matchingIds: readonly number[] | undefined }) {
  const { t } = useI18n();
  const selected = useAppStore((s) => s.selected);
  const setSelected = useAppStore((s) => s.setSelected);
  const clearSelection = useAppStore((s) => s.clearSelection);
  const openDialog = useAppStore((s) => s.openDialog);
  if (selected.size === 0) return null;
  const ids = [...selected];
  const allMatching = matchingIds === undefined || selected.size >= matchingIds.length;
  return (
    <section className="selection-bar" aria-label={t('contacts.selection.bar')}>
      <p className="selection-count" aria-live="polite">
        {t('contacts.selection.count', { count: selected.size })}
      </p>
      {!allMatching && (
        <button type="button" className="link-button" onClick={() => setSelected(matchingIds ?? [])}>
          {t('contacts.selectAllMatching', { count: matchingIds?.length ?? 0 })}
        </button>
      )}
      <span className="spacer" />
      <button type="button" onClick={() => openDialog({ kind: 'bulkLabel', mode: 'add', ids })}>
        {t('contacts.selection.applyLabel')}
      </button>
      <button type="button" onClick={() => openDialog({ kind: 'bulkLabel', mode: 'remove', ids })}>
        {t('contacts.selection.removeLabel')}
      </button>
      <button type="button" className="danger" onClick={() => openDialog({ kind: 'deleteContacts', ids })}>
        {t('contacts.selection.delete')}
      </button>
      <button type="button" onClick={clearSelection}>
        {t('contacts.selection.clear')}
      </button>
    </section>
  );
}
