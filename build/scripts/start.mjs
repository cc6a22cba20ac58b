// `npm start`: build, then run Shopcast in the best runtime this machine has.
//   Electron installed  → the desktop app (dist/electron/main.cjs)
//   otherwise           → the browser host (dist/host/host.mjs): the same app, served only to this computer.
// SHOPCAST_RUNTIME=browser forces the browser host. Flags after `--` go to the runtime: `npm start -- --port 48000`.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-runtime.mjs';

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

const forceBrowser = process.env.SHOPCAST_RUNTIME === 'browser';
const electron = forceBrowser ? { found: false, reason: 'SHOPCAST_RUNTIME=browser asks for the browser host' } : findElectronBinary(root);

if (electron.found) {
  const version = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
  console.log(`Shopcast: starting the desktop app (Electron ${version} at ${electron.path})`);
  process.exit(await run(electron.path, [join(root, 'dist/electron/main.cjs'), ...forwarded]));
}

const portFlag = forwarded.findIndex((a) => a === '--port' || a.startsWith('--port='));
const port = portFlag < 0 ? DEFAULT_PORT : forwarded[portFlag].includes('=') ? forwarded[portFlag].split('=')[1] : forwarded[portFlag + 1];
console.log(
  `Shopcast: ${forceBrowser ? 'the desktop app is switched off' : 'the Electron runtime is not installed here'} — ${electron.reason} — ` +
    `so Shopcast runs in the browser host: the same app, served only to this computer at ` +
    (port === '0' ? 'http://127.0.0.1 on a free port.' : `http://127.0.0.1:${port}.`),
);
process.exit(await run(process.execPath, [join(root, 'dist/host/host.mjs'), ...forwarded]));
