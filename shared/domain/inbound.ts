/**
 * What a customer sent, as data every process can read: main stores it (inbox), the renderer shows it (inbox thread)
 * and the rules read its text (opt-out words, triage). Parsed from WhatsApp's inbound message object (DOMAIN.md §2
 * "Webhooks": text, button, interactive button_reply / list_reply / nfm_reply, reaction, image / video / audio /
 * document / sticker, location, contacts, unsupported, system) from `unknown`: a missing or odd field leaves the field
 * out, an unknown type becomes `other` with its type name, and nothing here throws.
 *
 * Identity (DOMAIN.md §2 "Identity"): a business-scoped user id (BSUID) is "two letters, a dot, up to 128 letters and
 * digits" (a parent id has `ENT.` after the country); it is an opaque id, never a phone number, and never goes
 * through the phone parser.
 */

const MAX_TEXT = 4_096; // WhatsApp's own cap on a text body; longer is cut, never refused
const MAX_SHORT = 256;
const MAX_CONTACTS = 20;

export type MediaKind = 'image' | 'video' | 'audio' | 'document' | 'sticker';
const MEDIA: readonly string[] = ['image', 'video', 'audio', 'document', 'sticker'];

export type InboundContent =
  | { type: 'text'; body: string }
  /** A template's quick-reply button: what it says and the payload the template gave it. */
  | { type: 'button'; text?: string; payload?: string }
  | { type: 'button_reply'; id?: string; title?: string }
  | { type: 'list_reply'; id?: string; title?: string; description?: string }
  /** A WhatsApp Flow's answer: `response` is the Flow's JSON as sent (capped), `body` its summary line. */
  | { type: 'nfm_reply'; name?: string; body?: string; response?: string }
  /** A reaction on one of our messages; an empty emoji takes a reaction away. */
  | { type: 'reaction'; messageId?: string; emoji: string }
  | { type: MediaKind; mediaId?: string; mimeType?: string; caption?: string; filename?: string; bytes?: number; animated?: boolean; voice?: boolean }
  | { type: 'location'; latitude?: number; longitude?: number; name?: string; address?: string }
  | { type: 'contacts'; contacts: { name?: string; phones: string[] }[] }
  /** WhatsApp could not pass the message on (e.g. a poll, a view-once photo); `code` and `title` say why. */
  | { type: 'unsupported'; code?: number; title?: string }
  /**
   * A notice from WhatsApp: the customer changed number (`newWaId`) or their user id changed (`newUserId`).
   * `change` is WhatsApp's own type (`user_changed_number`, `user_changed_user_id`, …).
   */
  | { type: 'system'; change?: string; body?: string; newWaId?: string; newUserId?: string }
  /** A type Shopcast does not know (yet): kept and shown as "a message Shopcast cannot display". */
  | { type: 'other'; waType: string };

export type InboundType = InboundContent['type'];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const cut = (s: string, max: number): string => (s.length > max ? s.slice(0, max) : s);
const text = (v: unknown, max = MAX_SHORT): string | undefined => (typeof v === 'string' && v !== '' ? cut(v, max) : undefined);
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
};

/** Adds only the fields that have a value (the stored line stays small and `undefined` never reaches JSON). */
function defined<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

/** A WhatsApp id as webhooks write it (digits of the number, no "+"; at most 15, E.164). */
export function parseWaId(v: unknown): string | undefined {
  return typeof v === 'string' && /^[1-9][0-9]{5,14}$/.test(v) ? v : undefined;
}

/** A business-scoped user id (`KR.1349…`, parent `KR.ENT.1349…`); anything else is not one. */
export function parseBsuid(v: unknown): string | undefined {
  return typeof v === 'string' && /^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}$/.test(v) ? v : undefined;
}

/** A WhatsApp username as shown to the shop (`@maria.lopez`): a display name, never an identity key. */
export function parseUsername(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  return /^@?[\p{L}\p{N}._-]{1,64}$/u.test(s) ? (s.startsWith('@') ? s : `@${s}`) : undefined;
}

/** The content of one inbound message object (`messages[i]` of a webhook). */
export function parseInboundContent(m: Record<string, unknown>): InboundContent {
  const type = typeof m.type === 'string' ? m.type : '';
  const part = isRecord(m[type]) ? (m[type] as Record<string, unknown>) : {}; // the object named by the type, e.g. m.text
  if (type === 'text') {
    const body = text(part.body, MAX_TEXT);
    return body !== undefined ? { type: 'text', body } : { type: 'other', waType: 'text' };
  }
  if (type === 'button') return defined({ type: 'button' as const, text: text(part.text), payload: text(part.payload) });
  if (type === 'interactive') {
    const kind = typeof part.type === 'string' ? part.type : '';
    const reply = isRecord(part[kind]) ? (part[kind] as Record<string, unknown>) : {};
    if (kind === 'button_reply') return defined({ type: 'button_reply' as const, id: text(reply.id), title: text(reply.title) });
    if (kind === 'list_reply') return defined({ type: 'list_reply' as const, id: text(reply.id), title: text(reply.title), description: text(reply.description) });
    if (kind === 'nfm_reply') return defined({ type: 'nfm_reply' as const, name: text(reply.name), body: text(reply.body, MAX_TEXT), response: text(reply.response_json, MAX_TEXT) });
    return { type: 'other', waType: kind ? `interactive.${cut(kind, 40)}` : 'interactive' };
  }
  if (type === 'reaction') return defined({ type: 'reaction' as const, messageId: text(part.message_id), emoji: typeof part.emoji === 'string' ? cut(part.emoji, 16) : '' });
  if (MEDIA.includes(type)) {
    const bytes = num(part.file_size);
    return defined({
      type: type as MediaKind, // one of MEDIA, checked above
      mediaId: text(part.id),
      mimeType: text(part.mime_type, 100),
      caption: text(part.caption, MAX_TEXT),
      filename: text(part.filename),
      bytes: bytes !== undefined && bytes >= 0 ? bytes : undefined,
      animated: part.animated === true ? true : undefined,
      voice: part.voice === true ? true : undefined,
    });
  }
  if (type === 'location') {
    const lat = num(part.latitude);
    const lon = num(part.longitude);
    return defined({
      type: 'location' as const,
      latitude: lat !== undefined && Math.abs(lat) <= 90 ? lat : undefined,
      longitude: lon !== undefined && Math.abs(lon) <= 180 ? lon : undefined,
      name: text(part.name),
      address: text(part.address),
    });
  }
  if (type === 'contacts') {
    const list = Array.isArray(m.contacts) ? m.contacts.slice(0, MAX_CONTACTS) : [];
    return {
      type: 'contacts',
      contacts: list.filter(isRecord).map((c) => {
        const name = isRecord(c.name) ? text(c.name.formatted_name) ?? text(c.name.first_name) : undefined;
        const phones = (Array.isArray(c.phones) ? c.phones : []).filter(isRecord).map((p) => text(p.phone, 40) ?? text(p.wa_id, 40)).filter((p): p is string => p !== undefined).slice(0, 10);
        return defined({ name, phones });
      }),
    };
  }
  if (type === 'unsupported') {
    const error = Array.isArray(m.errors) ? m.errors.find(isRecord) : undefined;
    return defined({ type: 'unsupported' as const, code: num(error?.code), title: text(error?.title) ?? text(error?.message) });
  }
  if (type === 'system') {
    return defined({ type: 'system' as const, change: text(part.type, 64), body: text(part.body, MAX_TEXT), newWaId: parseWaId(part.wa_id), newUserId: parseBsuid(part.user_id) });
  }
  return { type: 'other', waType: type ? cut(type, 40) : 'unknown' };
}

/**
 * The words a person wrote, for opt-out words, triage and search: a text body, a button's or list row's title, a
 * Flow's summary, a caption. Reactions, locations and notices have none (an emoji is not an opt-out).
 */
export function inboundText(c: InboundContent): string | undefined {
  switch (c.type) {
    case 'text':
      return c.body;
    case 'button':
      return c.text ?? c.payload;
    case 'button_reply':
    case 'list_reply':
      return c.title;
    case 'nfm_reply':
      return c.body;
    case 'image':
    case 'video':
    case 'document':
      return c.caption;
    default:
      return undefined;
  }
}
