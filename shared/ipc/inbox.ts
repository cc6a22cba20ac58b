/**
 * What main keeps about people and their answers, in the IPC contract: the suppression list, the inbox of replies
 * (numbered by main: `inbox:received` says there is more, `inbox:since` pulls it) and the webhook receiver's status.
 */
import type { ReportedPricing } from '../domain/campaign/costs';
import { parseBsuid } from '../domain/inbound';
import type { MessageContent } from '../domain/message';
import { isRecord, parseString, rejectUnknownKeys, type Parser } from '../lib/guards';
import { fail, ok } from '../lib/result';
import { E164_RE } from './fields';
import { parseMessageContent } from './messageContent';

export type SuppressionReason = 'opted_out' | 'stopped_marketing' | 'unreachable';

export interface SuppressionView {
  contact: string;
  reason: SuppressionReason;
  at: number;
  source?: string;
}

export interface InboxMessage {
  /** Main's number for this message (1, 2, 3… never reused). */
  seq: number;
  /** WhatsApp's message id (wamid). */
  id: string;
  /**
   * Who wrote: E.164 of the sender, or their WhatsApp user id (BSUID, `KR.1349…`) when WhatsApp showed no number
   * (a username-only customer) and main knows none linked to it.
   */
  from: string;
  /** The sender's business-scoped user id, when the webhook carried it. */
  userId?: string;
  /** The sender's WhatsApp username (`@name`), for display only. */
  username?: string;
  type: string;
  text?: string;
  at: number;
  optOut: 'none' | 'opt_out' | 'flagged';
  /** The opt-out word found, for `opt_out` and `flagged`. */
  word?: string;
  /** The campaign and job this reply answers, when WhatsApp's context or the last message to this number says so. */
  campaign?: string;
  job?: string;
  sandbox?: boolean;
}

export interface InboxPage {
  messages: InboxMessage[];
  /** The highest seq main has; ask again with `after` = the last message's seq while it is lower. */
  last: number;
}

export interface WebhookStatus {
  running: boolean;
  /** Listening port on 127.0.0.1 when running. */
  port?: number;
  /** The port the shop chose (used at the next start). */
  configuredPort: number;
  /** Missing pieces that stop it from starting ("app secret", "verify token"). */
  missing: string[];
  stats: { accepted: number; badSignature: number; tooLarge: number; unparseable: number; duplicates: number };
  lastEventAt?: number;
  error?: string;
}

export const parseSuppressionRemove: Parser<{ contact: string }> = (input) => {
  if (!isRecord(input) || typeof input.contact !== 'string' || !E164_RE.test(input.contact)) return fail('invalid_input', 'Expected { contact: an E.164 number }.');
  return ok({ contact: input.contact });
};

export const parseInboxSince: Parser<{ after: number; limit: number }> = (input) => {
  if (!isRecord(input) || typeof input.after !== 'number' || !Number.isSafeInteger(input.after) || input.after < 0) {
    return fail('invalid_input', 'inbox:since needs { after: a whole number ≥ 0 }.');
  }
  const limit = input.limit ?? 1_000;
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1 || limit > 5_000) return fail('invalid_input', 'limit must be 1 to 5,000.');
  return ok({ after: input.after, limit });
};

export const parseWebhookStart: Parser<{ port?: number }> = (input) => {
  if (input === undefined || input === null) return ok({});
  if (!isRecord(input)) return fail('invalid_input', 'Expected { port? }.');
  if (input.port === undefined) return ok({});
  const p = input.port;
  return typeof p === 'number' && Number.isInteger(p) && p >= 1024 && p <= 65535 ? ok({ port: p }) : fail('invalid_input', 'port must be 1024 to 65535.', { field: 'port' });
};

// ── Answers (issue 14 point 3): a person's answer from the Inbox, sent and journaled by main ───────────────────

/**
 * The channels of answers. Main sends on `cloud` and `sandbox`; `assisted` is only the person's mark "I sent it"
 * (they sent the text themselves in WhatsApp from the chat the renderer opened): main journals it as sent and never
 * sends on it.
 */
export const ANSWER_CHANNELS = ['cloud', 'sandbox', 'assisted'] as const;
export type AnswerChannel = (typeof ANSWER_CHANNELS)[number];

export interface AnswerInput {
  /** E.164 of the customer, or their WhatsApp user id when no number is known (never on Assisted: wa.me needs a number). */
  to: string;
  /** Free text (or media) inside the customer's 24-hour window; a template outside it. */
  content: MessageContent;
  /** The customer's message this answers (its wamid), shown quoted. */
  quote?: string;
  /** Who at the shop answered (the staff switch). */
  staff?: string;
  channel: AnswerChannel;
}

/**
 * Why main refused an answer (`AppFailure('conflict', …, { refusal, …params })`; nothing was journaled or sent):
 * - `window_closed`: free text outside the 24-hour window (`closedAt` when the customer ever wrote): pick a template;
 * - `opted_out`: the customer is on the suppression list (`reason`) and this is not a text answer to their own
 *   message inside the window (a service reply is allowed, promotion is not);
 * - `cloud_not_connected`: the Cloud API has no token or number yet;
 * - `closing`: Shopcast is closing.
 */
export const ANSWER_REFUSALS = ['window_closed', 'opted_out', 'cloud_not_connected', 'closing'] as const;
export type AnswerRefusal = (typeof ANSWER_REFUSALS)[number];

/**
 * Where an answer is, WhatsApp's ticks included: `sending` (journaled, not yet taken), `accepted` (WhatsApp took it,
 * no tick yet), `sent` ✓, `delivered` ✓✓, `read` (blue ✓✓), `failed` (not delivered: `code`/`reason`), `unclear` (it may
 * or may not have gone: Shopcast stopped mid-send or the answer was lost; never resent on its own, a status settles
 * it), `not_sent` (certainly not sent: `reason`, e.g. Shopcast closed before sending it).
 */
export type AnswerState = 'sending' | 'accepted' | 'sent' | 'delivered' | 'read' | 'failed' | 'unclear' | 'not_sent';

export interface AnswerView {
  id: string;
  to: string;
  content: MessageContent;
  quote?: string;
  staff?: string;
  /** Sent by the shop's automation, by this rule (`keyword:<name>`, `greeting`, `away`): shown as "automatic". */
  automatic?: { source: string };
  channel: AnswerChannel;
  createdAt: number;
  state: AnswerState;
  /** WhatsApp's error code for `failed` (DOMAIN.md §3), when there is one. */
  code?: number;
  /** How WhatsApp billed it: the `pricing` of its last status webhook that carried one (priced by the rate table). */
  billed?: ReportedPricing;
  /** Main's reason (English) or reason code for `failed`, `unclear` and `not_sent`. */
  reason?: string;
  wamid?: string;
  /** When each step was first recorded. */
  times?: Partial<Record<'accepted' | 'sent' | 'delivered' | 'read' | 'failed', number>>;
  /** The answers' change counter when this one last changed (`inbox:answers` pages by it). */
  rev: number;
}

export interface AnswersPage {
  /** Names this run's numbering of `rev` (pull from 0 when it changed). */
  generation: string;
  rev: number;
  /** Answers changed after the asked rev, oldest change first. */
  answers: AnswerView[];
}

const WAMID_MAX = 200;
const STAFF_MAX = 80;

export const parseAnswerInput: Parser<AnswerInput> = (input) => {
  if (!isRecord(input)) return fail('invalid_input', 'Expected { to, content, channel, quote?, staff? }.');
  const known = rejectUnknownKeys(input, ['to', 'content', 'quote', 'staff', 'channel']);
  if (!known.ok) return known;
  // A customer known only by their WhatsApp user id (no number shown) is answered by it (DOMAIN.md §2 "Identity").
  if (typeof input.to !== 'string' || (!E164_RE.test(input.to) && parseBsuid(input.to) === undefined)) return fail('invalid_input', 'to must be an E.164 number or a WhatsApp user id.', { field: 'to' });
  if (input.channel !== 'cloud' && input.channel !== 'sandbox' && input.channel !== 'assisted') return fail('invalid_input', `channel must be one of: ${ANSWER_CHANNELS.join(', ')}.`, { field: 'channel' });
  const content = parseMessageContent(input.content);
  if (!content.ok) return content;
  // A wa.me chat is pre-filled with text only: an Assisted mark records a text the person sent.
  if (input.channel === 'assisted' && content.value.kind !== 'text') return fail('invalid_input', 'An Assisted answer is a text the person sent in WhatsApp.', { field: 'content' });
  const out: AnswerInput = { to: input.to, content: content.value, channel: input.channel };
  if (input.quote !== undefined) {
    const quote = parseString(input.quote, 'quote', { min: 1, max: WAMID_MAX });
    if (!quote.ok) return quote;
    out.quote = quote.value;
  }
  if (input.staff !== undefined) {
    const staff = parseString(input.staff, 'staff', { min: 1, max: STAFF_MAX });
    if (!staff.ok) return staff;
    out.staff = staff.value;
  }
  return ok(out);
};

export const parseAnswersSince: Parser<{ sinceRev: number }> = (input) => {
  if (!isRecord(input) || typeof input.sinceRev !== 'number' || !Number.isSafeInteger(input.sinceRev) || input.sinceRev < 0) {
    return fail('invalid_input', 'inbox:answers needs { sinceRev: a whole number ≥ 0 }.');
  }
  return ok({ sinceRev: input.sinceRev });
};

/** The refusal code in an `inbox:answer` error's details, when it is one this build knows. */
export function answerRefusalOf(details: Readonly<Record<string, string | number | boolean>> | undefined): AnswerRefusal | undefined {
  const r = details?.refusal;
  return typeof r === 'string' && (ANSWER_REFUSALS as readonly string[]).includes(r) ? (r as AnswerRefusal) : undefined; // checked against the list
}

// ── Conversation actions and staff (issue 14 points 5–6): what people do in the Inbox, kept by main ───────────────

/** What a person did to a conversation; main keeps them in `conversations.jsonl`, numbered by `seq`. */
export const CONVERSATION_ACTION_KINDS = ['status', 'priority', 'read', 'assign', 'note'] as const;
export type ConversationActionKind = (typeof CONVERSATION_ACTION_KINDS)[number];

export type ConversationActionInput = {
  /** The customer's identity (E.164, or a WhatsApp user id). */
  identity: string;
  at: number;
  /** A key the renderer gives (its local action's id when migrating): an action with a known key is not added twice. */
  key?: string;
  /** Who at the counter did it. */
  by?: string;
} & (
  | { kind: 'status'; status: 'open' | 'done' }
  | { kind: 'priority'; priority: 'high' | 'medium' | 'low' }
  | { kind: 'read' }
  /** `staff: null` takes the conversation off everyone's list. */
  | { kind: 'assign'; staff: string | null }
  | { kind: 'note'; text: string }
);

export type ConversationAction = ConversationActionInput & { seq: number };

export interface ConversationActionsPage {
  actions: ConversationAction[];
  /** The highest seq main has; ask again with `after` = the last action's seq while it is lower. */
  last: number;
}

/** The staff names on this PC and who is at the counter now (`current`, one of `names`, or none). */
export interface StaffView {
  names: string[];
  current: string | null;
}

export const IDENTITY_MAX = 200;
export const STAFF_NAMES_MAX = 50;
export const NOTE_MAX = 2_000;
const KEY_MAX = 100;

function parseStaffName(input: unknown, field: string) {
  return parseString(input, field, { min: 1, max: STAFF_MAX });
}

export const parseConversationAction: Parser<ConversationActionInput> = (input) => {
  if (!isRecord(input)) return fail('invalid_input', 'Expected { identity, at, kind, … }.');
  const known = rejectUnknownKeys(input, ['identity', 'at', 'kind', 'key', 'by', 'status', 'priority', 'staff', 'text']);
  if (!known.ok) return known;
  const identity = parseString(input.identity, 'identity', { min: 1, max: IDENTITY_MAX });
  if (!identity.ok) return identity;
  if (typeof input.at !== 'number' || !Number.isSafeInteger(input.at) || input.at < 0) return fail('invalid_input', 'at must be a time in milliseconds.', { field: 'at' });
  const base: { identity: string; at: number; key?: string; by?: string } = { identity: identity.value, at: input.at };
  if (input.key !== undefined) {
    const key = parseString(input.key, 'key', { min: 1, max: KEY_MAX });
    if (!key.ok) return key;
    base.key = key.value;
  }
  if (input.by !== undefined) {
    const by = parseStaffName(input.by, 'by');
    if (!by.ok) return by;
    base.by = by.value;
  }
  const only = (field: string): boolean => ['status', 'priority', 'staff', 'text'].every((f) => f === field || input[f] === undefined);
  switch (input.kind) {
    case 'status':
      if (input.status !== 'open' && input.status !== 'done') return fail('invalid_input', 'status must be one of: open, done.', { field: 'status' });
      if (!only('status')) return fail('invalid_input', 'A status action has only a status.', { field: 'kind' });
      return ok({ ...base, kind: 'status', status: input.status });
    case 'priority':
      if (input.priority !== 'high' && input.priority !== 'medium' && input.priority !== 'low') return fail('invalid_input', 'priority must be one of: high, medium, low.', { field: 'priority' });
      if (!only('priority')) return fail('invalid_input', 'A priority action has only a priority.', { field: 'kind' });
      return ok({ ...base, kind: 'priority', priority: input.priority });
    case 'read':
      if (!only('')) return fail('invalid_input', 'A read action has nothing else.', { field: 'kind' });
      return ok({ ...base, kind: 'read' });
    case 'assign': {
      if (!only('staff')) return fail('invalid_input', 'An assign action has only a staff name.', { field: 'kind' });
      if (input.staff === null) return ok({ ...base, kind: 'assign', staff: null });
      const staff = parseStaffName(input.staff, 'staff');
      if (!staff.ok) return staff;
      return ok({ ...base, kind: 'assign', staff: staff.value });
    }
    case 'note': {
      if (!only('text')) return fail('invalid_input', 'A note action has only a text.', { field: 'kind' });
      const text = parseString(input.text, 'text', { min: 1, max: NOTE_MAX });
      if (!text.ok) return text;
      return ok({ ...base, kind: 'note', text: text.value });
    }
    default:
      return fail('invalid_input', `kind must be one of: ${CONVERSATION_ACTION_KINDS.join(', ')}.`, { field: 'kind' });
  }
};

/** The renderer's own actions from before main kept them, handed over once (`inbox:importActions`), each with its key. */
export const parseConversationImport: Parser<{ actions: ConversationActionInput[] }> = (input) => {
  if (!isRecord(input) || !Array.isArray(input.actions)) return fail('invalid_input', 'Expected { actions: [...] }.');
  if (input.actions.length > 5_000) return fail('invalid_input', 'At most 5,000 actions at a time.', { field: 'actions' });
  const actions: ConversationActionInput[] = [];
  for (const [i, a] of input.actions.entries()) {
    const r = parseConversationAction(a);
    if (!r.ok) return fail('invalid_input', `actions[${i}]: ${r.error.message}`, { field: `actions.${i}` });
    if (r.value.key === undefined) return fail('invalid_input', `actions[${i}]: an imported action needs its key.`, { field: `actions.${i}` });
    actions.push(r.value);
  }
  return ok({ actions });
};

export const parseActionsSince: Parser<{ after: number; limit: number }> = (input) => {
  if (!isRecord(input) || typeof input.after !== 'number' || !Number.isSafeInteger(input.after) || input.after < 0) {
    return fail('invalid_input', 'inbox:actions needs { after: a whole number ≥ 0 }.');
  }
  const limit = input.limit ?? 1_000;
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1 || limit > 5_000) return fail('invalid_input', 'limit must be 1 to 5,000.');
  return ok({ after: input.after, limit });
};

/** The staff list as a person set it: names trimmed, each once (case kept), `current` one of them or null. */
export const parseStaffView: Parser<StaffView> = (input) => {
  if (!isRecord(input)) return fail('invalid_input', 'Expected { names, current }.');
  const known = rejectUnknownKeys(input, ['names', 'current']);
  if (!known.ok) return known;
  if (!Array.isArray(input.names)) return fail('invalid_input', 'names must be a list.', { field: 'names' });
  if (input.names.length > STAFF_NAMES_MAX) return fail('invalid_input', `At most ${STAFF_NAMES_MAX} names.`, { field: 'names' });
  const names: string[] = [];
  for (const n of input.names) {
    const name = parseStaffName(n, 'names');
    if (!name.ok) return name;
    if (!names.includes(name.value)) names.push(name.value);
  }
  if (input.current === null || input.current === undefined) return ok({ names, current: null });
  const current = parseStaffName(input.current, 'current');
  if (!current.ok) return current;
  if (!names.includes(current.value)) return fail('invalid_input', 'current must be one of the names.', { field: 'current' });
  return ok({ names, current: current.value });
};
