// Which runtime `npm start` uses, and getting Electron's binary when it is missing.
//
// The binary is found by looking for it, WITHOUT requiring the `electron` package: from Electron 45 on,
// `require('electron')` in plain Node downloads the binary when it is missing, which hangs or fails on machines without
// internet. When it is missing, `npm start` runs Electron's OWN installer (node_modules/electron/install.js, which uses
// @electron/get and honours its settings: ELECTRON_MIRROR, ELECTRON_CUSTOM_DIR, electron_config_cache, .npmrc
// electron_mirror, ELECTRON_GET_USE_PROXY…) in a child process with a time limit, and tells the person why when it
// cannot. Everything that touches the machine is passed in, so the decision is tested without downloading.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const PRELOAD = fileURLToPath(new URL('./electron-install-preload.cjs', import.meta.url));

/** Five minutes: Electron's zip is about 110 MB, so a slow but working line (3 Mbit/s) still makes it. */
export const DEFAULT_INSTALL_TIMEOUT_MS = 5 * 60_000;

/** @returns {{ found: true, path: string } | { found: false, reason: string }} */
export function findElectronBinary(projectRoot = root, env = process.env) {
  const pkgDir = join(projectRoot, 'node_modules', 'electron');
  if (!existsSync(join(pkgDir, 'package.json'))) {
    return { found: false, reason: 'the electron package is not installed (node_modules/electron is missing)' };
  }
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || (process.platform === 'win32' ? 'electron.exe' : 'electron'));
    return existsSync(p) ? { found: true, path: p } : { found: false, reason: `ELECTRON_OVERRIDE_DIST_PATH has no binary at ${p}` };
  }
  if (!relative) {
    return {
      found: false,
      reason: 'the Electron runtime binary was never downloaded (installed with ELECTRON_SKIP_BINARY_DOWNLOAD or without internet)',
    };
  }
  const binary = join(pkgDir, 'dist', relative);
  return existsSync(binary) ? { found: true, path: binary } : { found: false, reason: `the Electron binary is missing at ${binary}` };
}

/**
 * The electron package's version and the Node range its installer declares, read from its package.json as a file
 * (not `require`d: that is the package's index.js, which downloads).
 * @returns {{ version: string, node: string | undefined, installer: string } | undefined}
 */
export function readElectronPackage(projectRoot = root) {
  const pkgDir = join(projectRoot, 'node_modules', 'electron');
  try {
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
    if (typeof pkg.version !== 'string') return undefined;
    const node = typeof pkg.engines?.node === 'string' ? pkg.engines.node : undefined;
    return { version: pkg.version, node, installer: join(pkgDir, 'install.js') };
  } catch {
    return undefined;
  }
}

/** "1", "true", "yes" (any case) are on; empty, "0", "false", "no" are off — as CI systems and npm set them. */
function isOn(/** @type {string | undefined} */ value) {
  return value !== undefined && !['', '0', 'false', 'no'].includes(value.trim().toLowerCase());
}

/** @param {string} version "20.20.2" or "v20.20.2" @returns {number[]} */
function parts(version) {
  return version.replace(/^v/, '').split('.').map((p) => Number.parseInt(p, 10) || 0);
}

/**
 * The lowest version in a simple ">= 22.12.0" range (what Electron declares); undefined for anything fancier.
 * @param {string | undefined} range
 */
export function minimumNode(range) {
  const m = range?.match(/^\s*>=\s*v?(\d+(?:\.\d+){0,2})\s*$/);
  return m?.[1];
}

/** @param {string} a @param {string} b */
export function nodeAtLeast(a, b) {
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

/** @param {number} ms */
function minutes(ms) {
  const m = ms / 60_000;
  if (m >= 1 && Number.isInteger(m)) return `${m} minute${m === 1 ? '' : 's'}`;
  return `${Math.round(ms / 1000)} seconds`;
}

/** @param {number} bytes */
function mb(bytes) {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/**
 * SHOPCAST_ELECTRON_INSTALL_TIMEOUT, in seconds; the default when unset or not a positive number.
 * @param {NodeJS.ProcessEnv} env
 */
export function installTimeoutMs(env) {
  const seconds = Number(env.SHOPCAST_ELECTRON_INSTALL_TIMEOUT);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_INSTALL_TIMEOUT_MS;
}

/**
 * The one progress line shown while Electron downloads.
 * @param {{ version: string, received: number, total: number | null, elapsedMs: number, timeoutMs: number }} p
 */
export function progressLine(p) {
  const amount =
    p.total && p.total > 0
      ? `${mb(Math.min(p.received, p.total))} of ${mb(p.total)} (${Math.floor((Math.min(p.received, p.total) / p.total) * 100)}%)`
      : p.received > 0
        ? `${mb(p.received)}`
        : 'connecting';
  const unpacking = p.total !== null && p.total > 0 && p.received >= p.total ? ', unpacking' : '';
  return `Shopcast: downloading Electron ${p.version}: ${amount}${unpacking}, ${Math.floor(p.elapsedMs / 1000)} s (gives up after ${minutes(p.timeoutMs)})`;
}

/**
 * A network failure in words: what could not be reached and the system's own code.
 * @param {string} host @param {string | undefined} code @param {string} message
 */
export function describeNetworkError(host, code, message) {
  const said = message && message !== 'fetch failed' ? ` (${message})` : code ? ` (${code})` : '';
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${host} could not be found${said}; this computer may be offline, or its network may not reach ${host}`;
    case 'ECONNREFUSED':
      return `${host} refused the connection${said}`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return `the connection to ${host} was cut${said}`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return `${host} did not answer in time${said}`;
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return `${host} cannot be reached from this network${said}`;
    default:
      if (code && /CERT|SSL|TLS/.test(code)) return `${host}'s certificate was not accepted${said} (a proxy or firewall in between?)`;
      return `${host} could not be reached${said}`;
  }
}

/** @param {string} url */
function hostOf(url) {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * Why Electron's installer failed, in one sentence, from what the preload saw and what the installer printed.
 * @param {{ events: InstallerEvent[], stderr: string, code: number | null, signal: string | null }} run
 */
export function installerFailureReason(run) {
  const last = run.events.at(-1);
  if (last?.type === 'error') return describeNetworkError(hostOf(last.url), last.code, last.message);
  const refused = [...run.events].reverse().find((e) => e.type === 'response' && e.status >= 400);
  if (refused?.type === 'response') {
    return `${hostOf(refused.url)} answered ${refused.status}${refused.statusText ? ` ${refused.statusText}` : ''} for ${refused.url}`;
  }
  // install.js prints `err.stack`: the first line is "Name: message"; the "    at …" lines are for developers.
  const first = run.stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('at '));
  if (first) return `Electron's installer said "${first.replace(/^(Error|TypeError|RangeError): /, '')}"`;
  return run.signal ? `Electron's installer was stopped (${run.signal})` : `Electron's installer exited with code ${run.code}`;
}

/**
 * @typedef {{ type: 'request', url: string }
 *   | { type: 'response', url: string, status: number, statusText: string, total: number | null }
 *   | { type: 'error', url: string, code: string | undefined, message: string }} InstallerEvent
 * @typedef {{ now: () => number, every: (ms: number, fn: () => void) => () => void, after: (ms: number, fn: () => void) => () => void }} Clock
 * @typedef {{ received: number, total: number | null, elapsedMs: number }} Progress
 * @typedef {{ ok: true } | { ok: false, reason: string, timedOut: boolean }} InstallResult
 */

/** @type {Clock} */
export const realClock = {
  now: () => performance.now(),
  every: (ms, fn) => {
    const t = setInterval(fn, ms);
    return () => clearInterval(t);
  },
  after: (ms, fn) => {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
};

/** Our scratch folder goes; on Windows a file the killed installer still holds may stay until the OS cleans up. */
function removeQuietly(/** @type {string} */ dir) {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // Left for the system's temporary-file cleanup.
  }
}

/** Bytes in the files under a folder (the installer's download in progress). @param {string} dir */
function bytesUnder(dir) {
  let sum = 0;
  try {
    for (const name of readdirSync(dir, { recursive: true })) {
      try {
        const s = statSync(join(dir, String(name)));
        if (s.isFile()) sum += s.size;
      } catch {
        // Moved into the cache between listing and stat: counted by the next tick.
      }
    }
  } catch {
    // The folder went away (the run ended).
  }
  return sum;
}

/**
 * Runs Electron's own installer (`node --require electron-install-preload.cjs node_modules/electron/install.js`) and
 * waits for it, at most `timeoutMs`. Its temporary download goes to a folder of ours (TMPDIR), so progress is the size
 * of what has arrived and a stopped download leaves nothing behind.
 * @param {{ installer: string, timeoutMs: number, env?: NodeJS.ProcessEnv, nodePath?: string, clock?: Clock,
 *   onProgress?: (p: Progress) => void, progressEveryMs?: number }} options
 * @returns {Promise<InstallResult>}
 */
export function runElectronInstaller(options) {
  const { installer, timeoutMs, env = process.env, nodePath = process.execPath, clock = realClock } = options;
  const scratch = mkdtempSync(join(tmpdir(), 'shopcast-electron-install-'));
  const started = clock.now();
  /** @type {InstallerEvent[]} */
  const events = [];
  let stderr = '';
  let total = /** @type {number | null} */ (null);
  return new Promise((resolveRun) => {
    const child = spawn(nodePath, ['--require', PRELOAD, installer], {
      cwd: scratch,
      // Its temporary files in our folder (os.tmpdir() reads TMPDIR, or TEMP/TMP on Windows); its own progress bar
      // off (it would draw after 30 s on a terminal, under ours).
      env: { ...env, TMPDIR: scratch, TEMP: scratch, TMP: scratch, ELECTRON_GET_NO_PROGRESS: '1' },
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    let settled = false;
    /** @param {InstallResult} result */
    const finish = (result) => {
      if (settled) return;
      settled = true;
      stopTicks();
      cancelTimeout();
      process.off('SIGINT', interrupted);
      process.off('SIGTERM', interrupted);
      removeQuietly(scratch);
      resolveRun(result);
    };
    // The finished zip moves from our folder into Electron's cache before it is unpacked: what arrived stays counted.
    let received = 0;
    const progress = () => {
      received = Math.max(received, bytesUnder(scratch));
      options.onProgress?.({ received, total, elapsedMs: clock.now() - started });
    };
    const stopTicks = clock.every(options.progressEveryMs ?? 1000, progress);
    let timedOut = false;
    const cancelTimeout = clock.after(timeoutMs, () => {
      timedOut = true;
      received = Math.max(received, bytesUnder(scratch));
      child.kill('SIGTERM');
      // install.js has no handler of its own, so SIGTERM ends it; SIGKILL if a native extract holds on.
      const hard = setTimeout(() => child.kill('SIGKILL'), 3000);
      hard.unref();
      const amount = total ? ` (${mb(Math.min(received, total))} of ${mb(total)} arrived)` : received > 0 ? ` (${mb(received)} arrived)` : '';
      finish({ ok: false, timedOut: true, reason: `it did not finish within ${minutes(timeoutMs)}${amount}` });
    });
    // Ctrl+C while downloading: stop the installer and remove its partial file before we go.
    const interrupted = () => {
      child.kill('SIGTERM');
      removeQuietly(scratch);
      process.exit(130);
    };
    process.on('SIGINT', interrupted);
    process.on('SIGTERM', interrupted);

    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk) => {
      stderr = (stderr + chunk).slice(-8000);
    });
    let pending = '';
    const channel = child.stdio[3];
    if (channel && 'setEncoding' in channel) {
      channel.setEncoding('utf8');
      channel.on('data', (/** @type {string} */ chunk) => {
        pending += chunk;
        let nl;
        while ((nl = pending.indexOf('\n')) >= 0) {
          const line = pending.slice(0, nl);
          pending = pending.slice(nl + 1);
          const event = parseEvent(line);
          if (!event) continue;
          events.push(event);
          // The zip is the artifact with the largest body; SHASUMS256.txt is a few kilobytes.
          if (event.type === 'response' && event.status < 400 && event.total !== null && event.total > (total ?? 0)) total = event.total;
        }
      });
    }
    child.on('error', (error) => finish({ ok: false, timedOut: false, reason: `Electron's installer could not start (${error.message})` }));
    child.on('close', (code, signal) => {
      if (timedOut) return;
      if (code === 0) {
        if (total !== null) received = Math.max(received, total);
        progress();
        finish({ ok: true });
      } else finish({ ok: false, timedOut: false, reason: installerFailureReason({ events, stderr, code, signal }) });
    });
  });
}

/** @param {string} line @returns {InstallerEvent | undefined} */
function parseEvent(line) {
  try {
    const e = JSON.parse(line);
    if (typeof e?.url !== 'string') return undefined;
    if (e.type === 'request') return { type: 'request', url: e.url };
    if (e.type === 'response' && typeof e.status === 'number') {
      return { type: 'response', url: e.url, status: e.status, statusText: String(e.statusText ?? ''), total: typeof e.total === 'number' ? e.total : null };
    }
    if (e.type === 'error') return { type: 'error', url: e.url, code: typeof e.code === 'string' ? e.code : undefined, message: String(e.message ?? '') };
  } catch {
    // Not one of ours.
  }
  return undefined;
}

/**
 * @typedef {{ kind: 'electron', binary: string, version: string, installedNow: boolean }
 *   | { kind: 'browser', why: string }
 *   | { kind: 'none', why: string }} RuntimeDecision
 * @typedef {{
 *   env: NodeJS.ProcessEnv,
 *   nodeVersion: string,
 *   requireModule: boolean,
 *   platform: NodeJS.Platform,
 *   find: () => ({ found: true, path: string } | { found: false, reason: string }),
 *   electronPackage: () => ({ version: string, node: string | undefined, installer: string } | undefined),
 *   install: (o: { installer: string, timeoutMs: number, onProgress: (p: Progress) => void }) => Promise<InstallResult>,
 *   log: (line: string) => void,
 *   progress: (line: string) => void,
 * }} DecideDeps
 */

/**
 * Desktop app when Electron's binary is here or can be fetched now; otherwise the browser host, with one plain
 * sentence saying why. SHOPCAST_RUNTIME=browser forces the browser host; SHOPCAST_RUNTIME=electron insists on the
 * desktop app (kind 'none' when it cannot start, instead of falling back).
 * @param {DecideDeps} deps
 * @returns {Promise<RuntimeDecision>}
 */
export async function decideRuntime(deps) {
  const { env } = deps;
  const wanted = (env.SHOPCAST_RUNTIME ?? '').trim().toLowerCase();
  if (wanted === 'browser') return { kind: 'browser', why: 'The desktop app is switched off (SHOPCAST_RUNTIME=browser).' };
  /** @param {string} why @returns {RuntimeDecision} */
  const without = (why) => (wanted === 'electron' ? { kind: 'none', why } : { kind: 'browser', why });

  const pkg = deps.electronPackage();
  if (!pkg) return without('The desktop app is not installed: node_modules/electron is missing (run npm install).');
  // Linux and the BSDs draw windows through X11 or Wayland; without either, Electron stops at once ("Missing X server
  // or $DISPLAY"). The binary is still fetched below (it serves later, e.g. under xvfb-run), but not launched.
  /** @param {string} binary @param {boolean} installedNow @returns {RuntimeDecision} */
  const desktop = (binary, installedNow) =>
    wanted !== 'electron' && !['darwin', 'win32'].includes(deps.platform) && !env.DISPLAY && !env.WAYLAND_DISPLAY
      ? {
          kind: 'browser',
          why: `Electron ${pkg.version} is here${installedNow ? ' now' : ''}, but there is no screen to open its window on (DISPLAY and WAYLAND_DISPLAY are unset; xvfb-run npm start gives it one).`,
        }
      : { kind: 'electron', binary, version: pkg.version, installedNow };
  const first = deps.find();
  if (first.found) return desktop(first.path, false);

  const missing = `The desktop app's runtime (Electron ${pkg.version}) is not downloaded yet`;
  if (isOn(env.ELECTRON_SKIP_BINARY_DOWNLOAD)) return without(`${missing}, and ELECTRON_SKIP_BINARY_DOWNLOAD is set, so its download is not tried.`);
  if (isOn(env.CI)) return without(`${missing}, and this is a CI run (CI is set), which never downloads it.`);
  if (env.ELECTRON_OVERRIDE_DIST_PATH) return without(`${missing}: ${first.reason}.`);
  const declared = minimumNode(pkg.node);
  // install.js `require`s @electron/get, an ES module: that needs require(esm), in Node 20.19+ and 22.12+. Electron
  // declares ">= 22.12.0"; on Node 20.19+ the same installer runs (tested), so there it is tried, and said so.
  if (!deps.requireModule) {
    return without(`${missing}, and Electron's installer needs Node ${declared ?? '22.12'} or newer (this is Node ${deps.nodeVersion.replace(/^v/, '')}).`);
  }
  if (!existsSync(pkg.installer)) return without(`${missing}, and Electron's installer is missing (${pkg.installer}); run npm install.`);

  const timeoutMs = installTimeoutMs(env);
  deps.log(
    `Shopcast: the desktop app's runtime (Electron ${pkg.version}) is not downloaded yet; getting it now with Electron's own installer (at most ${minutes(timeoutMs)}; SHOPCAST_RUNTIME=browser skips this).`,
  );
  if (declared && !nodeAtLeast(deps.nodeVersion, declared)) {
    deps.log(`Shopcast: Electron's installer asks for Node ${declared.replace(/\.0$/, '')} or newer; this is Node ${deps.nodeVersion.replace(/^v/, '')}, which runs it too.`);
  }
  const result = await deps.install({
    installer: pkg.installer,
    timeoutMs,
    onProgress: (p) => deps.progress(progressLine({ version: pkg.version, timeoutMs, ...p })),
  });
  if (!result.ok) {
    const hint = result.timedOut ? `; set SHOPCAST_ELECTRON_INSTALL_TIMEOUT=${Math.round((timeoutMs * 3) / 1000)} to wait ${minutes(timeoutMs * 3)}` : '';
    return without(`Electron's download failed because ${result.reason}${hint}.`);
  }
  const after = deps.find();
  if (!after.found) return without(`Electron's installer finished, but ${after.reason}.`);
  return desktop(after.path, true);
}

/**
 * What to run for a decision: Electron with the built main, or this Node with the browser host.
 * @param {RuntimeDecision & { kind: 'electron' | 'browser' }} decision @param {string} projectRoot
 * @param {string[]} forwarded @param {string} [nodePath]
 * @returns {{ command: string, args: string[] }}
 */
export function launchCommand(decision, projectRoot, forwarded, nodePath = process.execPath) {
  return decision.kind === 'electron'
    ? { command: decision.binary, args: [join(projectRoot, 'dist/electron/main.cjs'), ...forwarded] }
    : { command: nodePath, args: [join(projectRoot, 'dist/host/host.mjs'), ...forwarded] };
}
