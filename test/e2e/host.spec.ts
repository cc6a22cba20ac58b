/**
 * The browser host seen from a real Chromium: the page loads cleanly under its CSP, and the host's own rules hold
 * from inside a browser (token and Origin on the WebSocket, the ping). Screens are tested in their own specs.
 */
import { createServer, type Server } from 'node:http';
import { expect, test } from './fixtures';

test('the app page loads without console errors or CSP violations', async ({ page, pageProblems }) => {
  await page.waitForLoadState('load');
  // One full round trip through the page's own origin, so anything the first render logs is in by now.
  await page.evaluate(() => fetch('/__shopcast/ping').then((r) => r.text()));
  expect(pageProblems).toEqual([]);
});

test('the page is served with the strict CSP and no-store', async ({ page, host }) => {
  const response = await page.reload();
  const headers = response?.headers() ?? {};
  expect(headers['content-security-policy']).toContain("default-src 'none'");
  expect(headers['content-security-policy']).toContain(`ws://127.0.0.1:${host.port}`);
  expect(headers['cache-control']).toBe('no-store');
});

test('the token leaves the address bar and stays in this tab for a reload', async ({ page, host }) => {
  await expect.poll(() => page.url()).toBe(`${host.origin}/`);
  expect(await page.evaluate(() => sessionStorage.getItem('shopcast.hostToken'))).toBe(host.token);
  await page.reload();
  expect(await page.evaluate(() => sessionStorage.getItem('shopcast.hostToken'))).toBe(host.token);
});

test('app:info over the page\'s WebSocket reports the browser-host runtime', async ({ page, host }) => {
  const reply = await page.evaluate(
    (token) =>
      new Promise<unknown>((resolve, reject) => {
        const ws = new WebSocket(`ws://${location.host}/ipc`, ['shopcast.v1', `shopcast.token.${token}`]);
        ws.onopen = () => ws.send(JSON.stringify({ t: 'call', id: 1, channel: 'app:info' }));
        ws.onmessage = (event) => {
          const message: unknown = JSON.parse(String(event.data));
          if (typeof message === 'object' && message !== null && Reflect.get(message, 't') === 'result') {
            resolve(message);
            ws.close();
          }
        };
        ws.onclose = (event) => reject(new Error(`closed before a reply: ${event.code}`));
      }),
    host.token,
  );
  expect(reply).toMatchObject({ t: 'result', id: 1, result: { ok: true, value: { runtime: 'browser-host', name: 'Shopcast' } } });
});

test('a WebSocket from the page without the token is refused', async ({ page, host }) => {
  const outcome = await page.evaluate(
    (url) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url, ['shopcast.v1']);
        ws.onopen = () => resolve('open');
        ws.onclose = (event) => resolve(`closed ${event.code}`);
      }),
    `ws://127.0.0.1:${host.port}/ipc`,
  );
  expect(outcome).toBe('closed 1006');
});

test('a page from another origin is refused even when it knows the token', async ({ browser, host }) => {
  // A stand-in for any website the person has open: served from another port, so another origin.
  const site: Server = createServer((_req, res) => res.end('<!doctype html><title>some website</title>'));
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  const address = site.address();
  const sitePort = typeof address === 'object' && address !== null ? address.port : 0;
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${sitePort}/`);
    const outcome = await page.evaluate(
      ([url, token]) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(url, ['shopcast.v1', `shopcast.token.${token}`]);
          ws.onopen = () => resolve('open');
          ws.onclose = (event) => resolve(`closed ${event.code}`);
        }),
      [`ws://127.0.0.1:${host.port}/ipc`, host.token] as const,
    );
    expect(outcome).toBe('closed 1006');
  } finally {
    await context.close();
    await new Promise((resolve) => site.close(resolve));
  }
});

test('the ping tells a second launch that Shopcast is running here', async ({ page }) => {
  const body = await page.evaluate(() => fetch('/__shopcast/ping').then((r) => r.json()));
  expect(body).toMatchObject({ app: 'shopcast' });
});

test.describe('a restarted host', () => {
  test.setTimeout(90_000);
  // Not the fixture's host: this test stops and starts its own on one fixed port and data folder.
  test('takes the open window back on the same port, and the banner says the truth while it is down', async ({ browser }) => {
    const { spawn } = await import('node:child_process');
    const { mkdtemp, readFile, rm, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const bundle = join(process.cwd(), 'dist', 'host', 'host.mjs');
    const dataDir = await mkdtemp(join(tmpdir(), 'shopcast-restart-'));
    await writeFile(join(dataDir, 'settings.json'), '{}\n');
    // A free port: listen on 0, note it, let it go.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const address = probe.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    await new Promise((resolve) => probe.close(resolve));
    const start = async (): Promise<{ stop: () => Promise<void>; token: string; output: () => string }> => {
      const child = spawn(process.execPath, [bundle, '--no-open', '--port', String(port), '--data-dir', dataDir], {
        env: { ...process.env, SHOPCAST_PRINT_READY: '1', CI: 'true' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      child.stderr.on('data', (c: Buffer) => (text += c.toString('utf8')));
      const token = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (c: Buffer) => {
          text += c.toString('utf8');
          const m = /^SHOPCAST_READY (.+)$/m.exec(text);
          if (m) resolve(String(Reflect.get(Object(JSON.parse(m[1] ?? '{}')), 'token')));
        });
        child.once('exit', (code) => reject(new Error(`host exited ${code}: ${text}`)));
      });
      return {
        token,
        output: () => text,
        stop: () =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      };
    };
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    let host = await start();
    try {
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${port}/#token=${host.token}`);
      const state = page.getByTestId('connection-state');
      await expect(state).toHaveText('Connected');
      const firstToken = host.token;

      await host.stop();
      const banner = page.getByTestId('connection-banner');
      await expect(banner).toHaveAttribute('data-kind', 'retrying');
      await expect(banner).toHaveAttribute('data-kind', 'notRunning', { timeout: 20_000 });
      await expect(banner).toContainText('Shopcast is not running. Start it again (npm start); this window reconnects by itself.');
      await page.screenshot({ path: '/tmp/shots/restart-not-running-en.png' });

      host = await start();
      expect(host.token).toBe(firstToken);
      // The same page, not reloaded, comes back by itself.
      await expect(state).toHaveText('Connected', { timeout: 20_000 });
      await expect(banner).toHaveCount(0);
      expect(host.output()).toContain('waiting up to 6 s for a window that is still open to reconnect');

      await page.getByRole('navigation').locator('button:has([data-screen="settings"])').click();
      await page.getByRole('textbox', { name: 'Shop name' }).fill('Back Again Flowers');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await expect(page.getByRole('status').getByText('Settings saved.').last()).toBeVisible();
      expect(JSON.parse(await readFile(join(dataDir, 'settings.json'), 'utf8'))).toMatchObject({ shopName: 'Back Again Flowers' });
      // The restarted host saw the old window come back and does not open a second one.
      await expect.poll(() => host.output(), { timeout: 15_000 }).toContain('the window that was already open reconnected; not opening another');

      // The banner in the other two languages, as the person sees it at 1366×768.
      for (const [language, words] of [
        ['ko', 'Shopcast가 실행되고 있지 않아요'],
        ['zh-Hant', 'Shopcast 目前沒有執行'],
      ] as const) {
        await page.getByRole('combobox').filter({ has: page.getByRole('option', { name: 'English' }) }).first().selectOption(language);
        await page.getByRole('button', { name: /^(Save settings|설정 저장|儲存設定)$/ }).click();
        await expect.poll(async () => JSON.parse(await readFile(join(dataDir, 'settings.json'), 'utf8')).language).toBe(language);
        // The page has the answer too (the file is written before main answers; stopping now could lose the answer).
        await expect(page.locator('html')).toHaveAttribute('lang', language);
        await host.stop();
        await expect(banner).toHaveAttribute('data-kind', 'notRunning', { timeout: 20_000 });
        await expect(banner).toContainText(words);
        await page.screenshot({ path: `/tmp/shots/restart-not-running-${language}.png` });
        host = await start();
        await expect(state).not.toHaveText(/Not connected|연결 안 됨|未連線/, { timeout: 20_000 });
        await expect(banner).toHaveCount(0, { timeout: 20_000 });
      }
    } finally {
      await context.close();
      await host.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
