// Security scan of the built app with Doyensec Electronegativity. Exits 1 on any MEDIUM/HIGH finding that is not a
// reviewed acceptance (see shopcastAcceptances in electronegativity-report.mjs), on any file the scanner could not
// parse, and when the scanner stops seeing the window it is meant to check.
//
//   node build/scripts/electronegativity.mjs              scan dist/ (builds first when dist/ is missing)
//   node build/scripts/electronegativity.mjs --rebuild    build first in any case
//   node build/scripts/electronegativity.mjs --dist DIR   scan DIR (electron/ and renderer/ as in dist/), no build;
//                                                         the tests scan small fixture apps this way
//   node build/scripts/electronegativity.mjs --from-csv report.csv
//                                                         judge a report written elsewhere by `electronegativity -o`
//
// Why not simply `electronegativity -i dist -o report.csv` (read from its source, v1.10.3):
// - its directory loader only picks up .js/.jsx/.ts/.tsx/.html/.htm and package.json, so our .cjs bundles would be
//   skipped without a word and every "missing handler" global check would fire on an empty scan. We stage copies
//   named .js;
// - with -o the CLI discards the list of files it failed to parse (it only prints them without -o), and writes the
//   CSV header and rows with two unsynchronised async writes. The programmatic API (documented in its README)
//   returns findings and parse errors directly, so we use that and write the CSV ourselves in the tool's layout.
//
// The scan runs offline (`npm test` must not depend on the internet). Left alone, the scanner makes two requests
// whatever Electron version it is given (dist/locales/i18n.js and AvailableSecurityFixesGlobalCheck.js, both via
// `got`):
// - every run fetches "updated translations" for $LANG from its S3 bucket (package.json `i18nSource`). Its own
//   en-US messages ship in the package and are what it uses when that fetch fails, so we answer that request here
//   with "not found" and it keeps the bundled ones (no request, no "Could not retrieve updated translations");
// - AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK downloads Electron's release list from raw.githubusercontent.com to say
//   whether a newer patch of our Electron line has security fixes ("No connectivity?" when it cannot). We exclude
//   that check: it can only be answered online, and it is about which Electron we pin, not about our code. Taking
//   Electron security releases is done by updating the pinned `electron` in package.json; the scan still lists the
//   version it checked (ELECTRON_VERSION_JSON_CHECK, informational).
// Any other request the scanner makes through `got` is refused and fails the scan, so a scanner update that goes
// online again is noticed here, not as a slow or flaky `npm test`. electronegativity.test.ts runs this script with
// every outbound connection blocked (block-network-preload.cjs) and checks that nothing tried.
//
// The Electron version is the one installed (node_modules/electron/package.json): the checks depend on Electron's
// defaults for that version (e.g. sandbox, contextIsolation), and the scanner would otherwise guess from package.json.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Module, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  evaluate,
  findingFromIssue,
  formatTable,
  parseElectronegativityCsv,
  shopcastAcceptances,
  summaryLine,
  toElectronegativityCsv,
} from './electronegativity-report.mjs';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const args = process.argv.slice(2);
const distIndex = args.indexOf('--dist');
const dist = distIndex === -1 ? join(root, 'dist') : resolve(String(args[distIndex + 1] ?? ''));
const reportPath = join(dist, 'electronegativity.csv');
const REQUIRED = ['electron/main.cjs', 'electron/preload.cjs', 'renderer/index.html'];
const SCAN_TIMEOUT_MS = 10 * 60_000;
/** Class names, as the scanner's `excludeFromScan` wants them; see the top of this file for why. */
const OFFLINE_EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

/** @param {string} message */
function fail(message) {
  console.error(`electronegativity: ${message}`);
  process.exit(1);
}

/** @param {string} dir @returns {string[]} every file below dir, relative to it, with forward slashes */
function listFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'));
}

/** What the scanner's directory loader reads (its util/file.js), so we can say how many files were scanned. */
function isScannable(/** @type {string} */ file) {
  return ['.js', '.jsx', '.ts', '.tsx', '.html', '.htm'].includes(extname(file).toLowerCase()) || file.endsWith('package.json');
}

function ensureBuilt() {
  if (distIndex !== -1) {
    if (!args[distIndex + 1]) fail('--dist needs a folder');
    const absent = REQUIRED.filter((f) => !existsSync(join(dist, f)));
    if (absent.length > 0) fail(`${dist} lacks ${absent.join(', ')}`);
    return;
  }
  const missing = REQUIRED.filter((f) => !existsSync(join(dist, f)));
  if (missing.length === 0 && !args.includes('--rebuild')) return;
  if (missing.length > 0) console.log(`electronegativity: dist/ lacks ${missing.join(', ')}; building first`);
  const build = spawnSync(process.execPath, [join(root, 'build/scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) fail('the build failed, nothing to scan');
  const still = REQUIRED.filter((f) => !existsSync(join(dist, f)));
  if (still.length > 0) fail(`the build did not produce ${still.join(', ')}`);
}

/**
 * Copies what ships into a scratch folder the scanner can read: bundles renamed .cjs → .js, no source maps,
 * and package.json (the scanner reads the Electron version and Electron-related settings from it).
 * @returns {{ stage: string, files: string[] }}
 */
function stageBuild() {
  const stage = mkdtempSync(join(tmpdir(), 'shopcast-electronegativity-'));
  for (const area of ['electron', 'renderer']) {
    for (const file of listFiles(join(dist, area))) {
      if (file.endsWith('.map')) continue;
      const target = join(stage, area, file.replace(/\.cjs$/, '.js'));
      mkdirSync(dirname(target), { recursive: true });
      cpSync(join(dist, area, file), target);
    }
  }
  cpSync(join(root, 'package.json'), join(stage, 'package.json'));
  return { stage, files: listFiles(stage).filter(isScannable) };
}

/** @returns {string} the version of the Electron the app runs on, as installed */
function installedElectronVersion() {
  const require = createRequire(import.meta.url);
  /** @type {unknown} */
  let version;
  try {
    version = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  } catch (error) {
    fail(`cannot read the installed Electron's version (npm ci?): ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof version !== 'string' || !/^\d+\.\d+\.\d+/.test(version)) fail(`node_modules/electron has no usable version (${String(version)})`);
  return String(version);
}

/**
 * Loads the scanner with its HTTP client replaced, before any of its modules is loaded: the translations request
 * gets "404" (so the bundled en-US messages are used), anything else is refused and remembered.
 * @returns {{ run: (options: object) => Promise<{ errors: unknown[], issues: unknown[] }>, refused: string[] }}
 */
function loadOfflineScanner() {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve('@doyensec/electronegativity/package.json');
  const scannerDir = dirname(pkgPath);
  /** @type {unknown} */
  const i18nSource = JSON.parse(readFileSync(pkgPath, 'utf8')).i18nSource;
  /** @type {string[]} */
  const refused = [];
  /** @param {unknown} url */
  const answer = async (url) => {
    const href = String(url);
    if (typeof i18nSource === 'string' && href.startsWith(`${i18nSource}/`)) return { statusCode: 404, body: '', headers: {} };
    refused.push(href);
    throw new Error(`electronegativity.mjs runs the scanner offline; refused ${href}`);
  };
  const got = Object.assign((/** @type {unknown} */ url) => answer(url), {
    head: (/** @type {unknown} */ url) => answer(url),
    get: (/** @type {unknown} */ url) => answer(url),
  });
  // Every module of the scanner that uses `got` (see the top of this file); each resolves it from its own folder.
  for (const user of ['dist/locales/i18n.js', 'dist/finder/checks/GlobalChecks/AvailableSecurityFixesGlobalCheck.js']) {
    const userPath = join(scannerDir, user);
    if (!existsSync(userPath)) fail(`the scanner has no ${user} any more: re-read its source and update electronegativity.mjs`);
    const gotPath = createRequire(userPath).resolve('got');
    if (require.cache[gotPath]?.exports === got) continue;
    if (require.cache[gotPath]) fail('got was loaded before the scanner could be run offline');
    const stub = new Module(gotPath);
    stub.filename = gotPath;
    stub.loaded = true;
    stub.exports = got;
    require.cache[gotPath] = stub;
  }
  /** @type {(options: object) => Promise<{ errors: unknown[], issues: unknown[] }>} */
  const run = require('@doyensec/electronegativity');
  return { run, refused };
}

/** @param {string} stage @returns {Promise<{ errors: unknown[], issues: unknown[] }>} */
async function scan(stage) {
  const { run, refused } = loadOfflineScanner();
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no result after ${SCAN_TIMEOUT_MS / 60_000} minutes`)), SCAN_TIMEOUT_MS);
  });
  try {
    const result = await Promise.race([
      run({
        input: stage,
        isRelative: true,
        electronVersionOverride: installedElectronVersion(),
        customScan: [],
        excludeFromScan: OFFLINE_EXCLUDED_CHECKS,
        parserPlugins: [],
      }),
      timeout,
    ]);
    if (refused.length > 0) fail(`the scanner tried to go online (${refused.join(', ')}); see the top of electronegativity.mjs`);
    return result;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * @param {unknown} e one entry of the scanner's `errors`: { file, message, tolerable }
 * @param {string} stage the scanned folder, to print paths as they are in dist/
 * @returns {import('./electronegativity-report.d.mts').ScanError}
 */
function scanErrorFrom(e, stage) {
  const get = (/** @type {string} */ k) => (typeof e === 'object' && e !== null ? Reflect.get(e, k) : undefined);
  const file = String(get('file') ?? '?');
  return { file: relative(stage, file), message: String(get('message') ?? e), tolerable: get('tolerable') === true };
}

/**
 * @param {import('./electronegativity-report.d.mts').Evaluation} result
 * @param {number} fileCount
 */
function report(result, fileCount) {
  for (const e of result.scanErrors) {
    console.log(`could not ${e.tolerable ? 'fully ' : ''}parse ${e.file}: ${e.message}`);
  }
  if (result.blocking.length > 0) console.log(`\nMEDIUM/HIGH findings:\n${formatTable(result.blocking)}`);
  if (result.informational.length > 0) console.log(`\nLow/informational (not blocking):\n${formatTable(result.informational)}`);
  for (const { finding, justification } of result.accepted) {
    console.log(`\naccepted ${finding.id} at ${finding.file}:${finding.line}: ${justification}`);
  }
  for (const a of result.missingExpected) {
    console.log(`\nexpected ${a.id} but the scanner reported none: ${a.justification}`);
  }
  console.log(`\n${summaryLine(result, fileCount)}`);
  process.exit(result.failed ? 1 : 0);
}

async function main() {
  const csvIndex = args.indexOf('--from-csv');
  if (csvIndex !== -1) {
    const csv = args[csvIndex + 1];
    if (!csv) fail('--from-csv needs a file');
    const findings = parseElectronegativityCsv(readFileSync(resolve(String(csv)), 'utf8'));
    // No scanned files to read here, so the location-checked acceptances cannot match and nothing is accepted;
    // the file count is the number of files the report names.
    report(evaluate(findings), new Set(findings.map((f) => f.file).filter(Boolean)).size);
    return;
  }

  ensureBuilt();
  const { stage, files } = stageBuild();
  try {
    console.log(`electronegativity: scanning ${files.length} files (${files.join(', ')})`);
    const raw = await scan(stage);
    const findings = raw.issues.map(findingFromIssue);
    writeFileSync(reportPath, toElectronegativityCsv(findings));
    const shown = relative(root, reportPath);
    console.log(`electronegativity: full report in ${shown.startsWith('..') ? reportPath : shown}`);
    const linesOf = (/** @type {string} */ file) => {
      const path = join(stage, file);
      return existsSync(path) ? readFileSync(path, 'utf8').split('\n') : [];
    };
    const result = evaluate(findings, { scanErrors: raw.errors.map((e) => scanErrorFrom(e, stage)), acceptances: shopcastAcceptances(linesOf) });
    report(result, files.length);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

main().catch((error) => fail(error instanceof Error ? error.message : String(error)));
