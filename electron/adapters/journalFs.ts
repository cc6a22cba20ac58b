/**
 * The file operations the send journal needs beyond the Fs port: an append handle with fsync (group commits),
 * plain appends for the quarantine file, and an exclusive create for the single-instance lock. Services take
 * this port, so tests can hand them a disk that fails (ENOSPC) at a chosen moment.
 */
import { mkdir, open, readdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isErrno, nodeFs, type Fs } from './fs';

export interface AppendHandle {
  /** Writes the text at the end of the file (not yet durable). */
  write(text: string): Promise<void>;
  /** Makes everything written so far durable (fdatasync). */
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface JournalFs extends Fs {
  openAppend(path: string): Promise<AppendHandle>;
  /** Appends and makes it durable (fdatasync) before resolving: what a webhook's 200 may rely on. */
  appendText(path: string, text: string): Promise<void>;
  /** Creates the file with this content only if it does not exist; false when it does. */
  createExclusive(path: string, text: string): Promise<boolean>;
  remove(path: string): Promise<void>;
  /** Whether a process with this id is running (for stale locks left by a killed process). */
  processAlive(pid: number): boolean;
  /** The names of the folders inside `path` (none when it does not exist). */
  listDirs(path: string): Promise<string[]>;
}

export const nodeJournalFs: JournalFs = {
  ...nodeFs,
  async openAppend(path) {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const handle = await open(path, 'a', 0o600);
    return {
      write: async (text) => {
        await handle.write(text);
      },
      sync: () => handle.datasync(),
      close: () => handle.close(),
    };
  },
  async appendText(path, text) {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const handle = await open(path, 'a', 0o600);
    try {
      await handle.write(text);
      await handle.datasync();
    } finally {
      await handle.close();
    }
  },
  async createExclusive(path, text) {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    try {
      const handle = await open(path, 'wx', 0o600);
      try {
        await handle.writeFile(text);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return true;
    } catch (error) {
      if (isErrno(error, 'EEXIST')) return false;
      throw error;
    }
  },
  async remove(path) {
    await rm(path, { force: true });
  },
  async listDirs(path) {
    try {
      return (await readdir(path, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return [];
      throw error;
    }
  },
  processAlive(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return isErrno(error, 'EPERM'); // exists, but belongs to someone else
    }
  },
};
