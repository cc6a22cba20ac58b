/**
 * The browser host's server: serves the built renderer on 127.0.0.1 and carries the IPC contract over a WebSocket.
 *
 * Anything on this computer can reach a localhost port — other users' processes and every web page the person has
 * open — so nothing here trusts the network:
 * - the Host header must name this server (a DNS-rebinding page arrives with its own host name and is refused);
 * - the WebSocket needs the exact Origin of this server AND the per-launch random token, offered as a subprotocol
 *   (browsers cannot set other headers on a WebSocket, and the token never appears in a URL the server logs);
 * - files are served only from inside the renderer folder, never by following `..`, encoded or not.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { resolve, sep } from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { dispatch, type Handlers } from '../../shared/ipc/dispatch';
import type { Channel } from '../../shared/ipc/contract';
import { eventFrame, parseCallFrame, resultFrame, type IncomingCall } from '../../shared/ipc/wsFrames';
import type { EventHub } from '../services/events';
import { mimeTypeFor } from '../protocol';
import { contentSecurityPolicy } from '../security';

export const IPC_PATH = '/ipc';
export const PING_PATH = '/__shopcast/ping';
export const PROTOCOL = 'shopcast.v1';
export const TOKEN_PROTOCOL_PREFIX = 'shopcast.token.';
/** Large imports travel as one call; anything bigger than this is refused by the socket before we parse it. */
export const MAX_PAYLOAD = 16 * 1024 * 1024;
/**
 * A client that stops reading while events keep coming would make us buffer without limit. Past this we drop the
 * connection; the renderer reconnects and catches up with `events:since`, so nothing is lost.
 */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

export interface HostServerOptions {
  core: { handlers: Handlers; events: Pick<EventHub, 'subscribe'> };
  rendererDir: string;
  /** 0 picks a free port (tests); the real host uses a fixed port so the renderer's origin, and its IndexedDB, stay the same. */
  port: number;
  host: '127.0.0.1';
  token: string;
  /** Unexpected handler errors (bugs, I/O failures) go here; callers of the contract only see a generic message. */
  onUnexpectedError?: (channel: Channel, error: unknown) => void;
}

export interface HostServer {
  readonly port: number;
  /** `http://127.0.0.1:PORT`, the only origin the renderer is served from and the WebSocket accepts. */
  readonly origin: string;
  /** How many app windows hold an open WebSocket now (a second launch must not open another). */
  connectedWindows(): number;
  close(): Promise<void>;
}


/** Starts listening; rejects with the listen error (EADDRINUSE lets the caller look for a running Shopcast). */
export async function startHostServer(opts: HostServerOptions): Promise<HostServer> {
  const rendererRoot = await realpath(resolve(opts.rendererDir));
  const tokenBytes = Buffer.from(opts.token, 'utf8');
  if (tokenBytes.length < 16) throw new Error('The host token must be at least 16 characters.');

  // Filled in once the port is known (port 0 picks one); no request can arrive before listen() resolves.
  let port = 0;
  const allowedHosts = (): readonly string[] => [`127.0.0.1:${port}`, `localhost:${port}`];
  const allowedOrigins = (): readonly string[] => allowedHosts().map((h) => `http://${h}`);
  let securityHeaders: Readonly<Record<string, string>> = {};

  const server = createServer((req, res) => {
    handleHttp(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'Internal error');
      else res.destroy();
    });
  });
  // Slow-loris and idle sockets: a local app never needs long header times.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
    const host = (req.headers.host ?? '').toLowerCase();
    if (!allowedHosts().includes(host)) return send(res, 421, 'Misdirected request');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return send(res, 405, 'Method not allowed');
    }
    if (host.startsWith('localhost:')) {
      // IndexedDB is per origin: the shop's data lives under 127.0.0.1, so send `localhost` visitors there.
      res.setHeader('Location', `http://127.0.0.1:${port}${req.url ?? '/'}`);
      return send(res, 308, 'Moved to 127.0.0.1');
    }
    const rawPath = (req.url ?? '/').split(/[?#]/, 1)[0] ?? '/';
    if (rawPath === PING_PATH) {
      const info = await opts.core.handlers['app:info'](undefined, { transport: 'websocket' });
      // `windows` lets a second launch see that a window is already open instead of opening another; a count is all
      // it tells, and anything on the machine could already learn that Shopcast runs here.
      return send(res, 200, JSON.stringify({ app: 'shopcast', version: info.version, windows: wss.clients.size }), 'application/json; charset=utf-8');
    }
    const file = await resolveFile(rendererRoot, rawPath);
    if (!file) return send(res, 404, 'Not found');
    res.setHeader('Cache-Control', file.path.endsWith(`${sep}index.html`) ? 'no-store' : 'no-cache');
    res.writeHead(200, {
      'Content-Type': mimeTypeFor(file.path),
      'Content-Length': String(file.size),
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file.path)
      .on('error', () => res.destroy())
      .pipe(res);
  }

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_PAYLOAD,
    perMessageDeflate: false,
    // The token protocol was checked before the upgrade; answering with the plain one keeps the token out of the reply.
    handleProtocols: () => PROTOCOL,
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split(/[?#]/, 1)[0];
    const host = (req.headers.host ?? '').toLowerCase();
    const allowed =
      path === IPC_PATH &&
      allowedHosts().includes(host) &&
      allowedOrigins().includes(req.headers.origin ?? '') &&
      offersValidProtocols(req.headers['sec-websocket-protocol'], tokenBytes);
    if (!allowed) {
      // Refuse before ws sees the request: no handshake, no handler runs, no event is pushed.
      socket.once('finish', () => socket.destroy());
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws));
  });

  function serveSocket(ws: WebSocket): void {
    const send = (message: unknown): void => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        ws.close(1013, 'Too far behind; reconnect and catch up');
        return;
      }
      ws.send(JSON.stringify(message));
    };
    const unsubscribe = opts.core.events.subscribe((event) => send(eventFrame(event)));
    ws.on('close', unsubscribe);
    ws.on('error', () => ws.terminate());
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const call = parseCall(data, isBinary);
      if (!call) return; // Without an id there is nobody to answer; a garbage frame changes nothing.
      if (!call.ok) return send(resultFrame(call.id, call.result));
      void dispatch(opts.core.handlers, call.channel, call.input, { transport: 'websocket' }, {
        onUnexpectedError: opts.onUnexpectedError,
      }).then((result) => send(resultFrame(call.id, result)));
    });
  }

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(opts.port, opts.host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The host server has no TCP address.');
  port = address.port;
  securityHeaders = {
    'Content-Security-Policy': contentSecurityPolicy({ connectSrc: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] }),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };

  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    connectedWindows: () => wss.clients.size,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
    },
  };
}

/** Sec-WebSocket-Protocol must offer `shopcast.v1` and exactly this launch's token. */
function offersValidProtocols(header: string | undefined, token: Buffer): boolean {
  if (!header) return false;
  const offered = header.split(',').map((p) => p.trim());
  if (!offered.includes(PROTOCOL)) return false;
  const tokens = offered.filter((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX));
  if (tokens.length !== 1) return false;
  const candidate = Buffer.from((tokens[0] ?? '').slice(TOKEN_PROTOCOL_PREFIX.length), 'utf8');
  // timingSafeEqual throws on different lengths; the length of our token is not the secret, its bytes are.
  return candidate.length === token.length && timingSafeEqual(candidate, token);
}

/** A page's frame (shared/ipc/wsFrames.ts); `undefined` when there is no id to answer. */
function parseCall(data: RawData, isBinary: boolean): IncomingCall | undefined {
  return isBinary ? undefined : parseCallFrame(rawText(data));
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return Buffer.from(new Uint8Array(data)).toString('utf8');
}

/**
 * Maps a request path to a file inside `root`, or `undefined`. Decodes once, then refuses anything that could step
 * outside or confuse a file system: `..`/`.` segments, backslashes (a separator on Windows), NUL, dotfiles, and
 * symlinks that lead out of the folder. Paths without an extension are app routes and get index.html.
 */
export async function resolveFile(root: string, rawPath: string): Promise<{ path: string; size: number } | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  if (!decoded.startsWith('/') || decoded.includes('\\') || decoded.includes('\0')) return undefined;
  const segments = decoded.split('/').filter((s) => s !== '');
  // `:` would let a segment name a drive or an alternate data stream on Windows.
  if (segments.some((s) => s.startsWith('.') || s.includes(':'))) return undefined;
  const last = segments[segments.length - 1];
  const relative = last === undefined || !last.includes('.') ? ['index.html'] : segments;
  const candidate = resolve(root, ...relative);
  if (!candidate.startsWith(root + sep)) return undefined;
  try {
    const real = await realpath(candidate);
    if (!real.startsWith(root + sep)) return undefined;
    const info = await stat(real);
    return info.isFile() ? { path: real, size: info.size } : undefined;
  } catch {
    return undefined;
  }
}

/** A small generated response. Node drops the body by itself for HEAD requests. */
function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.setHeader('Cache-Control', 'no-store');
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(body);
}
