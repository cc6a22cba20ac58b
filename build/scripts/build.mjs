// Builds everything `npm start` and the tests run:
//   renderer (Vite)           → dist/renderer            (with --bench also dist/renderer-bench)
//   electron/main.ts          → dist/electron/main.cjs   (skipped while the source does not exist)
//   electron/preload.ts       → dist/electron/preload.cjs
//   electron/host/main.ts     → dist/host/host.mjs       (the browser host, `ws` bundled in)
//   electron/cli/entry.ts     → dist/cli/shopcast.mjs    (the `shopcast` CLI; see build-cli.mjs)
// Main-process bundles are not minified: the security scanner (Electronegativity) reads them.
// Exits non-zero, with the errors printed, if any part fails.
import { buildCli } from './build-cli.mjs';
import { existsSync, statSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const args = new Set(process.argv.slice(2));
if (args.has('--help')) {
  console.log('Usage: node build/scripts/build.mjs [--bench]\n  --bench  also build the renderer with benchmark hooks (dist/renderer-bench)');
  process.exit(0);
}

/** @typedef {{ name: string, output: string, ms: number, skipped?: string }} Built */

/** @param {string} name @param {() => Promise<string>} run @returns {Promise<Built>} */
async function timed(name, run) {
  const started = performance.now();
  const output = await run();
  return { name, output, ms: Math.round(performance.now() - started) };
}

/** @param {'production' | 'bench'} mode */
function buildRenderer(mode) {
  return timed(`renderer (${mode})`, async () => {
    await viteBuild({ configFile: resolve(root, 'vite.config.ts'), mode, logLevel: 'warn' });
    return mode === 'bench' ? 'dist/renderer-bench/' : 'dist/renderer/';
  });
}

/** Shared esbuild settings for the Node-side bundles. */
const nodeBundle = /** @type {const} */ ({
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  minify: false,
  logLevel: 'error',
  // `ws` tries these optional native add-ons inside try/catch; they are not installed and not needed.
  external: ['bufferutil', 'utf-8-validate'],
});

/** @param {string} source @param {string} outfile @returns {Promise<Built>} */
async function buildElectronEntry(source, outfile) {
  if (!existsSync(resolve(root, source))) {
    return { name: source, output: outfile, ms: 0, skipped: `${source} does not exist yet` };
  }
  return timed(source, async () => {
    await esbuild({
      ...nodeBundle,
      entryPoints: [resolve(root, source)],
      outfile: resolve(root, outfile),
      format: 'cjs',
      external: [...nodeBundle.external, 'electron'],
    });
    return outfile;
  });
}

function buildHost() {
  return timed('electron/host/main.ts', async () => {
    await esbuild({
      ...nodeBundle,
      entryPoints: [resolve(root, 'electron/host/main.ts')],
      outfile: resolve(root, 'dist/host/host.mjs'),
      format: 'esm',
      // Bundled CommonJS dependencies (ws) call require() for Node built-ins; ESM has no require of its own.
      banner: { js: "import { createRequire as __shopcastCreateRequire } from 'node:module';\nconst require = __shopcastCreateRequire(import.meta.url);" },
    });
    return 'dist/host/host.mjs';
  });
}

/** @param {string} output */
function sizeOf(output) {
  const full = resolve(root, output);
  if (!existsSync(full) || statSync(full).isDirectory()) return '';
  return ` (${(statSync(full).size / 1024).toFixed(0)} KiB)`;
}

const started = performance.now();
// Vite and esbuild run side by side (esbuild is quick; two cores are enough). Every part reports, even when one fails,
// so a broken renderer does not hide a broken host bundle.
const parts = [
  ['renderer (production)', buildRenderer('production')],
  ['electron/main.ts', buildElectronEntry('electron/main.ts', 'dist/electron/main.cjs')],
  ['electron/preload.ts', buildElectronEntry('electron/preload.ts', 'dist/electron/preload.cjs')],
  ['electron/host/main.ts', buildHost()],
  ['electron/cli/entry.ts', timed('electron/cli/entry.ts', buildCli)],
  // The tray icon ships beside main.cjs (electron-builder packs dist/electron/**).
  ['build/tray.png', timed('build/tray.png', async () => {
    await mkdir(resolve(root, 'dist/electron'), { recursive: true });
    await copyFile(resolve(root, 'build/tray.png'), resolve(root, 'dist/electron/tray.png'));
    return 'dist/electron/tray.png';
  })],
];
/** @type {Array<[string, PromiseSettledResult<Built>]>} */
const settled = [];
for (const [name, job] of /** @type {Array<[string, Promise<Built>]>} */ (parts)) {
  settled.push([name, await job.then((value) => ({ status: 'fulfilled', value }), (reason) => ({ status: 'rejected', reason }))]);
}
// Vite empties its outDir per build, so the bench build runs after, into its own folder.
if (args.has('--bench')) {
  settled.push(['renderer (bench)', await buildRenderer('bench').then((value) => ({ status: 'fulfilled', value }), (reason) => ({ status: 'rejected', reason }))]);
}
let failed = 0;
for (const [name, result] of settled) {
  if (result.status === 'rejected') {
    failed += 1;
    // Vite and esbuild have printed the detailed errors above; this line names the part that failed.
    const text = result.reason instanceof Error ? result.reason.message : String(result.reason);
    // Drops terminal colour codes from the tools' messages so the summary line stays readable in CI logs.
    const message = text.replace(/\u001b\[[0-9;]*m/g, '').split('\n').filter((l) => l.trim()).slice(0, 3).join(' / ').slice(0, 400);
    console.error(`  FAILED   ${name}: ${message}`);
  } else if (result.value.skipped) {
    console.log(`  skipped  ${name}: ${result.value.skipped}`);
  } else {
    console.log(`  built    ${name} → ${result.value.output}${sizeOf(result.value.output)} in ${result.value.ms} ms`);
  }
}
const total = `${Math.round(performance.now() - started)} ms`;
if (failed > 0) {
  console.error(`build: FAILED (${failed} of ${settled.length} parts) after ${total}`);
  process.exit(1);
}
console.log(`build: done in ${total}`);
