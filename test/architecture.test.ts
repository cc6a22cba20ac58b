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

/** The Dexie tables of renderer/src/db/db.ts (`name!: EntityTable<…>`), read from the source so a new table is covered. */
function dexieTables(): string[] {
  return [...readFileSync(join(root, 'renderer/src/db/db.ts'), 'utf8').matchAll(/^\s*(\w+)!:\s*(?:EntityTable|Table)</gm)].map((m) => m[1]!); // group 1 always exists
}

/** Dexie's Table and Collection methods that write. */
const WRITE_METHODS = new Set(['put', 'bulkPut', 'add', 'bulkAdd', 'update', 'bulkUpdate', 'delete', 'bulkDelete', 'modify', 'clear']);

/**
 * Every call chain on a table of the database in a source, as `table.method` per call, e.g. `db.drafts.where('x')
 * .equals(1).delete()` gives `drafts.where`, `drafts.equals`, `drafts.delete`. A chain starts at `db.<table>`,
 * `getDb().<table>`, `tx.<table>`, `this.db.<table>` or `.table('<table>')` (the names the renderer gives the
 * database), and runs across lines and through each call's arguments (brackets are matched, strings skipped).
 * Comments are removed first, so a sentence that names a call is not one.
 */
export function tableCalls(source: string, tables: readonly string[]): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\/|(^|[^:'"`])\/\/.*$/gm, '$1');
  const names = tables.join('|');
  const start = new RegExp(`(?:(?<![\\w.$])(?:this\\.)?(?:db|tx)|\\bgetDb\\(\\))\\s*\\.\\s*(${names})\\b|\\.table\\(\\s*['"](${names})['"]\\s*\\)`, 'g');
  const out: string[] = [];
  for (const m of code.matchAll(start)) {
    const table = (m[1] ?? m[2])!; // one of the two groups matched
    let i = m.index + m[0].length;
    for (;;) {
      const call = /^\s*\.\s*(\w+)\s*/.exec(code.slice(i));
      if (!call) break;
      i += call[0].length;
      if (code[i] !== '(') continue; // a property (`db.contacts.name`), keep reading the chain
      out.push(`${table}.${call[1]!}`); // group 1 always exists
      i = afterBrackets(code, i);
    }
  }
  return out;
}

/** The index just after the bracket group that opens at `open`, skipping strings and template literals. */
function afterBrackets(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    const c = code[i]!; // i < length
    if (c === "'" || c === '"' || c === '`') {
      for (i++; i < code.length && code[i] !== c; i++) if (code[i] === '\\') i++;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return code.length;
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

  it('finds the table writes the next check relies on, and only those', () => {
    const tables = ['campaigns', 'drafts', 'contacts'];
    const cases: [string, string[]][] = [
      ["await getDb().campaigns.put({ ...x, syncedRev: 0 });", ['campaigns.put']],
      ["await db.drafts\n  .where('updatedAt')\n  .below(f(1, [2]))\n  .delete();", ['drafts.where', 'drafts.below', 'drafts.delete']],
      ["tx.contacts.update(id, { a: ')' }).then(() => other.delete(1));", ['contacts.update', 'contacts.then']],
      ["db.table('drafts').clear()", ['drafts.clear']],
      ["this.db.contacts.bulkPut(rows)", ['contacts.bulkPut']],
      ["const n = db.contacts.name; pending.delete(id); s.labels.add(1); getDb().labels.put(x);", []],
      ["// db.drafts.delete(id) in a comment\n/* getDb().campaigns.put(x) */ void 0;", []],
      ["mydb.drafts.delete(id); x.db.drafts.delete(id);", []],
    ];
    for (const [source, calls] of cases) expect(tableCalls(source, tables), source).toEqual(calls);
    expect(dexieTables()).toEqual(expect.arrayContaining(['contacts', 'campaigns', 'recipients', 'drafts', 'rollups']));
  });

  it('the renderer writes tables only through the repos in renderer/src/db/', () => {
    // benchHooks.ts seeds a database of 100,000 rows for test/bench in `--mode bench` builds only (main.tsx), at a
    // speed the repos' one-by-one checks would not reach; it is never in the app the shop runs.
    const allowed = new Set(['renderer/src/benchHooks.ts']);
    const tables = dexieTables();
    const files = sourceFiles('renderer/src').filter((f) => {
      const path = f.replaceAll('\\', '/');
      return !path.startsWith('renderer/src/db/') && !/\.test\.tsx?$/.test(path) && !allowed.has(path);
    });
    const bad = files.flatMap((file) => {
      const source = readFileSync(join(root, file), 'utf8');
      const writes = tableCalls(source, tables).filter((call) => WRITE_METHODS.has(call.split('.')[1]!)); // "table.method"
      const rw = /\.transaction\(\s*['"]rw/.test(source) ? ['a read-write transaction'] : [];
      return [...writes, ...rw].map((w) => `${file} writes ${w}`);
    });
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
