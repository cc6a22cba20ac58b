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
  },
  worker: { format: 'es' },
}));
