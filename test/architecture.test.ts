/**
 * The runtime boundaries of DESIGN.md, checked by a machine (the habit Signal keeps with its file-suffix lint):
 * shared/ runs in both processes and in the CLI, so it imports nothing from Node, the DOM, React or Electron;
 * the renderer never reaches into the main process's code; services take their Electron parts as ports.
 * (tsconfig.shared.json also type-checks shared/ with no DOM and no Node types, so a stray `window` or `Buffer`
 * fails `npm test` too.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const rel = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.(ts|tsx|mts)$/.test(entry.name)) out.push(rel);
  }
  return out;
}

/** Every module specifier a file imports or re-exports, including dynamic imports and require(). */
export function importsOf(source: string): string[] {
  const specs: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^'"]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) specs.push(m[1]!); // group 1 always exists in these patterns
  return specs;
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const isNode = (s: string) => NODE_BUILTINS.has(s) || s.startsWith('node:');
const resolvesInto = (file: string, spec: string, folder: string) =>
  spec.startsWith('.') && relative(root, resolve(root, dirname(file), spec)).split(/[\\/]/)[0] === folder;

function violations(files: string[], forbidden: (file: string, spec: string) => boolean): string[] {
  return files.flatMap((file) =>
    importsOf(readFileSync(join(root, file), 'utf8'))
      .filter((spec) => forbidden(file, spec))
      .map((spec) => `${file} imports ${spec}`),
  );
}

describe('architecture', () => {
  it('finds the imports the checks rely on', () => {
    expect(
      importsOf(`import a from 'x';\nimport type { B } from "y";\nexport * from './z';\nimport './side';\nconst c = await import('w');\nrequire('v');`),
    ).toEqual(['x', 'y', './z', './side', 'w', 'v']);
  });

  it('shared/ imports nothing from Node, the DOM, React, Electron, Dexie or the other folders', () => {
    const bad = violations(
      sourceFiles('shared'),
      (file, spec) =>
        isNode(spec) ||
        /^(electron|react|react-dom|dexie|dexie-react-hooks|zustand|ws)(\/|$)/.test(spec) ||
        resolvesInto(file, spec, 'renderer') ||
        resolvesInto(file, spec, 'electron'),
    );
    expect(bad).toEqual([]);
  });

  it('the renderer never imports electron/ code or Node modules', () => {
    const bad = violations(
      sourceFiles('renderer').filter((f) => !/\.test\.tsx?$/.test(f) && !f.endsWith('testDb.ts')),
      (file, spec) => isNode(spec) || spec === 'electron' || spec.startsWith('electron/') || resolvesInto(file, spec, 'electron'),
    );
    expect(bad).toEqual([]);
  });

  it('services never import Electron: they take its parts as ports', () => {
    const bad = violations(sourceFiles('electron/services'), (_f, spec) => spec === 'electron' || spec.startsWith('electron/'));
    expect(bad).toEqual([]);
  });

  it('nothing outside the composition root and the window setup imports Electron at run time', () => {
    const allowed = /^electron\/(main|preload|window|protocol|ipc)\.ts$|^electron\/adapters\//;
    const files = sourceFiles('electron').filter((f) => !allowed.test(f.replaceAll('\\', '/')) && !/\.test\.ts$/.test(f));
    const bad = files.flatMap((file) =>
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .filter((line) => /from\s+['"]electron['"]/.test(line) && !/^\s*import\s+type\b/.test(line))
        .map(() => `${file} imports electron`),
    );
    expect(bad).toEqual([]);
  });
});
