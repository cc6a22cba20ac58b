import { downloadBlob } from '../import/download';
import type { ExportFormat } from '../import/exportContacts';
import { getDb } from '../../db/db';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/useAppStore';
import { requestWizardDraft } from '../wizard/launch';
import { freshState, newDraftId, saveDraft } from '../wizard/wizardState';

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
  // The selection (or, after "select all matching", the filtered list), in the order the list shows it.
  const exportSelected = async (format: ExportFormat) => {
    const inListOrder = matchingIds ? matchingIds.filter((id) => selected.has(id)) : ids;
    try {
      // Loaded on demand: the XLSX writer (SheetJS) stays out of the window's bundle until someone exports.
      const { exportContacts } = await import('../import/exportContacts');
      downloadBlob(await exportContacts(getDb(), inListOrder, format), `contacts-${inListOrder.length}.${format}`);
    } catch {
      useAppStore.getState().showToast({ tone: 'error', message: t('common.exportFailed') });
    }
  };
  // A new campaign whose audience is exactly these people: saved as a draft, then opened in the wizard.
  const startCampaign = async () => {
    const { settings, goTo, showToast } = useAppStore.getState();
    const inListOrder = matchingIds ? matchingIds.filter((id) => selected.has(id)) : ids;
    const fresh = freshState(settings.language);
    const id = newDraftId();
    try {
      await saveDraft(getDb(), id, { ...fresh, audience: { ...fresh.audience, contactIds: inListOrder } }, Date.now());
    } catch {
      showToast({ tone: 'error', message: t('wizard.saveFailed') });
      return;
    }
    requestWizardDraft(id);
    goTo('wizard');
  };
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
      <button type="button" className="primary" onClick={() => void startCampaign()}>
        {t('contacts.selection.campaign')}
      </button>
      <button type="button" onClick={() => openDialog({ kind: 'bulkLabel', mode: 'add', ids })}>
        {t('contacts.selection.applyLabel')}
      </button>
      <button type="button" onClick={() => openDialog({ kind: 'bulkLabel', mode: 'remove', ids })}>
        {t('contacts.selection.removeLabel')}
      </button>
      <button type="button" onClick={() => void exportSelected('csv')}>
        {t('contacts.selection.exportCsv')}
      </button>
      <button type="button" onClick={() => void exportSelected('xlsx')}>
        {t('contacts.selection.exportXlsx')}
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
