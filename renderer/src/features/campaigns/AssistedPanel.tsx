import { useEffect, useState } from 'react';
import { formatPhone, type CountryCode } from '../../../../shared/domain/phone';
import type { AssistedPrompt } from '../../../../shared/ipc/assisted';
import { isTextEntry } from '../../components/keyboard';
import { useBridge } from '../../components/useBridge';
import { errorMessage } from '../../components/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/useAppStore';

/**
 * The Assisted channel's one job at a time: open the chat in WhatsApp (wa.me, pre-filled), the person presses send
 * there, then marks it here; main then paces the next one. Keys: O open, S sent, K skip (not while typing).
 */
export function AssistedPanel() {
  const { t, formatNumber } = useI18n();
  const bridge = useBridge();
  const showToast = useAppStore((s) => s.showToast);
  const country = useAppStore((s) => s.settings.defaultCountry) as CountryCode;
  const [prompt, setPrompt] = useState<AssistedPrompt | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    void bridge.call('assisted:current').then((r) => {
      if (live && r.ok) setPrompt(r.value);
    });
    const off = bridge.onEvent((e) => {
      if (e.name === 'assisted:waiting') setPrompt(e.payload);
    });
    return () => {
      live = false;
      off();
    };
  }, [bridge]);

  const open = async (p: AssistedPrompt) => {
    const r = await bridge.call('assisted:open', { campaign: p.campaign, job: p.job });
    if (!r.ok) showToast({ tone: 'error', message: t('assisted.openFailed', { reason: errorMessage(t, r.error) }) });
  };
  const mark = async (p: AssistedPrompt, outcome: 'sent' | 'skipped') => {
    setBusy(true);
    try {
      const r = await bridge.call('assisted:mark', { campaign: p.campaign, job: p.job, outcome });
      if (r.ok) setPrompt((now) => (now?.job === p.job ? null : now));
      else showToast({ tone: 'error', message: t('campaigns.actionFailed', { reason: errorMessage(t, r.error) }) });
    } finally {
      setBusy(false);
    }
  };
  const copy = async (p: AssistedPrompt) => {
    try {
      await navigator.clipboard.writeText(p.text);
      showToast({ tone: 'success', message: t('assisted.copied') });
    } catch {
      // Clipboard refused (no focus or permission): the text is on screen to select by hand.
    }
  };

  useEffect(() => {
    if (!prompt) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTextEntry(e.target) || busy) return;
      const key = e.key.toLowerCase();
      if (key === 'o') void open(prompt);
      else if (key === 's') void mark(prompt, 'sent');
      else if (key === 'k') void mark(prompt, 'skipped');
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (!prompt) return null;
  return (
    <section className="assisted-panel" aria-labelledby="assisted-title">
      <h2 id="assisted-title">{t('assisted.title')}</h2>
      <p className="assisted-position">
        {t('assisted.position', { position: formatNumber(prompt.position), total: formatNumber(prompt.total), campaign: prompt.campaignName })}
      </p>
      <dl>
        <dt>{t('assisted.to')}</dt>
        <dd className="cell-phone">{formatPhone(prompt.to, country)}</dd>
        <dt>{t('assisted.message')}</dt>
        <dd>
          <p className="bubble">{prompt.text}</p>
        </dd>
      </dl>
      <p className="field-hint">{t('assisted.steps')}</p>
      <div className="toolbar">
        <button type="button" className="primary" onClick={() => void open(prompt)}>
          {t('assisted.open')}
        </button>
        <button type="button" onClick={() => void copy(prompt)}>
          {t('assisted.copy')}
        </button>
        <button type="button" disabled={busy} onClick={() => void mark(prompt, 'sent')}>
          {t('assisted.sent')}
        </button>
        <button type="button" disabled={busy} onClick={() => void mark(prompt, 'skipped')}>
          {t('assisted.skip')}
        </button>
      </div>
      <p className="keys-hint">{t('assisted.keys')}</p>
    </section>
  );
}
