/**
 * Where the Electron binary is, or why there is none, from build/scripts/electron-runtime.mjs (which finds it
 * without `require('electron')`: that would try to download the binary on a machine without internet).
 * The .mjs has no type declarations, so its answer is read as `unknown` and checked here.
 */
export type ElectronRuntime = { found: true; path: string } | { found: false; reason: string };

export async function findElectronRuntime(): Promise<ElectronRuntime> {
  // A computed specifier, so TypeScript does not look for declarations the plain-JS module does not have.
  const specifier = new URL('../../build/scripts/electron-runtime.mjs', import.meta.url).href;
  const mod: unknown = await import(specifier);
  const find: unknown = typeof mod === 'object' && mod !== null ? Reflect.get(mod, 'findElectronBinary') : undefined;
  if (typeof find !== 'function') return { found: false, reason: 'build/scripts/electron-runtime.mjs has no findElectronBinary()' };
  const answer: unknown = find();
  const field = (key: string): unknown =>
    typeof answer === 'object' && answer !== null ? Reflect.get(answer, key) : undefined;
  const path = field('path');
  if (field('found') === true && typeof path === 'string') return { found: true, path };
  const reason = field('reason');
  return { found: false, reason: typeof reason === 'string' ? reason : 'findElectronBinary() gave no reason' };
}
