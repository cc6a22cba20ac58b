/**
 * The webhook receiver's HTTP listener (the `StartWebhookServer` port of services/ports.ts): 127.0.0.1 only (Meta reaches it through the tunnel the shop sets up).
 * Reads at most the body cap and answers with what the receiver says once it has stored the body's events (a 500
 * if the receiver itself throws). Timeouts are short, not Node's 300 s: Meta sends small bodies and retries, and a
 * client that dribbles its headers or body must not hold a socket for minutes.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningWebhookServer } from '../services/ports';
import type { WebhookReceiver } from '../services/webhook';

export type { RunningWebhookServer } from '../services/ports';

/** Whole request, headers, idle keep-alive (ms). */
export const WEBHOOK_TIMEOUTS = { request: 30_000, headers: 10_000, keepAlive: 5_000 } as const;

export async function startWebhookServer(
  receiver: WebhookReceiver,
  port = 0,
  onError: (error: unknown) => void = () => undefined,
  timeouts: { request: number; headers: number; keepAlive: number } = WEBHOOK_TIMEOUTS,
): Promise<RunningWebhookServer> {
  // Node checks the request and header timeouts every `connectionsCheckingInterval` (30 s by default).
  const server: Server = createServer({ connectionsCheckingInterval: Math.min(2_000, timeouts.headers) }, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET') {
      const r = receiver.verify(url.searchParams);
      res.writeHead(r.status, { 'content-type': 'text/plain' }).end(r.body);
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'GET, POST' }).end();
      return;
    }
    const declared = Number(req.headers['content-length']);
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number.isFinite(declared) && declared > receiver.maxBodyBytes;
    const finish = () => {
      const header = req.headers['x-hub-signature-256'];
      receiver.receive(Buffer.concat(chunks), typeof header === 'string' ? header : undefined, tooLarge).then(
        (response) => {
          if (response.status === 503) onError(new Error(`A webhook could not be stored and was refused so Meta sends it again: ${receiver.lastStoreError ?? 'unknown error'}`));
          res.writeHead(response.status, { 'content-type': 'text/plain', ...(tooLarge ? { connection: 'close' } : {}) }).end(response.body);
        },
        (error: unknown) => {
          onError(error);
          res.writeHead(500, { 'content-type': 'text/plain' }).end('Error');
        },
      );
    };
    if (tooLarge) return finish();
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > receiver.maxBodyBytes) {
        tooLarge = true;
        chunks.length = 0;
        req.pause();
        finish();
        return;
      }
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => {
      if (!tooLarge) finish();
    });
    req.on('error', onError);
  });
  server.requestTimeout = timeouts.request;
  server.headersTimeout = timeouts.headers;
  server.keepAliveTimeout = timeouts.keepAlive;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port; // a TCP listen gives an AddressInfo
  return {
    port: actual,
    url: `http://127.0.0.1:${actual}/webhook`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
