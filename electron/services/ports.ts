/**
 * The ports: what the services need from the outside world, declared here beside them so the dependency points
 * inward. `adapters/` implements them (Node's file system, the HTTP listener, the secret stores, HMAC); the
 * composition roots (`core.ts`, shared by Electron's `main.ts` and the browser host, and the CLI commands) choose
 * the adapters and pass them in. Nothing in `services/` imports `adapters/` or a `node:` module
 * (test/architecture.ports.test.ts checks it), so tests hand a service a failing disk or a fake listener.
 */
import type { SecretStorage } from '../../shared/ipc/cloud';
import type { WebhookReceiver } from './webhook';

/** The file-system port. */
export interface Fs {
  /** The file's text, or `undefined` when it does not exist. Other errors are thrown. */
  readText(path: string): Promise<string | undefined>;
  /**
   * Replaces the file so that a crash at any moment leaves either the old or the new content, never a torn one:
   * write a temporary sibling, fsync it, rename it over the target, fsync the folder.
   */
  writeTextAtomic(path: string, text: string, opts?: { mode?: number }): Promise<void>;
}

export interface AppendHandle {
  /** Writes the text at the end of the file (not yet durable). */
  write(text: string): Promise<void>;
  /** Makes everything written so far durable (fdatasync). */
  sync(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The file operations the send journal needs beyond the Fs port: an append handle with fsync (group commits),
 * plain appends for the quarantine file, and an exclusive create for the single-instance lock.
 */
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

export type SecretName = 'accessToken' | 'appSecret' | 'verifyToken';

/** A change to several secrets at once: a string sets, `null` forgets, a missing key leaves it as it is. */
export type SecretChanges = Partial<Record<SecretName, string | null>>;

/** Where the Cloud API secrets are kept (adapters/secretStore.ts, adapters/safeStorageSecrets.ts). */
export interface SecretStore {
  readonly kind: SecretStorage;
  get(name: SecretName): Promise<string | undefined>;
  /** `null` forgets the secret. */
  set(name: SecretName, value: string | null): Promise<void>;
  /** Applies several changes in one write: all of them or (when the write fails) none. */
  update(changes: SecretChanges): Promise<void>;
  /** Why secrets that were saved may have been lost (a damaged file, a changed keychain), for the Connect screen. */
  problem(): string | undefined;
}

/** HMAC-SHA256 of `data` with `key` (UTF-8): the webhook signature (adapters/crypto.ts). */
export type HmacSha256 = (key: string, data: Uint8Array) => Uint8Array;

export interface RunningWebhookServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Starts the webhook receiver's HTTP listener on 127.0.0.1 (adapters/webhookServer.ts). */
export type StartWebhookServer = (receiver: WebhookReceiver, port: number, onError: (error: unknown) => void) => Promise<RunningWebhookServer>;

/**
 * `base` and the names below it as one path, with the separator `base` already uses (`\` for a Windows folder such
 * as Electron's userData, `/` otherwise). The names are the services' own file names and ids, never separators or
 * `..`; a trailing separator on `base` is not doubled.
 */
export function joinPath(base: string, ...names: string[]): string {
  const sep = base.includes('\\') && !base.includes('/') ? '\\' : '/';
  const head = base.replace(/[\\/]+$/, '');
  if (head === '') return base === '' ? names.join(sep) : `${sep}${names.join(sep)}`;
  return [head, ...names].join(sep);
}
