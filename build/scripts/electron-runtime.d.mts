// Types for electron-runtime.mjs (plain JavaScript so that Node runs it without a build step).

export type FindResult = { found: true; path: string } | { found: false; reason: string };
export interface ElectronPackage {
  version: string;
  /** The installer's declared Node range (package.json "engines.node"), e.g. ">= 22.12.0". */
  node: string | undefined;
  /** node_modules/electron/install.js */
  installer: string;
}
export type InstallerEvent =
  | { type: 'request'; url: string }
  | { type: 'response'; url: string; status: number; statusText: string; total: number | null }
  | { type: 'error'; url: string; code: string | undefined; message: string };
export interface Clock {
  now(): number;
  /** Calls fn every ms; returns a function that stops it. */
  every(ms: number, fn: () => void): () => void;
  /** Calls fn once after ms; returns a function that cancels it. */
  after(ms: number, fn: () => void): () => void;
}
export interface Progress {
  received: number;
  total: number | null;
  elapsedMs: number;
}
export type InstallResult = { ok: true } | { ok: false; reason: string; timedOut: boolean };
export type RuntimeDecision =
  | { kind: 'electron'; binary: string; version: string; installedNow: boolean }
  | { kind: 'browser'; why: string }
  | { kind: 'none'; why: string };
export interface DecideDeps {
  env: NodeJS.ProcessEnv;
  nodeVersion: string;
  /** process.features.require_module: install.js requires the ES module @electron/get. */
  requireModule: boolean;
  /** process.platform: off macOS and Windows a window needs DISPLAY or WAYLAND_DISPLAY. */
  platform: NodeJS.Platform;
  find(): FindResult;
  electronPackage(): ElectronPackage | undefined;
  install(o: { installer: string; timeoutMs: number; onProgress: (p: Progress) => void }): Promise<InstallResult>;
  log(line: string): void;
  progress(line: string): void;
}

export const DEFAULT_INSTALL_TIMEOUT_MS: number;
export const realClock: Clock;
export function findElectronBinary(projectRoot?: string, env?: NodeJS.ProcessEnv): FindResult;
export function readElectronPackage(projectRoot?: string): ElectronPackage | undefined;
export function minimumNode(range: string | undefined): string | undefined;
export function nodeAtLeast(a: string, b: string): boolean;
export function installTimeoutMs(env: NodeJS.ProcessEnv): number;
export function progressLine(p: { version: string; received: number; total: number | null; elapsedMs: number; timeoutMs: number }): string;
export function describeNetworkError(host: string, code: string | undefined, message: string): string;
export function installerFailureReason(run: { events: InstallerEvent[]; stderr: string; code: number | null; signal: string | null }): string;
export function runElectronInstaller(options: {
  installer: string;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  nodePath?: string;
  clock?: Clock;
  onProgress?: (p: Progress) => void;
  progressEveryMs?: number;
}): Promise<InstallResult>;
export function decideRuntime(deps: DecideDeps): Promise<RuntimeDecision>;
export function launchCommand(
  decision: Extract<RuntimeDecision, { kind: 'electron' | 'browser' }>,
  projectRoot: string,
  forwarded: string[],
  nodePath?: string,
): { command: string; args: string[] };
