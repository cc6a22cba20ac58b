import { useCallback, useEffect, useId, useState } from 'react';
import type { WebhookStatus } from '../../../../shared/ipc/sending';
import { errorMessage } from '../../components/errorMessage';
import { useBridge } from '../../components/useBridge';
import { useI18n } from '../../i18n/useI18n';

/**
 * The webhook receiver on 127.0.0.1: whether it listens, what it has received (and refused: bad signatures, oversize
 * bodies), and start/stop. Statuses and replies only reach Shopcast while it runs and the shop's tunnel points at it.
 */
export function WebhookStatusPanel() {
  const { t, formatNumber, formatDateTime } = useI18n();
  const bridge = useBridge();
  const headingId = useId();
  const [status, setStatus] = useState<WebhookStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async () => {
    const r = await bridge.call('webhook:status');
    if (r.ok) {
      setStatus(r.value);
      setError(null);
    } else setError(errorMessage(t, r.error));
  }, [bridge, t]);

  useEffect(() => {
    void refresh();
    const timer = window.setInterval(() => void refresh(), 5_000);
    return () => window.clearInterval(timer);
  }, [refresh]);

  const toggle = async () => {
    if (!status) return;
    setBusy(true);
    const r = status.running ? await bridge.call('webhook:stop') : await bridge.call('webhook:start', {});
    setBusy(false);
    if (r.ok) {
      setStatus(r.value);
      setError(null);
    } else setError(errorMessage(t, r.error));
  };

  return (
    <section className="connect-webhook-status" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('webhook.title')}</h2>
      {error && <p className="form-error">{error}</p>}
      {status && (
        <>
          <p role="status">
            <span className={status.running ? 'status-dot' : 'status-dot status-bad'} aria-hidden="true" />{' '}
            {status.running ? t('webhook.running', { port: status.port ?? status.configuredPort }) : t('webhook.stopped')}
            {status.error && <> · {status.error}</>}
          </p>
          {status.missing.length > 0 && <p className="banner banner-warning">{t('webhook.missing', { what: status.missing.join(', ') })}</p>}
          <dl className="webhook-stats">
            <dt>{t('webhook.accepted')}</dt>
            <dd>{formatNumber(status.stats.accepted)}</dd>
            <dt>{t('webhook.badSignature')}</dt>
            <dd>{formatNumber(status.stats.badSignature)}</dd>
            <dt>{t('webhook.refused')}</dt>
            <dd>{formatNumber(status.stats.tooLarge + status.stats.unparseable)}</dd>
            <dt>{t('webhook.duplicates')}</dt>
            <dd>{formatNumber(status.stats.duplicates)}</dd>
            {status.lastEventAt !== undefined && (
              <>
                <dt>{t('webhook.last')}</dt>
                <dd>{formatDateTime(status.lastEventAt)}</dd>
              </>
            )}
          </dl>
          <button type="button" onClick={() => void toggle()} disabled={busy || (!status.running && status.missing.length > 0)}>
            {status.running ? t('webhook.stop') : t('webhook.start')}
          </button>
        </>
      )}
    </section>
  );
}
