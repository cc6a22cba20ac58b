/**
 * The Electron app's secret store: each secret encrypted with Electron's `safeStorage` (the OS keychain: DPAPI on
 * Windows, Keychain on macOS, kwallet/libsecret on Linux) and kept, base64, in `<data>/secrets.enc.json` (0600).
 *
 * safeStorage is taken as a parameter (a structural port) so this runs and is tested without Electron.
 * When the OS offers no real encryption — `isEncryptionAvailable()` is false, or on Linux the selected backend is
 * `basic_text` (Chromium then "encrypts" with a hard-coded key, which protects nothing) — this store says so: it
 * keeps the secrets in the owner-only file instead and reports `owner-only-file`, so the Connect screen shows its
 * warning rather than a false promise of encryption.
 */
import { join } from 'node:path';
import type { Fs, SecretStore } from '../services/ports';
import { jsonFileSecretStore, ownerOnlyFileSecretStore } from './secretStore';

/** The part of Electron's `safeStorage` this store uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron; absent elsewhere. */
  getSelectedStorageBackend?: () => string;
}

export interface SafeStorageSecretsOptions {
  /** `process.platform`; only Linux has the `basic_text` backend. */
  platform?: string;
}

/** Whether safeStorage really encrypts here; the reason when it does not. Ask only after the app is ready. */
export function safeStorageStrength(safeStorage: SafeStorageLike, platform: string): { encrypted: true } | { encrypted: false; why: string } {
  if (!safeStorage.isEncryptionAvailable()) return { encrypted: false, why: 'the operating system offers no encryption to this app' };
  if (platform === 'linux' && typeof safeStorage.getSelectedStorageBackend === 'function') {
    const backend = safeStorage.getSelectedStorageBackend();
    // basic_text: no keyring was found, Chromium falls back to a fixed key; 'unknown' means not decided yet.
    if (backend === 'basic_text' || backend === 'unknown') return { encrypted: false, why: `no keyring is available (backend "${backend}")` };
  }
  return { encrypted: true };
}

/**
 * The store main.ts hands to the core. The choice between encrypted and owner-only file is made on first use
 * (safeStorage answers only once the app is ready) and kept for the run.
 */
export function safeStorageSecretStore(safeStorage: SafeStorageLike, fs: Fs, dataDir: string, opts: SafeStorageSecretsOptions = {}): SecretStore {
  const platform = opts.platform ?? process.platform;
  let chosen: SecretStore | undefined;
  const store = (): SecretStore => {
    if (chosen) return chosen;
    const strength = safeStorageStrength(safeStorage, platform);
    chosen = strength.encrypted
      ? jsonFileSecretStore(fs, join(dataDir, 'secrets.enc.json'), 'os-encrypted', {
          encode: (plain) => safeStorage.encryptString(plain).toString('base64'),
          decode: (stored) => safeStorage.decryptString(Buffer.from(stored, 'base64')),
        })
      : ownerOnlyFileSecretStore(fs, dataDir);
    return chosen;
  };
  return {
    get kind() {
      return store().kind;
    },
    get: (name) => store().get(name),
    set: (name, value) => store().set(name, value),
    update: (changes) => store().update(changes),
    problem: () => store().problem(),
  };
}
