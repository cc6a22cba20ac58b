// Finds the Electron binary WITHOUT requiring the `electron` package: from Electron 45 on, `require('electron')`
// in plain Node downloads the binary when it is missing, which hangs or fails on machines without internet.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** @returns {{ found: true, path: string } | { found: false, reason: string }} */
export function findElectronBinary(projectRoot = root, env = process.env) {
  const pkgDir = join(projectRoot, 'node_modules', 'electron');
  if (!existsSync(join(pkgDir, 'package.json'))) {
    return { found: false, reason: 'the electron package is not installed (node_modules/electron is missing)' };
  }
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || (process.platform === 'win32' ? 'electron.exe' : 'electron'));
    return existsSync(p) ? { found: true, path: p } : { found: false, reason: `ELECTRON_OVERRIDE_DIST_PATH has no binary at ${p}` };
  }
  if (!relative) {
    return {
      found: false,
      reason: 'the Electron runtime binary was never downloaded (installed with ELECTRON_SKIP_BINARY_DOWNLOAD or without internet)',
    };
  }
  const binary = join(pkgDir, 'dist', relative);
  return existsSync(binary) ? { found: true, path: binary } : { found: false, reason: `the Electron binary is missing at ${binary}` };
}
