/**
 * The contract is findable (issue 12 point 5, ARCHITECTURE.md "shared/"): the vocabulary the rules and the contract
 * share lives in shared/domain, the generic helpers (Result, parsers of `unknown`) in shared/lib, and the IPC
 * contract in shared/ipc by area. The arrows point one way: shared/ipc may import shared/domain and shared/lib,
 * shared/domain may import shared/lib, shared/lib imports neither; so contract and domain have no cycle.
 *
 * The shims left while the contract was split (shared/ipc/sending.ts, guards.ts, result.ts) are gone; a file by
 * those names must not come back as a catch-all.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const SHIMS = ['shared/ipc/sending', 'shared/ipc/guards', 'shared/ipc/result'] as const;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'dist') out.push(...sourceFiles(rel));
    } else if (/\.(ts|tsx|mts)$/.test(entry.name)) out.push(rel);
  }
  return out;
}

/** The source without comments, so a comment that names a module is not an import of it. */
function code(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');
}

/** Every module specifier a source imports or re-exports (static, type-only, side-effect, dynamic, require). */
function importsOf(source: string): string[] {
  const text = code(source);
  const patterns = [
    /\b(?:import|export)\s[^'"]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((re) => [...text.matchAll(re)].map((m) => m[1]!)); // group 1 always exists in these patterns
}

/** The repository path (no extension) a relative specifier of `file` names; undefined for a package. */
function target(file: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  return relative(root, resolve(root, dirname(file), spec)).replaceAll('\\', '/').replace(/\.(ts|tsx|mts|js)$/, '');
}

/** What `file` (its source given) imports of the forbidden folders, as "file imports spec". */
function importsInto(file: string, source: string, folders: readonly string[]): string[] {
  return importsOf(source)
    .filter((spec) => {
      const to = target(file, spec);
      return to !== undefined && folders.some((f) => to === f || to.startsWith(`${f}/`));
    })
    .map((spec) => `${file} imports ${spec}`);
}

/** The shims `file` (its source given) imports. */
function shimsImported(file: string, source: string): string[] {
  return importsOf(source).filter((spec) => (SHIMS as readonly string[]).includes(target(file, spec) ?? ''));
}

const read = (file: string) => readFileSync(join(root, file), 'utf8');
const everyFile = ['electron', 'renderer', 'shared', 'test', 'build'].flatMap(sourceFiles);

describe('the contract and the domain', () => {
  it('the checks see imports of a folder (type-only, re-exports, dynamic) and not comments or look-alike names', () => {
    const file = 'shared/domain/campaign/example.ts';
    const source = [
      "import type { JobView } from '../../ipc/campaigns';",
      "export * from '../../ipc/sending';",
      "const c = await import('../../ipc/contract');",
      "import { isRecord } from '../../lib/guards';",
      "import { ipc } from '../../ipcHelpers';",
      "import { x } from './ipc/local';",
      "// import { y } from '../../ipc/policy' in a comment",
      "/** import { z } from '../../ipc/cloud' in a doc comment */",
    ].join('\n');
    expect(importsInto(file, source, ['shared/ipc'])).toEqual([
      `${file} imports ../../ipc/campaigns`,
      `${file} imports ../../ipc/sending`,
      `${file} imports ../../ipc/contract`,
    ]);
    expect(shimsImported(file, source)).toEqual(['../../ipc/sending']);
    expect(shimsImported('electron/cli/x.ts', "import { AppFailure } from '../../shared/ipc/result.ts';\nimport { fail } from '../../shared/lib/result';")).toEqual([
      '../../shared/ipc/result.ts',
    ]);
  });

  it('shared/domain imports nothing from shared/ipc (its tests included)', () => {
    const domain = sourceFiles('shared/domain');
    expect(domain.length).toBeGreaterThan(50);
    expect(domain.flatMap((f) => importsInto(f, read(f), ['shared/ipc']))).toEqual([]);
  });

  it('shared/lib imports neither shared/domain nor shared/ipc', () => {
    const lib = sourceFiles('shared/lib');
    expect(lib).toEqual(expect.arrayContaining(['shared/lib/guards.ts', 'shared/lib/result.ts']));
    expect(lib.flatMap((f) => importsInto(f, read(f), ['shared/domain', 'shared/ipc']))).toEqual([]);
  });

  it('the vocabulary is defined in shared/domain, once', () => {
    const definitions = (name: string) =>
      sourceFiles('shared').filter((f) => new RegExp(`^export (?:type|interface|const) ${name}\\b`, 'm').test(read(f)));
    const cases: [string, string][] = [
      ['ChannelKind', 'shared/domain/vocabulary.ts'],
      ['CHANNEL_KINDS', 'shared/domain/vocabulary.ts'],
      ['CampaignState', 'shared/domain/vocabulary.ts'],
      ['JobPhase', 'shared/domain/vocabulary.ts'],
      ['DeliveryStatus', 'shared/domain/vocabulary.ts'],
      ['MAX_RECIPIENTS', 'shared/domain/vocabulary.ts'],
      ['TemplateStatus', 'shared/domain/template.ts'],
      ['TemplateCategory', 'shared/domain/template.ts'],
      ['TemplateInfo', 'shared/domain/template.ts'],
      ['Result', 'shared/lib/result.ts'],
      ['Parser', 'shared/lib/guards.ts'],
    ];
    for (const [name, file] of cases) expect(definitions(name), name).toEqual([file]);
  });
});

describe('the old catch-all names', () => {
  it('shared/ipc/sending.ts, guards.ts and result.ts are gone and nothing imports them', () => {
    expect(everyFile.length).toBeGreaterThan(200);
    for (const shim of SHIMS) expect(existsSync(join(root, `${shim}.ts`)), shim).toBe(false);
    expect(everyFile.filter((f) => shimsImported(f, read(f)).length > 0)).toEqual([]);
  });
});
