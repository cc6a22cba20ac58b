/**
 * Playwright fixtures for the browser host. Nothing is built here (`npm test` builds first). Every test gets:
 * - `host`: a fresh `node dist/host/host.mjs --no-open --port 0` with its own temporary data folder (a new port is
 *   also a new origin, so IndexedDB starts empty too); url, port, token and dataDir come from its SHOPCAST_READY line;
 * - `page`: already on the app's URL with the token, with console errors, page errors and CSP violations collected in
 *   `pageProblems` from before the first byte loaded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect } from '@playwright/test';

const root = fileURLToPath(new URL('../..', import.meta.url));
const HOST_BUNDLE = join(root, 'dist', 'host', 'host.mjs');

export interface HostSession {
  /** `http://127.0.0.1:PORT/#token=…`, what the host prints for the person. */
  url: string;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  port: number;
  token: string;
  /** The host's data folder (settings.json, later the journal); removed after the test. */
  dataDir: string;
}

interface Fixtures {
  host: HostSession;
  pageProblems: string[];
}

export const test = base.extend<Fixtures>({
  // The empty pattern is how Playwright learns that this fixture depends on no other.
  host: async ({}, use, testInfo) => {
    if (!existsSync(HOST_BUNDLE)) throw new Error(`${HOST_BUNDLE} is missing: run "npm run build" (npm test does it first).`);
    const dataDir = await mkdtemp(join(tmpdir(), 'shopcast-e2e-'));
    const child = spawn(process.execPath, [HOST_BUNDLE, '--no-open', '--port', '0', '--data-dir', dataDir], {
      env: { ...process.env, SHOPCAST_PRINT_READY: '1', CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    try {
      const ready = await waitForReady(child, (text) => (output += text));
      await use({ ...ready, origin: `http://127.0.0.1:${ready.port}`, dataDir });
    } finally {
      await stop(child);
      if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('host output', { body: output, contentType: 'text/plain' });
      await rm(dataDir, { recursive: true, force: true });
    }
  },

  pageProblems: async ({}, use) => {
    await use([]);
  },

  page: async ({ page, host, pageProblems }, use) => {
    page.on('console', (message) => {
      // Chromium reports CSP violations as console errors ("Refused to …"), so this catches both.
      // The location names the resource a "Failed to load resource" message is about.
      if (message.type() === 'error') pageProblems.push(`console error: ${message.text()} (${message.location().url || 'no location'})`);
    });
    page.on('pageerror', (error) => pageProblems.push(`uncaught: ${error.message}`));
    await page.goto(host.url);
    await use(page);
  },
});

export { expect };

/** Resolves with the SHOPCAST_READY fields, or rejects with everything the host printed if it exits first. */
function waitForReady(child: ChildProcess, record: (text: string) => void): Promise<{ url: string; port: number; token: string }> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer): void => {
      const s = chunk.toString('utf8');
      text += s;
      record(s);
      const match = /^SHOPCAST_READY (.+)$/m.exec(text);
      if (!match) return;
      const parsed: unknown = JSON.parse(match[1] ?? '');
      if (typeof parsed !== 'object' || parsed === null) return reject(new Error(`Unreadable ready line: ${match[0]}`));
      const url: unknown = Reflect.get(parsed, 'url');
      const port: unknown = Reflect.get(parsed, 'port');
      const token: unknown = Reflect.get(parsed, 'token');
      if (typeof url !== 'string' || typeof port !== 'number' || typeof token !== 'string') {
        return reject(new Error(`Unreadable ready line: ${match[0]}`));
      }
      resolve({ url, port, token });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => record(chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`The browser host exited (code ${code}) before it was ready:\n${text}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
