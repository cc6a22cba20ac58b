import { useCallback, useEffect, useId, useLayoutEffect, useRef } from 'react';
import { OPT_IN_STATUSES, type OptInStatus } from '../../../../shared/domain/contact';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { isDialogOpen, isPrimaryModifier, isTextEntry } from '../../components/keyboard';
import type { ContactSort } from '../../db/contactQuery';
import type { TKey } from '../../i18n';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/useAppStore';
import { useLabels } from '../labels/useLabels';
import { BulkLabelDialog } from './BulkLabelDialog';
import { ContactDialog } from './ContactDialog';
import { ContactList } from './ContactList';
import { LabelFilter } from './LabelFilter';
import { SelectionBar } from './SelectionBar';
import { queryKeyOf, useContactListIds } from './useContactListIds';
import { useContactActions } from './useContactActions';

const SORTS: ReadonlyArray<[ContactSort, TKey]> = [
  ['name', 'contacts.sort.name'],
  ['lastInteraction', 'contacts.sort.lastInteraction'],
  ['created', 'contacts.sort.created'],
];

/** Benchmarks read these (test/bench): first rows after mount, and each query until its rows are on screen. */
const QUERY_START_MARK = 'contacts:query:start';

export function ContactsScreen() {
  const { t } = useI18n();
  const query = useAppStore((s) => s.query);
  const setQuery = useAppStore((s) => s.setQuery);
  const resetQuery = useAppStore((s) => s.resetQuery);
  const dialog = useAppStore((s) => s.dialog);
  const openDialog = useAppStore((s) => s.openDialog);
  const closeDialog = useAppStore((s) => s.closeDialog);
  const defaultCountry = useAppStore((s) => s.settings.defaultCountry);
  const { list: labels, byId: labelsById } = useLabels();
  const { deleteWithUndo } = useContactActions();
  const { result, rowsShown } = useContactListIds(query);
  const searchRef = useRef<HTMLInputElement>(null);
  const headingId = useId();
  const searchId = useId();
  const optInId = useId();
  const sortId = useId();

  // --- performance marks -------------------------------------------------------------------------------------
  const queryKey = queryKeyOf(query);
  const pendingMeasure = useRef<string | null>(null);
  const firstRowsMarked = useRef(false);
  useLayoutEffect(() => {
    performance.mark(QUERY_START_MARK);
    pendingMeasure.current = queryKey;
  }, [queryKey]);
  const onRowsRendered = useCallback((key: string) => {
    rowsShown(key);
    if (!firstRowsMarked.current) {
      firstRowsMarked.current = true;
      performance.mark('contacts:first-rows');
    }
    if (pendingMeasure.current === key) {
      pendingMeasure.current = null;
      performance.measure('contacts:query', QUERY_START_MARK);
    }
  }, [rowsShown]);
  useEffect(() => {
    // An empty answer renders no rows; its query still ends when the empty state is on screen.
    if (result && result.ids.length === 0 && pendingMeasure.current === result.key) {
      pendingMeasure.current = null;
      performance.measure('contacts:query', QUERY_START_MARK);
    }
  }, [result]);

  // --- keyboard shortcuts --------------------------------------------------------------------------------------
  const requestDelete = useCallback(
    (ids: readonly number[]) => {
      if (ids.length > 0) openDialog({ kind: 'deleteContacts', ids });
    },
    [openDialog],
  );
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || isDialogOpen() || event.altKey) return;
      const typing = isTextEntry(event.target);
      const key = event.key.toLowerCase();
      if ((event.key === '/' && !typing) || (isPrimaryModifier(event) && key === 'f')) {
        event.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if ((key === 'n' && !typing && !isPrimaryModifier(event)) || (isPrimaryModifier(event) && key === 'n')) {
        event.preventDefault();
        openDialog({ kind: 'contact', contactId: null });
      } else if (event.key === 'Delete' && !typing) {
        const selected = useAppStore.getState().selected;
        if (selected.size > 0) {
          event.preventDefault();
          requestDelete([...selected]);
        }
      } else if (event.key === 'Escape' && event.target === searchRef.current && query.text !== '') {
        setQuery({ text: '' });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openDialog, requestDelete, query.text, setQuery]);

  const filtered = query.text.trim() !== '' || query.labelIds.length > 0 || query.optIn !== 'all';
  const ids = result?.ids;
  // Only a complete answer has a total, and only then can "select all matching" mean all of them.
  const complete = result?.complete === true;

  return (
    <section className="screen contacts-screen" aria-labelledby={headingId}>
      <div className="screen-header">
        <h1 id={headingId}>{t('contacts.title')}</h1>
        <p className="count" aria-live="polite" aria-atomic="true">
          {ids === undefined || !complete ? t('contacts.counting') : t('contacts.count', { count: ids.length })}
        </p>
        <span className="spacer" />
        <button type="button" className="primary" onClick={() => openDialog({ kind: 'contact', contactId: null })}>
          <span aria-hidden="true">+ </span>
          {t('contacts.add')}
        </button>
      </div>

      <div className="toolbar" role="search" aria-label={t('contacts.toolbar')}>
        <div className="search-field">
          <label htmlFor={searchId} className="visually-hidden">
            {t('contacts.search.label')}
          </label>
          <span className="search-icon" aria-hidden="true" />
          <input
            id={searchId}
            ref={searchRef}
            type="search"
            value={query.text}
            placeholder={t('contacts.search.placeholder')}
            autoComplete="off"
            spellCheck={false}
            aria-keyshortcuts="/ Control+F"
            onChange={(e) => setQuery({ text: e.target.value })}
          />
        </div>
        <LabelFilter labels={labels ?? []} value={query.labelIds} onChange={(labelIds) => setQuery({ labelIds })} />
        <div className="inline-field">
          <label htmlFor={optInId}>{t('contacts.filter.optIn')}</label>
          <select id={optInId} value={query.optIn} onChange={(e) => setQuery({ optIn: parseOptInFilter(e.target.value) })}>
            <option value="all">{t('contacts.filter.optInAny')}</option>
            {OPT_IN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`optIn.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="inline-field">
          <label htmlFor={sortId}>{t('contacts.sort.label')}</label>
          <select id={sortId} value={query.sort} onChange={(e) => setQuery({ sort: parseSort(e.target.value) })}>
            {SORTS.map(([value, label]) => (
              <option key={value} value={value}>
                {t(label)}
              </option>
            ))}
          </select>
        </div>
      </div>

      {ids && <SelectionBar matchingIds={complete ? ids : undefined} />}

      {result === undefined ? (
        <p className="loading" role="status">
          <span className="spinner" aria-hidden="true" /> {t('contacts.counting')}
        </p>
      ) : result.ids.length === 0 ? (
        filtered ? (
          <div className="empty-state">
            <h2>{t('contacts.noMatches.title')}</h2>
            <p>{t('contacts.noMatches.body')}</p>
            <button type="button" onClick={resetQuery}>
              {t('contacts.clearFilters')}
            </button>
          </div>
        ) : (
          <div className="empty-state">
            <h2>{t('contacts.empty.title')}</h2>
            <p>{t('contacts.empty.body')}</p>
            <button type="button" className="primary" onClick={() => openDialog({ kind: 'contact', contactId: null })}>
              {t('contacts.add')}
            </button>
          </div>
        )
      ) : (
        <ContactList
          ids={result.ids}
          resultKey={result.key}
          complete={result.complete}
          labelsById={labelsById}
          defaultCountry={defaultCountry}
          onOpen={(id) => openDialog({ kind: 'contact', contactId: id })}
          onRequestDelete={requestDelete}
          onRowsRendered={onRowsRendered}
        />
      )}
      <p className="shortcuts-hint">{t('contacts.shortcuts')}</p>

      {dialog.kind === 'contact' && <ContactDialog key={dialog.contactId ?? 'new'} contactId={dialog.contactId} />}
      {dialog.kind === 'bulkLabel' && <BulkLabelDialog mode={dialog.mode} ids={dialog.ids} />}
      {dialog.kind === 'deleteContacts' && (
        <ConfirmDialog
          title={t('contacts.deleteConfirm.title', { count: dialog.ids.length })}
          body={t('contacts.deleteConfirm.body')}
          confirmLabel={t('common.delete')}
          danger
          onCancel={closeDialog}
          onConfirm={async () => {
            const ids = dialog.ids;
            closeDialog();
            await deleteWithUndo(ids);
          }}
        />
      )}
    </section>
  );
}

function parseOptInFilter(value: string): OptInStatus | 'all' {
  return OPT_IN_STATUSES.find((s) => s === value) ?? 'all';
}

function parseSort(value: string): ContactSort {
  return SORTS.find(([s]) => s === value)?.[0] ?? 'name';
}
