/**
 * The Cloud API transport: `POST {base}/{version}/{phone-number-id}/messages` with a bearer token (DOMAIN.md §2),
 * or `/marketing_messages` for a promotional template when the shop turned the Marketing Messages API on.
 * Base URL and version are settings, so tests and the benchmark aim it at the local fake. Every response is
 * parsed from `unknown`; anything that might mean "WhatsApp has it" but is not a clear acceptance is ambiguous.
 */
import { classifyError, parseGraphError } from '../../../shared/domain/errorCodes';
import { looksLikeUserId } from '../../../shared/domain/identity';
import { isRecord } from '../../../shared/lib/guards';
import { NOT_SENT_HTTP, NOT_SENT_NETWORK, type MessageContent, type OutgoingMessage, type SendResult, type Transport } from './types';

export interface CloudApiConfig {
  apiBase: string;
  version: string;
  phoneNumberId: string;
  accessToken: string;
  /** Per-request timeout; after it the request is ambiguous (it may have been accepted). */
  timeoutMs?: number;
  /**
   * Send templates through the Marketing Messages API (`/marketing_messages`, DOMAIN.md §2) — the shop's setting,
   * applied by the caller only to promotional campaigns. Plain `/messages` is the fallback (see `send`).
   */
  marketingMessages?: boolean;
  /**
   * Names of the account's AUTHENTICATION templates (from the template cache): they need a phone number (DOMAIN.md
   * §2), so a person known only by their user id is skipped for them (`authentication_needs_phone`), never sent.
   */
  authenticationTemplates?: readonly string[];
  fetch?: typeof fetch;
}

/** Skip reasons for a person known only by their WhatsApp user id where the message cannot go without a phone. */
export const NEEDS_PHONE_AUTHENTICATION = 'authentication_needs_phone';

/**
 * The JSON body the Cloud API expects for one message: `to` (the number's digits), or `recipient` (the BSUID) for a
 * person known only by their WhatsApp user id (DOMAIN.md §2: "Sends may address `recipient` instead of `to`").
 */
export function requestBody(message: OutgoingMessage): Record<string, unknown> {
  const base = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    ...(looksLikeUserId(message.to) ? { recipient: message.to } : { to: message.to.replace(/^\+/, '') }),
    biz_opaque_callback_data: message.jobId,
  };
  return { ...base, ...contentBody(message.content) };
}

function contentBody(content: MessageContent): Record<string, unknown> {
  if (content.kind === 'text') return { type: 'text', text: { body: content.body, preview_url: content.previewUrl ?? false } };
  if (content.kind === 'media') {
    const media: Record<string, unknown> = content.id !== undefined ? { id: content.id } : { link: content.link };
    if (content.caption !== undefined && content.mediaType !== 'document') media.caption = content.caption;
    if (content.mediaType === 'document') {
      if (content.caption !== undefined) media.caption = content.caption;
      if (content.filename !== undefined) media.filename = content.filename;
    }
    return { type: content.mediaType, [content.mediaType]: media };
  }
  const header = content.headerMedia
    ? [{ type: 'header', parameters: [{ type: content.headerMedia.type, [content.headerMedia.type]: content.headerMedia.id !== undefined ? { id: content.headerMedia.id } : { link: content.headerMedia.link } }] }]
    : [];
  return {
    type: 'template',
    template: {
      name: content.name,
      language: { code: content.language },
      components: [...header, ...(content.bodyParams.length > 0 ? [{ type: 'body', parameters: content.bodyParams.map((text) => ({ type: 'text', text })) }] : [])],
    },
  };
}

/** Errors that prove the request never left this machine (so sending again cannot duplicate it). */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/** The errno-like code of a failed fetch (undici puts the socket's error in `cause`, sometimes nested). */
export function causeCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && isRecord(e); depth++) {
    if (typeof e.code === 'string') return e.code;
    e = e.cause;
  }
  return undefined;
}

/**
 * A refusal from the Marketing Messages edge that means "not for this number" rather than "not this message": the
 * edge is unsupported or not onboarded (100 with subcode 33 — Graph's "Unsupported post request"), or the token may
 * not use it (10, 200, 3). A definite refusal: nothing was sent, so the same message may go through `/messages`.
 */
export function marketingEdgeUnavailable(graph: { code: number; subcode?: number }): boolean {
  return (graph.code === 100 && graph.subcode === 33) || graph.code === 10 || graph.code === 200 || graph.code === 3;
}

export class CloudApiTransport implements Transport {
  readonly channel = 'cloud';
  private readonly url: string;
  private readonly marketingUrl: string;
  private readonly fetchFn: typeof fetch;
  /** Set once the Marketing Messages edge refused this number: the rest of the run uses `/messages`. */
  private marketingUnavailable = false;

  constructor(private readonly config: CloudApiConfig) {
    const base = `${config.apiBase.replace(/\/+$/, '')}/${config.version}/${encodeURIComponent(config.phoneNumberId)}`;
    this.url = `${base}/messages`;
    this.marketingUrl = `${base}/marketing_messages`;
    this.fetchFn = config.fetch ?? fetch;
  }

  /** Whether this transport fell back from the Marketing Messages API to `/messages` (shown in the campaign). */
  get fellBack(): boolean {
    return this.marketingUnavailable;
  }

  /**
   * A template of a promotional campaign goes through the Marketing Messages API when the shop turned it on. If that
   * edge refuses the number outright (`marketingEdgeUnavailable`), the same message is sent once through `/messages`
   * and the run stays there; any other answer (accepted, a message error, no answer) is final, so nothing is sent twice.
   */
  async send(message: OutgoingMessage): Promise<SendResult> {
    if (message.content.kind === 'template' && looksLikeUserId(message.to) && this.config.authenticationTemplates?.includes(message.content.name)) {
      return { kind: 'skipped', reason: NEEDS_PHONE_AUTHENTICATION };
    }
    if (this.config.marketingMessages === true && !this.marketingUnavailable && message.content.kind === 'template') {
      const first = await this.request(this.marketingUrl, message);
      if (first.graph === undefined || !marketingEdgeUnavailable(first.graph)) return first.result;
      this.marketingUnavailable = true;
    }
    return (await this.request(this.url, message)).result;
  }

  /** One POST; `graph` is Graph's error (code, subcode) when the answer was a definite refusal with Graph's body. */
  private async request(url: string, message: OutgoingMessage): Promise<{ result: SendResult; graph?: { code: number; subcode?: number } }> {
    let res: Response;
    try {
      res = await this.fetchFn(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.config.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(requestBody(message)),
        signal: AbortSignal.timeout(this.config.timeoutMs ?? 30_000),
      });
    } catch (error) {
      const code = causeCode(error);
      if (code !== undefined && NEVER_SENT.has(code)) {
        return { result: { kind: 'failed', code: NOT_SENT_NETWORK, message: `Could not reach WhatsApp (${code}).`, retryable: true } };
      }
      return { result: { kind: 'ambiguous', why: `The connection ended before WhatsApp answered (${code ?? (error instanceof Error ? error.name : 'error')}).` } };
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      body = undefined;
    }
    if (res.ok) {
      const id = isRecord(body) && Array.isArray(body.messages) && isRecord(body.messages[0]) ? body.messages[0].id : undefined;
      if (typeof id !== 'string' || id === '') return { result: { kind: 'ambiguous', why: `WhatsApp answered ${res.status} without a message id.` } };
      const waId = isRecord(body) && Array.isArray(body.contacts) && isRecord(body.contacts[0]) ? body.contacts[0].wa_id : undefined;
      const held = isRecord(body) && Array.isArray(body.messages) && isRecord(body.messages[0]) && body.messages[0].message_status === 'held_for_quality_assessment';
      return { result: { kind: 'accepted', wamid: id, ...(typeof waId === 'string' ? { waId } : {}), ...(held ? { held: true as const } : {}) } };
    }
    const graph = parseGraphError(body);
    if (!graph) {
      // A proxy's 502/504 may come after WhatsApp took the message; a 4xx without Graph's body did not reach it.
      return { result: res.status >= 500 ? { kind: 'ambiguous', why: `WhatsApp answered ${res.status} without an error body.` } : { kind: 'failed', code: NOT_SENT_HTTP, message: `HTTP ${res.status}`, retryable: false } };
    }
    const rule = classifyError(graph.code);
    const retryAfter = Number(res.headers.get('retry-after'));
    const result: SendResult = { kind: 'failed', code: graph.code, message: graph.details ?? graph.message, retryable: rule.retryable };
    if (Number.isFinite(retryAfter) && retryAfter > 0) result.retryAfterMs = retryAfter * 1_000;
    return { result, graph: { code: graph.code, ...(graph.subcode !== undefined ? { subcode: graph.subcode } : {}) } };
  }
}
