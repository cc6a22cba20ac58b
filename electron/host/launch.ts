/**
 * The browser host's launch decisions, as pure functions of argv, platform and environment so each is tested with a
 * table: flags, where the data lives, which browser can show the app window, and how to start it.
 */
import { posix, win32 } from 'node:path';

/** Fixed on purpose: IndexedDB belongs to the origin (host AND port); a new port would make the shop's data seem gone. */
export const DEFAULT_PORT = 47321;

export interface HostArgs {
  port: number;
  dataDir?: string;
  rendererDir?: string;
  open: boolean;
  help: boolean;
  /**
   * For tests only: the core's clock starts at this instant (ms since the epoch) and runs at the normal rate from
   * there, so a test decides what hour it is instead of the machine's wall clock.
   */
  testClockStart?: number;
}

export const HELP = `Usage: node dist/host/host.mjs [options]

Runs Shopcast in the browser host: the app core on this computer, its window served only to this computer
at http://127.0.0.1:PORT.

Options:
  --port N            port on 127.0.0.1 (default ${DEFAULT_PORT}). The shop's data in the window is kept per port,
                      so use the same port every time.
  --data-dir DIR      where Shopcast keeps its files (default: the same folder as the desktop app)
  --renderer-dir DIR  the built renderer to serve (default: dist/renderer next to this file)
  --no-open           do not open an app window; just print the address
  --test-clock-start ISO
                      for automated tests only: the app's clock starts at this instant (e.g.
                      2026-12-01T20:59:40Z) and runs on from there; never use it for a real shop
  --help              show this help

Environment: SHOPCAST_CHROMIUM=path picks the browser for the app window; CI=true never opens one.`;

export function parseHostArgs(argv: readonly string[]): { ok: true; args: HostArgs } | { ok: false; error: string } {
  const args: HostArgs = { port: DEFAULT_PORT, open: true, help: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => {
      if (inline !== undefined) return inline;
      i += 1;
      return argv[i];
    };
    switch (flag) {
      case '--help':
      case '-h':
        args.help = true;
        break;
      case '--no-open':
        args.open = false;
        break;
      case '--port': {
        const raw = value();
        const port = raw !== undefined && /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
        if (!(port >= 0 && port <= 65_535)) return { ok: false, error: `--port needs a number from 0 to 65535, not "${raw ?? ''}".` };
        args.port = port;
        break;
      }
      case '--test-clock-start': {
        const raw = value() ?? '';
        // An instant with its zone only ("Z" or "+09:00"): a local time would depend on the machine's TZ.
        const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(raw) ? Date.parse(raw) : NaN;
        if (!Number.isFinite(at)) return { ok: false, error: `--test-clock-start needs an instant with its zone, like 2026-12-01T20:59:40Z, not "${raw}".` };
        args.testClockStart = at;
        break;
      }
      case '--data-dir':
      case '--renderer-dir': {
        const dir = value();
        if (!dir) return { ok: false, error: `${flag} needs a folder.` };
        if (flag === '--data-dir') args.dataDir = dir;
        else args.rendererDir = dir;
        break;
      }
      default:
        return { ok: false, error: `Unknown option "${arg}". Try --help.` };
    }
  }
  return { ok: true, args };
}

type Env = Readonly<Record<string, string | undefined>>;

/** The folder Electron's app.getPath('userData') would use for "Shopcast", so both hosts share settings and journal. */
export function defaultDataDir(platform: NodeJS.Platform, env: Env, home: string): string {
  if (platform === 'win32') return win32.join(env.APPDATA || win32.join(home, 'AppData', 'Roaming'), 'Shopcast');
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', 'Shopcast');
  return posix.join(env.XDG_CONFIG_HOME || posix.join(home, '.config'), 'Shopcast');
}

/** Chromium-family browsers that support `--app=URL` windows, most likely first. Edge is on every Windows machine. */
export function browserCandidates(platform: NodeJS.Platform, env: Env, home: string): string[] {
  const override = env.SHOPCAST_CHROMIUM ? [env.SHOPCAST_CHROMIUM] : [];
  if (platform === 'win32') {
    const bases = [env.LOCALAPPDATA, env.PROGRAMFILES, env['PROGRAMFILES(X86)']].filter((b): b is string => Boolean(b));
    return [
      ...override,
      ...bases.map((b) => win32.join(b, 'Google', 'Chrome', 'Application', 'chrome.exe')),
      ...bases.map((b) => win32.join(b, 'Chromium', 'Application', 'chrome.exe')),
      ...bases.map((b) => win32.join(b, 'Microsoft', 'Edge', 'Application', 'msedge.exe')),
    ];
  }
  if (platform === 'darwin') {
    const apps = ['Google Chrome.app/Contents/MacOS/Google Chrome', 'Chromium.app/Contents/MacOS/Chromium', 'Microsoft Edge.app/Contents/MacOS/Microsoft Edge'];
    return [...override, ...apps.map((a) => `/Applications/${a}`), ...apps.map((a) => posix.join(home, 'Applications', a))];
  }
  return [
    ...override,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/snap/bin/chromium',
    '/usr/bin/microsoft-edge',
  ];
}

export function findBrowser(platform: NodeJS.Platform, env: Env, home: string, exists: (path: string) => boolean): string | undefined {
  return browserCandidates(platform, env, home).find(exists);
}

/** Why no window can be opened, or `undefined` when one can. */
export function whyNoWindow(opts: { open: boolean; platform: NodeJS.Platform; env: Env }): string | undefined {
  if (!opts.open) return '--no-open was given';
  if (opts.env.CI === 'true' || opts.env.CI === '1') return 'CI is set';
  // macOS and Windows always have a desktop; on Linux and the BSDs a window needs X11 or Wayland.
  if (opts.platform !== 'darwin' && opts.platform !== 'win32' && !opts.env.DISPLAY && !opts.env.WAYLAND_DISPLAY) {
    return 'there is no display (DISPLAY and WAYLAND_DISPLAY are not set)';
  }
  return undefined;
}

/**
 * A dedicated profile keeps the shop's IndexedDB with Shopcast's data folder, not in the person's own browser
 * (where clearing history would erase the contacts). No background traffic: the app is local.
 */
export function browserArgs(url: string, profileDir: string, runningAsRoot: boolean): string[] {
  return [
    `--app=${url}`,
    `--user-data-dir=${profileDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // The UI is already in the shop's language; Chromium's translate bar would only offer to garble it.
    '--disable-features=Translate',
    // Chromium refuses to start as root unless its sandbox is off; only then do we turn it off.
    ...(runningAsRoot ? ['--no-sandbox'] : []),
  ];
}

/**
 * The page the app window opens first: it only forwards to the app's address with the token. The token never
 * goes on the browser's command line, where every user of the computer could read it (ps, /proc/<pid>/cmdline);
 * this file, like the session file, is readable by its owner only.
 */
export const LAUNCH_PAGE = 'open-shopcast.html';

export function launchPage(url: string): string {
  const attr = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${attr}"><title>Shopcast</title>\n`;
}

/** What a previous launch left in host-session.json, already parsed; anything else counts as no session. */
export interface PreviousSession {
  port: number;
  token: string;
}

/**
 * The WebSocket token for this launch. A restart on the same fixed port keeps the previous launch's token, so a window
 * that is still open reconnects by itself instead of saying "Not connected" forever. This adds no reader: the token
 * already sat in the same 0600 file in the person's own data folder, and anyone who can read that file can already
 * open the window. A damaged file, another port, port 0 (tests, a new port each time) or a token that is not one of
 * ours (64 hex digits) gets a fresh token, as does every launch without a session file.
 */
export function chooseToken(previous: PreviousSession | undefined, port: number, fresh: () => string): { token: string; reused: boolean } {
  if (previous && port !== 0 && previous.port === port && /^[0-9a-f]{64}$/.test(previous.token)) {
    return { token: previous.token, reused: true };
  }
  return { token: fresh(), reused: false };
}

/**
 * How long a restarted host waits for the old window to come back before it opens a new one. The window retries
 * at least every 5 s (bridge.ts MAX_RETRY_MS), so a little over that catches it.
 */
export const RECONNECT_GRACE_MS = 6_000;

/**
 * Whether to open an app window now: never while a window is connected (that would be a second one); after a restart
 * that kept the token, wait out the grace period for the old window first; a first launch opens at once.
 */
export function windowDecision(opts: { connectedWindows: number; tokenReused: boolean; sinceStartMs: number }): 'open' | 'wait' | 'skip' {
  if (opts.connectedWindows > 0) return 'skip';
  if (opts.tokenReused && opts.sinceStartMs < RECONNECT_GRACE_MS) return 'wait';
  return 'open';
}
