/**
 * Where the Cloud API secrets (access token, app secret, verify token) are kept (the `SecretStore` port, declared in
 * services/ports.ts). Main only; the renderer never sees them. Two implementations:
 * - Electron: encrypted with the OS keychain through `safeStorage` (`os-encrypted`, safeStorageSecrets.ts);
 * - browser host and CLI: a JSON file readable only by this user (0600), and the UI shows a warning (`owner-only-file`).
 *
 * A damaged secrets file (not JSON, or not ours) is never overwritten silently: its text is copied to
 * `<file>.damaged-<time>` and the store behaves as empty, with `problem()` saying so, so the person can enter the
 * secrets again (the Connect screen shows them as not saved) and nothing is lost.
 */
import { join } from 'node:path';
import type { SecretStorage } from '../../shared/ipc/cloud';
import type { Fs, SecretChanges, SecretName, SecretStore } from '../services/ports';

export const SECRET_NAMES: readonly SecretName[] = ['accessToken', 'appSecret', 'verifyToken'];

/** The port's types, re-exported for the composition roots and tests that already import them from here. */
export type { SecretChanges, SecretName, SecretStore } from '../services/ports';

/** How one store encodes a secret on disk: plain text for the owner-only file, OS encryption for safeStorage. */
export interface SecretCodec {
  encode(plain: string): string;
  /** Throws when the stored text cannot be decoded (a different keychain, a damaged value). */
  decode(stored: string): string;
}

const PLAIN: SecretCodec = { encode: (s) => s, decode: (s) => s };

/**
 * The shared machinery of both stores: one JSON file of `{ name: encoded }`, written atomically with mode 0600,
 * writes serialised so two quick changes cannot lose one.
 */
export function jsonFileSecretStore(fs: Fs, file: string, kind: SecretStorage | (() => SecretStorage), codec: SecretCodec = PLAIN): SecretStore {
  let problem: string | undefined;

  /** The stored (encoded) values; a damaged file is copied aside first and counts as empty. */
  const readStored = async (): Promise<Partial<Record<SecretName, string>>> => {
    const text = await fs.readText(file);
    if (text === undefined) return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      const aside = `${file}.damaged-${Date.now()}`;
      await fs.writeTextAtomic(aside, text, { mode: 0o600 });
      // The damaged text is safe in its copy; an empty file stops the next read from copying it again.
      await fs.writeTextAtomic(file, '{}\n', { mode: 0o600 });
      problem = `The saved secrets file was damaged, so the secrets could not be read; it was kept as ${aside}. Enter the access token, app secret and verify token again.`;
      return {};
    }
    const out: Partial<Record<SecretName, string>> = {};
    for (const name of SECRET_NAMES) {
      const v = (parsed as Record<string, unknown>)[name]; // a non-array object, checked above
      if (typeof v === 'string') out[name] = v;
    }
    return out;
  };

  // Reads and writes take turns, so two quick changes cannot lose one and a damaged file is kept aside once.
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(task: () => Promise<T>): Promise<T> => {
    const next = turn.then(task);
    turn = next.catch(() => undefined);
    return next;
  };
  const update = (changes: SecretChanges): Promise<void> =>
    inTurn(async () => {
      const stored = await readStored();
      for (const name of SECRET_NAMES) {
        const change = changes[name];
        if (change === null) delete stored[name];
        else if (change !== undefined) stored[name] = codec.encode(change);
      }
      await fs.writeTextAtomic(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
      if (SECRET_NAMES.some((name) => changes[name] !== undefined)) problem = undefined;
    });

  return {
    get kind() {
      return typeof kind === 'function' ? kind() : kind;
    },
    get: (name) =>
      inTurn(async () => {
        const value = (await readStored())[name];
        if (value === undefined) return undefined;
        try {
          return codec.decode(value);
        } catch {
          problem = `The saved ${words(name)} could not be decrypted (the system keychain may have changed). Enter it again.`;
          return undefined;
        }
      }),
    set: (name, value) => update({ [name]: value }),
    update,
    problem: () => problem,
  };
}

function words(name: SecretName): string {
  return name === 'accessToken' ? 'access token' : name === 'appSecret' ? 'app secret' : 'verify token';
}

/**
 * The browser host's and CLI's store: `<data>/secrets.json`, written atomically with mode 0600 (only this user can
 * read it). Not encrypted; the Connect screen says so.
 */
export function ownerOnlyFileSecretStore(fs: Fs, dataDir: string): SecretStore {
  return jsonFileSecretStore(fs, join(dataDir, 'secrets.json'), 'owner-only-file');
}
