import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_SCHEME,
  isAppUrl,
  mimeTypeFor,
  registerAppProtocol,
  registerAppSchemeAsPrivileged,
  serveAppFile,
  type AppResponse,
  type ProtocolPort,
} from './protocol';
import { contentSecurityPolicy } from './security';

// A real folder laid out like dist/: the renderer folder, and a secret next to it that must never be served.
let base: string;
let rendererDir: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'shopcast-protocol-'));
  rendererDir = join(base, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Shopcast</title>');
  writeFileSync(join(rendererDir, 'assets', 'app-1234.js'), 'console.log(1)');
  writeFileSync(join(rendererDir, 'assets', 'app-1234.css'), 'body{}');
  writeFileSync(join(rendererDir, 'assets', 'logo.svg'), '<svg/>');
  writeFileSync(join(rendererDir, 'assets', 'font.woff2'), 'wOF2');
  writeFileSync(join(rendererDir, 'assets', 'data.bin'), 'raw');
  writeFileSync(join(base, 'secret.txt'), 'the access token');
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

const serve = (url: string, method?: string) => serveAppFile(url, rendererDir, readFile, method);
const text = (res: AppResponse) => (res.body === null ? null : Buffer.from(res.body).toString('utf8'));

describe('serveAppFile', () => {
  it('serves index.html for the root of the app', async () => {
    const res = await serve('app://shopcast/');
    expect(res.status).toBe(200);
    expect(res.headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(text(res)).toContain('<title>Shopcast</title>');
  });

  it.each([
    ['app://shopcast/assets/app-1234.js', 'text/javascript; charset=utf-8'],
    ['app://shopcast/assets/app-1234.css', 'text/css; charset=utf-8'],
    ['app://shopcast/assets/logo.svg', 'image/svg+xml'],
    ['app://shopcast/assets/font.woff2', 'font/woff2'],
    ['app://shopcast/assets/data.bin', 'application/octet-stream'],
  ])('serves %s as %s', async (url, type) => {
    const res = await serve(url);
    expect(res.status).toBe(200);
    expect(res.headers['Content-Type']).toBe(type);
  });

  it('ignores the query string and fragment when finding the file', async () => {
    const res = await serve('app://shopcast/assets/app-1234.js?v=2#top');
    expect(text(res)).toBe('console.log(1)');
  });

  it('puts the CSP and nosniff headers on successful responses', async () => {
    const res = await serve('app://shopcast/assets/app-1234.js');
    expect(res.headers['Content-Security-Policy']).toBe(contentSecurityPolicy());
    expect(res.headers['X-Content-Type-Options']).toBe('nosniff');
  });

  it('puts the CSP and nosniff headers on 404 responses too', async () => {
    const res = await serve('app://shopcast/assets/missing.js');
    expect(res.status).toBe(404);
    expect(res.headers['Content-Security-Policy']).toBe(contentSecurityPolicy());
    expect(res.headers['X-Content-Type-Options']).toBe('nosniff');
  });

  it('falls back to index.html for an extension-less route of the single-page app', async () => {
    const res = await serve('app://shopcast/campaigns/42');
    expect(res.status).toBe(200);
    expect(text(res)).toContain('<title>Shopcast</title>');
  });

  it('falls back to index.html for a folder name', async () => {
    const res = await serve('app://shopcast/assets');
    expect(res.status).toBe(200);
    expect(res.headers['Content-Type']).toBe('text/html; charset=utf-8');
  });

  it('answers 404, not index.html, for a missing file that has an extension', async () => {
    const res = await serve('app://shopcast/assets/app-9999.js');
    expect(res.status).toBe(404);
    expect(text(res)).toBe('Not found');
  });

  it.each([
    ['a parent-folder segment', 'app://shopcast/../secret.txt'],
    ['a parent-folder segment deeper in the path', 'app://shopcast/assets/../../secret.txt'],
    ['a parent segment with no extension', 'app://shopcast/../../etc/passwd'],
    ['an encoded parent segment', 'app://shopcast/%2e%2e/secret.txt'],
    ['an upper-case encoded parent segment', 'app://shopcast/%2E%2E/secret.txt'],
    ['a half-encoded parent segment', 'app://shopcast/.%2e/secret.txt'],
    ['an encoded slash', 'app://shopcast/assets%2f..%2f..%2fsecret.txt'],
    ['an encoded backslash', 'app://shopcast/..%5csecret.txt'],
    ['an encoded absolute path', 'app://shopcast/%2fetc%2fpasswd'],
    ['a Windows drive path', 'app://shopcast/C:%5cWindows%5cwin.ini'],
    ['a NUL byte', 'app://shopcast/index.html%00.js'],
    ['malformed percent-encoding', 'app://shopcast/%E0%A4%A'],
  ])('refuses %s with 404', async (_name, url) => {
    const res = await serve(url);
    expect(res.status).toBe(404);
    expect(text(res)).not.toContain('access token');
  });

  it.each([
    ['another host', 'app://evil/index.html'],
    ['credentials that make our name the user', 'app://shopcast@evil/index.html'],
    ['a port', 'app://shopcast:8080/index.html'],
    ['another scheme', 'file:///etc/passwd'],
    ['https', 'https://shopcast/index.html'],
    ['something that is not a URL', 'not a url'],
  ])('refuses %s with 404', async (_name, url) => {
    expect((await serve(url)).status).toBe(404);
  });

  it('answers HEAD with headers and no body', async () => {
    const res = await serve('app://shopcast/assets/app-1234.js', 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers['Content-Type']).toBe('text/javascript; charset=utf-8');
    expect(res.body).toBeNull();
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await serve('app://shopcast/index.html', 'POST')).status).toBe(405);
  });

  it('answers 500, without the fallback page, when the disk fails', async () => {
    const failing = async () => {
      throw Object.assign(new Error('I/O error'), { code: 'EIO' });
    };
    const res = await serveAppFile('app://shopcast/campaigns', rendererDir, failing);
    expect(res.status).toBe(500);
  });

  it('answers 404 when the renderer was never built', async () => {
    const res = await serveAppFile('app://shopcast/', join(base, 'no-such-dir'), readFile);
    expect(res.status).toBe(404);
  });
});

describe('isAppUrl', () => {
  it.each([
    ['app://shopcast/index.html', true],
    ['app://shopcast/', true],
    ['APP://SHOPCAST/index.html', true],
    ['app://shopcast.evil/', false],
    ['app://evil/', false],
    ['app://shopcast@evil/', false],
    ['app://user@shopcast/', false],
    ['app://shopcast:1/', false],
    ['file:///index.html', false],
    ['http://shopcast/', false],
    ['', false],
    [undefined, false],
  ])('%s → %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected);
  });
});

describe('mimeTypeFor', () => {
  it('ignores the case of the extension', () => {
    expect(mimeTypeFor('LOGO.PNG')).toBe('image/png');
  });
});

describe('registration', () => {
  it('registers the scheme as standard, secure and fetchable, without bypassing CSP or enabling CORS', () => {
    const calls: Parameters<ProtocolPort['registerSchemesAsPrivileged']>[0][] = [];
    registerAppSchemeAsPrivileged({ registerSchemesAsPrivileged: (schemes) => calls.push(schemes) });
    expect(calls).toEqual([[{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]]);
  });

  it('answers protocol requests with a real Response carrying status, headers and body', async () => {
    let handler: ((request: Request) => Response | Promise<Response>) | undefined;
    registerAppProtocol(
      {
        handle: (scheme, h) => {
          expect(scheme).toBe(APP_SCHEME);
          handler = h;
        },
      },
      rendererDir,
    );
    if (!handler) throw new Error('no handler registered');
    const res = await handler(new Request('app://shopcast/assets/app-1234.css'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    expect(await res.text()).toBe('body{}');
  });
});
