/**
 * The account side of the fake Graph API, for the Connect screen's "test connection" and template sync:
 * - `GET /{version}/{phone-number-id}?fields=…` answers only the fields asked for (Graph's behaviour), and a field
 *   this "version" does not have gives Graph's (#100) "nonexisting field" error;
 * - `GET /{version}/{waba-id}/message_templates?fields=…&limit=N` pages with `paging.cursors` and an absolute
 *   `paging.next` (omitted on the last page), as Graph does;
 * - a wrong bearer token gets 401 with code 190 (OAuthException); an unknown id gets 400 with code 100, subcode 33.
 * Every other request is forwarded to `messages` (a `startFakeGraphApi` server) when one is given, so one base URL
 * serves both the send path and the account path. It lives beside graphApi.ts instead of inside it, so that file's
 * send-path fake stays as its owner wrote it.
 */
import { randomBytes } from 'node:crypto';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { graphErrorBody, type FakeGraphApi } from './graphApi';

export interface FakePhoneNumber {
  display_phone_number: string;
  verified_name: string;
  quality_rating: 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN';
  throughput: { level: 'STANDARD' | 'HIGH' | 'NOT_APPLICABLE' };
  /** The tier, as both the current field and the deprecated one report it. */
  tier: string;
}

/** A template as `message_templates` returns it. */
export interface FakeTemplate {
  id: string;
  name: string;
  language: string;
  status: string;
  category: string;
  components: Record<string, unknown>[];
}

/** What the next account request gets instead of its normal answer. */
export type AccountStep = 'garbage' | 'hang' | { status: number; body: string };

export interface FakeGraphAccountOptions {
  token?: string;
  version?: string;
  phoneNumberId?: string;
  wabaId?: string;
  phone?: Partial<FakePhoneNumber>;
  templates?: FakeTemplate[];
  /** Behave like an older Graph version that has only `messaging_limit_tier`. */
  legacyOnly?: boolean;
  /** Forward everything else (the send path) to this fake. */
  messages?: FakeGraphApi;
}

export interface FakeGraphAccount {
  url: string;
  token: string;
  version: string;
  phoneNumberId: string;
  wabaId: string;
  phone: FakePhoneNumber;
  templates: FakeTemplate[];
  /** Every account request: path with query, and the Authorization header it carried. */
  requests: { path: string; authorization: string | undefined }[];
  /** Scripts what the next account requests get, in order. */
  script: (...steps: AccountStep[]) => void;
  close: () => Promise<void>;
}

const PHONE_FIELDS = new Set(['id', 'display_phone_number', 'verified_name', 'quality_rating', 'throughput', 'messaging_limit_tier', 'whatsapp_business_manager_messaging_limit', 'code_verification_status', 'name_status']);

export function sampleTemplates(): FakeTemplate[] {
  return [
    {
      id: '1000001',
      name: 'spring_sale',
      language: 'ko',
      status: 'APPROVED',
      category: 'MARKETING',
      components: [
        { type: 'HEADER', format: 'TEXT', text: '봄 세일' },
        { type: 'BODY', text: '{{1}}님, 봄 세일이 {{2}}까지입니다. STOP 회신 시 수신 거부' },
        { type: 'FOOTER', text: '민지 꽃집' },
        { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'STOP' }] },
      ],
    },
    {
      id: '1000002',
      name: 'order_ready',
      language: 'en_US',
      status: 'APPROVED',
      category: 'UTILITY',
      components: [{ type: 'BODY', text: 'Hi {{1}}, your order {{2}} is ready for pick-up.' }],
    },
    {
      id: '1000003',
      name: 'new_arrivals',
      language: 'zh_TW',
      status: 'PENDING',
      category: 'MARKETING',
      components: [{ type: 'HEADER', format: 'IMAGE' }, { type: 'BODY', text: '新品到貨!回覆 STOP 取消訂閱' }],
    },
  ];
}

function unknownObject(id: string): string {
  return JSON.stringify({
    error: {
      message: `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
      type: 'GraphMethodException',
      code: 100,
      error_subcode: 33,
      fbtrace_id: randomBytes(9).toString('base64url'),
    },
  });
}

function nonexistingField(field: string): string {
  return JSON.stringify({
    error: { message: `(#100) Tried accessing nonexisting field (${field}) on node type (WhatsAppBusinessPhoneNumber)`, type: 'OAuthException', code: 100, fbtrace_id: randomBytes(9).toString('base64url') },
  });
}

export async function startFakeGraphAccount(opts: FakeGraphAccountOptions = {}): Promise<FakeGraphAccount> {
  const token = opts.token ?? opts.messages?.token ?? 'test-token';
  const version = opts.version ?? opts.messages?.version ?? 'v27.0';
  const phoneNumberId = opts.phoneNumberId ?? opts.messages?.phoneNumberId ?? '1234567890';
  const wabaId = opts.wabaId ?? '9876543210';
  const phone: FakePhoneNumber = {
    display_phone_number: '+82 10-5555-0100',
    verified_name: 'Minji Flowers',
    quality_rating: 'GREEN',
    throughput: { level: 'STANDARD' },
    tier: 'TIER_2K',
    ...opts.phone,
  };
  const templates = opts.templates ?? sampleTemplates();
  const requests: FakeGraphAccount['requests'] = [];
  const steps: AccountStep[] = [];
  let origin = '';

  const send = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
  };

  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const target = opts.messages ? new URL(opts.messages.url) : undefined;
    if (!target) return send(res, 400, graphErrorBody(100, `Unknown path components: ${req.url ?? ''}`));
    const out = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    // The inner fake destroys the socket to simulate a lost response: pass that on.
    out.on('error', () => req.socket.destroy());
    req.pipe(out);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', origin);
    const parts = url.pathname.split('/').filter((p) => p !== '');
    const isPhone = req.method === 'GET' && parts.length === 2 && parts[0] === version;
    const isTemplates = req.method === 'GET' && parts.length === 3 && parts[0] === version && parts[2] === 'message_templates';
    if (!isPhone && !isTemplates) return forward(req, res);
    requests.push({ path: `${url.pathname}${url.search}`, authorization: req.headers.authorization });
    const step = steps.shift();
    if (step === 'hang') return; // never answers: the client's timeout must end it
    if (step === 'garbage') return send(res, 200, '<html>Bad gateway</html>');
    if (typeof step === 'object') return send(res, step.status, step.body);
    if (req.headers.authorization !== `Bearer ${token}`) return send(res, 401, graphErrorBody(190, 'Invalid OAuth access token - Cannot parse access token'));

    if (isPhone) {
      if (parts[1] !== phoneNumberId) return send(res, 400, unknownObject(parts[1] ?? ''));
      const fields = (url.searchParams.get('fields') ?? 'id,display_phone_number,verified_name').split(',').filter((f) => f !== '');
      const body: Record<string, unknown> = {};
      for (const field of fields) {
        if (!PHONE_FIELDS.has(field) || (opts.legacyOnly && field === 'whatsapp_business_manager_messaging_limit')) return send(res, 400, nonexistingField(field));
        if (field === 'messaging_limit_tier' || field === 'whatsapp_business_manager_messaging_limit') body[field] = phone.tier;
        else if (field === 'id') body.id = phoneNumberId;
        else if (field === 'code_verification_status') body[field] = 'VERIFIED';
        else if (field === 'name_status') body[field] = 'APPROVED';
        else body[field] = phone[field as Exclude<keyof FakePhoneNumber, 'tier'>]; // one of the phone's own fields, listed in PHONE_FIELDS
      }
      body.id = phoneNumberId;
      return send(res, 200, JSON.stringify(body));
    }

    if (parts[1] !== wabaId) return send(res, 400, unknownObject(parts[1] ?? ''));
    const limit = Math.min(Math.max(Number(url.searchParams.get('limit') ?? 25) || 25, 1), 1_000);
    const after = Number(Buffer.from(url.searchParams.get('after') ?? '', 'base64url').toString('utf8') || '0');
    const start = Number.isSafeInteger(after) && after >= 0 ? after : 0;
    const fields = (url.searchParams.get('fields') ?? 'name,language,status,category,id').split(',');
    const page = templates.slice(start, start + limit).map((t) => {
      const out: Record<string, unknown> = { id: t.id };
      for (const f of fields) if (f in t) out[f] = t[f as keyof FakeTemplate]; // only the asked-for fields
      return out;
    });
    const cursor = (n: number) => Buffer.from(String(n), 'utf8').toString('base64url');
    const paging: Record<string, unknown> = { cursors: { before: cursor(start), after: cursor(start + page.length) } };
    if (start + limit < templates.length) {
      const next = new URL(url.href);
      next.searchParams.set('after', cursor(start + limit));
      paging.next = next.href;
    }
    return send(res, 200, JSON.stringify({ data: page, paging }));
  };

  const server: Server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch {
      res.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port; // listen() on a TCP port gives an AddressInfo
  origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    token,
    version,
    phoneNumberId,
    wabaId,
    phone,
    templates,
    requests,
    script: (...more) => steps.push(...more),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
