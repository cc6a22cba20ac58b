import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The renderer is a plain static bundle: Electron serves it from the app:// protocol, the browser host over
// 127.0.0.1. Relative asset paths ('./') work for both. `--mode bench` builds the benchmark hooks in; the normal
// build strips them (import.meta.env.MODE is a compile-time constant).
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig(({ mode }) => ({
  root: resolve(root, 'renderer'),
  base: './',
  publicDir: false,
  build: {
    outDir: resolve(root, mode === 'bench' ? 'dist/renderer-bench' : 'dist/renderer'),
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
    // Keep the output readable for the security scanner (Electronegativity parses the bundles).
    minify: mode === 'bench' ? false : 'oxc',
    // The bundle is read from local disk, never downloaded, so Vite's 500 kB web advice is not ours. What stays in
    // the window's first chunk (about 0.95 MB: React DOM, Dexie, libphonenumber-js with its full metadata, the app)
    // is what the contacts screen needs to open; the charts (ResultsScreen) and SheetJS (the XLSX exports) load when
    // first used. Warn if the first chunk grows past that again.
    chunkSizeWarningLimit: 1_000,
  },
  worker: { format: 'es' },
}));
