/**
 * Composition root of the Electron app: wires Electron's objects into the core, the protocol, the IPC transport and
 * the window. It decides nothing; every rule lives in the module it calls, tested there.
 */
import { join } from 'node:path';
// BrowserWindow is renamed here so that the bundler leaves the name free for window.ts, whose literal
// `new BrowserWindow({ webPreferences })` is what Electronegativity inspects (see window.ts).
import { app, BrowserWindow as ElectronWindow, ipcMain, protocol, safeStorage, session, shell } from 'electron';
import { nodeFs } from './adapters/fs';
import { safeStorageSecretStore } from './adapters/safeStorageSecrets';
import { createCore } from './services/core';
import { registerIpc } from './ipc';
import { registerAppProtocol, registerAppSchemeAsPrivileged } from './protocol';
import { createMainWindow, hardenAllWebContents, hardenSession, openExternalSafely, revealWindow } from './window';

// The bundle runs from dist/electron/main.cjs; the preload sits beside it and the renderer build in dist/renderer/.
const preloadPath = join(__dirname, 'preload.cjs');
const rendererDir = join(__dirname, '..', 'renderer');

let mainWindow: ElectronWindow | undefined;

function openMainWindow(): void {
  mainWindow = createMainWindow({ BrowserWindow: ElectronWindow, shell, preloadPath });
}

async function whenReady(): Promise<void> {
  await app.whenReady();
  hardenSession(session.defaultSession);
  registerAppProtocol(protocol, rendererDir);
  const core = createCore({
    fs: nodeFs,
    dataDir: app.getPath('userData'),
    runtime: 'electron',
    version: app.getVersion(),
    platform: process.platform,
    locale: app.getLocale(),
    secrets: safeStorageSecretStore(safeStorage, nodeFs, app.getPath('userData')),
    // The Assisted channel opens wa.me chats; only allow-listed https links leave the app (security.ts).
    openExternal: async (url) => {
      if (!(await openExternalSafely(shell, url))) throw new Error('Shopcast only opens https links to WhatsApp and Meta.');
    },
  });
  registerIpc({ ipcMain, core, windows: () => ElectronWindow.getAllWindows() });
  void core.start().catch((error: unknown) => console.error('Shopcast: sending is not available:', error instanceof Error ? error.message : error));
  // Quit waits for sending to pause (what is in flight is journaled; running campaigns resume at the next start).
  let closed = false;
  let closing: Promise<void> | undefined;
  app.on('before-quit', (event: { preventDefault(): void }) => {
    if (closed) return;
    event.preventDefault();
    closing ??= core.close().finally(() => {
      closed = true;
      app.quit();
    });
  });
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
  app.on('second-instance', () => revealWindow(mainWindow));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
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
