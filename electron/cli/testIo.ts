/** A CliIo for tests: records what a command prints; `interrupted` never fires unless a test needs it to. */
import type { CliIo } from './types';

export function recordingIo(opts: { cwd?: string; env?: Record<string, string> } = {}): CliIo & { out: string; err: string } {
  const state = { out: '', err: '' };
  return Object.assign(state, {
    stdout: (t: string) => void (state.out += t),
    stderr: (t: string) => void (state.err += t),
    env: opts.env ?? {},
    cwd: opts.cwd ?? '/tmp',
    interrupted: new Promise<void>(() => undefined),
  });
}
