// `npm test`: every check, in order, stopping at the first stage that fails (after saying what failed):
//   typecheck → build → unit (vitest) → security (Electronegativity) → e2e (browser host)
//   → e2e of sending again with the machine's clock at 03:00 in Seoul and TZ=America/Los_Angeles → e2e (Electron smoke)
// The last line is always `total: N passed, N failed, N skipped`, alone on its line: CI reads it.
// Stages that are not test suites (typecheck, build, security) count as one check each.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const tmp = mkdtempSync(join(tmpdir(), 'shopcast-test-all-'));
const bin = {
  tsc: join(root, 'node_modules/typescript/bin/tsc'),
  vitest: join(root, 'node_modules/vitest/vitest.mjs'),
  playwright: join(root, 'node_modules/@playwright/test/cli.js'),
};

/**
 * @typedef {{ passed: number, failed: number, skipped: number, note?: string, failures?: string[] }} Outcome
 * @typedef {{ name: string, run: () => Promise<Outcome> }} Stage
 */

/**
 * Runs a Node script with our stdio; resolves with its exit code.
 * @param {string[]} args @param {NodeJS.ProcessEnv} [env] @returns {Promise<number>}
 */
function node(args, env = process.env) {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env });
    child.on('error', (error) => {
      console.error(`test-all: could not start node ${args[0]}: ${error.message}`);
      resolveRun(1);
    });
    child.on('exit', (code, signal) => resolveRun(code ?? (signal ? 1 : 0)));
  });
}

/**
 * Runs `wrapper... node args` (e.g. faketime) with our stdio; resolves with its exit code.
 * @param {string[]} wrapper @param {string[]} args @param {NodeJS.ProcessEnv} env @returns {Promise<number>}
 */
function command(wrapper, args, env) {
  return new Promise((resolveRun) => {
    const child = spawn(wrapper[0] ?? '', [...wrapper.slice(1), process.execPath, ...args], { cwd: root, stdio: 'inherit', env });
    child.on('error', (error) => {
      console.error(`test-all: could not start ${wrapper[0]}: ${error.message}`);
      resolveRun(1);
    });
    child.on('exit', (code, signal) => resolveRun(code ?? (signal ? 1 : 0)));
  });
}

/** A stage that is one check: passed when every command exits 0. @param {string[][]} commands */
function check(...commands) {
  return async () => {
    for (const args of commands) {
      const code = await node(args);
      if (code !== 0) return { passed: 0, failed: 1, skipped: 0, failures: [`node ${args.map((a) => a.replace(`${root}/`, '')).join(' ')} exited with ${code}`] };
    }
    return { passed: 1, failed: 0, skipped: 0 };
  };
}

/** @param {string} file @returns {any} */
function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * A run that exited non-zero without a failing test (a file that did not load, a global setup error) still fails.
 * @param {number} code @param {Outcome} outcome @returns {Outcome}
 */
function settle(code, outcome) {
  if (code !== 0 && outcome.failed === 0) {
    return { ...outcome, failed: 1, failures: [...(outcome.failures ?? []), `the run exited with ${code} without a failing test: see the output above`] };
  }
  return outcome;
}

async function vitest() {
  const report = join(tmp, 'vitest.json');
  const code = await node([bin.vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
  const json = readJson(report);
  if (!json) return settle(code, { passed: 0, failed: 0, skipped: 0, note: 'no JSON report was written' });
  /** @type {string[]} */
  const failures = [];
  for (const file of json.testResults ?? []) {
    const failedTests = (file.assertionResults ?? []).filter((/** @type {any} */ t) => t.status === 'failed');
    for (const t of failedTests) failures.push(`${file.name.replace(`${root}/`, '')} › ${t.fullName}`);
    if (file.status === 'failed' && failedTests.length === 0) failures.push(`${file.name.replace(`${root}/`, '')}: ${String(file.message || 'failed to run').split('\n')[0]}`);
  }
  return settle(code, {
    passed: json.numPassedTests ?? 0,
    failed: json.numFailedTests ?? 0,
    skipped: (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0),
    failures,
  });
}

/** @param {string} config @param {string} label @param {{ files?: string[], env?: NodeJS.ProcessEnv, wrap?: string[] }} [opts] */
function playwright(config, label, opts = {}) {
  return async () => {
    const report = join(tmp, `playwright-${label}.json`);
    const args = [bin.playwright, 'test', '--config', config, '--reporter=list,json', ...(opts.files ?? [])];
    const run = opts.wrap ? (/** @type {string[]} */ a, /** @type {NodeJS.ProcessEnv} */ e) => command(opts.wrap ?? [], a, e) : node;
    const code = await run(args, {
      ...process.env,
      ...opts.env,
      PLAYWRIGHT_JSON_OUTPUT_FILE: report,
      PLAYWRIGHT_JSON_OUTPUT_NAME: report,
    });
    const json = readJson(report);
    if (!json) return settle(code, { passed: 0, failed: 0, skipped: 0, note: 'no JSON report was written' });
    /** @type {string[]} */
    const failures = [];
    /** @param {any} suite @param {string[]} path */
    const walk = (suite, path) => {
      const here = suite.title ? [...path, suite.title] : path;
      for (const spec of suite.specs ?? []) if (!spec.ok) failures.push([...here, spec.title].join(' › '));
      for (const child of suite.suites ?? []) walk(child, here);
    };
    for (const suite of json.suites ?? []) walk(suite, []);
    for (const error of json.errors ?? []) failures.push(String(error.message ?? error).split('\n')[0]);
    const stats = json.stats ?? {};
    return settle(code, {
      passed: (stats.expected ?? 0) + (stats.flaky ?? 0),
      failed: (stats.unexpected ?? 0) + (json.errors?.length ?? 0),
      skipped: stats.skipped ?? 0,
      note: stats.flaky ? `${stats.flaky} flaky` : undefined,
      failures,
    });
  };
}

/** Debian's Chromium, SHOPCAST_CHROMIUM, or Playwright's own download: the same order the e2e config uses. */
async function findChromium() {
  if (process.env.SHOPCAST_CHROMIUM) return existsSync(process.env.SHOPCAST_CHROMIUM) ? process.env.SHOPCAST_CHROMIUM : undefined;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  try {
    const { chromium } = await import('playwright-core');
    const own = chromium.executablePath();
    return own && existsSync(own) ? own : undefined;
  } catch {
    return undefined;
  }
}

async function e2eBrowserHost() {
  const chromium = await findChromium();
  if (!chromium) {
    return {
      passed: 0,
      failed: 1,
      skipped: 0,
      failures: [
        'No Chromium for the end-to-end tests. Install Debian\'s: `apt-get install -y chromium` ' +
          '(or set SHOPCAST_CHROMIUM=/path/to/chrome). Playwright cannot download its own browser here.',
      ],
    };
  }
  console.log(`test-all: end-to-end tests use ${chromium}`);
  return playwright('test/e2e/playwright.config.ts', 'e2e')();
}

/** Debian's faketime (libfaketime), or undefined. */
function findFaketime() {
  return ['/usr/bin/faketime', '/usr/local/bin/faketime'].find((p) => existsSync(p));
}

/**
 * The sending tests again with the machine's clock at 03:00 in Seoul (inside quiet hours, where they used to fail)
 * and the machine in Los Angeles: the tests run on their own injected clock, so neither may change a result.
 * `faketime -f '@…'` starts the machine's clock at that local time (read in TZ) and lets it run.
 */
async function e2eAtNightElsewhere() {
  const faketime = findFaketime();
  if (!faketime) {
    console.log('test-all: faketime is not installed (apt-get install -y faketime; .ci/run does it), so this stage is skipped.');
    return { passed: 0, failed: 0, skipped: 1, note: 'faketime not installed' };
  }
  const tz = 'America/Los_Angeles';
  // Today's 18:00 UTC (03:00 in Seoul) written as Los Angeles local time, which is how faketime reads it under TZ.
  const at = new Date(`${new Date().toISOString().slice(0, 10)}T18:00:00Z`);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const local = `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
  console.log(`test-all: the machine's clock starts at ${local} in ${tz} (${at.toISOString()}, 03:00 in Seoul)`);
  return playwright('test/e2e/playwright.config.ts', 'e2e-night', {
    files: ['quietHours.spec.ts', 'campaign.spec.ts', 'results.spec.ts'],
    env: { TZ: tz },
    wrap: [faketime, '-f', `@${local}`],
  })();
}

/** @type {Stage[]} */
const stages = [
  {
    name: 'typecheck',
    run: check(
      [bin.tsc, '--noEmit', '-p', 'tsconfig.json'],
      // shared/ is checked a second time with neither DOM nor Node types.
      [bin.tsc, '--noEmit', '-p', 'tsconfig.shared.json'],
    ),
  },
  { name: 'build', run: check([join(root, 'build/scripts/build.mjs')]) },
  { name: 'unit (vitest)', run: vitest },
  { name: 'security (electronegativity)', run: check([join(root, 'build/scripts/electronegativity.mjs')]) },
  { name: 'e2e (browser host)', run: e2eBrowserHost },
  { name: 'e2e (sending, 03:00 KST, LA)', run: e2eAtNightElsewhere },
  { name: 'e2e (electron smoke)', run: playwright('test/e2e-electron/playwright.config.ts', 'e2e-electron') },
];

/** @type {Array<{ name: string, outcome?: Outcome, ms: number }>} */
const results = [];
for (const stage of stages) {
  console.log(`\n━━ ${stage.name} ━━`);
  const started = performance.now();
  const outcome = await stage.run();
  results.push({ name: stage.name, outcome, ms: performance.now() - started });
  if (outcome.failed > 0) {
    console.error(`\n✗ ${stage.name} FAILED:`);
    for (const f of outcome.failures?.length ? outcome.failures : ['see the output above']) console.error(`  - ${f}`);
    break;
  }
}
for (const stage of stages.slice(results.length)) results.push({ name: stage.name, ms: 0 });
rmSync(tmp, { recursive: true, force: true });

const total = { passed: 0, failed: 0, skipped: 0 };
console.log('\nnpm test summary:');
for (const { name, outcome, ms } of results) {
  if (!outcome) {
    console.log(`  ${name.padEnd(30)} not run (an earlier stage failed)`);
    continue;
  }
  total.passed += outcome.passed;
  total.failed += outcome.failed;
  total.skipped += outcome.skipped;
  const state = outcome.failed > 0 ? 'FAILED' : outcome.passed === 0 && outcome.skipped > 0 ? 'skipped' : 'ok';
  const counts = `${outcome.passed} passed, ${outcome.failed} failed, ${outcome.skipped} skipped`;
  const note = outcome.note ? ` — ${outcome.note}` : '';
  console.log(`  ${name.padEnd(30)} ${state.padEnd(8)} ${counts.padEnd(36)} ${(ms / 1000).toFixed(1).padStart(6)} s${note}`);
}
console.log(`total: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exitCode = total.failed > 0 ? 1 : 0;
