/**
 * The desktop app, for real: launches dist/electron/main.cjs in the Electron binary and checks, from inside, what the
 * unit tests can only check against a fake `electron`. One launch, one step per behaviour (launching is the slow
 * part). Skipped, with the reason, where the Electron binary is not installed.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test } from '@playwright/test';
import { CHANNELS } from '../../shared/ipc/contract';
import { PRELOAD_GLOBAL } from '../../shared/ipc/bridge';
import { findElectronRuntime } from './runtime';

const root = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = join(root, 'dist', 'electron', 'main.cjs');

const runtime = await findElectronRuntime();

test('the desktop app opens one locked-down Shopcast window', async () => {
  test.skip(!runtime.found, `Electron runtime not installed: ${runtime.found ? '' : runtime.reason}`);
  if (!runtime.found) return;
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm run build" (npm test does it first).`);

  // A fresh profile: its own single-instance lock, settings and IndexedDB, removed afterwards.
  const userData = await mkdtemp(join(tmpdir(), 'shopcast-e2e-electron-'));
  const app = await electron.launch({
    executablePath: runtime.path,
    args: [
      MAIN,
      `--user-data-dir=${userData}`,
      // Chromium refuses to start its sandbox as root (CI containers); everywhere else the sandbox stays on.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ],
  });
  try {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');

    await test.step('one window, titled Shopcast, showing app://shopcast', async () => {
      const titles = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.getTitle()));
      // The shop's name may follow later (settings.shopName is shown in the title bar), so only the start is fixed.
      expect(titles).toHaveLength(1);
      expect(titles[0]).toMatch(/^Shopcast\b/);
      expect(page.url()).toMatch(/^app:\/\/shopcast\//);
    });

    await test.step('window.shopcast has exactly one function per channel plus onEvent', async () => {
      const api = await page.evaluate((name) => {
        const exposed: unknown = Reflect.get(window, name);
        if (typeof exposed !== 'object' || exposed === null) return null;
        return Object.entries(exposed).map(([key, value]) => [key, typeof value]);
      }, PRELOAD_GLOBAL);
      expect(api?.map(([key]) => key).sort()).toEqual([...CHANNELS, 'onEvent'].sort());
      expect(api?.every(([, type]) => type === 'function')).toBe(true);
    });

    await test.step('the page has no Node or Electron', async () => {
      const leaks = await page.evaluate(() => ['require', 'process', 'module', 'ipcRenderer'].filter((k) => k in window));
      expect(leaks).toEqual([]);
    });

    await test.step('app:info says the runtime is electron', async () => {
      const info = await page.evaluate((name) => {
        const call: unknown = Reflect.get(Reflect.get(window, name) ?? {}, 'app:info');
        return typeof call === 'function' ? call() : null;
      }, PRELOAD_GLOBAL);
      expect(info).toMatchObject({ ok: true, value: { name: 'Shopcast', runtime: 'electron' } });
    });

    await test.step('navigating to https://example.com is blocked', async () => {
      // Listen after main's own handler (so we see its verdict), and wait until the listener is in place before the
      // page tries to leave.
      await app.evaluate(({ BrowserWindow }) => {
        const verdict = new Promise<boolean>((resolve) => {
          BrowserWindow.getAllWindows()[0]?.webContents.once('will-navigate', (event) => resolve(event.defaultPrevented));
        });
        Reflect.set(globalThis, 'shopcastNavigationVerdict', verdict);
      });
      await page.evaluate(() => {
        window.location.href = 'https://example.com/';
      });
      const cancelled = await app.evaluate(() => Reflect.get(globalThis, 'shopcastNavigationVerdict'));
      expect(cancelled).toBe(true);
      expect(page.url()).toMatch(/^app:\/\/shopcast\//);
    });

    await test.step('window.open is denied', async () => {
      const opened = await page.evaluate(() => window.open('https://example.com/', '_blank') !== null);
      expect(opened).toBe(false);
      expect(app.windows()).toHaveLength(1);
    });
  } finally {
    await app.close();
    await rm(userData, { recursive: true, force: true });
  }
});
