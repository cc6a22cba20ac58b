import { useEffect, useId, useRef, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { LabelChip } from '../../components/LabelChip';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/useAppStore';
import { useLabels } from '../labels/useLabels';
import { useContactActions } from './useContactActions';

/** Picks one label to apply to, or remove from, every selected contact. */
export function BulkLabelDialog({ mode, ids }: { mode: 'add' | 'remove'; ids: readonly number[] }) {
  const { t } = useI18n();
  const closeDialog = useAppStore((s) => s.closeDialog);
  const { list: labels } = useLabels();
  const { changeLabel } = useContactActions();
  const [picked, setPicked] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const legendId = useId();
  const chosen = labels?.find((l) => l.id === picked) ?? labels?.[0];
  const listRef = useRef<HTMLFieldSetElement>(null);
  const hasLabels = (labels?.length ?? 0) > 0;
  // Labels arrive just after the dialog opens; the first one then takes focus so arrows and Enter work at once.
  useEffect(() => {
    if (hasLabels) listRef.current?.querySelector<HTMLInputElement>('input:checked')?.focus();
  }, [hasLabels]);

  return (
    <Dialog
      title={t(mode === 'add' ? 'contacts.pickLabel.applyTitle' : 'contacts.pickLabel.removeTitle', { count: ids.length })}
      onClose={closeDialog}
    >
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          if (!chosen || busy) return;
          setBusy(true);
          const done = await changeLabel(ids, chosen.id, chosen.name, mode);
          setBusy(false);
          if (done) closeDialog();
        }}
      >
        {labels && labels.length === 0 ? (
          <p>{t('contacts.pickLabel.none')}</p>
        ) : (
          <fieldset ref={listRef} className="label-radio-list" aria-labelledby={legendId}>
            <legend id={legendId}>{t('contacts.pickLabel.label')}</legend>
            {labels?.map((label) => (
              <label key={label.id} className="label-choice">
                <input
                  type="radio"
                  name="label"
                  value={label.id}
                  checked={chosen?.id === label.id}
                  onChange={() => setPicked(label.id)}
                />
                <LabelChip name={label.name} color={label.color} />
              </label>
            ))}
          </fieldset>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={closeDialog}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary" disabled={!chosen || busy} aria-busy={busy}>
            {busy ? t('common.working') : t(mode === 'add' ? 'contacts.pickLabel.apply' : 'contacts.pickLabel.remove')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
