/**
 * A small, stateful stand-in for the `electron` module, for unit tests of main.ts, preload.ts and friends.
 *
 * The real module cannot be loaded here: the Electron binary is not installed, and from Electron 45 on
 * `require('electron')` in plain Node tries to download it. Use it with vitest, one fresh fake per test:
 *
 *   const fake = createFakeElectron();
 *   vi.resetModules();                      // so the module under test runs its top level again
 *   vi.doMock('electron', () => fake);      // doMock, not mock: the factory must see this test's fake
 *   await import('./main');
 *
 * It enforces the ordering rules Electron enforces (privileged schemes before ready, windows and protocol handlers
 * after, one ipcMain handler per channel) so a test fails where the real app would.
 */
import { EventEmitter } from 'node:events';

export interface FakeElectronOptions {
  /** What `app.requestSingleInstanceLock()` answers. */
  singleInstanceLock?: boolean;
  userData?: string;
  version?: string;
  locale?: string;
}

/** The event object passed to `will-navigate`, `will-attach-webview` and friends. */
export class FakeEvent {
  defaultPrevented = false;
  constructor(readonly url?: string) {}
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

export class FakeWebContents extends EventEmitter {
  private url = '';
  private destroyed = false;
  windowOpenHandler: WindowOpenHandler | undefined;
  readonly sent: { channel: string; args: unknown[] }[] = [];

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }
  getURL(): string {
    return this.url;
  }
  async loadURL(url: string): Promise<void> {
    this.url = url;
  }
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
  }

  /** Simulates a navigation request the way Chromium reports it; returns whether it would go ahead. */
  attemptNavigation(url: string, kind: 'will-navigate' | 'will-redirect' = 'will-navigate'): boolean {
    const event = new FakeEvent(url);
    this.emit(kind, event, url);
    return !event.defaultPrevented;
  }
  /** Simulates a `<webview>` in the page; returns whether it would attach. */
  attemptWebviewAttach(): boolean {
    const event = new FakeEvent();
    this.emit('will-attach-webview', event, {}, {});
    return !event.defaultPrevented;
  }
  /** Simulates `window.open(url)`; returns the handler's answer (Electron allows when no handler is set). */
  attemptWindowOpen(url: string): 'allow' | 'deny' {
    return this.windowOpenHandler ? this.windowOpenHandler({ url }).action : 'allow';
  }
}

interface WindowEnv {
  app: FakeApp;
  windows: FakeBrowserWindow[];
}

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  shown = false;
  focusCount = 0;
  restoreCount = 0;
  minimized = false;
  private destroyed = false;

  constructor(
    readonly options: unknown,
    private readonly env: WindowEnv,
  ) {
    super();
    if (!env.app.isReady()) throw new Error('Cannot create BrowserWindow before app is ready');
    env.windows.push(this);
    // Electron announces every new web contents on the app, before anyone can load anything into it.
    env.app.emit('web-contents-created', {}, this.webContents);
  }

  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url);
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {
    this.focusCount += 1;
  }
  restore(): void {
    this.restoreCount += 1;
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Closes the window like the person clicking ×. */
  close(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroy();
    this.emit('closed');
    if (this.env.windows.every((w) => w.isDestroyed())) this.env.app.emit('window-all-closed');
  }
}

export class FakeApp extends EventEmitter {
  private ready = false;
  private resolveReady: () => void = () => undefined;
  private readonly readyPromise = new Promise<void>((resolve) => {
    this.resolveReady = resolve;
  });
  quitCount = 0;
  exitCode: number | undefined;
  sandboxEnabled = false;

  constructor(private readonly opts: Required<FakeElectronOptions>) {
    super();
  }

  requestSingleInstanceLock(): boolean {
    return this.opts.singleInstanceLock;
  }
  enableSandbox(): void {
    if (this.ready) throw new Error('app.enableSandbox() can only be called before app is ready');
    this.sandboxEnabled = true;
  }
  quit(): void {
    this.quitCount += 1;
  }
  exit(code = 0): void {
    this.exitCode = code;
  }
  isReady(): boolean {
    return this.ready;
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  getPath(name: string): string {
    if (name === 'userData') return this.opts.userData;
    throw new Error(`Fake app has no path "${name}"`);
  }
  getVersion(): string {
    return this.opts.version;
  }
  getLocale(): string {
    return this.opts.locale;
  }
  /** The dock/taskbar count, as app.setBadgeCount set it. */
  badgeCount = 0;
  setBadgeCount(count: number): boolean {
    this.badgeCount = count;
    return true;
  }

  /** What Electron does once Chromium has started: the ready event, then whenReady() resolves. */
  becomeReady(): void {
    this.ready = true;
    this.emit('ready');
    this.resolveReady();
  }
}

export interface FakeIpcMainEvent {
  senderFrame: { url: string } | null;
}

type InvokeHandler = (event: FakeIpcMainEvent, ...args: unknown[]) => unknown;

export class FakeIpcMain {
  readonly handlers = new Map<string, InvokeHandler>();

  handle(channel: string, handler: InvokeHandler): void {
    // Electron throws here too: a second handler would silently shadow the first.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Calls the handler for `channel` as if a frame at `frameUrl` (or no frame, for `null`) had invoked it. */
  async invoke(channel: string, frameUrl: string | null, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ senderFrame: frameUrl === null ? null : { url: frameUrl } }, ...args);
  }
}

export class FakeProtocol {
  readonly privileged: { scheme: string; privileges?: Record<string, boolean> }[] = [];
  readonly handlers = new Map<string, (request: Request) => Response | Promise<Response>>();

  constructor(private readonly app: FakeApp) {}

  registerSchemesAsPrivileged(schemes: { scheme: string; privileges?: Record<string, boolean> }[]): void {
    if (this.app.isReady()) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    this.privileged.push(...schemes);
  }
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    if (!this.app.isReady()) throw new Error('protocol.handle can only be called after app is ready');
    this.handlers.set(scheme, handler);
  }
}

type PermissionRequestHandler = (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void;
type PermissionCheckHandler = (webContents: unknown, permission: string) => boolean;
type HeadersListener = (
  details: { url: string; responseHeaders?: Record<string, string | string[]> },
  callback: (response: { responseHeaders?: Record<string, string | string[]> }) => void,
) => void;

export class FakeSession {
  permissionRequestHandler: PermissionRequestHandler | undefined;
  permissionCheckHandler: PermissionCheckHandler | undefined;
  headersListener: HeadersListener | undefined;
  readonly webRequest = {
    onHeadersReceived: (listener: HeadersListener): void => {
      this.headersListener = listener;
    },
  };

  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler): void {
    this.permissionCheckHandler = handler;
  }

  /** Asks for a permission the way a page would; resolves with the answer (Electron grants when no handler is set). */
  requestPermission(permission: string): Promise<boolean> {
    const handler = this.permissionRequestHandler;
    if (!handler) return Promise.resolve(true);
    return new Promise((resolve) => handler(null, permission, resolve));
  }
  /** Passes a response through the headers listener; returns the headers Chromium would use. */
  receiveHeaders(url: string, responseHeaders: Record<string, string | string[]>): Record<string, string | string[]> {
    const listener = this.headersListener;
    if (!listener) return responseHeaders;
    let result: Record<string, string | string[]> | undefined;
    listener({ url, responseHeaders }, (response) => {
      result = response.responseHeaders ?? responseHeaders;
    });
    if (!result) throw new Error('onHeadersReceived listener never called back');
    return result;
  }
}

export class FakeShell {
  readonly opened: string[] = [];
  async openExternal(url: string): Promise<void> {
    this.opened.push(url);
  }
}

export class FakeContextBridge {
  readonly exposed = new Map<string, unknown>();
  exposeInMainWorld(key: string, api: unknown): void {
    if (this.exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property: ${key}`);
    this.exposed.set(key, api);
  }
}

/** The event object ipcRenderer listeners receive; it carries `sender`, which must never reach the page. */
export interface FakeIpcRendererEvent {
  sender: FakeIpcRenderer;
}

export class FakeIpcRenderer extends EventEmitter {
  readonly invoked: { channel: string; args: unknown[] }[] = [];
  readonly sentToMain: { channel: string; args: unknown[] }[] = [];
  /** What every `invoke` resolves with. */
  reply: unknown = { ok: true, value: null };

  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return this.reply;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sentToMain.push({ channel, args });
  }
  /** Simulates main calling `webContents.send(channel, payload)`. */
  push(channel: string, payload: unknown): void {
    const event: FakeIpcRendererEvent = { sender: this };
    this.emit(channel, event, payload);
  }
}

export function createFakeElectron(options: FakeElectronOptions = {}) {
  const app = new FakeApp({
    singleInstanceLock: options.singleInstanceLock ?? true,
    userData: options.userData ?? '/nonexistent/shopcast-test-user-data',
    version: options.version ?? '0.1.0-test',
    locale: options.locale ?? 'ko-KR',
  });
  const env: WindowEnv = { app, windows: [] };

  class BrowserWindow extends FakeBrowserWindow {
    constructor(opts?: unknown) {
      super(opts, env);
    }
    static getAllWindows(): FakeBrowserWindow[] {
      return env.windows.filter((w) => !w.isDestroyed());
    }
  }

  const defaultSession = new FakeSession();
  return {
    app,
    BrowserWindow,
    ipcMain: new FakeIpcMain(),
    protocol: new FakeProtocol(app),
    session: { defaultSession },
    shell: new FakeShell(),
    contextBridge: new FakeContextBridge(),
    ipcRenderer: new FakeIpcRenderer(),
    safeStorage: new FakeSafeStorage(),
    Tray: FakeTray,
    Menu: FakeMenu,
    Notification: FakeNotification,
    /** Every window ever created, closed ones included. */
    windows: env.windows,
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;

/**
 * Electron's `safeStorage`: "encrypts" by XOR with a key and a marker, so ciphertext never contains the plain text
 * and a value encrypted under another key (another keychain) fails to decrypt, as the real one does.
 */
export class FakeSafeStorage {
  /** What `isEncryptionAvailable()` answers. */
  available = true;
  /** What `getSelectedStorageBackend()` answers (Linux): 'gnome_libsecret', 'kwallet5', 'basic_text', … */
  backend = 'gnome_libsecret';
  readonly encrypted: string[] = [];

  constructor(private readonly key = 0x5a) {}

  isEncryptionAvailable(): boolean {
    return this.available;
  }
  getSelectedStorageBackend(): string {
    return this.backend;
  }
  encryptString(plainText: string): Buffer {
    if (!this.available) throw new Error('Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.');
    this.encrypted.push(plainText);
    const bytes = Buffer.from(`v10:${this.key}:${plainText}`, 'utf8');
    return Buffer.from(bytes.map((b) => b ^ this.key));
  }
  decryptString(encrypted: Buffer): string {
    const text = Buffer.from(encrypted.map((b) => b ^ this.key)).toString('utf8');
    const prefix = `v10:${this.key}:`;
    if (!text.startsWith(prefix)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return text.slice(prefix.length);
  }
}

/** Electron's Tray: records its tooltip and menu; `click()` simulates the person clicking the icon. */
export class FakeTray extends EventEmitter {
  static instances: FakeTray[] = [];
  /** Set to make construction fail, as on a desktop without a tray. */
  static unsupported = false;
  tooltip = '';
  menu: unknown;
  destroyed = false;
  constructor(readonly icon: string) {
    super();
    if (FakeTray.unsupported) throw new Error('This desktop has no system tray.');
    FakeTray.instances.push(this);
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(menu: unknown): void {
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed = true;
  }
  click(): void {
    this.emit('click');
  }
}

/** Electron's Menu: buildFromTemplate returns the template itself, so tests can read and click its items. */
export const FakeMenu = {
  buildFromTemplate<T>(template: T): T {
    return template;
  },
};

/** Electron's main-process Notification: records what was shown; `click()` is the person clicking it. */
export class FakeNotification extends EventEmitter {
  static supported = true;
  static shown: FakeNotification[] = [];
  static isSupported(): boolean {
    return FakeNotification.supported;
  }
  constructor(readonly options: { title: string; body: string; silent?: boolean }) {
    super();
  }
  show(): void {
    FakeNotification.shown.push(this);
  }
  click(): void {
    this.emit('click');
  }
}
