import { useState } from 'react';
import { useI18n } from '../i18n/useI18n';
import { Dialog } from './Dialog';

interface ConfirmDialogProps {
  title: string;
  body: string;
  confirmLabel: string;
  danger?: boolean;
  onConfirm(): Promise<void> | void;
  onCancel(): void;
}

/** "Are you sure?" for destructive actions. The confirm button has focus, so Delete then Enter works by keyboard. */
export function ConfirmDialog({ title, body, confirmLabel, danger = false, onConfirm, onCancel }: ConfirmDialogProps) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  return (
    <Dialog title={title} onClose={onCancel} description={body}>
      <form
        method="dialog"
        className="dialog-actions"
        onSubmit={async (event) => {
          event.preventDefault();
          if (busy) return;
          setBusy(true);
          try {
            await onConfirm();
          } finally {
            setBusy(false);
          }
        }}
      >
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className={danger ? 'danger' : 'primary'} data-autofocus aria-busy={busy} disabled={busy}>
          {busy ? t('common.working') : confirmLabel}
        </button>
      </form>
    </Dialog>
  );
}
