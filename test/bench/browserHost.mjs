// What the browser benchmarks share: the real browser host on a free port with a fresh data folder, and Debian's
// Chromium on a persistent profile (on-disk IndexedDB, as in PERFORMANCE.md; a default context keeps it in memory).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const CHROMIUM = process.env.SHOPCAST_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

/**
 * @param {{ name: string, rendererDir?: string, viewport: { width: number, height: number } }} opts
 * @returns {Promise<{ ready: { url: string, port: number, token: string }, dataDir: string, context: import('@playwright/test').BrowserContext, close: () => Promise<void> }>}
 */
export async function startHostAndBrowser(opts) {
  const dataDir = await mkdtemp(join(tmpdir(), `shopcast-${opts.name}-bench-`));
  const profile = await mkdtemp(join(tmpdir(), `shopcast-${opts.name}-bench-profile-`));
  const args = [join(root, 'dist/host/host.mjs'), '--no-open', '--port', '0', '--data-dir', dataDir];
  if (opts.rendererDir) args.push('--renderer-dir', opts.rendererDir);
  const host = spawn(process.execPath, args, { env: { ...process.env, SHOPCAST_PRINT_READY: '1', CI: 'true' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = await new Promise((resolve, reject) => {
    let text = '';
    host.stdout.on('data', (chunk) => {
      text += chunk;
      const m = /^SHOPCAST_READY (.+)$/m.exec(text);
      if (m) resolve(JSON.parse(m[1]));
    });
    host.once('exit', (code) => reject(new Error(`host exited (${code}) before it was ready:\n${text}`)));
  });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: opts.viewport,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return {
    ready,
    dataDir,
    context,
    close: async () => {
      await context.close();
      host.kill('SIGTERM');
      await rm(dataDir, { recursive: true, force: true });
      await rm(profile, { recursive: true, force: true });
    },
  };
}
