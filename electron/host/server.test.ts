import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket, type RawData } from 'ws';
import { nodeFs } from '../adapters/fs';
import { createCore, type Core } from '../services/core';
import { MAX_PAYLOAD, startHostServer, type HostServer } from './server';

const TOKEN = 'a'.repeat(64);
const SECRET = 'TOP-SECRET-OUTSIDE-RENDERER';
const INDEX = '<!doctype html><title>Shopcast</title>';

let tmp: string;
let core: Core;
let server: HostServer;
const openSockets: WebSocket[] = [];

beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'shopcast-host-'));
  const renderer = join(tmp, 'renderer');
  await mkdir(join(renderer, 'assets'), { recursive: true });
  await writeFile(join(renderer, 'index.html'), INDEX);
  await writeFile(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(renderer, 'assets', 'app.css'), 'body{}');
  await writeFile(join(renderer, 'logo.svg'), '<svg/>');
  await writeFile(join(renderer, 'font.woff2'), 'woff2');
  await writeFile(join(renderer, '.hidden'), SECRET);
  await writeFile(join(tmp, 'secret.txt'), SECRET);
  // A sibling whose name starts like the renderer folder: a naive startsWith(root) check would let it through.
  await mkdir(join(tmp, 'renderer-evil'));
  await writeFile(join(tmp, 'renderer-evil', 'x.txt'), SECRET);
  await symlink(join(tmp, 'secret.txt'), join(renderer, 'link.txt'));
  core = createCore({
    fs: nodeFs,
    dataDir: join(tmp, 'data'),
    runtime: 'browser-host',
    version: '9.8.7',
    platform: 'linux',
    locale: 'en-US',
  });
  server = await startHostServer({ core, rendererDir: renderer, port: 0, host: '127.0.0.1', token: TOKEN });
});

afterEach(async () => {
  for (const ws of openSockets.splice(0)) ws.terminate();
  await server.close();
  await rm(tmp, { recursive: true, force: true });
});

interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request: the path is sent byte for byte, and the Host header can be anything. */
function http(path: string, opts: { method?: string; host?: string } = {}): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: opts.method ?? 'GET',
        headers: { host: opts.host ?? `127.0.0.1:${server.port}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

interface ConnectOptions {
  origin?: string | undefined;
  protocols?: string[];
  path?: string;
  host?: string;
}

const goodProtocols = (): string[] => ['shopcast.v1', `shopcast.token.${TOKEN}`];

/** Resolves with the open socket, or with the HTTP status the server refused the upgrade with. */
function connect(opts: ConnectOptions = {}): Promise<{ ws: WebSocket } | { refused: number }> {
  const origin = 'origin' in opts ? opts.origin : server.origin;
  const headers: Record<string, string> = opts.host ? { host: opts.host } : {};
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}${opts.path ?? '/ipc'}`, opts.protocols ?? goodProtocols(), {
    ...(origin === undefined ? {} : { origin }),
    headers,
  });
  openSockets.push(ws);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ refused: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.once('error', (error) => reject(error));
  });
}

async function connectOk(): Promise<Client> {
  const r = await connect();
  if (!('ws' in r)) throw new Error(`expected the connection to be accepted, got ${r.refused}`);
  return new Client(r.ws);
}

/** A test client that queues every server message so a test can wait for the next one, or for a reply by id. */
class Client {
  private readonly messages: unknown[] = [];
  private readonly waiters: Array<() => void> = [];
  private nextId = 1;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data: RawData) => {
      this.messages.push(JSON.parse(String(data)));
      this.waiters.splice(0).forEach((wake) => wake());
    });
  }

  async next(match: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    for (;;) {
      const index = this.messages.findIndex((m) => typeof m === 'object' && m !== null && match(m as Record<string, unknown>)); // parsed JSON objects
      if (index >= 0) return this.messages.splice(index, 1)[0] as Record<string, unknown>; // same object findIndex checked
      await new Promise<void>((wake) => this.waiters.push(wake));
    }
  }

  async call(channel: unknown, input?: unknown): Promise<unknown> {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ t: 'call', id, channel, input }));
    const reply = await this.next((m) => m.t === 'result' && m.id === id);
    return reply.result;
  }

  nextEvent(): Promise<Record<string, unknown>> {
    return this.next((m) => m.t === 'event');
  }
}

describe('HTTP: serving the renderer', () => {
  it('serves index.html at / as HTML that is never cached', async () => {
    const r = await http('/');
    expect(r.status).toBe(200);
    expect(r.body).toBe(INDEX);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it.each([
    ['/assets/app.js', 'text/javascript; charset=utf-8'],
    ['/assets/app.css', 'text/css; charset=utf-8'],
    ['/logo.svg', 'image/svg+xml'],
    ['/font.woff2', 'font/woff2'],
  ])('serves %s with content type %s', async (path, type) => {
    const r = await http(path);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe(type);
  });

  it.each(['/contacts', '/campaigns/42/report', '/settings?tab=sending'])('answers the app route %s with index.html', async (path) => {
    const r = await http(path);
    expect(r.status).toBe(200);
    expect(r.body).toBe(INDEX);
  });

  it('answers 404 for a missing file that has an extension', async () => {
    expect((await http('/assets/missing.js')).status).toBe(404);
  });

  it('answers HEAD with the headers and no body', async () => {
    const r = await http('/assets/app.js', { method: 'HEAD' });
    expect(r.status).toBe(200);
    expect(r.headers['content-length']).toBe(String('console.log(1)'.length));
    expect(r.body).toBe('');
  });

  it.each(['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'])('refuses %s with 405', async (method) => {
    const r = await http('/', { method });
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe('GET, HEAD');
  });

  it.each([
    ['a served file', '/', 200],
    ['a missing file', '/nope.js', 404],
    ['a refused method', '/', 405],
    ['a foreign host', '/', 421],
  ])('puts the security headers on %s', async (_what, path, status) => {
    const r = await http(path, {
      method: status === 405 ? 'POST' : 'GET',
      ...(status === 421 ? { host: 'evil.example' } : {}),
    });
    expect(r.status).toBe(status);
    expect(r.headers['content-security-policy']).toContain("default-src 'none'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['cross-origin-opener-policy']).toBe('same-origin');
  });

  it('lets the page connect only to its own WebSocket origin', async () => {
    const csp = String((await http('/')).headers['content-security-policy']);
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${server.port} ws://localhost:${server.port}`);
    expect(csp).toContain("script-src 'self'");
  });

  it('sends localhost visitors to 127.0.0.1, where the shop data lives', async () => {
    const r = await http('/contacts?x=1', { host: `localhost:${server.port}` });
    expect(r.status).toBe(308);
    expect(r.headers.location).toBe(`http://127.0.0.1:${server.port}/contacts?x=1`);
  });

  it('answers the ping with the app name and version', async () => {
    const r = await http('/__shopcast/ping');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ app: 'shopcast', version: '9.8.7', windows: 0 }); // no window connected yet
  });
});

describe('HTTP: refusing what could leak files or be DNS rebinding', () => {
  it.each([
    'evil.example',
    'evil.example:PORT',
    '127.0.0.1',
    '127.0.0.1:1',
    '127.0.0.1.nip.io:PORT',
    '0.0.0.0:PORT',
    '[::1]:PORT',
  ])('refuses Host %s with 421', async (host) => {
    const r = await http('/__shopcast/ping', { host: host.replace('PORT', String(server.port)) });
    expect(r.status).toBe(421);
    expect(r.body).not.toContain('shopcast');
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E%2Fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/assets\\..\\..\\secret.txt',
    '/%252e%252e/secret.txt',
    '/../renderer-evil/x.txt',
    '/index.html%00.js',
    '/%00',
    '/%zz.js',
    '/.hidden',
    '/link.txt',
    '/C:/secret.txt',
    `/${'%2e%2e/'.repeat(12)}etc/passwd.txt`,
  ])('answers %s with 404 and never the file', async (path) => {
    const r = await http(path);
    expect(r.status).toBe(404);
    expect(r.body).not.toContain(SECRET);
  });
});

describe('WebSocket: who may connect', () => {
  it('accepts the right Origin and token, and answers with the plain protocol so the token is not echoed', async () => {
    const client = await connectOk();
    expect(client.ws.protocol).toBe('shopcast.v1');
  });

  it.each([
    ['a wrong token of the right length', ['shopcast.v1', `shopcast.token.${'b'.repeat(64)}`]],
    ['a wrong token of another length', ['shopcast.v1', 'shopcast.token.abc']],
    ['an empty token', ['shopcast.v1', 'shopcast.token.']],
    ['no token', ['shopcast.v1']],
    ['the token without shopcast.v1', [`shopcast.token.${TOKEN}`]],
    ['two tokens', ['shopcast.v1', `shopcast.token.${TOKEN}`, 'shopcast.token.x']],
    ['no subprotocol at all', []],
  ])('refuses %s with 403', async (_what, protocols) => {
    expect(await connect({ protocols })).toEqual({ refused: 403 });
  });

  it.each([
    ['no Origin', undefined],
    ['a web page', 'http://evil.example'],
    ['another local port', 'http://127.0.0.1:1'],
    ['an https variant', 'https://127.0.0.1:PORT'],
    ['an opaque origin', 'null'],
  ])('refuses %s with 403', async (_what, origin) => {
    expect(await connect({ origin: origin?.replace('PORT', String(server.port)) })).toEqual({ refused: 403 });
  });

  it('accepts the localhost variant of its own Origin', async () => {
    const r = await connect({ origin: `http://localhost:${server.port}` });
    expect('ws' in r).toBe(true);
  });

  it('refuses a foreign Host header even with the right token and Origin', async () => {
    expect(await connect({ host: `evil.example:${server.port}` })).toEqual({ refused: 403 });
  });

  it('refuses upgrades on any path other than /ipc', async () => {
    expect(await connect({ path: '/' })).toEqual({ refused: 403 });
  });
});

describe('WebSocket: the contract', () => {
  it('round-trips settings:get and settings:update through the real core', async () => {
    const client = await connectOk();
    const before = await client.call('settings:get');
    expect(before).toEqual({ ok: true, value: { shopName: '', defaultCountry: 'US', language: 'en', sendingChannel: 'sandbox', setupDone: false } });
    const updated = await client.call('settings:update', { shopName: 'Kim Florist', defaultCountry: 'kr' });
    expect(updated).toEqual({ ok: true, value: { shopName: 'Kim Florist', defaultCountry: 'KR', language: 'en', sendingChannel: 'sandbox', setupDone: false } });
    expect(await client.call('settings:get')).toEqual(updated);
    expect(JSON.parse((await nodeFs.readText(join(tmp, 'data', 'settings.json'))) ?? '')).toMatchObject({ shopName: 'Kim Florist' });
  });

  it('reports the browser-host runtime from app:info', async () => {
    const client = await connectOk();
    expect(await client.call('app:info')).toMatchObject({ ok: true, value: { runtime: 'browser-host', version: '9.8.7' } });
  });

  it('answers invalid input with an invalid_input error', async () => {
    const client = await connectOk();
    expect(await client.call('settings:update', { shopName: 42 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('answers an unknown channel with unknown_channel', async () => {
    const client = await connectOk();
    expect(await client.call('shell:exec', 'rm -rf /')).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('pushes core events to every connected client', async () => {
    const a = await connectOk();
    const b = await connectOk();
    await a.call('settings:update', { shopName: 'Bloom' });
    for (const client of [a, b]) {
      const message = await client.nextEvent();
      expect(message.event).toMatchObject({ seq: 1, name: 'settings:changed', payload: { shopName: 'Bloom' } });
    }
  });

  it('serves events:since for catching up after a reconnect', async () => {
    const client = await connectOk();
    await client.call('settings:update', { shopName: 'One' });
    await client.call('settings:update', { shopName: 'Two' });
    const missed = await client.call('events:since', { after: 1 });
    expect(missed).toMatchObject({ ok: true, value: [{ seq: 2, payload: { shopName: 'Two' } }] });
  });

  it('answers a message with an id but an unknown type with an error', async () => {
    const client = await connectOk();
    client.ws.send(JSON.stringify({ t: 'hello', id: 7 }));
    const reply = await client.next((m) => m.id === 7);
    expect(reply).toMatchObject({ t: 'result', result: { ok: false, error: { code: 'invalid_input' } } });
  });

  it('ignores garbage frames and keeps serving the same socket', async () => {
    const client = await connectOk();
    for (const frame of ['not json', '[1,2]', 'null', '42', '{"t":"call"}', '{"t":"call","id":"1","channel":"app:info"}', '{"t":"call","id":1.5}']) {
      client.ws.send(frame);
    }
    client.ws.send(Buffer.from([0xff, 0x00, 0x13]), { binary: true });
    expect(await client.call('app:info')).toMatchObject({ ok: true });
  });

  it('closes a socket that sends a frame over the size limit, and keeps serving others', async () => {
    const big = await connectOk();
    const other = await connectOk();
    const closed = new Promise<number>((resolve) => big.ws.once('close', (code: number) => resolve(code)));
    big.ws.send('x'.repeat(MAX_PAYLOAD + 1));
    expect(await closed).toBe(1009);
    expect(await other.call('app:info')).toMatchObject({ ok: true });
  });

  it('closes every client when the server closes', async () => {
    const client = await connectOk();
    const closed = new Promise<void>((resolve) => client.ws.once('close', () => resolve()));
    await server.close();
    await closed;
    server = await startHostServer({ core, rendererDir: join(tmp, 'renderer'), port: 0, host: '127.0.0.1', token: TOKEN });
  });
});
