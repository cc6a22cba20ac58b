import { useEffect, useId, useRef, useState } from 'react';
import { LabelChip } from '../../components/LabelChip';
import type { LabelRecord } from '../../db/db';
import { useI18n } from '../../i18n/useI18n';

interface LabelFilterProps {
  labels: readonly LabelRecord[];
  value: readonly number[];
  onChange(ids: number[]): void;
}

/**
 * A button that opens a small panel of label checkboxes (a disclosure, so it is a plain button and a group of
 * checkboxes to assistive technology). Esc or a click outside closes it and returns focus to the button.
 */
export function LabelFilter({ labels, value, onChange }: LabelFilterProps) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (event.target instanceof Node && !rootRef.current?.contains(event.target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const active = value.length;
  return (
    <div
      className="popover-anchor"
      ref={rootRef}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.preventDefault();
          event.stopPropagation();
          setOpen(false);
          buttonRef.current?.focus();
        }
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        className={active > 0 ? 'filter-button active' : 'filter-button'}
        onClick={() => setOpen((o) => !o)}
      >
        {t('contacts.filter.labels')}
        {active > 0 && <span className="filter-count"> · {t('contacts.filter.labelsActive', { count: active })}</span>}
        <span aria-hidden="true"> ▾</span>
      </button>
      {open && (
        <div id={panelId} className="popover" role="group" aria-label={t('contacts.filter.labels')}>
          {labels.length === 0 ? (
            <p className="field-hint">{t('contacts.filter.noLabels')}</p>
          ) : (
            <>
              <p className="field-hint">{t('contacts.filter.labelsHint')}</p>
              <ul className="popover-list">
                {labels.map((label, i) => (
                  <li key={label.id}>
                    <label className="label-choice">
                      <input
                        type="checkbox"
                        autoFocus={i === 0}
                        checked={value.includes(label.id)}
                        onChange={(e) => onChange(e.target.checked ? [...value, label.id] : value.filter((id) => id !== label.id))}
                      />
                      <LabelChip name={label.name} color={label.color} />
                    </label>
                  </li>
                ))}
              </ul>
              {active > 0 && (
                <button type="button" className="link-button" onClick={() => onChange([])}>
                  {t('contacts.filter.clearLabels')}
                </button>
              )}
            </>
          )}
        </div>
      )}
    </div>
  );
}
