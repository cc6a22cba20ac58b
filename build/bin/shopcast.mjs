#!/usr/bin/env node
// `npx shopcast …` in a checkout: bundles the CLI (esbuild, a fraction of a second) so it always matches the
// sources, then runs it. Packaged builds ship dist/cli/shopcast.mjs and run that directly.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bundle = join(root, 'dist', 'cli', 'shopcast.mjs');
const { buildCli } = await import(pathToFileURL(join(root, 'build', 'scripts', 'build-cli.mjs')).href).catch(() => ({ buildCli: undefined }));
if (buildCli) await buildCli();
else if (!existsSync(bundle)) {
  console.error('shopcast: dist/cli/shopcast.mjs is missing and cannot be built here (esbuild not installed). Run "npm install".');
  process.exit(1);
}
await import(pathToFileURL(bundle).href);
