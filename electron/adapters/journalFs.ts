/**
 * Node's implementation of the `JournalFs` port (services/ports.ts): the file operations the send journal needs
 * beyond the Fs port, an append handle with fsync (group commits), plain appends for the quarantine file, and an
 * exclusive create for the single-instance lock. Services take the port, so tests can hand them a disk that fails
 * (ENOSPC) at a chosen moment.
 */
import { mkdir, open, readdir, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { JournalFs } from '../services/ports';
import { isErrno, nodeFs } from './fs';

/** The port's types, re-exported for the composition roots and tests that already import them from here. */
export type { AppendHandle, JournalFs } from '../services/ports';

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
