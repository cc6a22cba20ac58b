import { useCallback, useEffect, useId, useState } from 'react';
import type { WebhookStatus } from '../../../../shared/ipc/inbox';
import { errorMessage } from '../../components/errorMessage';
import { useBridge } from '../../components/useBridge';
import type { TKey } from '../../i18n';
import { useI18n } from '../../i18n/useI18n';

export interface WebhookState {
  status: WebhookStatus | null;
  error: string | null;
  busy: boolean;
  toggle: () => Promise<void>;
  refresh: () => Promise<void>;
}

/**
 * The receiver's status, read every 5 s. One reader for the whole screen: the summary ("Statuses and replies:
 * arriving") and the panel show the same answer.
 */
export function useWebhookStatus(): WebhookState {
  const { t } = useI18n();
  const bridge = useBridge();
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

  return { status, error, busy, toggle, refresh };
}

/** Main names what is missing in English ("app secret", "verify token"); the screen names the fields as it labels them. */
const MISSING: Readonly<Record<string, TKey>> = { 'app secret': 'connect.appSecret', 'verify token': 'connect.verifyToken' };

export function missingNames(t: (key: TKey) => string, language: string, missing: readonly string[]): string {
  return listOf(language, missing.map((m) => (MISSING[m] ? t(MISSING[m]) : m)));
}

/** "A and B" / "A 및 B" / "A和B": a list in the UI language's own words. */
export function listOf(language: string, items: readonly string[]): string {
  return new Intl.ListFormat(language, { type: 'conjunction' }).format(items);
}

/**
 * The webhook receiver on 127.0.0.1: whether it listens, what it has received (and refused: bad signatures, oversize
 * bodies), and start/stop. Statuses and replies only reach Shopcast while it runs and the shop's tunnel points at it.
 */
export function WebhookStatusPanel({ state }: { state: WebhookState }) {
  const { t, language, formatNumber, formatDateTime } = useI18n();
  const headingId = useId();
  const { status, error, busy, toggle } = state;

  return (
    <section className="connect-webhook-status" aria-labelledby={headingId}>
      <h4 id={headingId}>{t('webhook.title')}</h4>
      {error && <p className="form-error">{error}</p>}
      {status && (
        <>
          <p role="status">
            <span className={status.running ? 'status-dot' : 'status-dot status-bad'} aria-hidden="true" />{' '}
            {/* A port is a name, not a quantity: a string, so t() does not write it as "47,390". */}
            {status.running ? t('webhook.running', { port: String(status.port ?? status.configuredPort) }) : t('webhook.stopped')}
            {status.error && <> · {status.error}</>}
          </p>
          {status.missing.length > 0 && <p className="banner banner-warning">{t('connect.receiver.missing', { what: missingNames(t, language, status.missing) })}</p>}
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
