import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import type { Bridge } from '../../shared/ipc/bridge';
import { BridgeContext } from './components/bridgeContext';
import { ConnectionBanner } from './components/ConnectionBanner';
import { ErrorBoundary } from './components/ErrorBoundary';
import { isDialogOpen, isTextEntry } from './components/keyboard';
import { Toasts } from './components/Toasts';
import { useRunUndo } from './components/useRunUndo';
import { purgeOldTrash } from './db/contacts';
import { getDb } from './db/db';
import { ConnectScreen } from './features/connect/ConnectScreen';
import { ContactsScreen } from './features/contacts/ContactsScreen';
import { CampaignsScreen } from './features/campaigns/CampaignsScreen';
import { InboxScreen } from './features/inbox/InboxScreen';
import { AutomationScreen } from './features/automation/AutomationScreen';
import { InboxBadge } from './features/inbox/InboxBadge';
import { useInboxNotifications } from './features/inbox/useInboxNotifications';
import { ImportScreen } from './features/import/ImportScreen';
import { WizardScreen } from './features/wizard/WizardScreen';
import { LabelsScreen } from './features/labels/LabelsScreen';
import { SettingsScreen } from './features/settings/SettingsScreen';
import { SetupScreen } from './features/setup/SetupScreen';
import { useFirstRunSetup, useShownLanguage } from './features/setup/useFirstRunSetup';
import { I18nProvider } from './i18n/I18nProvider';
import { useI18n } from './i18n/useI18n';
import { SCREENS, type Screen } from './store/navigationSlice';
import { useAppStore } from './store/useAppStore';
import { useCoreSession } from './store/useCoreSession';
import { startSendingSync } from './sync/sendingSync';
import { startContactLabelsSync } from './sync/contactLabelsSync';
import type { TKey } from './i18n';

const CONNECT_GRACE_MS = 2_500;

// Loaded when first opened: the charts (recharts) are the largest part of the window's code, and the contacts list
// the app opens on does not need them. Read from disk like the rest, so it works offline.
const ResultsScreen = lazy(() => import('./features/results/ResultsScreen').then((m) => ({ default: m.ResultsScreen })));

const NAV_LABEL: Record<Screen, TKey> = { contacts: 'nav.contacts', labels: 'nav.labels', settings: 'nav.settings', import: 'nav.import', campaigns: 'nav.campaigns', connect: 'nav.connect', wizard: 'nav.wizard', results: 'nav.results', inbox: 'nav.inbox', automation: 'nav.automation' };

export function App({ bridge }: { bridge: Bridge }) {
  useCoreSession(bridge);
  const language = useShownLanguage(useAppStore((s) => s.settings.language));
  useEffect(() => {
    // Undo records older than a week are for nobody; clearing them at start keeps the trash small.
    purgeOldTrash(getDb(), Date.now()).catch((error: unknown) => console.warn('Shopcast: trash purge failed', error));
  }, []);
  useEffect(() => {
    // Campaign progress, recipient statuses, replies and opt-outs from main into the shop's database.
    const sync = startSendingSync(getDb(), bridge, { onStatus: (s) => s.lastError && console.warn('Shopcast: sync:', s.lastError) });
    void sync.syncAll();
    // Which labels each customer carries, for the automation rules' label conditions (decided in main).
    const labels = startContactLabelsSync(getDb(), bridge);
    return () => {
      sync.stop();
      labels.stop();
    };
  }, [bridge]);
  return (
    <BridgeContext.Provider value={bridge}>
      <I18nProvider language={language}>
        <Shell />
      </I18nProvider>
    </BridgeContext.Provider>
  );
}

function Shell() {
  const { t, formatNumber } = useI18n();
  const screen = useAppStore((s) => s.screen);
  const goTo = useAppStore((s) => s.goTo);
  const shopName = useAppStore((s) => s.settings.shopName);
  const connected = useAppStore((s) => s.connected);
  const settingsLoaded = useAppStore((s) => s.settingsLoaded);
  const mainRef = useRef<HTMLElement>(null);
  const setup = useFirstRunSetup();
  useUndoShortcut();
  const unread = useInboxNotifications();
  useEffect(() => {
    // The window title (taskbar, Alt+Tab) names the shop once it has a name, and leads with the unread count.
    const title = shopName !== '' ? `${t('app.name')} — ${shopName}` : t('app.name');
    document.title = unread > 0 ? t('app.titleUnread', { unread: formatNumber(unread), title }) : title;
  }, [shopName, t, unread]);
  // The first connection takes a moment; say "not connected" only once it has had that moment.
  const [graceOver, setGraceOver] = useState(false);
  useEffect(() => {
    const timer = window.setTimeout(() => setGraceOver(true), CONNECT_GRACE_MS);
    return () => window.clearTimeout(timer);
  }, []);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <span className="brand" aria-hidden="true">
          {t('app.name')}
        </span>
        <p className="shop-name">
          {shopName !== '' ? (
            shopName
          ) : (
            <button type="button" className="link-button" onClick={() => goTo('settings')}>
              {t('header.noShopName')}
            </button>
          )}
        </p>
      </header>
      <nav className="app-nav" aria-label={t('nav.label')}>
        <ul>
          {SCREENS.map((s) => (
            <li key={s}>
              <button
                type="button"
                aria-current={screen === s ? 'page' : undefined}
                onClick={() => {
                  setup.close();
                  goTo(s);
                  mainRef.current?.focus();
                }}
              >
                <span className="nav-icon" aria-hidden="true" data-screen={s} />
                {t(NAV_LABEL[s])}
                {s === 'inbox' && <InboxBadge />}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" ref={mainRef} tabIndex={-1} className="app-main">
        <ConnectionBanner connected={connected} show={settingsLoaded || graceOver} />
        <ErrorBoundary
          key={setup.open ? 'setup' : screen}
          fallback={(retry) => (
            <div className="banner banner-error" role="alert">
              <p>{t('app.screenFailed')}</p>
              <button type="button" onClick={retry}>
                {t('common.retry')}
              </button>
            </div>
          )}
        >
          {setup.open && <SetupScreen />}
          {!setup.open && <>
          {screen === 'contacts' && <ContactsScreen />}
          {screen === 'labels' && <LabelsScreen />}
          {screen === 'settings' && <SettingsScreen />}
          {screen === 'import' && <ImportScreen />}
          {screen === 'campaigns' && <CampaignsScreen />}
          {screen === 'inbox' && <InboxScreen />}
          {screen === 'automation' && <AutomationScreen />}
          {screen === 'wizard' && <WizardScreen />}
          {screen === 'results' && (
            <Suspense fallback={<p aria-live="polite">{t('results.loading')}</p>}>
              <ResultsScreen />
            </Suspense>
          )}
          {screen === 'connect' && <ConnectScreen />}
          </>}
        </ErrorBoundary>
      </main>
      <StatusBar />
      <Toasts />
    </div>
  );
}

function StatusBar() {
  const { t } = useI18n();
  const connected = useAppStore((s) => s.connected);
  const info = useAppStore((s) => s.appInfo);
  const runtime = info?.runtime;
  return (
    <footer className="status-bar" aria-label={t('status.label')}>
      {runtime && <span>{t(runtime === 'electron' ? 'status.runtime.electron' : 'status.runtime.browserHost')}</span>}
      <span className={connected ? 'status-ok' : 'status-bad'} data-testid="connection-state">
        <span className="status-dot" aria-hidden="true" />
        {t(connected ? 'status.connected' : 'status.disconnected')}
      </span>
      <span className="status-ok">
        <span aria-hidden="true">✓ </span>
        {t('status.offlineReady')}
      </span>
      {info && <span className="status-version">{t('status.version', { version: info.version })}</span>}
    </footer>
  );
}

/** Ctrl/Cmd+Z undoes the last destructive action, except while typing, where it is the field's own undo. */
function useUndoShortcut() {
  const runUndo = useRunUndo();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.shiftKey || event.altKey || event.key.toLowerCase() !== 'z') return;
      if (isTextEntry(event.target)) return;
      if (isDialogOpen()) return;
      event.preventDefault();
      void runUndo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [runUndo]);
}
