/**
 * The webhook receiver's logic (DOMAIN.md §2 "Webhooks"), apart from the HTTP listener so it is tested by calling it:
 * - GET verification: hub.mode=subscribe and our verify token → 200 with the raw hub.challenge, else 403.
 * - POST: X-Hub-Signature-256 = `sha256=` and exactly 64 hex digits, the HMAC-SHA256 of the RAW request bytes with
 *   the app secret, compared in constant time; bodies over the cap are refused. A good body is answered only once
 *   what it says is stored: 200 after the events were applied (suppression, journal, inbox written), 503 when
 *   storing failed (a full disk), so Meta delivers it again (it retries for days and never after a 200). Storing is
 *   a few appends, well inside the time Meta waits.
 * - Payloads are parsed from `unknown`: batched entries and changes, statuses (deduped by wamid+status; the engine
 *   moves statuses only forward), inbound messages (opt-out words, shared/domain/optOut.ts) and user_preferences
 *   stop/resume. Unknown fields, types and garbage are ignored, never a crash.
 */
import { isRecord } from '../../shared/lib/guards';
import { classifyReply, type ReplyOptOut } from '../../shared/domain/optOut';
import { inboundText, parseBsuid, parseInboundContent, parseUsername, parseWaId, type InboundContent } from '../../shared/domain/inbound';
import type { IdentitySighting } from '../../shared/domain/identity';
import type { DeliveryStatus } from './journal';
import type { HmacSha256 } from './ports';

/** What a status webhook's `pricing` says of one message (DOMAIN.md §2 "Pricing"): the actual billing, not our estimate. */
export interface StatusPricing {
  billable: boolean;
  /** `PMP` (per message) today; kept as given. */
  model?: string;
  /** `regular`, `free_customer_service` or `free_entry_point`. */
  type?: string;
  /** `marketing`, `utility`, `authentication`, `authentication_international`, `service`, … */
  category?: string;
}

export type WebhookEvent =
  | {
      kind: 'status';
      wamid: string;
      status: DeliveryStatus;
      jobId?: string;
      recipient?: string;
      /** The recipient's business-scoped user id (`recipient_user_id`), when WhatsApp gives it. */
      recipientUserId?: string;
      timestamp: number;
      errorCode?: number;
      pricing?: StatusPricing;
    }
  /**
   * An inbound message. `from` is the sender's WhatsApp id (digits), absent for a username-only sender (no phone
   * number shown, DOMAIN.md §2 "Identity"); `userId` their BSUID and `username` their WhatsApp username when the
   * webhook carries them. Every message has `from` or `userId`. `contextId`: the wamid of our message the customer replied to.
   * `text` is what the opt-out rule read (`inboundText`): a text, a button's title, a caption.
   */
  | {
      kind: 'message';
      id: string;
      from?: string;
      userId?: string;
      username?: string;
      /** The name in the customer's WhatsApp profile (`contacts[].profile.name`). */
      profileName?: string;
      type: string;
      /** What was sent, by kind (absent on messages made before kinds were kept, and on Sandbox texts: see `text`). */
      content?: InboundContent;
      text?: string;
      timestamp: number;
      optOut: ReplyOptOut;
      contextId?: string;
      forwarded?: boolean;
    }
  | { kind: 'preference'; waId: string; userId?: string; value: 'stop' | 'resume'; category: string; timestamp: number }
  /** Meta's own agent has the chat (a `standby` change): nothing automatic may answer it then (issue 15). */
  | { kind: 'standby'; from?: string; userId?: string; timestamp: number }
  /** `message_template_status_update`, `template_category_update`, `message_template_quality_update`. */
  | {
      kind: 'template';
      change: 'status' | 'category' | 'quality';
      templateId?: string;
      name?: string;
      language?: string;
      /** For `status`: APPROVED, REJECTED, PAUSED, DISABLED, PENDING_DELETION, … as Meta writes it. */
      status?: string;
      reason?: string;
      previousCategory?: string;
      /** For `category`: the category the template is billed as from now. */
      category?: string;
      /** For `quality`: GREEN, YELLOW, RED or UNKNOWN. */
      quality?: string;
      timestamp: number;
    }
  /**
   * `phone_number_quality_update` / `business_capability_update`: the number's messaging limit (unique customers
   * outside a window per 24 h; null = unlimited), its quality event, its throughput. Our own count stays the fallback.
   */
  | { kind: 'limit'; messagingLimit?: number | null; event?: string; throughput?: number; timestamp: number };

export interface WebhookConfig {
  appSecret: string;
  verifyToken: string;
  /** The platform's HMAC (a port: services import no node: module). */
  hmacSha256: HmacSha256;
  /** Largest body accepted (Meta batches up to 1,000 changes; 3 MB is ample). */
  maxBodyBytes?: number;
}

export const DEFAULT_MAX_BODY = 3 * 1024 * 1024;

export interface WebhookResponse {
  status: number;
  body: string;
}

export function verifySubscription(query: URLSearchParams, verifyToken: string): WebhookResponse {
  const challenge = query.get('hub.challenge');
  if (query.get('hub.mode') === 'subscribe' && safeEqual(query.get('hub.verify_token') ?? '', verifyToken) && challenge !== null) {
    return { status: 200, body: challenge };
  }
  return { status: 403, body: 'Forbidden' };
}

/** Checks `sha256=<hex>` against the HMAC of the raw bytes. */
export function signatureValid(raw: Uint8Array, header: string | undefined, appSecret: string, hmacSha256: HmacSha256): boolean {
  // Only the exact shape: a lenient hex reader would stop at the first non-hex character and let "valid MAC + anything" pass.
  if (header === undefined || !/^sha256=[0-9a-fA-F]{64}$/.test(header)) return false;
  const hex = header.slice(7);
  const given = new Uint8Array(hex.length / 2);
  for (let i = 0; i < given.length; i++) given[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return constantTimeEqual(given, hmacSha256(appSecret, raw));
}

function safeEqual(a: string, b: string): boolean {
  const encoder = new TextEncoder();
  return constantTimeEqual(encoder.encode(a), encoder.encode(b));
}

/** Whether two byte strings are equal, in a time that does not say where they first differ (as crypto.timingSafeEqual). */
function constantTimeEqual(x: Uint8Array, y: Uint8Array): boolean {
  if (x.length !== y.length) return false;
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0); // i < length: both defined
  return diff === 0;
}

const STATUSES = new Set<string>(['sent', 'delivered', 'read', 'failed']);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const seconds = (v: unknown): number => {
  const n = Number(v);
  return Number.isFinite(n) ? n * 1_000 : 0;
};
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/**
 * A WhatsApp id (`wa_id`, `from`, `recipient_id`): the number's digits without "+", at most 15 (E.164). Anything
 * else (`../../etc/x`, 100,000 digits) is not a WhatsApp id and is never stored or turned into a contact.
 */
const waId = parseWaId;

/** The messaging limit a tier names (`TIER_250`, `TIER_2K`, `TIER_10K`, `TIER_100K`, `TIER_UNLIMITED`); null = unlimited. */
export function tierLimit(v: unknown): number | null | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v > 0 ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /^TIER_(\d+)(K?)$/i.exec(v.trim());
  if (m) return Number(m[1]) * (m[2] ? 1_000 : 1);
  return /^TIER_UNLIMITED$/i.test(v.trim()) ? null : undefined;
}

function pricingOf(v: unknown): StatusPricing | undefined {
  if (!isRecord(v) || typeof v.billable !== 'boolean') return undefined;
  const out: StatusPricing = { billable: v.billable };
  if (str(v.pricing_model)) out.model = str(v.pricing_model)!.slice(0, 40); // just checked
  if (str(v.type)) out.type = str(v.type)!.slice(0, 40); // just checked
  if (str(v.category)) out.category = str(v.category)!.slice(0, 40); // just checked
  return out;
}

/** Every event in a webhook body; anything unknown or malformed is skipped. */
export function parseWebhookPayload(body: unknown): WebhookEvent[] {
  const events: WebhookEvent[] = [];
  if (!isRecord(body) || body.object !== 'whatsapp_business_account') return events;
  for (const entry of list(body.entry)) {
    if (!isRecord(entry)) continue;
    for (const change of list(entry.changes)) {
      if (!isRecord(change) || !isRecord(change.value)) continue;
      const value = change.value;
      if (change.field === 'messages') {
        for (const s of list(value.statuses)) {
          if (!isRecord(s)) continue;
          const wamid = str(s.id);
          const status = str(s.status);
          if (!wamid || !status || !STATUSES.has(status)) continue;
          const code = list(s.errors).find(isRecord)?.code;
          const recipient = waId(s.recipient_id);
          const recipientUserId = parseBsuid(s.recipient_user_id);
          const pricing = pricingOf(s.pricing);
          events.push({
            kind: 'status',
            wamid,
            status: status as DeliveryStatus, // checked against STATUSES
            timestamp: seconds(s.timestamp),
            ...(str(s.biz_opaque_callback_data) ? { jobId: str(s.biz_opaque_callback_data)! } : {}), // just checked
            ...(recipient ? { recipient } : {}),
            ...(recipientUserId ? { recipientUserId } : {}),
            ...(typeof code === 'number' ? { errorCode: code } : {}),
            ...(pricing ? { pricing } : {}),
          });
        }
        // The sender's profile: `contacts[]` beside the messages (a system message has none).
        const profiles = list(value.contacts).filter(isRecord);
        for (const m of list(value.messages)) {
          if (!isRecord(m)) continue;
          const id = str(m.id);
          const from = waId(m.from);
          const userId = parseBsuid(m.from_user_id) ?? parseBsuid(m.user_id);
          const type = str(m.type);
          // A sender with only a user id (a username, no phone number shown) is kept: stores know them by the id.
          if (!id || (!from && !userId) || !type) continue;
          const profile = profiles.find((c) => (userId !== undefined && parseBsuid(c.user_id) === userId) || (from !== undefined && waId(c.wa_id) === from)) ?? (profiles.length === 1 ? profiles[0] : undefined);
          const content = parseInboundContent(m);
          const text = inboundText(content);
          const context = isRecord(m.context) ? m.context : undefined;
          const contextId = context ? str(context.id) : undefined;
          const username = isRecord(profile?.profile) ? parseUsername(profile.profile.username) : undefined;
          const profileName = isRecord(profile?.profile) ? str(profile.profile.name)?.slice(0, 256) : undefined;
          const ownUserId = userId ?? parseBsuid(profile?.user_id);
          events.push({
            kind: 'message',
            id,
            ...(from !== undefined ? { from } : {}),
            type,
            content,
            timestamp: seconds(m.timestamp),
            optOut: text !== undefined ? classifyReply(text) : { kind: 'none' },
            ...(text !== undefined ? { text } : {}),
            ...(contextId !== undefined ? { contextId } : {}),
            ...(ownUserId !== undefined ? { userId: ownUserId } : {}),
            ...(username !== undefined ? { username } : {}),
            ...(profileName !== undefined ? { profileName } : {}),
            ...(context && (context.forwarded === true || context.frequently_forwarded === true) ? { forwarded: true } : {}),
          });
        }
      } else if (change.field === 'user_preferences') {
        for (const p of list(value.user_preferences)) {
          if (!isRecord(p)) continue;
          const id = waId(p.wa_id);
          if (!id || (p.value !== 'stop' && p.value !== 'resume')) continue;
          const userId = parseBsuid(p.user_id);
          events.push({ kind: 'preference', waId: id, value: p.value, category: str(p.category) ?? 'marketing_messages', timestamp: seconds(p.timestamp), ...(userId ? { userId } : {}) });
        }
      } else if (change.field === 'standby') {
        for (const m of list(value.messages)) {
          if (!isRecord(m)) continue;
          const from = waId(m.from);
          const userId = parseBsuid(m.from_user_id) ?? parseBsuid(m.user_id);
          if (!from && !userId) continue;
          events.push({ kind: 'standby', timestamp: seconds(m.timestamp), ...(from ? { from } : {}), ...(userId ? { userId } : {}) });
        }
      } else if (change.field === 'message_template_status_update' || change.field === 'template_category_update' || change.field === 'message_template_quality_update') {
        const ev = templateEvent(change.field, value, seconds(entry.time));
        if (ev) events.push(ev);
      } else if (change.field === 'phone_number_quality_update' || change.field === 'business_capability_update') {
        // null (unlimited) is an answer: the first field that names a tier wins, not the first non-null one.
        const limit = [value.current_limit, value.max_daily_conversation_per_phone, value.max_daily_conversations_per_business].map(tierLimit).find((l) => l !== undefined);
        const throughput = Number(isRecord(value.throughput) ? value.throughput.level ?? value.throughput.messages_per_second : value.max_messages_per_second);
        const ev: Extract<WebhookEvent, { kind: 'limit' }> = { kind: 'limit', timestamp: seconds(entry.time) };
        if (limit !== undefined) ev.messagingLimit = limit;
        if (str(value.event)) ev.event = str(value.event)!.slice(0, 40); // just checked
        if (Number.isFinite(throughput) && throughput > 0) ev.throughput = throughput;
        if (ev.messagingLimit !== undefined || ev.event !== undefined || ev.throughput !== undefined) events.push(ev);
      }
    }
  }
  return events;
}

function templateEvent(field: string, v: Record<string, unknown>, timestamp: number): WebhookEvent | undefined {
  const idRaw = v.message_template_id;
  const templateId = typeof idRaw === 'number' || typeof idRaw === 'string' ? String(idRaw).slice(0, 40) : undefined;
  const name = str(v.message_template_name)?.slice(0, 512);
  if (templateId === undefined && name === undefined) return undefined;
  const base = {
    kind: 'template' as const,
    timestamp,
    ...(templateId !== undefined ? { templateId } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(str(v.message_template_language) ? { language: str(v.message_template_language)!.slice(0, 20) } : {}), // just checked
  };
  if (field === 'message_template_status_update') {
    const status = str(v.event);
    if (!status) return undefined;
    return { ...base, change: 'status', status: status.slice(0, 40), ...(str(v.reason) && v.reason !== 'NONE' ? { reason: str(v.reason)!.slice(0, 200) } : {}) }; // just checked
  }
  if (field === 'template_category_update') {
    const category = str(v.new_category) ?? str(v.correct_category);
    if (!category) return undefined;
    return { ...base, change: 'category', category: category.slice(0, 40), ...(str(v.previous_category) ? { previousCategory: str(v.previous_category)!.slice(0, 40) } : {}) }; // just checked
  }
  const quality = str(v.new_quality_score);
  return quality ? { ...base, change: 'quality', quality: quality.slice(0, 20) } : undefined;
}

/**
 * One receiver: hands a request's new events to `onEvents` and answers when that has stored them. Exact duplicates
 * (the same wamid and status, the same inbound message id) are dropped here; ordering is the engine's job.
 */
export class WebhookReceiver {
  private readonly seen = new Set<string>();
  private readonly seenOrder: string[] = [];
  readonly stats = { accepted: 0, badSignature: 0, tooLarge: 0, unparseable: 0, duplicates: 0, notStored: 0 };
  /** Why the last body could not be stored (shown by the receiver's status), until one is stored again. */
  lastStoreError: string | undefined;

  constructor(
    private readonly config: WebhookConfig,
    private readonly onEvents: (events: WebhookEvent[]) => void | Promise<void>,
    private readonly dedupeMemory = 100_000,
  ) {}

  get maxBodyBytes(): number {
    return this.config.maxBodyBytes ?? DEFAULT_MAX_BODY;
  }

  /** For GET requests. */
  verify(query: URLSearchParams): WebhookResponse {
    return verifySubscription(query, this.config.verifyToken);
  }

  /**
   * For POST requests, with the raw bytes as received (`tooLarge` when the listener stopped reading at the cap).
   * Resolves with the answer once the body's new events are stored, or with 503 when storing them failed: then their
   * dedupe keys are forgotten, so Meta's next delivery of the same body is applied in full (every sink is idempotent).
   */
  async receive(raw: Uint8Array, signature: string | undefined, tooLarge = false): Promise<WebhookResponse> {
    if (tooLarge || raw.byteLength > this.maxBodyBytes) {
      this.stats.tooLarge++;
      return { status: 413, body: 'Payload too large' };
    }
    if (!signatureValid(raw, signature, this.config.appSecret, this.config.hmacSha256)) {
      this.stats.badSignature++;
      return { status: 401, body: 'Bad signature' };
    }
    let body: unknown;
    try {
      // ignoreBOM: a byte-order mark stays in the text, so a body that starts with one is not JSON (Meta sends none).
      body = JSON.parse(new TextDecoder('utf-8', { ignoreBOM: true }).decode(raw));
    } catch {
      // Signed by Meta but not JSON: a retry would bring the same bytes, so there is nothing to wait for.
      this.stats.unparseable++;
      return { status: 200, body: 'OK' };
    }
    const fresh = parseWebhookPayload(body).filter((e) => this.firstTime(e));
    if (fresh.length > 0) {
      try {
        await this.onEvents(fresh);
      } catch (error) {
        for (const e of fresh) this.forget(e);
        this.stats.notStored++;
        this.lastStoreError = error instanceof Error ? error.message : String(error);
        return { status: 503, body: 'Not stored; please retry' };
      }
    }
    this.stats.accepted++;
    this.lastStoreError = undefined;
    return { status: 200, body: 'OK' };
  }

  private keyOf(e: WebhookEvent): string {
    switch (e.kind) {
      case 'status':
        return `s:${e.wamid}:${e.status}`;
      case 'message':
        return `m:${e.id}`;
      case 'preference':
        return `p:${e.waId}:${e.value}:${e.timestamp}`;
      case 'standby':
        return `b:${e.from ?? ''}:${e.userId ?? ''}:${e.timestamp}`;
      case 'template':
        return `t:${e.templateId ?? e.name ?? ''}:${e.change}:${e.status ?? e.category ?? e.quality ?? ''}:${e.timestamp}`;
      case 'limit':
        return `l:${e.messagingLimit ?? 'u'}:${e.event ?? ''}:${e.throughput ?? ''}:${e.timestamp}`;
    }
  }

  private forget(e: WebhookEvent): void {
    this.seen.delete(this.keyOf(e)); // seenOrder keeps the key; deleting it again later is harmless
  }

  private firstTime(e: WebhookEvent): boolean {
    const key = this.keyOf(e);
    if (this.seen.has(key)) {
      this.stats.duplicates++;
      return false;
    }
    this.seen.add(key);
    this.seenOrder.push(key);
    if (this.seenOrder.length > this.dedupeMemory) this.seen.delete(this.seenOrder.shift()!); // length > 0
    return true;
  }
}

export interface WebhookSinks {
  /** A delivery status for one of our messages (the engine settles ambiguous jobs and moves statuses forward). */
  /** A status for one of our messages, with what WhatsApp billed for it (`pricing`, DOMAIN.md §2) when it said. */
  status?: (s: { wamid: string; status: DeliveryStatus; jobId?: string; code?: number; pricing?: StatusPricing }) => Promise<unknown>;
  suppression: {
    /** Whether the person (a phone or a user id) is suppressed under any of their identifiers. */
    has(contact: string): boolean;
    /** `contact`: the phone when known, else the user id; `userId` beside a phone when known. */
    add(entry: { contact: string; userId?: string; reason: 'opted_out' | 'stopped_marketing'; at: number; source?: string }): Promise<void>;
    /** Why the contact is suppressed, if they are (a `resume` lifts only the platform's own stop). */
    get?(contact: string): { reason: string } | undefined;
    /** Lifts the person's entries (with `only`, those of that reason only). */
    remove?(contact: string, at: number, only?: 'stopped_marketing'): Promise<void>;
    /**
     * The identity book (phone ↔ user id, identities.ts): learns from every message, status and preference that
     * carries both, moves on `user_changed_user_id`, and gives the phone of a username-only sender. Real webhooks
     * only: simulated (Sandbox) events teach nothing.
     */
    identities?: {
      see(s: IdentitySighting, at: number): Promise<void>;
      move(change: { from: string; to: string }, at: number): Promise<void>;
      phoneOf(userId: string): string | undefined;
      userIdOf(key: string): string | undefined;
    };
  };
  /** Sends the one confirmation of an opt-out reply (DOMAIN.md §4: "confirmed once"); not called for repeats. */
  confirmOptOut?: (contact: string) => Promise<void>;
  /** A reply that mentions an opt-out word inside a longer message: a person should read it (DOMAIN.md §4). `from`: the phone, else the user id. */
  flagged?: (m: { from: string; text: string; word: string }) => void;
  /** Every inbound message (the app's inbox); called before the opt-out is applied. */
  message?: (m: Extract<WebhookEvent, { kind: 'message' }>) => Promise<void>;
  /** A template's status, category or quality changed (the templates and the campaigns that use them follow). */
  template?: (t: Extract<WebhookEvent, { kind: 'template' }>) => Promise<void>;
  /** The number's messaging limit, quality or throughput changed (the budget follows; our count is the fallback). */
  limit?: (l: Extract<WebhookEvent, { kind: 'limit' }>) => Promise<void>;
  /** Meta's agent has this chat for now: automatic answers wait (issue 15). */
  standby?: (s: Extract<WebhookEvent, { kind: 'standby' }>) => void;
  now: () => number;
}

/** Applies events: statuses to the engine, opt-out replies and user_preferences "stop" to the suppression list at once. */
export async function applyWebhookEvents(events: readonly WebhookEvent[], sinks: WebhookSinks): Promise<void> {
  const identities = sinks.suppression.identities;
  for (const e of events) {
    if (e.kind === 'status') {
      // The first status carrying both the number and the user id links them (DOMAIN.md §2 "Identity").
      if (e.recipient !== undefined && e.recipientUserId !== undefined) await identities?.see({ waId: e.recipient, userId: e.recipientUserId }, sinks.now());
      await sinks.status?.({ wamid: e.wamid, status: e.status, ...(e.jobId !== undefined ? { jobId: e.jobId } : {}), ...(e.errorCode !== undefined ? { code: e.errorCode } : {}), ...(e.pricing !== undefined ? { pricing: e.pricing } : {}) });
    } else if (e.kind === 'message') {
      // Who wrote is learnt first, so the inbox and the opt-out below know the phone of a username-only sender.
      if (identities) await learnFrom(e, identities, sinks.now());
      const phone = e.from !== undefined ? `+${e.from}` : e.userId !== undefined ? identities?.phoneOf(e.userId) : undefined;
      const userId = e.userId ?? (phone !== undefined ? identities?.userIdOf(phone) : undefined);
      const contact = phone ?? userId;
      // The inbox first (the screen shows the message that caused the opt-out), but an inbox that cannot be written
      // never holds back the opt-out: it is applied and stored, then the inbox's failure is reported (503, retried).
      const stored = await sinks.message?.(e).then(
        () => undefined,
        (error: unknown) => ({ error }),
      );
      // wa_id is digits without "+"; it may differ from the number dialled (BR, MX, AR): suppression looks under
      // every form. A username-only sender is suppressed under their user id (and the phone once it is linked).
      if (contact === undefined) {
        // parseWebhookPayload never makes such a message
      } else if (e.optOut.kind === 'opt_out') {
        const already = sinks.suppression.has(contact);
        await sinks.suppression.add({ contact, ...(phone !== undefined && userId !== undefined ? { userId } : {}), reason: 'opted_out', at: sinks.now(), source: e.text ?? '' });
        // The confirmation goes to the number when there is one, else to the user id (the Cloud API's `recipient`),
        // so a username-only sender is told too.
        if (!already) await sinks.confirmOptOut?.(contact);
      } else if (e.optOut.kind === 'flagged') sinks.flagged?.({ from: contact, text: e.text ?? '', word: e.optOut.word });
      if (stored) throw stored.error;
    } else if (e.kind === 'template') {
      await sinks.template?.(e);
    } else if (e.kind === 'limit') {
      await sinks.limit?.(e);
    } else if (e.kind === 'standby') {
      sinks.standby?.(e);
    } else if (e.value === 'stop') {
      await learnPreference(e, identities, sinks.now());
      await sinks.suppression.add({ contact: `+${e.waId}`, ...(e.userId !== undefined ? { userId: e.userId } : {}), reason: 'stopped_marketing', at: sinks.now(), source: 'user_preferences' });
    } else if (e.value === 'resume') {
      // DOMAIN.md §2: "resume" lifts only the platform's marketing block (the chat-menu stop), never the shop's own
      // STOP opt-out, nor an unreachable number.
      await learnPreference(e, identities, sinks.now());
      const contact = `+${e.waId}`;
      if (sinks.suppression.get?.(contact)?.reason === 'stopped_marketing') await sinks.suppression.remove?.(contact, sinks.now(), 'stopped_marketing');
    }
  }
}

/**
 * What one message says about who wrote it: `user_changed_user_id` moves the link from the sender's id (or the id of
 * the number they wrote from) to the new one; any other message links its phone and user id when it has both.
 */
async function learnFrom(e: Extract<WebhookEvent, { kind: 'message' }>, identities: NonNullable<WebhookSinks['suppression']['identities']>, at: number): Promise<void> {
  const c = e.content;
  if (c?.type === 'system' && c.change === 'user_changed_user_id' && c.newUserId !== undefined) {
    const from = e.userId ?? (e.from !== undefined ? identities.userIdOf(`+${e.from}`) : undefined);
    if (from !== undefined) await identities.move({ from, to: c.newUserId }, at);
    return;
  }
  const s: IdentitySighting = {
    ...(e.userId !== undefined ? { userId: e.userId } : {}),
    ...(e.from !== undefined ? { waId: e.from } : {}),
    ...(e.username !== undefined ? { username: e.username } : {}),
  };
  await identities.see(s, at);
}

/** A `user_preferences` change carries the number and, since 2026, the user id: a link like any other. */
async function learnPreference(e: Extract<WebhookEvent, { kind: 'preference' }>, identities: WebhookSinks['suppression']['identities'], at: number): Promise<void> {
  if (e.userId !== undefined) await identities?.see({ waId: e.waId, userId: e.userId }, at);
}
