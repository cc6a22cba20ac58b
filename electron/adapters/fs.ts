/**
 * Node's implementation of the file-system port (`Fs`, declared in services/ports.ts). Services take the port, so
 * tests can hand them a failing disk (ENOSPC, EACCES) without touching the real one, and the adapters are the only
 * code that imports node:fs.
 */
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Fs } from '../services/ports';

/** The port's type, re-exported for the composition roots and tests that already import it from here. */
export type { Fs } from '../services/ports';

export const nodeFs: Fs = {
  async readText(path) {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return undefined;
      throw error;
    }
  },
  async writeTextAtomic(path, text, opts = {}) {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
    const handle = await open(tmp, 'w', opts.mode ?? 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } catch (error) {
      await handle.close().catch(() => undefined);
      await rm(tmp, { force: true }).catch(() => undefined);
      throw error;
    }
    await handle.close();
    await rename(tmp, path);
    await syncDir(dirname(path));
  },
};

async function syncDir(dir: string): Promise<void> {
  // Windows cannot open a directory for fsync; the rename is already durable enough there.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code; // Node's errno errors carry `code`
}
