/**
 * The file operations the send journal needs beyond the Fs port: an append handle with fsync (group commits),
 * plain appends for the quarantine file, and an exclusive create for the single-instance lock. Services take
 * this port, so tests can hand them a disk that fails (ENOSPC) at a chosen moment.
 */
import { mkdir, open, readdir, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
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
  /** Whether a process with this id is running (for stale locks left by a killed process); a zombie is not. */
  processAlive(pid: number): boolean;
  /**
   * When this process started, as the system counts it (Linux: /proc/<pid>/stat field 22), or undefined where that
   * cannot be read. A lock records it beside the pid, so a pid the system gave to another process later is not
   * taken for the lock's holder.
   */
  processStarted?(pid: number): string | undefined;
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
    } catch (error) {
      return isErrno(error, 'EPERM'); // exists, but belongs to someone else
    }
    // A killed process its parent has not reaped yet still answers signal 0: a zombie holds nothing.
    return procStat(pid)?.state !== 'Z';
  },
  processStarted(pid) {
    return procStat(pid)?.started;
  },
};

/** The state letter and start time of a process from /proc (Linux); undefined elsewhere or when it is gone. */
function procStat(pid: number): { state: string; started: string } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ")".
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const started = fields[19]; // field 22 of the whole line
  return state !== undefined && started !== undefined ? { state, started } : undefined;
}
