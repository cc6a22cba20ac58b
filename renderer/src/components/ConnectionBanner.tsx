/**
 * What the window says while it has lost the app core. The bridge retries on its own (at least every 5 s); this
 * banner only words what is true: first "reconnecting", then — if the host's ping does not answer — that Shopcast is
 * not running and this window will come back by itself once it is started, or — if the host answers but still does
 * not take this window (a new session token, e.g. after its session file was lost) — what to do instead.
 */
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/useI18n';
import { bannerKind, type BannerState, PING_PATH_FOR_WINDOW, TICK_MS } from './connectionBannerState';

export function ConnectionBanner({ connected, show }: { connected: boolean; show: boolean }) {
  const { t } = useI18n();
  const [state, setState] = useState<BannerState>({ downForMs: 0, hostAnsweringForMs: undefined });
  useEffect(() => {
    if (connected) return;
    setState({ downForMs: 0, hostAnsweringForMs: undefined });
    let cancelled = false;
    // Counted in ticks, not read from the clock: only the length of the outage matters.
    const timer = window.setInterval(() => {
      void fetch(PING_PATH_FOR_WINDOW, { cache: 'no-store' })
        .then(async (r) => r.ok && Reflect.get(Object(await r.json()), 'app') === 'shopcast')
        .catch(() => false)
        .then((answering) => {
          if (cancelled) return;
          setState((s) => ({
            downForMs: s.downForMs + TICK_MS,
            hostAnsweringForMs: answering ? (s.hostAnsweringForMs ?? -TICK_MS) + TICK_MS : undefined,
          }));
        });
    }, TICK_MS);
    return () => {
      cancelled = true;
      window.clearInterval(timer);
    };
  }, [connected]);
  if (connected || !show) return null;
  const kind = bannerKind(state);
  return (
    <p className="banner banner-warning" role="alert" data-testid="connection-banner" data-kind={kind}>
      {t(`reconnect.${kind}`)}
    </p>
  );
}
