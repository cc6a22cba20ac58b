/**
 * The rate definitions of the results screens, as pure functions of one recipient's stored facts (issue 6):
 *
 * - funnel: queued (every recipient) → sent (accepted by WhatsApp, and not held for its quality assessment) →
 *   delivered → read → replied, plus failed,
 *   skipped and opted out;
 * - a step counts once, at the first time it was seen; statuses arrive out of order and twice (DOMAIN.md §2), so
 *   `read` without `delivered` still proves delivery (delivered at the earlier of the two times);
 * - read rate = read / delivered; reply rate = replied within 72 h of the message / delivered; opt-out rate =
 *   opted out / delivered. A rate with nothing delivered is null ("no data"), never 0 % or NaN.
 * - on a channel without delivery receipts (Assisted: the shop's own WhatsApp Business app tells us nothing after
 *   "sent"), delivered is never recorded, so reply and opt-out rates divide by sent instead (`base: 'sent'`), and the
 *   screen says so; the read rate stays null there (no read receipts either).
 * - failed means the message failed now (the engine's failure or WhatsApp's `failed` status): a job that failed
 *   once and then went through on a retry is not a failure.
 */
import type { DeliveryStatus, JobPhase } from '../vocabulary';
import { ATTRIBUTION_WINDOW_MS } from './attribution';

/** What the results need from one recipient row (db RecipientRecord satisfies it). */
export interface MessageFacts {
  phase: JobPhase;
  delivery?: DeliveryStatus;
  variant?: 'A' | 'B';
  at: number;
  acceptedAt?: number;
  /**
   * WhatsApp took the message but holds it for its quality assessment of a new template (`held_for_quality_assessment`,
   * DOMAIN.md §2): pending, not sent, until a status moves it on (then main clears it).
   */
  held?: true;
  deliveredAt?: number;
  readAt?: number;
  failedAt?: number;
  /** First reply attributed to this message (shared/domain/results/attribution.ts). */
  repliedAt?: number;
  /** First opt-out attributed to this message: a STOP reply or a "stop marketing" from the chat menu. */
  optedOutAt?: number;
}

export type Step = 'sent' | 'delivered' | 'read' | 'replied' | 'failed' | 'skipped' | 'optedOut';
export const STEPS: readonly Step[] = ['sent', 'delivered', 'read', 'replied', 'failed', 'skipped', 'optedOut'];

export type StepTimes = Partial<Record<Step, number>>;

const minOf = (...xs: (number | undefined)[]): number | undefined => {
  let m: number | undefined;
  for (const x of xs) if (x !== undefined && (m === undefined || x < m)) m = x;
  return m;
};

/**
 * When the message went out: accepted by WhatsApp, else (accepted never recorded) the first status after it. A held
 * message has not gone out yet (unless a delivery status already proves it did).
 */
export function sentTime(r: MessageFacts): number | undefined {
  const status = minOf(r.deliveredAt, r.readAt);
  if (r.held === true) return status;
  return r.acceptedAt ?? status;
}

/** When each step was first reached by this recipient's message (absent: not reached). */
export function stepTimes(r: MessageFacts): StepTimes {
  const out: StepTimes = {};
  const sent = sentTime(r);
  if (sent !== undefined) out.sent = sent;
  const delivered = minOf(r.deliveredAt, r.readAt);
  if (delivered !== undefined) out.delivered = delivered;
  if (r.readAt !== undefined) out.read = r.readAt;
  if (r.repliedAt !== undefined && sent !== undefined && r.repliedAt >= sent && r.repliedAt - sent <= ATTRIBUTION_WINDOW_MS) out.replied = r.repliedAt;
  if (r.phase === 'failed' || (r.phase === 'accepted' && r.delivery === 'failed')) out.failed = r.failedAt ?? r.at;
  if (r.phase === 'skipped') out.skipped = r.at;
  if (r.optedOutAt !== undefined) out.optedOut = r.optedOutAt;
  return out;
}

/** Time from our message to their first reply, when they replied. */
export function firstResponseMs(r: MessageFacts): number | undefined {
  const t = stepTimes(r);
  return t.replied !== undefined && t.sent !== undefined ? t.replied - t.sent : undefined;
}

export interface Funnel {
  queued: number;
  sent: number;
  delivered: number;
  read: number;
  replied: number;
  failed: number;
  skipped: number;
  optedOut: number;
}

export const EMPTY_FUNNEL: Funnel = { queued: 0, sent: 0, delivered: 0, read: 0, replied: 0, failed: 0, skipped: 0, optedOut: 0 };

/** The funnel of a list of recipients, straight from the definitions (the reference the rollups must equal). */
export function funnelOf(rows: Iterable<MessageFacts>): Funnel {
  const f = { ...EMPTY_FUNNEL };
  for (const r of rows) {
    f.queued++;
    const t = stepTimes(r);
    for (const step of STEPS) if (t[step] !== undefined) f[step]++;
  }
  return f;
}

export interface Rates {
  /** delivered / sent */
  delivery: number | null;
  /** read / delivered */
  read: number | null;
  /** replied within 72 h / delivered */
  reply: number | null;
  /** opted out / delivered */
  optOut: number | null;
  /** What reply and opt-out rates divide by: delivered, or sent on a channel without delivery receipts. */
  base: 'delivered' | 'sent';
}

export const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);

/** `receipts`: whether the channel reports delivery (Cloud API, Sandbox) or not (Assisted). */
export function ratesOf(f: Pick<Funnel, 'sent' | 'delivered' | 'read' | 'replied' | 'optedOut'>, receipts = true): Rates {
  if (!receipts) return { delivery: null, read: null, reply: ratio(f.replied, f.sent), optOut: ratio(f.optedOut, f.sent), base: 'sent' };
  return { delivery: ratio(f.delivered, f.sent), read: ratio(f.read, f.delivered), reply: ratio(f.replied, f.delivered), optOut: ratio(f.optedOut, f.delivered), base: 'delivered' };
}
