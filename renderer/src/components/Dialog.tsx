import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n/useI18n';

interface DialogProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  /** 'wide' for forms with two columns. */
  size?: 'normal' | 'wide';
  /** Accessible description (a short sentence under the title). */
  description?: string;
}

/**
 * A modal on the native <dialog>: the browser traps focus, makes the rest of the page inert and closes on Esc
 * (the 'cancel' event), so keyboard and screen-reader behaviour come for free. Focus returns to where it was.
 */
export function Dialog({ title, onClose, children, size = 'normal', description }: DialogProps) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    // showModal() moves focus to the first focusable element, the header's Close button, after React has run
    // autoFocus; so the element meant to start with focus is marked data-autofocus and focused here instead.
    const start =
      dialog.querySelector<HTMLElement>('[data-autofocus]') ??
      dialog.querySelector<HTMLElement>('form input:not([type="hidden"]), form select, form textarea, form button');
    start?.focus();
    const onCancel = (event: Event) => {
      // Esc: let React decide (the dialog unmounts); a closed-but-mounted <dialog> would leave the store out of step.
      event.preventDefault();
      onCloseRef.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      if (previous?.isConnected) previous.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`dialog dialog-${size}`}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
    >
      <div className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-button" aria-label={t('common.close')} onClick={() => onCloseRef.current()}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      {description && (
        <p id={descriptionId} className="dialog-description">
          {description}
        </p>
      )}
      {children}
    </dialog>
  );
}
