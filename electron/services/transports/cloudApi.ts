/**
 * The Cloud API transport: `POST {base}/{version}/{phone-number-id}/messages` with a bearer token (DOMAIN.md §2).
 * Base URL and version are settings, so tests and the benchmark aim it at the local fake. Every response is
 * parsed from `unknown`; anything that might mean "WhatsApp has it" but is not a clear acceptance is ambiguous.
 */
import { classifyError, parseGraphError } from '../../../shared/domain/errorCodes';
import { isRecord } from '../../../shared/lib/guards';
import { NOT_SENT_HTTP, NOT_SENT_NETWORK, type MessageContent, type OutgoingMessage, type SendResult, type Transport } from './types';

export interface CloudApiConfig {
  apiBase: string;
  version: string;
  phoneNumberId: string;
  accessToken: string;
  /** Per-request timeout; after it the request is ambiguous (it may have been accepted). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** The JSON body the Cloud API expects for one message. */
export function requestBody(message: OutgoingMessage): Record<string, unknown> {
  const base = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: message.to.replace(/^\+/, ''),
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

export class CloudApiTransport implements Transport {
  readonly channel = 'cloud';
  private readonly url: string;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly config: CloudApiConfig) {
    this.url = `${config.apiBase.replace(/\/+$/, '')}/${config.version}/${encodeURIComponent(config.phoneNumberId)}/messages`;
    this.fetchFn = config.fetch ?? fetch;
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    let res: Response;
    try {
      res = await this.fetchFn(this.url, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.config.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(requestBody(message)),
        signal: AbortSignal.timeout(this.config.timeoutMs ?? 30_000),
      });
    } catch (error) {
      const code = causeCode(error);
      if (code !== undefined && NEVER_SENT.has(code)) {
        return { kind: 'failed', code: NOT_SENT_NETWORK, message: `Could not reach WhatsApp (${code}).`, retryable: true };
      }
      return { kind: 'ambiguous', why: `The connection ended before WhatsApp answered (${code ?? (error instanceof Error ? error.name : 'error')}).` };
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      body = undefined;
    }
    if (res.ok) {
      const id = isRecord(body) && Array.isArray(body.messages) && isRecord(body.messages[0]) ? body.messages[0].id : undefined;
      if (typeof id !== 'string' || id === '') return { kind: 'ambiguous', why: `WhatsApp answered ${res.status} without a message id.` };
      const waId = isRecord(body) && Array.isArray(body.contacts) && isRecord(body.contacts[0]) ? body.contacts[0].wa_id : undefined;
      const held = isRecord(body) && Array.isArray(body.messages) && isRecord(body.messages[0]) && body.messages[0].message_status === 'held_for_quality_assessment';
      return { kind: 'accepted', wamid: id, ...(typeof waId === 'string' ? { waId } : {}), ...(held ? { held: true as const } : {}) };
    }
    const graph = parseGraphError(body);
    if (!graph) {
      // A proxy's 502/504 may come after WhatsApp took the message; a 4xx without Graph's body did not reach it.
      return res.status >= 500 ? { kind: 'ambiguous', why: `WhatsApp answered ${res.status} without an error body.` } : { kind: 'failed', code: NOT_SENT_HTTP, message: `HTTP ${res.status}`, retryable: false };
    }
    const rule = classifyError(graph.code);
    const retryAfter = Number(res.headers.get('retry-after'));
    const result: SendResult = { kind: 'failed', code: graph.code, message: graph.details ?? graph.message, retryable: rule.retryable };
    if (Number.isFinite(retryAfter) && retryAfter > 0) result.retryAfterMs = retryAfter * 1_000;
    return result;
  }
}
