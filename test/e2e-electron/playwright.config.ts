/**
 * Smoke test of the real desktop app: dist/electron/main.cjs (built by `npm test` / `npm run build` first) launched
 * in the Electron binary through Playwright's `_electron`. Our build machines cannot download that binary, so where
 * it is missing the suite is skipped with one line saying why (see smoke.spec.ts); everywhere else it runs.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { findElectronRuntime } from './runtime';

const root = fileURLToPath(new URL('../..', import.meta.url));

// Said once, by the runner process (workers load this file too and have TEST_WORKER_INDEX set).
const runtime = await findElectronRuntime();
if (!runtime.found && process.env.TEST_WORKER_INDEX === undefined) {
  console.log(`e2e-electron: skipped, Electron runtime not installed: ${runtime.reason}`);
}

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: `${root}/test-results/e2e-electron`,
  // One Electron app at a time: the smoke test launches the real app with its single-instance lock.
  workers: 1,
  // No retries: a flaky test is a bug to fix, not to hide.
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
