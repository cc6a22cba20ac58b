/**
 * The browser host's entry (bundled to dist/host/host.mjs): the app core plus the 127.0.0.1 server, and an app
 * window in a Chromium-family browser when one and a display exist. It wires things together and decides nothing
 * that launch.ts and server.ts do not already decide.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { version } from '../../package.json';
import { isErrno, nodeFs } from '../adapters/fs';
import { osOpenExternal } from '../adapters/shell';
import { createCore } from '../services/core';
import { shiftedClock, systemClock } from '../services/engine';
import { browserArgs, chooseToken, defaultDataDir, findBrowser, HELP, LAUNCH_PAGE, launchPage, parseHostArgs, RECONNECT_GRACE_MS, whyNoWindow, windowDecision } from './launch';
import { PING_PATH, startHostServer } from './server';

const SESSION_FILE = 'host-session.json';

interface Session {
  port: number;
  token: string;
  url: string;
  pid: number;
}

async function main(): Promise<number> {
  const parsed = parseHostArgs(process.argv.slice(2));
  if (!parsed.ok) {
    console.error(`Shopcast: ${parsed.error}`);
    return 2;
  }
  const args = parsed.args;
  if (args.help) {
    console.log(HELP);
    return 0;
  }
  const dataDir = resolve(args.dataDir ?? defaultDataDir(process.platform, process.env, homedir()));
  const rendererDir = resolve(args.rendererDir ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'renderer'));
  if (!existsSync(join(rendererDir, 'index.html'))) {
    console.error(`Shopcast: there is no built app window in ${rendererDir}. Run "npm run build" first (npm start does it for you).`);
    return 1;
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // Listen for signals before anything announces readiness: a test or a service manager may send one right after.
  const stopRequested = new Promise<void>((resolveStop) => {
    // Repeats are ignored: Ctrl+C reaches us both from the terminal and through wrappers (npm, start.mjs).
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      console.log(`Shopcast: stopping (${signal}).`);
      resolveStop();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (process.platform !== 'win32') process.on('SIGHUP', stop);
  });

  const sessionPath = join(dataDir, SESSION_FILE);
  // A restart on the same port keeps the token, so a window left open reconnects (see chooseToken for why that is safe).
  const { token, reused: tokenReused } = chooseToken(await readSession(sessionPath), args.port, () => randomBytes(32).toString('hex'));
  const clock = args.testClockStart === undefined ? systemClock : shiftedClock(args.testClockStart);
  if (args.testClockStart !== undefined) console.log(`Shopcast: test clock: the app's time starts at ${new Date(args.testClockStart).toISOString()} (--test-clock-start).`);
  const core = createCore({
    clock,
    fs: nodeFs,
    dataDir,
    runtime: 'browser-host',
    version,
    platform: process.platform,
    locale: Intl.DateTimeFormat().resolvedOptions().locale || 'en-US',
    openLink: osOpenExternal(),
  });

  let server;
  try {
    server = await startHostServer({
      core,
      rendererDir,
      port: args.port,
      host: '127.0.0.1',
      token,
      onUnexpectedError: (channel, error) => console.error(`Shopcast: unexpected error in ${channel}:`, error),
    });
  } catch (error) {
    if (isErrno(error, 'EADDRINUSE')) return alreadyRunning(args.port, dataDir, args.open);
    throw error;
  }

  const url = `${server.origin}/#token=${token}`;
  // Lets a second launch reopen the window on this session. 0600: the token is as good as the window itself.
  const session: Session = { port: server.port, token, url, pid: process.pid };
  await nodeFs.writeTextAtomic(sessionPath, `${JSON.stringify(session, null, 2)}\n`, { mode: 0o600 });

  console.log(`Shopcast ${version} is running at ${url}`);
  console.log(`Shopcast: data folder ${dataDir}. Press Ctrl+C to stop.`);
  if (process.env.SHOPCAST_PRINT_READY === '1') {
    console.log(`SHOPCAST_READY ${JSON.stringify({ url, port: server.port, token, dataDir, now: clock.now() })}`);
  }
  // Campaigns, the inbox and the webhook receiver. Refused while another Shopcast sends from this data folder: the
  // window still opens, and sending tries the lock again at the next action.
  await core.start().catch((error: unknown) => console.error(`Shopcast: sending is not available: ${error instanceof Error ? error.message : String(error)}`));
  const started = performance.now();
  const hostServer = server;
  // A window left open by the previous launch comes back on its own within the grace period; open one only if none does.
  const openWhenNoWindow = async (): Promise<void> => {
    for (;;) {
      const decision = windowDecision({ connectedWindows: hostServer.connectedWindows(), tokenReused, sinceStartMs: performance.now() - started });
      if (decision === 'skip') return void console.log('Shopcast: the window that was already open reconnected; not opening another.');
      if (decision === 'open') return void (await openWindow(url, dataDir, args.open));
      if (await Promise.race([stopRequested.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 250))])) return;
    }
  };
  if (tokenReused) console.log(`Shopcast: waiting up to ${RECONNECT_GRACE_MS / 1000} s for a window that is still open to reconnect.`);
  await openWhenNoWindow();

  await stopRequested;
  await core.close();
  await server.close();
  // The session file stays: the next launch on this port takes its token, so a window left open reconnects. A stale
  // file opens nothing by itself (a second launch reads it only when a Shopcast answers on its port).
  return 0;
}

/** The port is taken: if by Shopcast, reopen its window; otherwise say which port and how to pick another. */
async function alreadyRunning(port: number, dataDir: string, open: boolean): Promise<number> {
  if (!(await isShopcast(port))) {
    console.error(
      `Shopcast: port ${port} on 127.0.0.1 is in use by another program. Close that program, or start Shopcast on ` +
        `another port with --port <number> (the window keeps the shop's data per port, so use that port every time).`,
    );
    return 1;
  }
  console.log(`Shopcast is already running at http://127.0.0.1:${port}.`);
  if ((await openWindows(port)) > 0) {
    console.log('Shopcast: its window is already open; switch to it instead of opening a second one.');
    return 0;
  }
  const session = await readSession(join(dataDir, SESSION_FILE));
  if (!session || session.port !== port) {
    console.log(`Shopcast: its session is not in ${dataDir}, so open the address it printed when it started.`);
    return 0;
  }
  if (!(await openWindow(session.url, dataDir, open))) console.log(`Shopcast: its address is ${session.url}`);
  return 0;
}

async function isShopcast(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${PING_PATH}`, { signal: AbortSignal.timeout(2_000) });
    const body: unknown = await res.json();
    return typeof body === 'object' && body !== null && Reflect.get(body, 'app') === 'shopcast';
  } catch {
    return false;
  }
}

/** How many windows the running Shopcast has connected (0 when it cannot say). */
async function openWindows(port: number): Promise<number> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${PING_PATH}`, { signal: AbortSignal.timeout(2_000) });
    const windows: unknown = Reflect.get(Object(await res.json()), 'windows');
    return typeof windows === 'number' ? windows : 0;
  } catch {
    return 0;
  }
}

async function readSession(path: string): Promise<Session | undefined> {
  try {
    const raw: unknown = JSON.parse((await nodeFs.readText(path)) ?? 'null');
    if (typeof raw !== 'object' || raw === null) return undefined;
    const port: unknown = Reflect.get(raw, 'port');
    const token: unknown = Reflect.get(raw, 'token');
    const url: unknown = Reflect.get(raw, 'url');
    const pid: unknown = Reflect.get(raw, 'pid');
    if (typeof port !== 'number' || typeof token !== 'string' || typeof url !== 'string' || typeof pid !== 'number') return undefined;
    // Only ever open our own origin, whatever the file says.
    if (!url.startsWith(`http://127.0.0.1:${port}/#token=`)) return undefined;
    return { port, token, url, pid };
  } catch {
    return undefined;
  }
}

/** Opens an app window when a browser and a display exist; says why not otherwise. True when one was started. */
async function openWindow(url: string, dataDir: string, open: boolean): Promise<boolean> {
  const reason = whyNoWindow({ open, platform: process.platform, env: process.env });
  if (reason) {
    console.log(`Shopcast: not opening a window because ${reason}. Open the address in Chrome, Chromium or Edge.`);
    return false;
  }
  const browser = findBrowser(process.platform, process.env, homedir(), existsSync);
  if (!browser) {
    console.log('Shopcast: no Chrome, Chromium or Edge found for the app window. Open the address in your browser.');
    return false;
  }
  const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const page = join(dataDir, LAUNCH_PAGE);
  await nodeFs.writeTextAtomic(page, launchPage(url), { mode: 0o600 });
  const child = spawn(browser, browserArgs(pathToFileURL(page).href, join(dataDir, 'browser-profile'), runningAsRoot), {
    detached: true,
    stdio: 'ignore',
  });
  child.on('error', (error) => {
    console.log(`Shopcast: could not start ${browser} (${error.message}). Open the address in your browser.`);
  });
  child.unref();
  console.log(`Shopcast: opened the app window with ${browser}.`);
  return true;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('Shopcast: the browser host failed to start:', error);
    process.exit(1);
  },
);
