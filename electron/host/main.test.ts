/**
 * The browser host as a real process: main.ts is bundled the way build.mjs bundles it, then started with node.
 * A fake "browser" (a shell script that records its arguments) stands in for Chromium.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

let tmp: string;
let bundle: string;
let rendererDir: string;
let fakeBrowser: string;
const running: ChildProcess[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'shopcast-hostmain-'));
  bundle = join(tmp, 'host.mjs');
  await build({
    entryPoints: [join(__dirname, 'main.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    external: ['bufferutil', 'utf-8-validate'],
    banner: { js: "import { createRequire as __cr } from 'node:module';\nconst require = __cr(import.meta.url);" },
  });
  rendererDir = join(tmp, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Shopcast</title>');
  fakeBrowser = join(tmp, 'fake-browser.sh');
  await writeFile(fakeBrowser, '#!/bin/sh\nprintf "%s\\n" "$@" > "$FAKE_BROWSER_LOG"\n');
  await chmod(fakeBrowser, 0o755);
});

afterEach(async () => {
  for (const child of running.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await gone;
    }
  }
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

interface Launched {
  child: ChildProcess;
  output: () => string;
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
}

/** Starts the bundled host with a clean environment: no display, no CI, unless the test sets them. */
function launch(args: string[], env: Record<string, string> = {}): Launched {
  const base = { ...process.env };
  for (const key of ['CI', 'DISPLAY', 'WAYLAND_DISPLAY', 'SHOPCAST_CHROMIUM', 'SHOPCAST_PRINT_READY']) delete base[key];
  const child = spawn(process.execPath, [bundle, '--renderer-dir', rendererDir, ...args], {
    env: { ...base, SHOPCAST_PRINT_READY: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let text = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer): void => {
    text += chunk.toString('utf8');
    for (const wake of [...waiters]) wake();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => text,
    exited,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const match = pattern.exec(text);
          if (match) {
            waiters.delete(check);
            resolve(match);
          }
        };
        waiters.add(check);
        check();
        void exited.then(() => {
          check();
          if (waiters.has(check)) reject(new Error(`host exited before printing ${pattern}:\n${text}`));
        });
      }),
  };
}

interface Ready {
  url: string;
  port: number;
  token: string;
}

async function ready(host: Launched): Promise<Ready> {
  const [, json] = await host.waitFor(/^SHOPCAST_READY (.+)$/m);
  return JSON.parse(json ?? '') as Ready; // our own host printed this line from exactly this shape
}

async function newDataDir(): Promise<string> {
  return mkdtemp(join(tmp, 'data-'));
}

describe('the browser host process', () => {
  it('prints the address with the token, and the address serves the app', async () => {
    const host = launch(['--port', '0', '--no-open', '--data-dir', await newDataDir()]);
    const r = await ready(host);
    expect(r.url).toBe(`http://127.0.0.1:${r.port}/#token=${r.token}`);
    expect(r.token).toMatch(/^[0-9a-f]{64}$/);
    expect(host.output()).toContain(`is running at ${r.url}`);
    expect((await fetch(r.url)).status).toBe(200);
  });

  it('uses a new token on every launch', async () => {
    const dataDir = await newDataDir();
    const first = await ready(launch(['--port', '0', '--no-open', '--data-dir', dataDir]));
    const second = await ready(launch(['--port', '0', '--no-open', '--data-dir', dataDir]));
    expect(first.token).not.toBe(second.token);
  });

  it('writes the session (port and token) to host-session.json, readable only by this user', async () => {
    const dataDir = await newDataDir();
    const r = await ready(launch(['--port', '0', '--no-open', '--data-dir', dataDir]));
    const file = join(dataDir, 'host-session.json');
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ port: r.port, token: r.token, url: r.url });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('stops on SIGTERM with exit code 0 and keeps its session file for the next launch (an open window reconnects)', async () => {
    const dataDir = await newDataDir();
    const host = launch(['--port', '0', '--no-open', '--data-dir', dataDir]);
    const r = await ready(host);
    host.child.kill('SIGTERM');
    expect(await host.exited).toBe(0);
    expect(JSON.parse(await readFile(join(dataDir, 'host-session.json'), 'utf8'))).toMatchObject({ token: r.token });
  });

  it('says Shopcast is already running and reopens its window when the port is its own', async () => {
    const dataDir = await newDataDir();
    const first = await ready(launch(['--port', '0', '--no-open', '--data-dir', dataDir]));
    const log = join(tmp, 'second-launch-browser.log');
    const second = launch(['--port', String(first.port), '--data-dir', dataDir], {
      DISPLAY: ':99',
      SHOPCAST_CHROMIUM: fakeBrowser,
      FAKE_BROWSER_LOG: log,
    });
    expect(await second.exited).toBe(0);
    expect(second.output()).toContain('Shopcast is already running');
    await vi.waitFor(async () => expect(await readFile(log, 'utf8')).toContain(`--app=${pathToFileURL(join(dataDir, 'open-shopcast.html')).href}\n`));
    expect(await readFile(join(dataDir, 'open-shopcast.html'), 'utf8')).toContain(`url=${first.url}`);
  });

  it('fails with exit code 1, naming the port and --port, when another program holds the port', async () => {
    const other: Server = createServer((_req, res) => res.end('not shopcast'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const address = other.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const host = launch(['--port', String(port), '--no-open', '--data-dir', await newDataDir()]);
      expect(await host.exited).toBe(1);
      expect(host.output()).toContain(`port ${port} on 127.0.0.1 is in use by another program`);
      expect(host.output()).toContain('--port');
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('opens an app window on a dedicated profile in the data folder when a browser and a display exist', async () => {
    const dataDir = await newDataDir();
    const log = join(tmp, 'window-browser.log');
    const r = await ready(launch(['--port', '0', '--data-dir', dataDir], { DISPLAY: ':99', SHOPCAST_CHROMIUM: fakeBrowser, FAKE_BROWSER_LOG: log }));
    await vi.waitFor(async () => {
      const args = (await readFile(log, 'utf8')).split('\n');
      expect(args).toContain(`--app=${pathToFileURL(join(dataDir, 'open-shopcast.html')).href}`);
      expect(args).toContain(`--user-data-dir=${join(dataDir, 'browser-profile')}`);
    });
  });

  it('keeps the token off the browser command line, in a launch page only its owner can read', async () => {
    const dataDir = await newDataDir();
    const log = join(tmp, 'token-browser.log');
    const r = await ready(launch(['--port', '0', '--data-dir', dataDir], { DISPLAY: ':99', SHOPCAST_CHROMIUM: fakeBrowser, FAKE_BROWSER_LOG: log }));
    await vi.waitFor(async () => expect(await readFile(log, 'utf8')).toContain('--app='));
    expect(await readFile(log, 'utf8')).not.toContain(r.token);
    const page = join(dataDir, 'open-shopcast.html');
    expect(await readFile(page, 'utf8')).toContain(`url=${r.url}`);
    if (process.platform !== 'win32') expect((await stat(page)).mode & 0o077).toBe(0);
  });

  it.each([
    ['--no-open is given', ['--no-open'], { DISPLAY: ':99' }, 'because --no-open was given'],
    ['CI=true', [], { DISPLAY: ':99', CI: 'true' }, 'because CI is set'],
    ['there is no display', [], {}, 'because there is no display'],
  ])('never opens a window when %s, and says why', async (_when, extra, env: Record<string, string>, reason) => {
    const log = join(tmp, `never-${Math.random().toString(36).slice(2)}.log`);
    const host = launch(['--port', '0', '--data-dir', await newDataDir(), ...extra], { ...env, SHOPCAST_CHROMIUM: fakeBrowser, FAKE_BROWSER_LOG: log });
    await host.waitFor(/not opening a window/);
    expect(host.output()).toContain(reason);
    host.child.kill('SIGTERM');
    await host.exited;
    await expect(stat(log)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses an unknown option with exit code 2', async () => {
    const host = launch(['--frobnicate']);
    expect(await host.exited).toBe(2);
    expect(host.output()).toContain('Unknown option "--frobnicate"');
  });

  it('says to build first when the renderer folder has no index.html', async () => {
    const host = launch(['--renderer-dir', join(tmp, 'nowhere'), '--no-open', '--data-dir', await newDataDir()]);
    expect(await host.exited).toBe(1);
    expect(host.output()).toContain('npm run build');
  });
});
