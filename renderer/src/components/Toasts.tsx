import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/useI18n';
import { useAppStore } from '../store/useAppStore';
import type { Toast } from '../store/toastSlice';
import { useRunUndo } from './useRunUndo';

/** Long enough to read and reach the Undo button by keyboard; Ctrl/Cmd+Z keeps working after it goes. */
const UNDO_TOAST_MS = 10_000;
const TOAST_MS = 5_000;

/** Messages in a polite live region, so screen readers announce them without moving focus. */
export function Toasts() {
  const { t } = useI18n();
  const toasts = useAppStore((s) => s.toasts);
  return (
    <section className="toasts" aria-label={t('toast.region')}>
      <div role="status" aria-live="polite">
        <ol>
          {toasts.map((toast) => (
            <ToastItem key={toast.id} toast={toast} />
          ))}
        </ol>
      </div>
    </section>
  );
}

function ToastItem({ toast }: { toast: Toast }) {
  const { t, formatNumber } = useI18n();
  const dismiss = useAppStore((s) => s.dismissToast);
  const runUndo = useRunUndo();
  const [paused, setPaused] = useState(false);
  const ref = useRef<HTMLLIElement>(null);

  useEffect(() => {
    if (paused || toast.tone === 'progress') return;
    const timer = window.setTimeout(() => dismiss(toast.id), toast.undo ? UNDO_TOAST_MS : TOAST_MS);
    return () => window.clearTimeout(timer);
  }, [paused, toast.tone, toast.id, toast.message, toast.undo, dismiss]);

  return (
    <li
      ref={ref}
      className={`toast toast-${toast.tone}`}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={(event) => {
        if (!ref.current?.contains(event.relatedTarget)) setPaused(false);
      }}
    >
      {toast.tone === 'progress' && <span className="spinner" aria-hidden="true" />}
      <span className="toast-message">{toast.message}</span>
      {toast.tone === 'progress' && toast.progress !== undefined && (
        <progress max={1} value={toast.progress} aria-label={toast.message}>
          {formatNumber(Math.round(toast.progress * 100))}%
        </progress>
      )}
      {toast.undo && (
        <button type="button" className="toast-undo" onClick={() => void runUndo(toast.id)}>
          {t('common.undo')}
        </button>
      )}
      {toast.tone !== 'progress' && (
        <button type="button" className="icon-button" aria-label={t('common.dismiss')} onClick={() => dismiss(toast.id)}>
          <span aria-hidden="true">×</span>
        </button>
      )}
    </li>
  );
}
