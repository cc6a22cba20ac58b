// Runs build/scripts/electronegativity.mjs on small fixture apps with every outbound connection blocked and written
// down (block-network-preload.cjs), to show the security scan never leaves the machine and still judges as before.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const wrapper = join(here, 'electronegativity.mjs');
const guard = join(here, 'block-network-preload.cjs');
const SCAN_TIMEOUT_MS = 180_000;

// The shapes the acceptances in electronegativity-report.mjs look for, as the bundler writes them into main.cjs.
const MAIN = `const { app, BrowserWindow, session, shell } = require('electron');
async function openExternalSafely(shell2, url) {
  if (!isAllowedExternalUrl(url)) return false;
  try {
    await shell2.openExternal(url);
    return true;
  } catch {
    return false;
  }
}
function createWindow(deps) {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  const win = new BrowserWindow({
    width: 1200,
    webPreferences: {
      preload: deps.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    void openExternalSafely(shell, url);
    return { action: 'deny' };
  });
  return win;
}
app.whenReady().then(() => createWindow({ preloadPath: 'preload.js' }));
`;
const PRELOAD = `const { contextBridge, ipcRenderer } = require('electron');
contextBridge.exposeInMainWorld('shopcast', { invoke: (channel, input) => ipcRenderer.invoke(channel, input) });
`;
const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'" />
    <title>Shopcast</title>
  </head>
  <body><div id="root"></div></body>
</html>
`;

interface Run {
  code: number;
  out: string;
  /** Every outbound attempt the guard refused, as { via, host }. */
  attempts: { via: string; host: string }[];
}

let scratch = '';

/** Writes a fixture "dist" folder: electron/main.cjs (MAIN changed by `edit`), electron/preload.cjs, renderer/index.html. */
function fixture(name: string, edit?: (main: string) => string): string {
  const dir = join(scratch, name);
  mkdirSync(join(dir, 'electron'), { recursive: true });
  mkdirSync(join(dir, 'renderer'), { recursive: true });
  const main = edit ? edit(MAIN) : MAIN;
  if (edit && main === MAIN) throw new Error(`fixture ${name}: the edit matched nothing in MAIN`);
  writeFileSync(join(dir, 'electron/main.cjs'), main);
  writeFileSync(join(dir, 'electron/preload.cjs'), PRELOAD);
  writeFileSync(join(dir, 'renderer/index.html'), INDEX_HTML);
  return dir;
}

/** Runs node with the network guard preloaded; resolves with exit code, stdout+stderr and the refused attempts. */
function guarded(name: string, nodeArgs: string[]): Promise<Run> {
  const log = join(scratch, `${name}.net.log`);
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--require', guard, ...nodeArgs],
      { cwd: root, env: { ...process.env, SHOPCAST_NET_LOG: log, FORCE_COLOR: '0' }, timeout: SCAN_TIMEOUT_MS, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        const attempts = existsSync(log)
          ? readFileSync(log, 'utf8')
              .split('\n')
              .filter(Boolean)
              .map((l) => JSON.parse(l) as { via: string; host: string })
          : [];
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        done({ code, out: `${stdout}${stderr}`, attempts });
      },
    );
  });
}

const scan = (name: string, edit?: (main: string) => string) => guarded(name, [wrapper, '--dist', fixture(name, edit)]);

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'shopcast-electronegativity-test-'));
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe.concurrent('the network guard used by these tests', () => {
  it('refuses and records a connection to another host, however it is opened', async () => {
    const run = await guarded('guard', [
      '-e',
      "try { require('node:https').get('https://example.com/'); } catch {} try { require('node:net').connect(443, 'example.org'); } catch {}",
    ]);
    expect(run.attempts).toEqual([
      { via: 'https.get', host: 'example.com' },
      { via: 'net.Socket.connect', host: 'example.org' },
    ]);
  });

  it('sees the scanner, run as it comes, reach for its translations bucket and GitHub', async () => {
    const script = `require(${JSON.stringify(join(root, 'node_modules/@doyensec/electronegativity'))})({ input: ${JSON.stringify(
      fixture('as-it-comes'),
    )}, customScan: [], excludeFromScan: [], parserPlugins: [] }).then(() => {}, () => {});`;
    const run = await guarded('as-it-comes', ['-e', script]);
    expect(run.attempts.map((a) => a.host)).toEqual(
      expect.arrayContaining(['electronegativity-i18n.s3.us-west-2.amazonaws.com', 'raw.githubusercontent.com']),
    );
  }, SCAN_TIMEOUT_MS);
});

describe.concurrent('electronegativity.mjs with the network blocked', () => {
  it('passes the reviewed window without trying to go online', async () => {
    const run = await scan('reviewed');
    expect(run.attempts).toEqual([]);
    expect(run.out).not.toMatch(/No connectivity|Could not retrieve|Fetching Electron/);
    expect(run.out).toContain('accepted PRELOAD_JS_CHECK at electron/main.js:16');
    expect(run.out).toContain('accepted OPEN_EXTERNAL_JS_CHECK at electron/main.js:5');
    expect(run.out).toContain('electronegativity: 0 medium/high findings in 4 files');
    expect(run.code).toBe(0);
  }, SCAN_TIMEOUT_MS);

  it('fails a window with context isolation off, offline too', async () => {
    const run = await scan('no-isolation', (m) => m.replace('contextIsolation: true', 'contextIsolation: false'));
    expect(run.attempts).toEqual([]);
    expect(run.out).toMatch(/HIGH +FIRM +CONTEXT_ISOLATION_JS_CHECK +electron\/main\.js:17/);
    expect(run.code).toBe(1);
  }, SCAN_TIMEOUT_MS);

  it('still blocks openExternal without the allow-list check above it', async () => {
    const run = await scan('unguarded-open', (m) => m.replace('  if (!isAllowedExternalUrl(url)) return false;\n', ''));
    expect(run.attempts).toEqual([]);
    expect(run.out).toMatch(/MEDIUM +\w+ +OPEN_EXTERNAL_JS_CHECK +electron\/main\.js:4/);
    expect(run.out).not.toContain('accepted OPEN_EXTERNAL_JS_CHECK');
    expect(run.code).toBe(1);
  }, SCAN_TIMEOUT_MS);

  it("judges by the installed Electron's defaults, where an unset nodeIntegration is off", async () => {
    // Without a version the scanner assumes Electron 0.1.0, whose default is nodeIntegration: true (a HIGH finding).
    const run = await scan('default-node-integration', (m) => m.replace('      nodeIntegration: false,\n', ''));
    expect(run.attempts).toEqual([]);
    expect(run.out).not.toContain('NODE_INTEGRATION_JS_CHECK');
    expect(run.code).toBe(0);
  }, SCAN_TIMEOUT_MS);
});
