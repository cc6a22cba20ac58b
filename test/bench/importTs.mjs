// The Node benchmarks run the app's own TypeScript: `source` is a module's text (usually re-exports), resolved from
// the repository root, bundled with esbuild into a temporary file and imported. The file is removed once loaded.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** @param {string} name @param {string} source @returns {Promise<any>} */
export async function importTs(name, source) {
  const dir = mkdtempSync(join(tmpdir(), `shopcast-${name}-bundle-`));
  const outfile = join(dir, `${name}.mjs`);
  try {
    await build({
      stdin: { contents: source, resolveDir: root, loader: 'ts' },
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      logLevel: 'warning',
      // `ws` tries these optional native add-ons inside try/catch; they are not installed and not needed.
      external: ['bufferutil', 'utf-8-validate'],
      // Bundled CommonJS dependencies call require() for Node built-ins; ESM has no require of its own.
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    });
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
