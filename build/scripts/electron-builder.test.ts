// Checks electron-builder.yml with electron-builder's own loader and schema validator (neither needs the Electron
// binary), then the settings other files depend on.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const configPath = fileURLToPath(new URL('../../electron-builder.yml', import.meta.url));

interface PackageJson {
  main?: string;
  devDependencies?: Record<string, string>;
}
const pkg: PackageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

let config: Configuration;

beforeAll(async () => {
  config = await getConfig(root, configPath, null);
});

/** The target names of a platform section, whether written as strings or as { target, arch } objects. */
function targetNames(platform: Configuration['win'] | Configuration['mac'] | Configuration['linux']): string[] {
  const targets = platform?.target;
  const list = Array.isArray(targets) ? targets : targets == null ? [] : [targets];
  return list.map((t) => (typeof t === 'string' ? t : t.target));
}

/** The file patterns, flattened: electron-builder's loader turns a plain list into [{ filter: [...] }]. */
function filePatterns(files: Configuration['files']): string[] {
  const list = Array.isArray(files) ? files : files == null ? [] : [files];
  return list.flatMap((entry) => {
    if (typeof entry === 'string') return [entry];
    const filter = entry.filter;
    return Array.isArray(filter) ? filter : filter == null ? [] : [filter];
  });
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema validation', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('pins the Electron version to the one package.json installs', () => {
    expect(pkg.devDependencies?.electron).toBeDefined();
    expect(config.electronVersion).toBe(pkg.devDependencies?.electron);
  });

  it('identifies the app as app.shopcast.desktop, named Shopcast', () => {
    expect(config.appId).toBe('app.shopcast.desktop');
    expect(config.productName).toBe('Shopcast');
  });

  it('starts the app from the bundled main process, the same file package.json names', () => {
    expect(config.extraMetadata?.main).toBe('dist/electron/main.cjs');
    expect(pkg.main).toBe('dist/electron/main.cjs');
  });

  it('packs only the built bundles and package.json, without source maps or node_modules', () => {
    expect(filePatterns(config.files)).toEqual([
      'dist/electron/**',
      'dist/renderer/**',
      'package.json',
      '!**/*.map',
      '!node_modules{,/**/*}',
    ]);
    expect(config.asar).toBe(true);
  });

  it('writes installers to release/ and takes icons from build/', () => {
    expect(config.directories).toEqual({ output: 'release', buildResources: 'build' });
  });

  it('builds an NSIS installer for Windows', () => {
    expect(targetNames(config.win)).toEqual(['nsis']);
  });

  it('builds a hardened-runtime DMG for macOS in the Business category', () => {
    expect(targetNames(config.mac)).toEqual(['dmg']);
    expect(config.mac?.hardenedRuntime).toBe(true);
    expect(config.mac?.category).toBe('public.app-category.business');
  });

  it('builds an AppImage and a .deb for Linux with the metadata .deb needs', () => {
    expect(targetNames(config.linux)).toEqual(['AppImage', 'deb']);
    expect(config.linux?.maintainer).toMatch(/<.+@.+>/);
    expect(config.linux?.synopsis).toBeTruthy();
    expect(config.linux?.category).toBe('Office;Network');
  });

  it('never deletes the shop’s data when the app is uninstalled on Windows', () => {
    expect(config.nsis?.deleteAppDataOnUninstall).toBe(false);
  });

  it('turns off the fuses that would let the packaged app run as plain Node or under a debugger', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
    });
  });
});
