/**
 * The main window and everything that keeps web content in its box: secure webPreferences, a CSP on every response,
 * no navigation away from our origin, no new windows, no webviews, no permissions, and links out only to the hosts
 * on the allow-list, opened in the person's own browser.
 *
 * Electron objects are passed in (structural "ports" below) so this file runs and is tested without Electron; it
 * imports nothing from 'electron' at run time.
 */
import { contentSecurityPolicy, isAllowedExternalUrl } from './security';
import { APP_ENTRY_URL, isAppUrl } from './protocol';

/** The window's colour before the first paint, so it never flashes white; equal to --bg in renderer/src/styles.css. */
export const WINDOW_BACKGROUND = '#f6f7f9';

// ── Ports: the few parts of Electron's API this file touches ────────────────────────────────────────────────────

/** The event object Electron passes to `will-navigate`, `will-redirect` and `will-attach-webview`. */
export interface PreventableEvent {
  preventDefault(): void;
  /** Present on navigation events since Electron 25; older code received the URL as the second argument. */
  readonly url?: string;
}

export interface WebContentsPort {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent, url?: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface ShellPort {
  openExternal(url: string): Promise<void>;
}

export interface AppPort {
  on(event: 'web-contents-created', listener: (event: unknown, contents: WebContentsPort) => void): unknown;
}

export interface HeadersDetails {
  url: string;
  responseHeaders?: Record<string, string | string[]>;
}

export interface SessionPort {
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
  webRequest: {
    onHeadersReceived(
      listener: (
        details: HeadersDetails,
        callback: (response: { responseHeaders: Record<string, string | string[]> }) => void,
      ) => void,
    ): void;
  };
}

export interface BrowserWindowPort {
  readonly webContents: WebContentsPort;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  loadURL(url: string): Promise<void>;
}

/** The options we pass to `new BrowserWindow`; a subset of Electron's BrowserWindowConstructorOptions. */
export interface MainWindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  title: string;
  show: boolean;
  backgroundColor: string;
  webPreferences: {
    preload: string;
    contextIsolation: true;
    sandbox: true;
    nodeIntegration: false;
    nodeIntegrationInWorker: false;
    nodeIntegrationInSubFrames: false;
    webviewTag: false;
    webSecurity: true;
    allowRunningInsecureContent: false;
    experimentalFeatures: false;
    spellcheck: false;
    navigateOnDragDrop: false;
    disableBlinkFeatures: 'Auxclick';
  };
}

export type BrowserWindowConstructor<W extends BrowserWindowPort> = new (options: MainWindowOptions) => W;

// ── Links out ──────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * The only way this app calls `shell.openExternal`: the URL must be https on an allow-listed host
 * (see security.ts). Anything else — file:, javascript:, custom schemes, other hosts — is refused.
 * @returns whether the URL was handed to the operating system.
 */
export async function openExternalSafely(shell: ShellPort, url: unknown): Promise<boolean> {
  if (!isAllowedExternalUrl(url)) return false;
  try {
    await shell.openExternal(url);
    return true;
  } catch {
    // No browser registered, or the OS refused: nothing the renderer can act on, and the app must not crash.
    return false;
  }
}

// ── Web contents ───────────────────────────────────────────────────────────────────────────────────────────────

const hardened = new WeakSet<WebContentsPort>();

/**
 * Locks one web contents (our window, or anything else Chromium creates) to our origin:
 * - navigation and redirects anywhere but app://shopcast are cancelled (a link or a script cannot swap our page
 *   for a remote one that would then talk to our preload API);
 * - `window.open` and target=_blank never create a window; allow-listed links open in the person's browser;
 * - `<webview>` can never attach.
 * Safe to call twice for the same contents.
 */
export function hardenWebContents(contents: WebContentsPort, shell: ShellPort): void {
  if (hardened.has(contents)) return;
  hardened.add(contents);

  const keepOnOurOrigin = (event: PreventableEvent, legacyUrl?: string) => {
    if (!isAppUrl(event.url ?? legacyUrl)) event.preventDefault();
  };
  contents.on('will-navigate', keepOnOurOrigin);
  contents.on('will-redirect', keepOnOurOrigin);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    void openExternalSafely(shell, url);
    return { action: 'deny' };
  });
}

/** Hardens every web contents the app ever creates, including ones we did not create on purpose. */
export function hardenAllWebContents(app: AppPort, shell: ShellPort): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, shell));
}

// ── Session ────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Shopcast needs no browser permission (camera, notifications, geolocation, clipboard-read, HID, …): deny them all,
 * both when a page asks and when it merely checks. Puts our CSP on every response the session receives, replacing
 * whatever header was there, so the policy holds even for a response that did not come from our protocol handler.
 */
export function hardenSession(session: SessionPort): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  const csp = contentSecurityPolicy();
  session.webRequest.onHeadersReceived((details, callback) => {
    const responseHeaders = withoutHeader(details.responseHeaders ?? {}, 'content-security-policy');
    callback({ responseHeaders: { ...responseHeaders, 'Content-Security-Policy': [csp] } });
  });
}

function withoutHeader(headers: Record<string, string | string[]>, name: string): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(headers).filter(([key]) => key.toLowerCase() !== name));
}

// ── The window ─────────────────────────────────────────────────────────────────────────────────────────────────

export interface CreateMainWindowDeps<W extends BrowserWindowPort> {
  BrowserWindow: BrowserWindowConstructor<W>;
  shell: ShellPort;
  preloadPath: string;
  /** Where the window goes; our own origin unless a test says otherwise. */
  url?: string;
}

export function createMainWindow<W extends BrowserWindowPort>(deps: CreateMainWindowDeps<W>): W {
  const { BrowserWindow } = deps;
  // Written as `new BrowserWindow({ ...literal })` on purpose: Electronegativity's webPreferences checks read exactly
  // this shape in the bundle. build/scripts/electronegativity.mjs fails if the scan stops seeing it.
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 900,
    minHeight: 600,
    title: 'Shopcast',
    // Shown on ready-to-show, so the person never sees an empty frame.
    show: false,
    backgroundColor: WINDOW_BACKGROUND,
    webPreferences: {
      preload: deps.preloadPath,
      // The renderer never gets Node or Electron: only the functions the preload exposes through contextBridge.
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // The spellchecker downloads dictionaries from Google's CDN; the app must work offline and send nothing.
      spellcheck: false,
      // Dropping a spreadsheet on the window must go to the import screen, never navigate to file://.
      navigateOnDragDrop: false,
      // Middle-click fires `auxclick`, a second way for a link to ask for a new window or navigation; the handlers
      // above deny those anyway, and nothing in Shopcast uses the middle button.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  // web-contents-created already hardens every contents; doing it here too keeps the main window safe even if
  // someone reorders main.ts. hardenWebContents is idempotent.
  hardenWebContents(win.webContents, deps.shell);
  win.once('ready-to-show', () => win.show());
  // A failed load (the renderer was not built, a bad asset) must not become an unhandled rejection that kills main;
  // the window still shows on ready-to-show with Chromium's error page.
  win.loadURL(deps.url ?? APP_ENTRY_URL).catch((error: unknown) => console.error('Shopcast could not load its window:', error));
  return win;
}

export interface RevealableWindowPort {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

/**
 * Brings an existing window to the front: what a second launch of the app does instead of starting a second
 * instance (two instances must never share the send journal). Does nothing when there is no window yet.
 */
export function revealWindow(win: RevealableWindowPort | undefined): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
