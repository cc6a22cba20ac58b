/**
 * A fake WhatsApp Cloud API (Graph API) on 127.0.0.1 for reliability tests and the benchmark. It follows the
 * documented contract: `POST /{version}/{phone-number-id}/messages` with a bearer token, success
 * `{"messaging_product":"whatsapp","contacts":[{"input","wa_id"}],"messages":[{"id":"wamid..."}]}`, errors
 * `{"error":{"message","type","code","error_data":{"messaging_product","details"},"error_subcode"?,"fbtrace_id"}}`
 * with the HTTP status Graph uses for that kind of error. It counts requests and acceptances per recipient, so a
 * test can prove no one got a message twice, and can be scripted per recipient: an error, or acceptance whose
 * response is lost (the socket is destroyed after the message is counted as accepted).
 * A send addresses `to` (a phone number) or `recipient` (a business-scoped user id, BSUID: DOMAIN.md §2 "Sends may
 * address `recipient` (a BSUID) instead of `to`"), exactly one of them; such a recipient is keyed by its id as sent,
 * answered with `contacts: [{ input, user_id }]` (no wa_id: WhatsApp shows no number) and its status webhook names
 * it as `recipient_user_id`.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What one request gets: accepted (`ok`), accepted but the answer lost (`drop`), accepted and held for Meta's quality
 * assessment of a new template (`held`: `message_status: "held_for_quality_assessment"`, DOMAIN.md §2), or an error.
 */
export type FakeStep = 'ok' | 'drop' | 'held' | { error: number; details?: string };

export interface FakeGraphOptions {
  token?: string;
  version?: string;
  phoneNumberId?: string;
  /** When set, a `sent` status webhook is posted here after each acceptance, signed with `appSecret`. */
  webhookUrl?: string;
  appSecret?: string;
  /**
   * Whether the number is onboarded to the Marketing Messages API (`POST /{phone-number-id}/marketing_messages`,
   * DOMAIN.md §2; default true). When false that edge answers as Graph does for an edge the object does not
   * support: HTTP 400, error 100, subcode 33 ("Unsupported post request").
   */
  marketingMessages?: boolean;
}

export interface FakeGraphApi {
  url: string;
  token: string;
  version: string;
  phoneNumberId: string;
  /** Requests per recipient (`to` as sent, digits only; a `recipient` user id as sent). */
  requests: Map<string, number>;
  /** Messages accepted per recipient (including those whose response was dropped). */
  accepted: Map<string, number>;
  /** Accepted messages: wamid → recipient, our biz_opaque_callback_data and the edge it came through. */
  messages: Map<string, { to: string; opaque: string | undefined; edge: 'messages' | 'marketing_messages' }>;
  /** Requests to the Marketing Messages edge (accepted or not), in order: the recipient's key as in `requests`. */
  marketingRequests: string[];
  totalRequests: () => number;
  /** Resolves once the fake has received `count` message requests in total. */
  whenRequests: (count: number) => Promise<void>;
  /** Queue what the next requests for this recipient get (then 'ok'). */
  script: (to: string, steps: FakeStep[]) => void;
  /** What every request gets, before per-recipient scripts, for the next `count` requests. */
  scriptAll: (step: FakeStep, count: number) => void;
  /** Posts a signed webhook body to a URL (as Meta does); resolves with the HTTP status. */
  postWebhook: (url: string, body: string, secret: string) => Promise<number>;
  close: () => Promise<void>;
}

/** A media message as Graph takes it: `type` image/video/document/audio and that object with a `link` (https) or an `id`. */
function mediaBody(body: Record<string, unknown>): boolean {
  if (body.type !== 'image' && body.type !== 'video' && body.type !== 'document' && body.type !== 'audio') return false;
  const media = body[body.type];
  if (typeof media !== 'object' || media === null) return false;
  const m = media as Record<string, unknown>; // an object: checked above
  return (typeof m.link === 'string' && m.link.startsWith('https://')) || typeof m.id === 'string';
}

/** HTTP statuses Graph answers with, by error code (auth 401, permission 403, server 5xx, the rest 400). */
function httpStatusFor(code: number): number {
  if (code === 190 || code === 0) return 401;
  if (code === 10 || code === 3 || code === 200) return 403;
  if (code === 131000 || code === 1 || code === 131016) return 500;
  if (code === 2 || code === 133004) return 503;
  return 400;
}

export function graphErrorBody(code: number, details = 'Fake Graph API error', subcode?: number): string {
  return JSON.stringify({
    error: {
      message: `(#${code}) ${details}`,
      type: code === 190 ? 'OAuthException' : 'OAuthException',
      code,
      ...(subcode !== undefined ? { error_subcode: subcode } : {}),
      error_data: { messaging_product: 'whatsapp', details },
      fbtrace_id: randomBytes(9).toString('base64url'),
    },
  });
}

/** How the fake keys a recipient: a user id (BSUID) as it is, a phone number by its digits. */
export function recipientKey(address: string): string {
  return /^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}$/.test(address) ? address : address.replace(/\D/g, '');
}

export function signatureOf(body: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export async function startFakeGraphApi(opts: FakeGraphOptions = {}): Promise<FakeGraphApi> {
  const token = opts.token ?? 'test-token';
  const version = opts.version ?? 'v27.0';
  const phoneNumberId = opts.phoneNumberId ?? '1234567890';
  const requests = new Map<string, number>();
  const accepted = new Map<string, number>();
  const messages = new Map<string, { to: string; opaque: string | undefined; edge: 'messages' | 'marketing_messages' }>();
  const marketingRequests: string[] = [];
  const scripts = new Map<string, FakeStep[]>();
  const global: FakeStep[] = [];
  let total = 0;
  let seq = 0;
  const waiters: { count: number; resolve: () => void }[] = [];

  const send = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer); // http request chunks are Buffers
    const raw = Buffer.concat(chunks).toString('utf8');
    const edge = req.url === `/${version}/${phoneNumberId}/messages` ? 'messages' : req.url === `/${version}/${phoneNumberId}/marketing_messages` ? 'marketing_messages' : undefined;
    if (req.method !== 'POST' || edge === undefined) {
      return send(res, 400, graphErrorBody(100, `Unknown path components: ${req.url ?? ''}`));
    }
    if (req.headers.authorization !== `Bearer ${token}`) return send(res, 401, graphErrorBody(190, 'Invalid OAuth access token.'));
    if (edge === 'marketing_messages') {
      try {
        const parsed = JSON.parse(raw) as { to?: unknown; recipient?: unknown }; // only the address is read here; the full check is below
        const address = parsed.recipient ?? parsed.to;
        marketingRequests.push(typeof address === 'string' ? recipientKey(address) : '');
      } catch {
        marketingRequests.push('');
      }
      if (opts.marketingMessages === false) {
        return send(res, 400, graphErrorBody(100, `Unsupported post request. Object with ID '${phoneNumberId}' does not support this operation.`, 33));
      }
    }
    let body: { to?: unknown; recipient?: unknown; messaging_product?: unknown; type?: unknown; biz_opaque_callback_data?: unknown };
    try {
      body = JSON.parse(raw) as typeof body; // shape checked field by field below
    } catch {
      return send(res, 400, graphErrorBody(100, 'Invalid JSON body'));
    }
    // The Marketing Messages edge takes templates only. One address: `to` (a number) or `recipient` (a BSUID).
    const byUserId = typeof body.recipient === 'string' && /^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}$/.test(body.recipient);
    const address = byUserId ? body.recipient : body.to;
    if (
      body.messaging_product !== 'whatsapp' ||
      typeof address !== 'string' ||
      (body.to !== undefined && body.recipient !== undefined) ||
      (body.recipient !== undefined && !byUserId) ||
      (body.type !== 'text' && body.type !== 'template' && !mediaBody(body)) ||
      (edge === 'marketing_messages' && body.type !== 'template')
    ) {
      return send(res, 400, graphErrorBody(100, 'Invalid parameter'));
    }
    const to = recipientKey(address);
    total++;
    for (const w of waiters.filter((x) => x.count <= total)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
    requests.set(to, (requests.get(to) ?? 0) + 1);
    const step = global.shift() ?? scripts.get(to)?.shift() ?? 'ok';
    if (typeof step === 'object') return send(res, httpStatusFor(step.error), graphErrorBody(step.error, step.details));
    accepted.set(to, (accepted.get(to) ?? 0) + 1);
    const wamid = `wamid.HBgL${to.replace(/\W/g, '')}${String(++seq).padStart(6, '0')}`;
    const opaque = typeof body.biz_opaque_callback_data === 'string' ? body.biz_opaque_callback_data : undefined;
    messages.set(wamid, { to, opaque, edge });
    if (step === 'drop') {
      req.socket.destroy(); // accepted, but the response never arrives
    } else {
      const messageStatus = step === 'held' ? 'held_for_quality_assessment' : 'accepted';
      const contact = byUserId ? { input: address, user_id: address } : { input: address, wa_id: to };
      send(res, 200, JSON.stringify({ messaging_product: 'whatsapp', contacts: [contact], messages: [{ id: wamid, message_status: messageStatus }] }));
    }
    if (opts.webhookUrl && opts.appSecret) {
      const status = {
        object: 'whatsapp_business_account',
        entry: [
          {
            id: 'WABA_ID',
            changes: [
              {
                field: 'messages',
                value: {
                  messaging_product: 'whatsapp',
                  metadata: { display_phone_number: '15550000000', phone_number_id: phoneNumberId },
                  statuses: [
                    {
                      id: wamid,
                      status: 'sent',
                      timestamp: String(Math.floor(Date.now() / 1000)),
                      ...(byUserId ? { recipient_user_id: to } : { recipient_id: to }),
                      ...(opaque ? { biz_opaque_callback_data: opaque } : {}),
                      // DOMAIN.md §2: every status carries how the message is billed (a template as marketing here,
                      // free text as a service message).
                      pricing: body.type === 'template' ? { billable: true, pricing_model: 'PMP', type: 'regular', category: 'marketing' } : { billable: true, pricing_model: 'PMP', type: 'regular', category: 'service' },
                    },
                  ],
                },
              },
            ],
          },
        ],
      };
      void postWebhook(opts.webhookUrl, JSON.stringify(status), opts.appSecret).catch(() => undefined);
    }
  };

  const postWebhook = async (url: string, body: string, secret: string): Promise<number> => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signatureOf(body, secret) }, body, signal: AbortSignal.timeout(5_000) });
    await res.arrayBuffer();
    return res.status;
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port; // listen() on a TCP port gives an AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    version,
    phoneNumberId,
    requests,
    accepted,
    messages,
    marketingRequests,
    totalRequests: () => total,
    whenRequests: (count) => (count <= total ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ count, resolve }))),
    script: (to, steps) => scripts.set(recipientKey(to), [...(scripts.get(recipientKey(to)) ?? []), ...steps]),
    scriptAll: (step, count) => {
      for (let i = 0; i < count; i++) global.push(step);
    },
    postWebhook,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
