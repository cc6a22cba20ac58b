// Bundles electron/cli/entry.ts → dist/cli/shopcast.mjs (used by build.mjs and by build/bin/shopcast.mjs).
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI_BUNDLE = 'dist/cli/shopcast.mjs';

export async function buildCli() {
  await build({
    entryPoints: [join(root, 'electron/cli/entry.ts')],
    outfile: join(root, CLI_BUNDLE),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    sourcemap: true,
    logLevel: 'warning',
    // Bundled CommonJS dependencies call require() for Node built-ins; ESM has no require of its own.
    banner: { js: "import { createRequire as __shopcastCreateRequire } from 'node:module';\nconst require = __shopcastCreateRequire(import.meta.url);" },
  });
  return CLI_BUNDLE;
}
