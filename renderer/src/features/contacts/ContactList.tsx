import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import type { CountryCode } from '../../../../shared/domain/phone';
import { shownAs } from './identityText';
import { LabelChip } from '../../components/LabelChip';
import { OptInBadge } from '../../components/OptInBadge';
import { isPrimaryModifier } from '../../components/keyboard';
import { useContactsByIds } from '../../db/contactQuery';
import type { ContactRecord, LabelRecord } from '../../db/db';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/useAppStore';

/** Fixed row height: measuring 100,000 rows would cost more than it gives; names and chips fit on one line. */
export const ROW_HEIGHT = 52;
/** The sticky column-header row inside the scrolling grid (matches .grid-head in styles.css). */
const HEADER_HEIGHT = 40;
const MAX_CHIPS = 3;

interface ContactListProps {
  ids: readonly number[];
  /** The query the ids answer, reported back once their rows are on screen (for the performance measure). */
  resultKey: string;
  /** False while only the first rows are known: "select all" waits for the whole list. */
  complete: boolean;
  labelsById: ReadonlyMap<number, LabelRecord>;
  defaultCountry: CountryCode;
  onOpen(id: number): void;
  onRequestDelete(ids: readonly number[]): void;
  onRowsRendered(resultKey: string): void;
}

/**
 * The contacts grid. It holds only ordered ids; records are read from IndexedDB for the rows in view (plus a few
 * either side), so 100,000 contacts scroll as smoothly as 100. One row is in the tab order (roving tabindex):
 * Up/Down/PageUp/PageDown/Home/End move, Enter opens, Space selects, Delete deletes.
 */
export function ContactList({ ids, resultKey, complete, labelsById, defaultCountry, onOpen, onRequestDelete, onRowsRendered }: ContactListProps) {
  const { t } = useI18n();
  const selected = useAppStore((s) => s.selected);
  const activeId = useAppStore((s) => s.activeId);
  const setActiveId = useAppStore((s) => s.setActiveId);
  const toggleSelected = useAppStore((s) => s.toggleSelected);
  const setSelected = useAppStore((s) => s.setSelected);
  const clearSelection = useAppStore((s) => s.clearSelection);
  const scrollRef = useRef<HTMLDivElement>(null);
  const focusPending = useRef(false);

  const virtualizer = useVirtualizer({
    count: ids.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    // Rows start below the sticky header, and a row scrolled into view must not end up under it.
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    // A first guess at the viewport, so the first render already knows which rows to fetch.
    initialRect: { width: 1000, height: typeof window === 'undefined' ? 800 : window.innerHeight },
  });
  const items = virtualizer.getVirtualItems();
  const windowIds = useMemo(
    () => items.map((item) => ids[item.index]).filter((id): id is number => id !== undefined),
    [items, ids],
  );
  const records = useContactsByIds(windowIds);
  const byId = useMemo(() => new Map((records ?? []).map((r) => [r.id, r])), [records]);

  const activeIndex = useMemo(() => (activeId === null ? -1 : ids.indexOf(activeId)), [ids, activeId]);
  const firstRendered = items[0]?.index ?? 0;
  const lastRendered = items[items.length - 1]?.index ?? -1;
  // The row that takes Tab: the active one if it is rendered, else the first rendered one.
  const tabIndexRow = activeIndex >= firstRendered && activeIndex <= lastRendered ? activeIndex : firstRendered;

  const allSelected = useMemo(
    () => ids.length > 0 && selected.size >= ids.length && ids.every((id) => selected.has(id)),
    [ids, selected],
  );
  const someSelected = selected.size > 0 && !allSelected;

  const windowLoaded = windowIds.length > 0 && windowIds.every((id) => byId.has(id));
  useEffect(() => {
    if (windowLoaded) onRowsRendered(resultKey);
  }, [windowLoaded, resultKey, onRowsRendered]);

  useEffect(() => {
    if (!focusPending.current || activeIndex < 0) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${activeIndex}"]`);
    if (row) {
      row.focus({ preventScroll: true });
      focusPending.current = false;
    }
  });

  const moveTo = (index: number) => {
    if (ids.length === 0) return;
    const next = Math.max(0, Math.min(ids.length - 1, index));
    const id = ids[next];
    if (id === undefined) return;
    focusPending.current = true;
    setActiveId(id);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || !(event.target instanceof HTMLElement) || !event.target.closest('[role="row"][data-index]')) return;
    // On a row's own checkbox (focused by a click), Space is the checkbox's: toggling here too would undo it.
    if (event.key === ' ' && event.target instanceof HTMLInputElement) return;
    const current = activeIndex >= 0 ? activeIndex : tabIndexRow;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const currentId = ids[current];
    let handled = true;
    switch (event.key) {
      case 'ArrowDown':
        moveTo(current + 1);
        break;
      case 'ArrowUp':
        moveTo(current - 1);
        break;
      case 'PageDown':
        moveTo(current + page);
        break;
      case 'PageUp':
        moveTo(current - page);
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(ids.length - 1);
        break;
      case 'Enter':
        if (currentId !== undefined) onOpen(currentId);
        break;
      case ' ':
        if (currentId !== undefined) toggleSelected(currentId);
        break;
      case 'Delete':
        if (selected.size > 0) onRequestDelete([...selected]);
        else if (currentId !== undefined) onRequestDelete([currentId]);
        break;
      case 'a':
        if (isPrimaryModifier(event) && complete) setSelected(ids);
        else handled = false;
        break;
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  };

  return (
    <div
      ref={scrollRef}
      className="contact-grid"
      role="grid"
      aria-label={t('contacts.list')}
      aria-rowcount={ids.length + 1}
      aria-colcount={6}
      aria-multiselectable="true"
      onKeyDown={onKeyDown}
    >
      <div role="rowgroup" className="grid-head">
        <div role="row" aria-rowindex={1} className="grid-row">
          <span role="columnheader" className="cell cell-select">
            <input
              type="checkbox"
              checked={allSelected}
              disabled={!complete}
              ref={(el) => {
                if (el) el.indeterminate = someSelected;
              }}
              aria-label={t('contacts.selectAllMatching', { count: ids.length })}
              onChange={() => (allSelected ? clearSelection() : setSelected(ids))}
            />
          </span>
          <span role="columnheader" className="cell">
            {t('contacts.column.name')}
          </span>
          <span role="columnheader" className="cell">
            {t('contacts.column.phone')}
          </span>
          <span role="columnheader" className="cell">
            {t('contacts.column.labels')}
          </span>
          <span role="columnheader" className="cell">
            {t('contacts.column.optIn')}
          </span>
          <span role="columnheader" className="cell">
            {t('contacts.column.lastInteraction')}
          </span>
        </div>
      </div>
      <div role="rowgroup" className="grid-body" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const id = ids[item.index];
            if (id === undefined) return null;
            const record = byId.get(id);
            return (
              <ContactRow
                key={id}
                index={item.index}
                top={item.start - HEADER_HEIGHT}
                record={record}
                selected={selected.has(id)}
                tabbable={item.index === tabIndexRow}
                labelsById={labelsById}
                defaultCountry={defaultCountry}
                onOpen={onOpen}
                onToggle={toggleSelected}
                onFocusRow={setActiveId}
                id={id}
                loadingText={t('contacts.row.loading')}
              />
            );
        })}
      </div>
    </div>
  );
}

interface ContactRowProps {
  id: number;
  index: number;
  top: number;
  record: ContactRecord | undefined;
  selected: boolean;
  tabbable: boolean;
  labelsById: ReadonlyMap<number, LabelRecord>;
  defaultCountry: CountryCode;
  loadingText: string;
  onOpen(id: number): void;
  onToggle(id: number): void;
  onFocusRow(id: number): void;
}

const ContactRow = memo(function ContactRow(props: ContactRowProps) {
  const { id, index, top, record, selected, tabbable, labelsById, defaultCountry, onOpen, onToggle, onFocusRow } = props;
  const { t, formatRelative, formatDateTime } = useI18n();
  const common = {
    role: 'row',
    'aria-rowindex': index + 2,
    'data-index': index,
    tabIndex: tabbable ? 0 : -1,
    className: selected ? 'grid-row contact-row selected' : 'grid-row contact-row',
    style: { transform: `translateY(${top}px)`, height: ROW_HEIGHT },
    onFocus: () => onFocusRow(id),
  };

  if (!record) {
    return (
      <div {...common} aria-busy="true">
        <span role="gridcell" className="cell cell-loading">
          {props.loadingText}
        </span>
      </div>
    );
  }

  const name = record.name !== '' ? record.name : t('contacts.unnamed');
  const labels = record.labelIds.map((l) => labelsById.get(l)).filter((l): l is LabelRecord => l !== undefined);
  const extra = labels.length - MAX_CHIPS;
  return (
    <div
      {...common}
      aria-selected={selected}
      onClick={(event) => {
        if (event.target instanceof HTMLInputElement) return;
        onOpen(id);
      }}
    >
      <span role="gridcell" className="cell cell-select">
        <input
          type="checkbox"
          tabIndex={-1}
          checked={selected}
          aria-label={t('contacts.row.select', { name })}
          onChange={() => onToggle(id)}
        />
      </span>
      <span role="gridcell" className={record.name === '' ? 'cell cell-name unnamed' : 'cell cell-name'}>
        {name}
      </span>
      <span role="gridcell" className="cell cell-phone">
        {shownAs(record, defaultCountry)}
      </span>
      <span role="gridcell" className="cell cell-labels">
        {labels.slice(0, MAX_CHIPS).map((l) => (
          <LabelChip key={l.id} name={l.name} color={l.color} small />
        ))}
        {extra > 0 && <span className="chip-more">+{extra}</span>}
      </span>
      <span role="gridcell" className="cell">
        <OptInBadge status={record.optInStatus} />
      </span>
      <span role="gridcell" className="cell cell-muted">
        {record.lastInteractionAt === null ? (
          t('contacts.never')
        ) : (
          <time dateTime={new Date(record.lastInteractionAt).toISOString()} title={formatDateTime(record.lastInteractionAt)}>
            {formatRelative(record.lastInteractionAt)}
          </time>
        )}
      </span>
    </div>
  );
});
