/**
 * The webhook receiver's HTTP listener: 127.0.0.1 only (Meta reaches it through the tunnel the shop sets up).
 * Reads at most the body cap, answers at once, then lets the receiver process the body.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookReceiver } from '../services/webhook';

export interface RunningWebhookServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

export async function startWebhookServer(receiver: WebhookReceiver, port = 0, onError: (error: unknown) => void = () => undefined): Promise<RunningWebhookServer> {
  const server: Server = createServer((req, res) => {
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
      const { response, process } = receiver.receive(Buffer.concat(chunks), typeof header === 'string' ? header : undefined, tooLarge);
      res.writeHead(response.status, { 'content-type': 'text/plain', ...(tooLarge ? { connection: 'close' } : {}) }).end(response.body);
      setImmediate(() => void process().catch(onError));
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
