/**
 * One recipient's status as the shop reads it: the furthest step their message reached, and why it stopped when it
 * did. Pure, so the list, the filter, the export and the tests agree on what "delivered" or "failed" means.
 */
import { classifyError, type ErrorAction } from '../errorCodes';
import type { DeliveryStatus, JobPhase } from '../vocabulary';

/**
 * What these rules read of a recipient: main's job as it crossed IPC, and the first reply the renderer attributed
 * to it (the renderer's RecipientRecord, renderer/src/db/db.ts, has both and more).
 */
export interface RecipientFacts {
  phase: JobPhase;
  delivery?: DeliveryStatus;
  /** The WhatsApp error code of a failure or skip. */
  code?: number;
  /** Why it was skipped or failed: a short machine word ("suppressed", "quiet_hours"…) or WhatsApp's message. */
  reason?: string;
  repliedAt?: number;
}

export const RECIPIENT_FILTERS = ['all', 'waiting', 'sent', 'delivered', 'read', 'replied', 'failed', 'skipped', 'ambiguous'] as const;
export type RecipientFilter = (typeof RECIPIENT_FILTERS)[number];

/** The one word for where a recipient stands; ordered from "not yet" to "answered". */
export type RecipientStage = 'waiting' | 'sending' | 'sent' | 'delivered' | 'read' | 'replied' | 'failed' | 'skipped' | 'ambiguous';

export function recipientStage(r: Pick<RecipientFacts, 'phase' | 'delivery' | 'repliedAt'>): RecipientStage {
  switch (r.phase) {
    case 'queued':
      return 'waiting';
    case 'attempting':
      return 'sending';
    case 'failed':
      return 'failed';
    case 'skipped':
      return 'skipped';
    case 'ambiguous':
      return 'ambiguous';
    case 'accepted':
      if (r.delivery === 'failed') return 'failed';
      if (r.repliedAt !== undefined) return 'replied';
      if (r.delivery === 'read') return 'read';
      if (r.delivery === 'delivered') return 'delivered';
      return 'sent';
  }
}

/** Whether a recipient belongs under a filter; "delivered" includes those who went on to read or reply. */
export function matchesFilter(r: Pick<RecipientFacts, 'phase' | 'delivery' | 'repliedAt'>, filter: RecipientFilter): boolean {
  const stage = recipientStage(r);
  switch (filter) {
    case 'all':
      return true;
    case 'waiting':
      return stage === 'waiting' || stage === 'sending';
    case 'sent':
      return stage === 'sent' || stage === 'delivered' || stage === 'read' || stage === 'replied';
    case 'delivered':
      return stage === 'delivered' || stage === 'read' || stage === 'replied';
    case 'read':
      return stage === 'read' || stage === 'replied';
    default:
      return stage === filter;
  }
}

/** Skip reasons the engine and the Assisted channel write (anything else is shown as it came). */
export const SKIP_REASONS = [
  'cancelled',
  'marked_sent_by_person',
  'opted_out',
  'stopped_marketing',
  'unreachable',
  'marketing_cap',
  'needs_template',
  'skipped_by_person',
  'suppressed',
  'quiet_hours',
  'contact_frequency',
  /** A person known only by their WhatsApp user id, on the Assisted channel (wa.me needs a phone number). */
  'needs_phone',
  /** A person known only by their WhatsApp user id, sent an authentication template (it needs a phone number). */
  'authentication_needs_phone',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export type Why =
  | { kind: 'none' }
  | { kind: 'skip'; reason: SkipReason }
  | { kind: 'error'; action: ErrorAction; code: number; meaning: string }
  | { kind: 'text'; text: string }
  /** WhatsApp said `failed` on delivery without a code (the Sandbox does so), or the job failed without one. */
  | { kind: 'undelivered' }
  | { kind: 'failed' };

/** Why a recipient failed or was skipped: a known reason (translated by the UI), or WhatsApp's code and meaning. */
export function recipientWhy(r: Pick<RecipientFacts, 'phase' | 'delivery' | 'code' | 'reason'>): Why {
  if (r.phase === 'skipped' && r.reason !== undefined && (SKIP_REASONS as readonly string[]).includes(r.reason)) {
    return { kind: 'skip', reason: r.reason as SkipReason }; // membership checked on the line above
  }
  if (r.code !== undefined && r.code > 0 && (r.phase === 'failed' || r.phase === 'skipped' || r.delivery === 'failed')) {
    const rule = classifyError(r.code);
    return { kind: 'error', action: rule.action, code: r.code, meaning: rule.meaning };
  }
  if (r.phase === 'failed' && r.code !== undefined && r.code < 0) return { kind: 'error', action: 'transient', code: r.code, meaning: r.reason ?? '' };
  if (r.reason !== undefined && r.reason !== '' && r.phase !== 'accepted' && r.phase !== 'queued') return { kind: 'text', text: r.reason };
  // A failed recipient always has a reason in words, even when nothing more was recorded.
  if (r.phase === 'accepted' && r.delivery === 'failed') return { kind: 'undelivered' };
  if (r.phase === 'failed') return { kind: 'failed' };
  return { kind: 'none' };
}

/**
 * The failure group a row counts under in the Results report's reasons (renderer/src/db/rollups.ts keeps
 * `why.<group>` counts): `error.<action>`, `skip.<reason>`, `ambiguous` or `other`; undefined for a row that
 * neither failed, nor was skipped, nor is ambiguous.
 */
export function failureGroup(row: Pick<RecipientFacts, 'phase' | 'delivery' | 'code' | 'reason'>): string | undefined {
  if (!(row.phase === 'failed' || row.phase === 'skipped' || row.phase === 'ambiguous' || (row.phase === 'accepted' && row.delivery === 'failed'))) return undefined;
  if (row.phase === 'ambiguous') return 'ambiguous';
  const why = recipientWhy(row);
  if (why.kind === 'skip') return `skip.${why.reason}`;
  if (why.kind === 'error') return `error.${why.action}`;
  return 'other';
}

/** A filter named from outside (the store's `campaignFocus`, a saved view) if it is one of the list's, else none. */
export function asRecipientFilter(value: string | undefined): RecipientFilter | undefined {
  return value !== undefined && (RECIPIENT_FILTERS as readonly string[]).includes(value) ? (value as RecipientFilter) : undefined; // membership checked
}

/**
 * What the recipient list shows: a filter, and optionally one failure group as the Results report counts it
 * (`failureGroup`: `error.<action>`, `skip.<reason>`, `ambiguous`, `other`), so "Other reasons (12)" there opens
 * exactly those 12 here.
 */
export interface RecipientNarrowing {
  readonly filter: RecipientFilter;
  readonly reason?: string;
}

export function narrowRecipients<R extends RecipientFacts>(rows: readonly R[], narrowing: RecipientNarrowing): R[] {
  const { filter, reason } = narrowing;
  return rows.filter((r) => matchesFilter(r, filter) && (reason === undefined || failureGroup(r) === reason));
}

// A record, so adding an action to ErrorAction fails to compile here until it is listed.
const ERROR_ACTION_SET: Readonly<Record<ErrorAction, true>> = {
  rate_limit: true,
  pair_rate: true,
  transient: true,
  marketing_cap: true,
  suppress: true,
  unreachable: true,
  needs_template: true,
  bad_payload: true,
  bad_media: true,
  pause_campaign: true,
  stop_all: true,
  unknown: true,
};

/** A failure group (`failureGroup`'s value) read back into what the UI words: a known skip or action, else "other". */
export type ReasonGroup = { kind: 'skip'; reason: SkipReason } | { kind: 'error'; action: ErrorAction } | { kind: 'ambiguous' } | { kind: 'other' };

export function parseReasonGroup(group: string): ReasonGroup {
  if (group === 'ambiguous') return { kind: 'ambiguous' };
  const [kind, rest = ''] = group.split('.', 2);
  if (kind === 'skip' && (SKIP_REASONS as readonly string[]).includes(rest)) return { kind: 'skip', reason: rest as SkipReason }; // membership checked
  if (kind === 'error' && Object.prototype.hasOwnProperty.call(ERROR_ACTION_SET, rest)) return { kind: 'error', action: rest as ErrorAction }; // membership checked
  return { kind: 'other' };
}
