/**
 * Where the Cloud API secrets (access token, app secret, verify token) are kept. Main only; the renderer never
 * sees them. Two implementations (cloudSetup helpers build them):
 * - Electron: encrypted with the OS keychain through `safeStorage` (`os-encrypted`);
 * - browser host and CLI: a JSON file readable only by this user (0600), and the UI shows a warning (`owner-only-file`).
 */
import { join } from 'node:path';
import type { SecretStorage } from '../../shared/ipc/sending';
import type { Fs } from './fs';

export type SecretName = 'accessToken' | 'appSecret' | 'verifyToken';

export interface SecretStore {
  readonly kind: SecretStorage;
  get(name: SecretName): Promise<string | undefined>;
  /** `null` forgets the secret. */
  set(name: SecretName, value: string | null): Promise<void>;
}

/**
 * The browser host's and CLI's store: `<data>/secrets.json`, written atomically with mode 0600 (only this user can
 * read it). Not encrypted; the Connect screen says so.
 */
export function ownerOnlyFileSecretStore(fs: Fs, dataDir: string): SecretStore {
  const file = join(dataDir, 'secrets.json');
  const read = async (): Promise<Partial<Record<SecretName, string>>> => {
    const text = await fs.readText(file);
    if (text === undefined) return {};
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null) return {};
      const out: Partial<Record<SecretName, string>> = {};
      for (const name of ['accessToken', 'appSecret', 'verifyToken'] as const) {
        const v = (parsed as Record<string, unknown>)[name];
        if (typeof v === 'string') out[name] = v;
      }
      return out;
    } catch {
      return {};
    }
  };
  let writes: Promise<void> = Promise.resolve();
  return {
    kind: 'owner-only-file',
    async get(name) {
      await writes;
      return (await read())[name];
    },
    set(name, value) {
      writes = writes.then(async () => {
        const all = await read();
        if (value === null) delete all[name];
        else all[name] = value;
        await fs.writeTextAtomic(file, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
      });
      return writes;
    },
  };
}
