/**
 * Ports point inward (ARCHITECTURE.md, electron/README.md): the services declare what they need from the outside
 * (electron/services/ports.ts) and the composition roots choose the adapters. Every import of a service file is
 * classified, the way Signal's file-suffix rule classifies every import: into electron/services/ or shared/ is
 * fine; electron/adapters/ (even a type), the hosts (main.ts, host/, cli/), the renderer, a `node:` module or any
 * package is a violation, and so is the `Buffer` global, unless the file is in ALLOWED below with its reason.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The exceptions, each with its reason. core.ts is the composition root the Electron app and the browser host share
 * (and tests create): it picks Node's adapters for the ports a host does not pass and names the run with
 * node:crypto's randomUUID. Nothing else in services/ may import adapters or Node.
 */
const ALLOWED: Record<string, { imports: readonly string[]; why: string }> = {
  'electron/services/core.ts': {
    imports: ['node:crypto', '../adapters/crypto', '../adapters/journalFs', '../adapters/secretStore', '../adapters/webhookServer'],
    why: 'the composition root shared by the hosts: chooses the default adapters',
  },
};

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.(ts|tsx|mts)$/.test(entry.name)) out.push(rel);
  }
  return out;
}

/** The source without comments, so a comment that names `Buffer` or an import is not taken for one. */
function code(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');
}

/** Every module specifier a file imports or re-exports: type-only imports, dynamic imports and require() too. */
function importsOf(source: string): string[] {
  const patterns = [
    /\b(?:import|export)\s[^'"]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((re) => [...code(source).matchAll(re)].map((m) => m[1] ?? '')); // group 1 exists in each pattern
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** What is wrong with one import of a service file, or undefined when it points inward. */
function classify(file: string, spec: string): string | undefined {
  if (spec.startsWith('node:') || NODE_BUILTINS.has(spec)) return 'a Node module (take it as a port from ports.ts)';
  if (!spec.startsWith('.')) return 'a package (services import only services/ and shared/)';
  const target = relative(root, resolve(root, dirname(file), spec)).replaceAll('\\', '/');
  if (target.startsWith('electron/adapters/')) return 'an adapter (declare the port in ports.ts; the composition root passes the adapter)';
  if (target.startsWith('electron/services/') || target.startsWith('shared/')) return undefined;
  return 'outside services/ and shared/ (a host, the renderer or the tests)';
}

/** The violations in one service file's source. */
function serviceViolations(file: string, source: string): string[] {
  const allowed = ALLOWED[file]?.imports ?? [];
  const bad = importsOf(source)
    .filter((spec) => !allowed.includes(spec))
    .flatMap((spec) => {
      const why = classify(file, spec);
      return why === undefined ? [] : [`${file} imports ${spec}: ${why}`];
    });
  if (/\bBuffer\b/.test(code(source))) bad.push(`${file} uses Buffer (Uint8Array, TextEncoder and TextDecoder run everywhere)`);
  return bad;
}

const services = sourceFiles('electron/services').filter((f) => !/\.test\.ts$/.test(f));

describe('ports point inward', () => {
  it('the check sees adapters (type imports too), Node modules, packages, hosts and Buffer, and not comments', () => {
    const file = 'electron/services/example.ts';
    const source = [
      "import type { JournalFs } from '../adapters/journalFs';",
      "import { startWebhookServer } from '../adapters/webhookServer';",
      "import { join } from 'node:path';",
      "import { createHmac } from 'crypto';",
      "import { z } from 'zod';",
      "import { createCore } from '../host/main';",
      "const zlib = await import('node:zlib');",
      "export { x } from '../../electron/adapters/fs';",
      'const b = Buffer.from(raw);',
      "import { joinPath, type Fs } from './ports';",
      "import { isRecord } from '../../shared/lib/guards';",
      "import type { Transport } from './transports/types';",
      '// Buffer.from(…) and node:crypto in a comment are words, not code',
      "/** import { a } from '../adapters/fs' in a doc comment */",
      "const url = 'https://graph.facebook.com';",
    ].join('\n');
    expect(serviceViolations(file, source)).toEqual([
      `${file} imports ../adapters/journalFs: an adapter (declare the port in ports.ts; the composition root passes the adapter)`,
      `${file} imports ../adapters/webhookServer: an adapter (declare the port in ports.ts; the composition root passes the adapter)`,
      `${file} imports node:path: a Node module (take it as a port from ports.ts)`,
      `${file} imports crypto: a Node module (take it as a port from ports.ts)`,
      `${file} imports zod: a package (services import only services/ and shared/)`,
      `${file} imports ../host/main: outside services/ and shared/ (a host, the renderer or the tests)`,
      `${file} imports ../../electron/adapters/fs: an adapter (declare the port in ports.ts; the composition root passes the adapter)`,
      `${file} imports node:zlib: a Node module (take it as a port from ports.ts)`,
      `${file} uses Buffer (Uint8Array, TextEncoder and TextDecoder run everywhere)`,
    ]);
  });

  it('the services import only ports, other services and shared/: no adapter, no node: module, no Buffer', () => {
    expect(services.length).toBeGreaterThan(10);
    expect(services.flatMap((file) => serviceViolations(file, readFileSync(join(root, file), 'utf8')))).toEqual([]);
  });

  it('every allow-list entry is still needed, so the list cannot quietly grow stale', () => {
    for (const [file, entry] of Object.entries(ALLOWED)) {
      expect(services).toContain(file);
      const used = importsOf(readFileSync(join(root, file), 'utf8'));
      expect(entry.imports.filter((spec) => !used.includes(spec)), `${file}: ${entry.why}`).toEqual([]);
    }
  });

  it('the adapters implement the ports and declare none of them', () => {
    const ports = [...readFileSync(join(root, 'electron/services/ports.ts'), 'utf8').matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => m[1]);
    expect(ports).toEqual(expect.arrayContaining(['Fs', 'JournalFs', 'AppendHandle', 'SecretStore', 'SecretName', 'SecretChanges', 'RunningWebhookServer', 'StartWebhookServer', 'HmacSha256']));
    const declared = sourceFiles('electron/adapters')
      .filter((f) => !/\.test\.ts$/.test(f))
      .flatMap((file) =>
        [...code(readFileSync(join(root, file), 'utf8')).matchAll(/^export (?:interface|type) (\w+)/gm)]
          .map((m) => m[1])
          .filter((name) => ports.includes(name))
          .map((name) => `${file} declares ${name}`),
      );
    expect(declared).toEqual([]);
  });

  it('shared/ imports nothing from electron/ or renderer/', () => {
    const bad = sourceFiles('shared').flatMap((file) =>
      importsOf(readFileSync(join(root, file), 'utf8'))
        .filter((spec) => spec.startsWith('.') && /^(electron|renderer)\//.test(relative(root, resolve(root, dirname(file), spec)).replaceAll('\\', '/')))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(bad).toEqual([]);
  });
});
