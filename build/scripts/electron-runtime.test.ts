import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import {
  decideRuntime,
  describeNetworkError,
  findElectronBinary,
  installerFailureReason,
  installTimeoutMs,
  launchCommand,
  minimumNode,
  nodeAtLeast,
  progressLine,
  readElectronPackage,
  runElectronInstaller,
  type Clock,
  type DecideDeps,
  type FindResult,
  type InstallResult,
  type Progress,
} from './electron-runtime.mjs';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const PKG = { version: '45.4.1', node: '>= 22.12.0', installer: join(root, 'node_modules/electron/install.js') };
const BINARY = '/opt/shopcast/node_modules/electron/dist/electron';

const temps: string[] = [];
function temp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Injected machine: finds answer in turn (the last repeats), the installer answers `installs`. */
function machine(options: {
  env?: NodeJS.ProcessEnv;
  nodeVersion?: string;
  requireModule?: boolean;
  platform?: NodeJS.Platform;
  finds?: FindResult[];
  pkg?: typeof PKG | undefined;
  install?: (o: { timeoutMs: number; onProgress: (p: Progress) => void }) => Promise<InstallResult>;
}) {
  const calls = { find: 0, install: [] as number[], logs: [] as string[], progress: [] as string[] };
  const finds = options.finds ?? [{ found: false, reason: 'the Electron runtime binary was never downloaded' }];
  const deps: DecideDeps = {
    // A Linux desktop unless a test says otherwise.
    env: { DISPLAY: ':0', ...options.env },
    nodeVersion: options.nodeVersion ?? 'v22.12.0',
    requireModule: options.requireModule ?? true,
    platform: options.platform ?? 'linux',
    find: () => finds[Math.min(calls.find++, finds.length - 1)] ?? { found: false, reason: 'no answer' },
    electronPackage: () => ('pkg' in options ? options.pkg : PKG),
    install: async (o) => {
      calls.install.push(o.timeoutMs);
      return options.install ? options.install(o) : { ok: false, reason: 'not expected', timedOut: false };
    },
    log: (line) => calls.logs.push(line),
    progress: (line) => calls.progress.push(line),
  };
  return { deps, calls };
}

const present: FindResult = { found: true, path: BINARY };
const missing: FindResult = { found: false, reason: 'the Electron runtime binary was never downloaded' };

describe('decideRuntime: which runtime npm start uses', () => {
  it('starts the desktop app when the binary is there, without running the installer', async () => {
    const { deps, calls } = machine({ finds: [present] });
    expect(await decideRuntime(deps)).toEqual({ kind: 'electron', binary: BINARY, version: '45.4.1', installedNow: false });
    expect(calls.install).toEqual([]);
  });

  it('uses a present binary even where downloads are switched off (skip env, CI, old Node)', async () => {
    for (const m of [
      machine({ finds: [present], env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } }),
      machine({ finds: [present], env: { CI: 'true' } }),
      machine({ finds: [present], requireModule: false, nodeVersion: 'v18.20.4' }),
    ]) {
      expect((await decideRuntime(m.deps)).kind).toBe('electron');
    }
  });

  it('does not launch Electron where Linux has no screen (no DISPLAY, no WAYLAND_DISPLAY), but still fetches it', async () => {
    const here = machine({ finds: [present], env: { DISPLAY: '' } });
    expect(await decideRuntime(here.deps)).toEqual({
      kind: 'browser',
      why: 'Electron 45.4.1 is here, but there is no screen to open its window on (DISPLAY and WAYLAND_DISPLAY are unset; xvfb-run npm start gives it one).',
    });
    const fetched = machine({ finds: [missing, present], env: { DISPLAY: '' }, install: async () => ({ ok: true }) });
    expect(await decideRuntime(fetched.deps)).toMatchObject({ kind: 'browser', why: expect.stringContaining('Electron 45.4.1 is here now, but there is no screen') });
    expect(fetched.calls.install).toHaveLength(1);
    for (const m of [
      machine({ finds: [present], env: { DISPLAY: '', WAYLAND_DISPLAY: 'wayland-0' } }),
      machine({ finds: [present], env: { DISPLAY: '' }, platform: 'darwin' }),
      machine({ finds: [present], env: { DISPLAY: '' }, platform: 'win32' }),
      // Insisting on the desktop app launches it anyway (the person may know a way, e.g. Electron's headless flags).
      machine({ finds: [present], env: { DISPLAY: '', SHOPCAST_RUNTIME: 'electron' } }),
    ]) {
      expect((await decideRuntime(m.deps)).kind).toBe('electron');
    }
  });

  it('SHOPCAST_RUNTIME=browser forces the browser host and looks for nothing', async () => {
    const { deps, calls } = machine({ finds: [present], env: { SHOPCAST_RUNTIME: 'browser' } });
    expect(await decideRuntime(deps)).toEqual({ kind: 'browser', why: 'The desktop app is switched off (SHOPCAST_RUNTIME=browser).' });
    expect(calls.find).toBe(0);
    expect(calls.install).toEqual([]);
  });

  it('never downloads with ELECTRON_SKIP_BINARY_DOWNLOAD=1 and says so', async () => {
    const { deps, calls } = machine({ finds: [missing], env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
    const d = await decideRuntime(deps);
    expect(d).toEqual({
      kind: 'browser',
      why: "The desktop app's runtime (Electron 45.4.1) is not downloaded yet, and ELECTRON_SKIP_BINARY_DOWNLOAD is set, so its download is not tried.",
    });
    expect(calls.install).toEqual([]);
    expect(calls.logs).toEqual([]);
  });

  it('never downloads in CI (CI=true, as .ci/run sets it), but CI=false or 0 does not count', async () => {
    const ci = machine({ finds: [missing], env: { CI: 'true' } });
    expect(await decideRuntime(ci.deps)).toMatchObject({ kind: 'browser', why: expect.stringContaining('this is a CI run (CI is set)') });
    expect(ci.calls.install).toEqual([]);
    for (const value of ['false', '0', '']) {
      const notCi = machine({ finds: [missing], env: { CI: value } });
      await decideRuntime(notCi.deps);
      expect(notCi.calls.install).toHaveLength(1);
    }
  });

  it('on a Node without require(esm) says the installer needs Node 22.12 and falls back without trying', async () => {
    const { deps, calls } = machine({ finds: [missing], requireModule: false, nodeVersion: 'v22.5.1' });
    expect(await decideRuntime(deps)).toEqual({
      kind: 'browser',
      why: "The desktop app's runtime (Electron 45.4.1) is not downloaded yet, and Electron's installer needs Node 22.12.0 or newer (this is Node 22.5.1).",
    });
    expect(calls.install).toEqual([]);
  });

  it('on Node 20.19+ (below what Electron declares, but with require(esm)) tries the installer and says so', async () => {
    const { deps, calls } = machine({ finds: [missing, missing], nodeVersion: 'v20.20.2' });
    await decideRuntime(deps);
    expect(calls.install).toHaveLength(1);
    expect(calls.logs).toContain("Shopcast: Electron's installer asks for Node 22.12 or newer; this is Node 20.20.2, which runs it too.");
    const current = machine({ finds: [missing, missing], nodeVersion: 'v24.1.0' });
    await decideRuntime(current.deps);
    expect(current.calls.logs.join('\n')).not.toContain('asks for Node');
  });

  it('falls back to the browser host with the installer’s real reason when the download fails', async () => {
    const { deps, calls } = machine({
      finds: [missing],
      install: async () => ({
        ok: false,
        timedOut: false,
        reason: describeNetworkError('github.com', 'ENOTFOUND', 'getaddrinfo ENOTFOUND github.com'),
      }),
    });
    const d = await decideRuntime(deps);
    expect(d).toEqual({
      kind: 'browser',
      why:
        "Electron's download failed because github.com could not be found (getaddrinfo ENOTFOUND github.com); this computer may be " +
        'offline, or its network may not reach github.com.',
    });
    expect(calls.logs[0]).toBe(
      "Shopcast: the desktop app's runtime (Electron 45.4.1) is not downloaded yet; getting it now with Electron's own installer " +
        '(at most 5 minutes; SHOPCAST_RUNTIME=browser skips this).',
    );
  });

  it('gives the installer 5 minutes, or SHOPCAST_ELECTRON_INSTALL_TIMEOUT seconds, and says how to wait longer', async () => {
    const { deps, calls } = machine({
      finds: [missing],
      env: { SHOPCAST_ELECTRON_INSTALL_TIMEOUT: '120' },
      install: async () => ({ ok: false, timedOut: true, reason: 'it did not finish within 2 minutes (40.0 of 110.0 MB arrived)' }),
    });
    expect(await decideRuntime(deps)).toEqual({
      kind: 'browser',
      why:
        "Electron's download failed because it did not finish within 2 minutes (40.0 of 110.0 MB arrived); " +
        'set SHOPCAST_ELECTRON_INSTALL_TIMEOUT=360 to wait 6 minutes.',
    });
    expect(calls.install).toEqual([120_000]);
    expect(installTimeoutMs({})).toBe(300_000);
    expect(installTimeoutMs({ SHOPCAST_ELECTRON_INSTALL_TIMEOUT: 'soon' })).toBe(300_000);
    expect(installTimeoutMs({ SHOPCAST_ELECTRON_INSTALL_TIMEOUT: '-5' })).toBe(300_000);
  });

  it('starts the desktop app once the installer has fetched the binary, showing progress on the way', async () => {
    const { deps, calls } = machine({
      finds: [missing, present],
      install: async ({ onProgress }) => {
        onProgress({ received: 0, total: null, elapsedMs: 200 });
        onProgress({ received: 55_000_000, total: 110_000_000, elapsedMs: 12_400 });
        return { ok: true };
      },
    });
    const d = await decideRuntime(deps);
    expect(d).toEqual({ kind: 'electron', binary: BINARY, version: '45.4.1', installedNow: true });
    expect(calls.progress).toEqual([
      'Shopcast: downloading Electron 45.4.1: connecting, 0 s (gives up after 5 minutes)',
      'Shopcast: downloading Electron 45.4.1: 55.0 MB of 110.0 MB (50%), 12 s (gives up after 5 minutes)',
    ]);
    if (d.kind !== 'electron') throw new Error('expected the desktop app');
    expect(launchCommand(d, '/shop', ['--port', '0'])).toEqual({
      command: BINARY,
      args: [join('/shop', 'dist/electron/main.cjs'), '--port', '0'],
    });
  });

  it('falls back when the installer says it succeeded but no binary appeared', async () => {
    const { deps } = machine({ finds: [missing, { found: false, reason: 'the Electron binary is missing at /x/dist/electron' }], install: async () => ({ ok: true }) });
    expect(await decideRuntime(deps)).toEqual({ kind: 'browser', why: "Electron's installer finished, but the Electron binary is missing at /x/dist/electron." });
  });

  it('without the electron package, or with ELECTRON_OVERRIDE_DIST_PATH pointing nowhere, does not download', async () => {
    const none = machine({ pkg: undefined });
    expect(await decideRuntime(none.deps)).toEqual({
      kind: 'browser',
      why: 'The desktop app is not installed: node_modules/electron is missing (run npm install).',
    });
    const override = machine({ finds: [{ found: false, reason: 'ELECTRON_OVERRIDE_DIST_PATH has no binary at /nope/electron' }], env: { ELECTRON_OVERRIDE_DIST_PATH: '/nope' } });
    expect((await decideRuntime(override.deps)).kind).toBe('browser');
    expect(none.calls.install.concat(override.calls.install)).toEqual([]);
  });

  it('SHOPCAST_RUNTIME=electron insists: no fallback, the reason instead', async () => {
    const { deps } = machine({ finds: [missing], env: { SHOPCAST_RUNTIME: 'electron', CI: '1' } });
    expect(await decideRuntime(deps)).toEqual({
      kind: 'none',
      why: "The desktop app's runtime (Electron 45.4.1) is not downloaded yet, and this is a CI run (CI is set), which never downloads it.",
    });
  });

  it('the browser host is this Node running dist/host/host.mjs with the flags', () => {
    expect(launchCommand({ kind: 'browser', why: 'x' }, '/shop', ['--no-open'], '/usr/bin/node')).toEqual({
      command: '/usr/bin/node',
      args: [join('/shop', 'dist/host/host.mjs'), '--no-open'],
    });
  });
});

describe('small parts', () => {
  it('reads the Node range Electron declares and compares versions', () => {
    expect(minimumNode('>= 22.12.0')).toBe('22.12.0');
    expect(minimumNode('^20.19.0 || >=22.12.0')).toBeUndefined();
    expect(nodeAtLeast('v20.20.2', '22.12.0')).toBe(false);
    expect(nodeAtLeast('22.12.0', '22.12.0')).toBe(true);
    expect(nodeAtLeast('v24.0.0', '22.12.0')).toBe(true);
    expect(nodeAtLeast('22.9.9', '22.12.0')).toBe(false);
  });

  it('reads the real electron package as a file, without loading it', () => {
    const pkg = readElectronPackage(root);
    expect(pkg?.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(pkg?.installer).toBe(join(root, 'node_modules/electron/install.js'));
    expect(readElectronPackage(temp('shopcast-no-electron-'))).toBeUndefined();
  });

  it('says unpacking once everything has arrived', () => {
    expect(progressLine({ version: '45.4.1', received: 110_000_000, total: 110_000_000, elapsedMs: 61_000, timeoutMs: 300_000 })).toBe(
      'Shopcast: downloading Electron 45.4.1: 110.0 MB of 110.0 MB (100%), unpacking, 61 s (gives up after 5 minutes)',
    );
  });

  it('words the installer’s failures: network cause, HTTP status, else its first line without the stack', () => {
    expect(describeNetworkError('127.0.0.1:9', 'ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9')).toBe(
      '127.0.0.1:9 refused the connection (connect ECONNREFUSED 127.0.0.1:9)',
    );
    expect(
      installerFailureReason({
        events: [{ type: 'response', url: 'https://m.example/v45.4.1/electron.zip', status: 404, statusText: 'Not Found', total: null }],
        stderr: 'HTTPError: Response code 404 (Not Found) for https://m.example/v45.4.1/electron.zip\n    at FetchDownloader.download (file:///x.js:1:1)',
        code: 1,
        signal: null,
      }),
    ).toBe('m.example answered 404 Not Found for https://m.example/v45.4.1/electron.zip');
    expect(
      installerFailureReason({
        events: [],
        stderr: 'Error: Generated checksum for "electron.zip" did not match expected checksum.\n    at ChecksumValidator.validate (x.js:1:1)\n',
        code: 1,
        signal: null,
      }),
    ).toBe('Electron\'s installer said "Generated checksum for "electron.zip" did not match expected checksum."');
    expect(installerFailureReason({ events: [], stderr: '', code: null, signal: 'SIGKILL' })).toBe("Electron's installer was stopped (SIGKILL)");
  });
});

/** A clock the test moves by hand: `fire()` runs what is due, as if that much time had passed. */
function manualClock() {
  let now = 0;
  const timers: Array<{ at: number; every: number | null; fn: () => void; live: boolean }> = [];
  const add = (ms: number, fn: () => void, every: boolean) => {
    const t = { at: now + ms, every: every ? ms : null, fn, live: true };
    timers.push(t);
    return () => {
      t.live = false;
    };
  };
  const clock: Clock = { now: () => now, every: (ms, fn) => add(ms, fn, true), after: (ms, fn) => add(ms, fn, false) };
  const advance = (ms: number) => {
    now += ms;
    for (const t of timers) {
      while (t.live && t.at <= now) {
        t.fn();
        if (t.every === null) t.live = false;
        else t.at += t.every;
      }
    }
  };
  return { clock, advance };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('runElectronInstaller: the installer as a child process', () => {
  it('reports the network cause the installer itself drops ("fetch failed" → refused, with the address)', async () => {
    // A port nobody listens on: bind one, then close it.
    const closed = await new Promise<number>((done) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const address = s.address();
        s.close(() => done(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const dir = temp('shopcast-fake-installer-');
    const installer = join(dir, 'install.js');
    // What install.js does on failure: print err.stack (no cause) and exit 1.
    writeFileSync(
      installer,
      `fetch('http://127.0.0.1:${closed}/v45.4.1/electron-v45.4.1-linux-x64.zip').catch((e) => { console.error(e.stack); process.exit(1); });\n`,
    );
    const result = await runElectronInstaller({ installer, timeoutMs: 60_000 });
    expect(result).toEqual({
      ok: false,
      timedOut: false,
      reason: `127.0.0.1:${closed} refused the connection (connect ECONNREFUSED 127.0.0.1:${closed})`,
    });
  });

  it('stops an installer that overruns its time, shows what had arrived, and leaves no partial download', async () => {
    const dir = temp('shopcast-fake-installer-');
    const installer = join(dir, 'install.js');
    // Like @electron/get: the download grows in os.tmpdir()/electron-download-*/ (our TMPDIR), then it hangs.
    writeFileSync(
      installer,
      [
        "const fs = require('node:fs'), os = require('node:os'), path = require('node:path');",
        "const part = fs.mkdtempSync(path.join(os.tmpdir(), 'electron-download-'));",
        "fs.writeFileSync(path.join(part, 'electron-v45.4.1-linux-x64.zip'), Buffer.alloc(1_500_000));",
        `fs.writeFileSync(${JSON.stringify(join(dir, 'state.json'))}, JSON.stringify({ pid: process.pid, part }));`,
        'setInterval(() => {}, 1000);',
      ].join('\n'),
    );
    const { clock, advance } = manualClock();
    const seen: Progress[] = [];
    const running = runElectronInstaller({ installer, timeoutMs: 120_000, clock, onProgress: (p) => seen.push(p) });
    const stateFile = join(dir, 'state.json');
    await until(() => existsSync(stateFile), 'the fake installer to start downloading');
    const state: { pid: number; part: string } = JSON.parse(readFileSync(stateFile, 'utf8'));
    advance(1000);
    expect(seen.at(-1)).toEqual({ received: 1_500_000, total: null, elapsedMs: 1000 });
    advance(119_000);
    expect(await running).toEqual({ ok: false, timedOut: true, reason: 'it did not finish within 2 minutes (1.5 MB arrived)' });
    await until(() => !alive(state.pid), 'the installer to be stopped');
    expect(existsSync(state.part)).toBe(false);
  });
});

// ── A real download: Electron's own install.js, from a mirror on 127.0.0.1 ──────────────────────────────────────────

/** A zip with stored (uncompressed) entries and Unix modes, enough for Electron's extractor. */
function zip(entries: Array<{ name: string; data: Buffer; mode: number }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const crc = crc32(e.data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0, 6); // flags
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, e.data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so the mode below counts
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30); // extra
    central.writeUInt16LE(0, 32); // comment
    central.writeUInt16LE(0, 34); // disk
    central.writeUInt16LE(0, 36); // internal attributes
    central.writeUInt32LE(((0o100000 | e.mode) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** Where Electron puts its executable inside the zip (install.js getPlatformPath). */
function platformPath(): string {
  if (process.platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  return process.platform === 'win32' ? 'electron.exe' : 'electron';
}

/** A project folder holding a copy of the electron package (never the checkout's own node_modules/electron). */
function projectWithElectronCopy(): { project: string; version: string } {
  const project = temp('shopcast-electron-copy-');
  const from = join(root, 'node_modules', 'electron');
  const to = join(project, 'node_modules', 'electron');
  mkdirSync(to, { recursive: true });
  for (const file of ['package.json', 'install.js', 'checksums.json', 'index.js']) copyFileSync(join(from, file), join(to, file));
  // install.js requires these two; they are used from the checkout read-only.
  for (const scope of ['@electron', '@electron-internal']) symlinkSync(join(root, 'node_modules', scope), join(project, 'node_modules', scope), 'junction');
  const version: string = JSON.parse(readFileSync(join(to, 'package.json'), 'utf8')).version;
  return { project, version };
}

/** The test's environment minus any Electron download settings of the machine (.npmrc mirrors, caches, skips). */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/electron|^force_no_cache$|^CI$/i.test(k)) env[k] = v;
  }
  return env;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
});

/** Serves `files` (path → body) on 127.0.0.1 and records what was asked for. */
async function mirror(files: Record<string, Buffer>): Promise<{ base: string; asked: string[] }> {
  const asked: string[] = [];
  const server = createServer((req, res) => {
    asked.push(req.url ?? '');
    const body = files[req.url ?? ''];
    if (!body) {
      res.writeHead(404, 'Not Found').end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body);
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { base: `http://127.0.0.1:${address.port}/`, asked };
}

function fakeRelease(version: string) {
  const script = Buffer.from('#!/bin/sh\necho "fake electron $*"\n');
  const release = zip([
    { name: platformPath(), data: script, mode: 0o755 },
    { name: 'version', data: Buffer.from(`v${version}`), mode: 0o644 },
  ]);
  const zipName = `electron-v${version}-${process.platform}-${process.arch}.zip`;
  const sha = createHash('sha256').update(release).digest('hex');
  return { release, zipName, sha };
}

describe("Electron's own installer against a local mirror (ELECTRON_MIRROR on 127.0.0.1)", () => {
  it('downloads, checks the SHASUMS256.txt checksum, unpacks into the copy, and npm start then launches that binary', async () => {
    const checkoutBefore = ['dist', 'path.txt'].map((f) => existsSync(join(root, 'node_modules', 'electron', f)));
    const { project, version } = projectWithElectronCopy();
    const { release, zipName, sha } = fakeRelease(version);
    const served = await mirror({
      [`/v${version}/${zipName}`]: release,
      [`/v${version}/SHASUMS256.txt`]: Buffer.from(`${sha} *${zipName}\n`),
    });
    const cache = temp('shopcast-electron-cache-');
    const env = {
      ...cleanEnv(),
      ELECTRON_MIRROR: served.base,
      // Documented by install.js: check against the mirror's SHASUMS256.txt instead of the checksums.json shipped for
      // the real release (our fake zip is not that release). Checksums are still verified, see the next test.
      electron_use_remote_checksums: '1',
      electron_config_cache: cache,
      // As on a desktop (this test launches the fake binary itself; it needs no screen).
      DISPLAY: ':99',
    };
    expect(findElectronBinary(project, env)).toMatchObject({ found: false });

    const progress: string[] = [];
    const logs: string[] = [];
    const decision = await decideRuntime({
      env,
      nodeVersion: process.version,
      requireModule: process.features.require_module === true,
      platform: process.platform,
      find: () => findElectronBinary(project, env),
      electronPackage: () => readElectronPackage(project),
      install: ({ installer, timeoutMs, onProgress }) => runElectronInstaller({ installer, timeoutMs, env, onProgress }),
      log: (l) => logs.push(l),
      progress: (l) => progress.push(l),
    });

    const binary = join(project, 'node_modules', 'electron', 'dist', platformPath());
    expect(decision).toEqual({ kind: 'electron', binary, version, installedNow: true });
    expect(served.asked).toEqual([`/v${version}/${zipName}`, `/v${version}/SHASUMS256.txt`]);
    expect(readFileSync(join(project, 'node_modules', 'electron', 'path.txt'), 'utf8')).toBe(platformPath());
    expect(progress.at(-1)).toContain(`(100%), unpacking`);
    // The checkout's own electron package is untouched.
    expect(['dist', 'path.txt'].map((f) => existsSync(join(root, 'node_modules', 'electron', f)))).toEqual(checkoutBefore);

    if (process.platform !== 'win32' && decision.kind === 'electron') {
      const { command, args } = launchCommand(decision, project, ['--no-open']);
      const ran = spawnSync(command, args, { encoding: 'utf8' });
      expect(ran.stdout.trim()).toBe(`fake electron ${join(project, 'dist/electron/main.cjs')} --no-open`);
    }
  });

  it('refuses a zip whose checksum does not match, and installs nothing', async () => {
    const { project, version } = projectWithElectronCopy();
    const { release, zipName } = fakeRelease(version);
    const served = await mirror({
      [`/v${version}/${zipName}`]: release,
      [`/v${version}/SHASUMS256.txt`]: Buffer.from(`${'0'.repeat(64)} *${zipName}\n`),
    });
    const env = { ...cleanEnv(), ELECTRON_MIRROR: served.base, electron_use_remote_checksums: '1', electron_config_cache: temp('shopcast-electron-cache-') };
    const pkg = readElectronPackage(project);
    if (!pkg) throw new Error('no electron copy');
    const result = await runElectronInstaller({ installer: pkg.installer, timeoutMs: 60_000, env });
    expect(result).toMatchObject({ ok: false, timedOut: false, reason: expect.stringMatching(/checksum/i) });
    expect(findElectronBinary(project, env)).toMatchObject({ found: false });
  });

  it('a mirror without this release: the reason names the address and the 404', async () => {
    const { project, version } = projectWithElectronCopy();
    const served = await mirror({});
    const env = { ...cleanEnv(), ELECTRON_MIRROR: served.base, electron_config_cache: temp('shopcast-electron-cache-') };
    const pkg = readElectronPackage(project);
    if (!pkg) throw new Error('no electron copy');
    const result = await runElectronInstaller({ installer: pkg.installer, timeoutMs: 60_000, env });
    const url = `${served.base}v${version}/electron-v${version}-${process.platform}-${process.arch}.zip`;
    expect(result).toEqual({ ok: false, timedOut: false, reason: `${new URL(served.base).host} answered 404 Not Found for ${url}` });
  });
});
