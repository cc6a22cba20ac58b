/**
 * The `app://shopcast/` scheme the window loads the renderer from.
 *
 * Why a custom scheme and not file://: a privileged `standard` + `secure` scheme gives the renderer a real, stable
 * origin (IndexedDB, where the shop's contacts live, is keyed by origin and must survive updates and moves of the
 * install folder), a secure context, and a place to send our own Content-Security-Policy header. file:// pages share
 * one opaque origin with every other local file and cannot carry response headers.
 *
 * The file-serving logic is `serveAppFile`, a plain function of (url, folder, readFile) so it is tested without
 * Electron; `registerAppProtocol` only plugs it into `protocol.handle`.
 */
import { readFile as nodeReadFile } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import { contentSecurityPolicy, parseUrl } from './security';

export const APP_SCHEME = 'app';
export const APP_HOST = 'shopcast';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * True only for URLs on our own origin. Compared field by field because Node's URL reports `origin` as "null" for
 * schemes it does not know, and because `app://shopcast@evil/` or `app://shopcast:1/` must not pass a prefix test.
 */
export function isAppUrl(raw: unknown): boolean {
  const url = parseUrl(raw);
  if (!url) return false;
  return (
    url.protocol === `${APP_SCHEME}:` &&
    // Node keeps the case of hosts in schemes it does not know; Chromium lowercases them. Hosts are case-blind.
    url.hostname.toLowerCase() === APP_HOST &&
    url.port === '' &&
    url.username === '' &&
    url.password === ''
  );
}

/** The privileges our scheme needs; passed to `protocol.registerSchemesAsPrivileged` before the app is ready. */
export const APP_SCHEME_PRIVILEGES = {
  // A standard scheme resolves relative URLs like http and gets its own origin (IndexedDB, localStorage).
  standard: true,
  // A secure context: crypto.subtle, and no mixed-content downgrades.
  secure: true,
  // fetch() of our own assets (the import worker, locale files).
  supportFetchAPI: true,
  // Deliberately not set: bypassCSP (our CSP must apply), corsEnabled (other origins must not read our files),
  // allowServiceWorkers (nothing to cache offline: the files are already local), stream.
} as const;

export interface AppResponse {
  status: number;
  headers: Record<string, string>;
  /** `null` for HEAD requests. */
  body: Uint8Array | string | null;
}

/** Reads a file's bytes; throws Node errno errors (ENOENT, EISDIR, …) like `fs.promises.readFile`. */
export type ReadFile = (path: string) => Promise<Uint8Array>;

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

/** What Chromium gets for a file type we do not list: with `nosniff` it will neither run nor render it. */
const UNKNOWN_TYPE = 'application/octet-stream';

export function mimeTypeFor(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? UNKNOWN_TYPE;
}

function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(),
    // Without this Chromium may guess a script type for a file we label otherwise.
    'X-Content-Type-Options': 'nosniff',
    // The files change with every update and are local: never serve a stale bundle from the HTTP cache.
    'Cache-Control': 'no-cache',
  };
}

function textResponse(status: number, text: string, method: string): AppResponse {
  return {
    status,
    headers: { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' },
    body: method === 'HEAD' ? null : text,
  };
}

const notFound = (method: string) => textResponse(404, 'Not found', method);

/**
 * Splits the path of a URL string into decoded segments, or `undefined` when the path tries to leave the folder.
 * Works on the raw string rather than `URL.pathname`, because URL parsing silently resolves `..` and `%2e%2e`
 * against the root: a traversal attempt must be refused, not turned into some other file.
 */
function safeSegments(rawUrl: string): string[] | undefined {
  const prefix = `${APP_ORIGIN}/`;
  if (rawUrl.slice(0, prefix.length).toLowerCase() !== prefix) return undefined;
  const rawPath = rawUrl.slice(prefix.length).split(/[?#]/, 1)[0] ?? '';
  const segments: string[] = [];
  for (const raw of rawPath.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined; // malformed percent-encoding
    }
    if (segment === '') continue;
    // `..`/`.` in any spelling, separators smuggled in encoded (%2f, %5c), NUL, and `:` (Windows drive letters and
    // alternate data streams) never appear in the names Vite gives our files.
    if (segment === '.' || segment === '..' || /[/\\:\0]/.test(segment)) return undefined;
    segments.push(segment);
  }
  return segments;
}

function isNotFoundError(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined; // Node errno shape
  return code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR';
}

/**
 * Serves one request for `app://shopcast/…` from `rendererDir`.
 *
 * - Only our exact origin is served; other hosts, ports and credentials get 404.
 * - Any path that tries to leave the folder (`..`, `%2e%2e`, encoded slashes, absolute paths) gets 404.
 * - A path with no extension that names no file is a route of the single-page app and gets index.html;
 *   a missing file with an extension (a stale asset, a typo) gets a real 404 so the mistake is visible.
 * - Every response, errors included, carries the CSP and `nosniff`.
 */
export async function serveAppFile(
  rawUrl: string,
  rendererDir: string,
  readFile: ReadFile,
  method = 'GET',
): Promise<AppResponse> {
  if (method !== 'GET' && method !== 'HEAD') return textResponse(405, 'Method not allowed', method);
  if (!isAppUrl(rawUrl)) return notFound(method);
  const segments = safeSegments(rawUrl);
  if (!segments) return notFound(method);

  const root = resolve(rendererDir);
  const wanted = segments.length === 0 ? ['index.html'] : segments;
  const file = join(root, ...wanted);
  // Second line of defence: whatever the segments were, the joined path must still be inside the folder.
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return notFound(method);

  const found = await read(file, readFile);
  if (found === 'error') return textResponse(500, 'Could not read the file', method);
  if (found) return fileResponse(file, found, method);
  if (extname(wanted[wanted.length - 1] ?? '') !== '') return notFound(method);

  const indexFile = join(root, 'index.html');
  const index = await read(indexFile, readFile);
  if (index === 'error') return textResponse(500, 'Could not read the file', method);
  return index ? fileResponse(indexFile, index, method) : notFound(method);
}

async function read(file: string, readFile: ReadFile): Promise<Uint8Array | undefined | 'error'> {
  try {
    return await readFile(file);
  } catch (error) {
    return isNotFoundError(error) ? undefined : 'error';
  }
}

function fileResponse(file: string, bytes: Uint8Array, method: string): AppResponse {
  return {
    status: 200,
    headers: { ...securityHeaders(), 'Content-Type': mimeTypeFor(file) },
    body: method === 'HEAD' ? null : bytes,
  };
}

/** The part of Electron's `protocol` module we use. */
export interface ProtocolPort {
  registerSchemesAsPrivileged(
    schemes: { scheme: string; privileges: { [K in keyof typeof APP_SCHEME_PRIVILEGES]: boolean } }[],
  ): void;
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
}

/** Must run before the app is ready: Chromium fixes the list of privileged schemes at start-up. */
export function registerAppSchemeAsPrivileged(protocol: Pick<ProtocolPort, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
}

/** Runs once the app is ready: answers every `app://` request from `rendererDir`. */
export function registerAppProtocol(
  protocol: Pick<ProtocolPort, 'handle'>,
  rendererDir: string,
  readFile: ReadFile = nodeReadFile,
): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const res = await serveAppFile(request.url, rendererDir, readFile, request.method);
    return new Response(toBodyInit(res.body), { status: res.status, headers: res.headers });
  });
}

function toBodyInit(body: AppResponse['body']): BodyInit | null {
  if (body === null || typeof body === 'string') return body;
  // Response wants an ArrayBuffer-backed view; Node's Buffer may sit on a shared pool, so copy into our own.
  return new Uint8Array(body);
}
