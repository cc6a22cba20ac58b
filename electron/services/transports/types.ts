/**
 * One interface for every channel (DESIGN.md "Transports"): `send(message) → accepted | failed | ambiguous`.
 * The engine journals `attempting` before calling `send`, and never resends an `ambiguous` (no idempotency key).
 */

import type { MessageContent } from '../../../shared/domain/message';

export type { MessageContent };

export interface OutgoingMessage {
  /** Our job id: sent as biz_opaque_callback_data so status webhooks name the job (DOMAIN.md §2). */
  jobId: string;
  /**
   * E.164, e.g. "+821012345678", or the WhatsApp user id (BSUID, "KR.1349…") of a person known only by it (DOMAIN.md
   * §2 "Identity"): the Cloud API addresses it as `recipient`; channels that need a phone skip it (`needs_phone`).
   */
  to: string;
  content: MessageContent;
}

export type SendResult =
  /**
   * WhatsApp took the message. `held`: it answered `held_for_quality_assessment` (a new marketing/utility template
   * being paced by Meta, DOMAIN.md §2): pending, not sent yet; the status webhooks say what became of it.
   */
  | { kind: 'accepted'; wamid: string; waId?: string; held?: true }
  | {
      kind: 'failed';
      /** The Cloud API error code; -1 when the request never reached WhatsApp (connection refused). */
      code: number;
      message: string;
      /** Whether sending again could work (the queue still bounds retries, DOMAIN.md §3). */
      retryable: boolean;
      retryAfterMs?: number;
    }
  /** The request may have reached WhatsApp but we do not know (timeout, connection cut, unreadable 200). */
  | { kind: 'ambiguous'; why: string }
  /** Assisted: the person chose not to send this one. */
  | { kind: 'skipped'; reason: string }
  /** Assisted: certainly not sent (stopped before the person opened the chat); the job goes back in the queue. */
  | { kind: 'not_sent'; why: string };

export interface Transport {
  readonly channel: 'cloud' | 'sandbox' | 'assisted';
  send(message: OutgoingMessage): Promise<SendResult>;
}

/** Codes our transports report for failures that are not WhatsApp's. */
export const NOT_SENT_NETWORK = -1;
export const NOT_SENT_HTTP = -2;
