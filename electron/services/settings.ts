/**
 * Keeps the shop's settings in `settings.json` in the data folder. Reads tolerate a missing or damaged file
 * (defaults are used and the damaged file is kept aside, never overwritten silently); writes are atomic.
 */
import { joinPath, type Fs } from './ports';
import { parseStoredSettings, type Settings, type SettingsPatch } from '../../shared/domain/settings';
import { problem } from '../../shared/ipc/problems';
import { AppFailure } from '../../shared/lib/result';

export interface SettingsServiceDeps {
  fs: Fs;
  dataDir: string;
  defaults: Settings;
  /** Called after every successful change, to push `settings:changed` to every window. */
  onChange?: (settings: Settings) => void;
  /** The clock (names a damaged file kept aside); the system's unless given. */
  now?: () => number;
}

export class SettingsService {
  private current: Settings | undefined;
  private readonly file: string;
  /** Serialises writes so two quick changes cannot interleave and lose one. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: SettingsServiceDeps) {
    this.file = joinPath(deps.dataDir, 'settings.json');
  }

  async get(): Promise<Settings> {
    if (this.current) return this.current;
    const text = await this.deps.fs.readText(this.file);
    let parsed: unknown;
    if (text !== undefined) {
      try {
        parsed = JSON.parse(text);
      } catch {
        // Keep the damaged file for the person (or support) to look at; start from defaults.
        await this.deps.fs.writeTextAtomic(`${this.file}.damaged-${(this.deps.now ?? Date.now)()}`, text).catch(() => undefined);
      }
    }
    this.current = parseStoredSettings(parsed, this.deps.defaults);
    return this.current;
  }

  update(patch: SettingsPatch): Promise<Settings> {
    const next = this.queue.then(async () => {
      const { rateTable, answerTimes, triageRules, ...rest } = patch;
      const merged: Settings = { ...(await this.get()), ...rest };
      if (rateTable === null) delete merged.rateTable; // back to the default prices
      else if (rateTable !== undefined) merged.rateTable = rateTable;
      if (answerTimes === null) delete merged.answerTimes; // back to the default answer times
      else if (answerTimes !== undefined) merged.answerTimes = answerTimes;
      if (triageRules === null) delete merged.triageRules; // back to the built-in triage rules
      else if (triageRules !== undefined) merged.triageRules = triageRules;
      try {
        await this.deps.fs.writeTextAtomic(this.file, `${JSON.stringify(merged, null, 2)}\n`);
      } catch (error) {
        throw new AppFailure('storage_failed', `Could not save settings: ${describeIoError(error)}. Nothing was changed.`, problem('save_failed', { detail: describeIoError(error) }));
      }
      this.current = merged;
      this.deps.onChange?.(merged);
      return merged;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}

export function describeIoError(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined; // Node errno shape
  switch (code) {
    case 'ENOSPC':
      return 'the disk is full';
    case 'EACCES':
    case 'EPERM':
      return 'Shopcast is not allowed to write to its data folder';
    case 'EROFS':
      return 'the data folder is on a read-only disk';
    default:
      return error instanceof Error ? error.message : 'an unknown disk error';
  }
}
