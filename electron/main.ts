/**
 * Composition root of the Electron app: wires Electron's objects into the core, the protocol, the IPC transport and
 * the window. It decides nothing; every rule lives in the module it calls, tested there.
 */
import { join } from 'node:path';
// BrowserWindow is renamed here so that the bundler leaves the name free for window.ts, whose literal
// `new BrowserWindow({ webPreferences })` is what Electronegativity inspects (see window.ts).
import { app, BrowserWindow as ElectronWindow, ipcMain, Menu, Notification, protocol, safeStorage, session, shell, Tray } from 'electron';
import { nodeFs } from './adapters/fs';
import { safeStorageSecretStore } from './adapters/safeStorageSecrets';
import { createDesktop, type Desktop } from './desktop';
import { createCore, type Core } from './services/core';
import { registerIpc } from './ipc';
import { registerAppProtocol, registerAppSchemeAsPrivileged } from './protocol';
import { keepRunningWithoutWindow, ShopcastTray, type MenuItemTemplate } from './tray';
import { createWindowlessNotices } from './windowlessNotices';
import { createMainWindow, hardenAllWebContents, hardenSession, openExternalSafely, revealWindow } from './window';

// The bundle runs from dist/electron/main.cjs; the preload sits beside it and the renderer build in dist/renderer/.
const preloadPath = join(__dirname, 'preload.cjs');
const rendererDir = join(__dirname, '..', 'renderer');

let mainWindow: ElectronWindow | undefined;
let tray: ShopcastTray | undefined;
let core: Core | undefined;

function openMainWindow(): void {
  mainWindow = createMainWindow({ BrowserWindow: ElectronWindow, shell, preloadPath });
}

/** Brings the window back, or opens a new one when it was closed while sending went on in the tray. */
function showMainWindow(): void {
  if (!core) return; // not started yet: the window opens when start-up finishes
  if (!mainWindow || mainWindow.isDestroyed()) openMainWindow();
  else revealWindow(mainWindow);
}

/** Closing the last window quits, unless a campaign is sending or scheduled and a tray icon keeps the app reachable. */
function onAllWindowsClosed(): void {
  if (process.platform === 'darwin') return;
  if (!tray || !core) {
    app.quit();
    return;
  }
  const c = core;
  void Promise.all([c.sending.list(), c.sending.webhookStatus().then((w) => w.running, () => false)]).then(
    ([campaigns, receiving]) => {
      if (!keepRunningWithoutWindow(campaigns, receiving)) app.quit();
    },
    () => app.quit(),
  );
}

/** The tray follows campaign progress (at most a few updates a second: campaign:changed is throttled in main). */
function startTray(c: Core): void {
  try {
    tray = new ShopcastTray({
      createTray: (icon) => new Tray(icon),
      buildMenu: (template: MenuItemTemplate[]) => Menu.buildFromTemplate(template),
      iconPath: join(__dirname, 'tray.png'),
      openWindow: showMainWindow,
      pauseAll: () => {
        void c.sending.list().then((list) => Promise.all(list.filter((x) => x.state === 'running').map((x) => c.sending.pause(x.id))));
      },
      quit: () => app.quit(),
    });
  } catch (error) {
    // Some Linux desktops have no tray: then closing the window quits, as it did before.
    console.warn('Shopcast: no tray icon on this desktop:', error instanceof Error ? error.message : error);
    return;
  }
  const refresh = () => void c.sending.list().then((list) => tray?.update(list), () => undefined);
  c.events.subscribe((e) => {
    if (e.name === 'campaign:changed') refresh();
  });
  refresh();
}

/** With no window (closed to the tray, or macOS's dock) there is no renderer to notify new messages: main does. */
function startWindowlessNotices(c: Core, desktop: Desktop): void {
  const notices = createWindowlessNotices({
    notify: (n) => desktop.notify(n),
    hasWindow: () => ElectronWindow.getAllWindows().length > 0,
    inboxSince: (after, limit) => c.sending.inboxSince(after, limit),
    settings: () => c.settings.get(),
  });
  c.events.subscribe((e) => {
    if (e.name === 'inbox:received') void notices.received(e.payload.last).catch(() => undefined);
  });
  void notices.start().catch(() => undefined);
}

async function whenReady(): Promise<void> {
  await app.whenReady();
  hardenSession(session.defaultSession);
  registerAppProtocol(protocol, rendererDir);
  const desktop = createDesktop({ Notification, app, show: () => showMainWindow(), trayUnread: (n) => tray?.setUnread(n) });
  const c = createCore({
    fs: nodeFs,
    dataDir: app.getPath('userData'),
    runtime: 'electron',
    version: app.getVersion(),
    platform: process.platform,
    locale: app.getLocale(),
    secrets: safeStorageSecretStore(safeStorage, nodeFs, app.getPath('userData')),
    // The Assisted channel opens wa.me chats; only allow-listed https links leave the app (security.ts).
    openLink: async (url) => {
      if (!(await openExternalSafely(shell, url))) throw new Error('Shopcast only opens https links to WhatsApp and Meta.');
    },
    // New customer messages and overdue answers: the window may not notify itself (hardenSession), main does.
    desktop,
  });
  core = c;
  registerIpc({ ipcMain, core: c, windows: () => ElectronWindow.getAllWindows() });
  void c.start().catch((error: unknown) => console.error('Shopcast: sending is not available:', error instanceof Error ? error.message : error));
  // Quit waits for sending to pause (what is in flight is journaled; running campaigns resume at the next start).
  let closed = false;
  let closing: Promise<void> | undefined;
  app.on('before-quit', (event: { preventDefault(): void }) => {
    if (closed) return;
    event.preventDefault();
    closing ??= c.close().finally(() => {
      closed = true;
      tray?.destroy();
      app.quit();
    });
  });
  startTray(c);
  startWindowlessNotices(c, desktop);
  openMainWindow();
  // macOS keeps the app running with no window; clicking the dock icon brings one back.
  app.on('activate', () => {
    if (ElectronWindow.getAllWindows().length === 0) openMainWindow();
  });
}

function start(): Promise<void> {
  // All of these must happen before the app is ready.
  app.enableSandbox();
  registerAppSchemeAsPrivileged(protocol);
  hardenAllWebContents(app, shell);
  app.on('second-instance', () => showMainWindow());
  app.on('window-all-closed', onAllWindowsClosed);
  return whenReady();
}

function quitAtOnce(): Promise<void> {
  app.quit();
  return Promise.resolve();
}

/**
 * One instance per user: two would write the same send journal and could send a campaign twice. A second launch
 * quits at once and the first instance brings its window forward (the 'second-instance' handler above).
 * A failed start exits rather than lingering: a half-started app would hold the lock with no window and block
 * every later launch. Exported so tests can wait for start-up to finish.
 */
export const started: Promise<void> = (app.requestSingleInstanceLock() ? start() : quitAtOnce()).catch(
  (error: unknown) => {
    console.error('Shopcast could not start:', error);
    app.exit(1);
  },
);
