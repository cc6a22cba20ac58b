// `npm start`: build, then run Shopcast in the best runtime this machine has.
//   Electron's binary here                → the desktop app (dist/electron/main.cjs)
//   missing, but Electron's installer gets it (at most SHOPCAST_ELECTRON_INSTALL_TIMEOUT seconds, default 300)
//                                         → the desktop app
//   otherwise                             → the browser host (dist/host/host.mjs): the same app, served only to this
//                                           computer, with one sentence saying why.
// SHOPCAST_RUNTIME=browser forces the browser host; SHOPCAST_RUNTIME=electron insists on the desktop app (exit 1 when
// it cannot start). ELECTRON_SKIP_BINARY_DOWNLOAD=1 or CI=true: never download. Flags after `--` go to the runtime:
// `npm start -- --port 48000`.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  decideRuntime,
  findElectronBinary,
  launchCommand,
  readElectronPackage,
  runElectronInstaller,
} from './electron-runtime.mjs';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
// `node start.mjs -- --port 1` passes the `--` through (npm strips it); the runtimes do not expect it.
const forwarded = process.argv.slice(2).filter((a, i) => !(i === 0 && a === '--'));
const DEFAULT_PORT = 47321;

/**
 * Runs a child with our stdio, passes Ctrl+C / termination on to it, and resolves with its exit code.
 * @param {string} command @param {string[]} args @param {NodeJS.ProcessEnv} [env]
 * @returns {Promise<number>}
 */
function run(command, args, env = process.env) {
  return new Promise((resolveRun) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
    /** @type {NodeJS.Signals[]} */
    const signals = process.platform === 'win32' ? ['SIGINT', 'SIGTERM'] : ['SIGINT', 'SIGTERM', 'SIGHUP'];
    // The terminal sends Ctrl+C to the whole process group already; forwarding covers `kill <pid of npm start>`.
    const forward = (/** @type {NodeJS.Signals} */ signal) => child.kill(signal);
    for (const s of signals) process.on(s, forward);
    child.on('error', (error) => {
      console.error(`Shopcast: could not start ${command}: ${error.message}`);
      resolveRun(1);
    });
    child.on('exit', (code, signal) => {
      for (const s of signals) process.off(s, forward);
      resolveRun(code ?? (signal === 'SIGINT' ? 130 : 1));
    });
  });
}

const builtCode = await run(process.execPath, [join(root, 'build/scripts/build.mjs')]);
if (builtCode !== 0) {
  console.error('Shopcast: the build failed (see above), so nothing was started.');
  process.exit(builtCode);
}

// One line that redraws itself on a terminal; in a log (no terminal), a line every 15 seconds at most.
let lastLogged = -Infinity;
let drawn = false;
/** @param {string} line */
function showProgress(line) {
  if (process.stdout.isTTY) {
    // Cut to the terminal's width so it stays one line that \r can redraw (columns is 0 when the size is unknown).
    const width = process.stdout.columns || 0;
    process.stdout.write(`\r${width > 20 ? line.slice(0, width - 1) : line}\x1b[K`);
    drawn = true;
  } else if (performance.now() - lastLogged >= 15_000) {
    lastLogged = performance.now();
    console.log(line);
  }
}
/** @param {string} line */
function log(line) {
  if (drawn) process.stdout.write('\n');
  drawn = false;
  console.log(line);
}

const decision = await decideRuntime({
  env: process.env,
  nodeVersion: process.version,
  // require(esm), which Electron's installer needs (install.js requires the ES module @electron/get).
  requireModule: process.features.require_module === true,
  platform: process.platform,
  find: () => findElectronBinary(root),
  electronPackage: () => readElectronPackage(root),
  install: ({ installer, timeoutMs, onProgress }) => runElectronInstaller({ installer, timeoutMs, onProgress }),
  log,
  progress: showProgress,
});

if (decision.kind === 'none') {
  log(`Shopcast: ${decision.why} SHOPCAST_RUNTIME=electron asks for the desktop app only, so nothing was started.`);
  process.exit(1);
}
const { command, args } = launchCommand(decision, root, forwarded);
if (decision.kind === 'electron') {
  log(`Shopcast: starting the desktop app (Electron ${decision.version} at ${decision.binary})`);
  process.exit(await run(command, args));
}

const portFlag = forwarded.findIndex((a) => a === '--port' || a.startsWith('--port='));
const port = portFlag < 0 ? DEFAULT_PORT : forwarded[portFlag].includes('=') ? forwarded[portFlag].split('=')[1] : forwarded[portFlag + 1];
log(
  `Shopcast: ${decision.why} So Shopcast runs in the browser host: the same app, served only to this computer at ` +
    (port === '0' ? 'http://127.0.0.1 on a free port.' : `http://127.0.0.1:${port}.`),
);
process.exit(await run(command, args));
