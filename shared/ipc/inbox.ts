/**
 * What main keeps about people and their answers, in the IPC contract: the suppression list, the inbox of replies
 * (numbered by main: `inbox:received` says there is more, `inbox:since` pulls it) and the webhook receiver's status.
 */
import { isRecord, type Parser } from '../lib/guards';
import { fail, ok } from '../lib/result';
import { E164_RE } from './fields';

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
  /** E.164 of the sender. */
  from: string;
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
