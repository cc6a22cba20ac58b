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
