/**
 * Playwright fixtures for the browser host. Nothing is built here (`npm test` builds first). Every test gets:
 * - `clockStart` (an option, `test.use({ clockStart: … })`): the instant the test's world starts at. The host's core
 *   runs on it (`--test-clock-start`) and so does the page (Playwright's clock, installed before the first byte), both
 *   running on at the normal rate. No test depends on the machine's wall clock or time zone: the default is a weekday
 *   late morning in Seoul, and a test that is about the hour (quiet hours) says which one it wants;
 * - `clock`: `now()` is the host's and the page's time, for a test that needs to compute a time (never Date.now());
 * - `firstRun` (an option, default false): start as a new shop would, with no settings file, so the first-run setup
 *   opens. Otherwise the data folder holds an empty settings file first: a shop that is set up, with the defaults;
 * - `host`: a fresh `node dist/host/host.mjs --no-open --port 0` with its own temporary data folder (a new port is
 *   also a new origin, so IndexedDB starts empty too); url, port, token and dataDir come from its SHOPCAST_READY line;
 * - `page`: already on the app's URL with the token, with console errors, page errors and CSP violations collected in
 *   `pageProblems` from before the first byte loaded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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

/** The test's time: what the host's core and the page both read as now. */
export interface TestClock {
  now(): number;
}

/** Tuesday 2026-12-01 11:00 in Seoul (02:00 UTC): inside every sending window, far from any day's edge. */
export const DEFAULT_CLOCK_START = '2026-12-01T02:00:00Z';

interface Fixtures {
  clockStart: string;
  firstRun: boolean;
  clock: TestClock;
  host: HostSession;
  pageProblems: string[];
}

export const test = base.extend<Fixtures>({
  clockStart: [DEFAULT_CLOCK_START, { option: true }],
  firstRun: [false, { option: true }],

  // Filled in by `host` from the host's own ready line; a test asks for it like any fixture.
  clock: async ({ host }, use) => {
    await use(clockOf(host));
  },

  host: async ({ clockStart, firstRun }, use, testInfo) => {
    if (!existsSync(HOST_BUNDLE)) throw new Error(`${HOST_BUNDLE} is missing: run "npm run build" (npm test does it first).`);
    const dataDir = await mkdtemp(join(tmpdir(), 'shopcast-e2e-'));
    // An existing settings file, even an empty one, is a shop that has been set up (shared/domain/settings.ts).
    if (!firstRun) await writeFile(join(dataDir, 'settings.json'), '{}\n');
    const child = spawn(process.execPath, [HOST_BUNDLE, '--no-open', '--port', '0', '--data-dir', dataDir, '--test-clock-start', clockStart], {
      env: { ...process.env, SHOPCAST_PRINT_READY: '1', CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    try {
      const ready = await waitForReady(child, (text) => (output += text));
      const session = { url: ready.url, port: ready.port, token: ready.token, origin: `http://127.0.0.1:${ready.port}`, dataDir };
      // The host's time when it printed the line, carried on at the rate of this process's monotonic clock.
      const seenAt = performance.now();
      clocks.set(session, { now: () => ready.now + (performance.now() - seenAt) });
      await use(session);
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
    // The page's Date, timers and performance run from the host's time on: what the checklist, the scheduler field
    // and the reports call "now" is the same instant the core sends by.
    await page.clock.install({ time: clockOf(host).now() });
    // Playwright's fake Date.now() returns fractions of a millisecond (1796090400879.29); a real one is a whole
    // number (ECMAScript time values are integral), and ids such as "d" + Date.now().toString(36) rely on that.
    await page.addInitScript(() => {
      const fakeNow = Date.now.bind(Date);
      Date.now = () => Math.floor(fakeNow());
    });
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

const clocks = new WeakMap<HostSession, TestClock>();

/** The clock of a host this fixture started. */
export function clockOf(host: HostSession): TestClock {
  const clock = clocks.get(host);
  if (!clock) throw new Error('That host was not started by the fixture, so its clock is unknown.');
  return clock;
}

/** `YYYY-MM-DDTHH:mm` in a time zone, as a datetime-local field shows and takes it. */
export function localInputValue(at: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

/** Resolves with the SHOPCAST_READY fields, or rejects with everything the host printed if it exits first. */
function waitForReady(child: ChildProcess, record: (text: string) => void): Promise<{ url: string; port: number; token: string; now: number }> {
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
      const now: unknown = Reflect.get(parsed, 'now');
      if (typeof url !== 'string' || typeof port !== 'number' || typeof token !== 'string' || typeof now !== 'number') {
        return reject(new Error(`Unreadable ready line: ${match[0]}`));
      }
      resolve({ url, port, token, now });
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

/** A port nothing listens on right now (listen on 0, note it, let it go), for a receiver a test starts itself. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}
