/**
 * Which campaign a reply belongs to. The rule (issue 6): a reply is attributed to the message to that number that
 * came last before it, if that message went out at most 72 hours earlier; later replies are not attributed.
 * Pure and order-free: the answer depends only on the set of messages and replies, so statuses and replies arriving
 * out of order, twice, or in any page order end in the same attribution.
 *
 * "That number": WhatsApp's `wa_id` may differ from the number dialled (DOMAIN.md §2): Mexico adds a 1 after +52,
 * Argentina a 9 after +54, and older Brazilian accounts drop the mobile 9 after the area code. `phoneMatchKey`
 * folds those forms together and `phoneVariants` lists every form of one person's number (for indexed look-ups).
 */

/** Replies later than this after the message are not counted as replies to it. */
export const ATTRIBUTION_WINDOW_MS = 72 * 60 * 60 * 1000;

/** One form per person for the three countries whose wa_id may differ from the dialled number. */
export function phoneMatchKey(e164: string): string {
  let m = /^\+521(\d{10})$/.exec(e164);
  if (m) return `+52${m[1]}`;
  m = /^\+549(\d{10})$/.exec(e164);
  if (m) return `+54${m[1]}`;
  m = /^\+55(\d{2})9([6-9]\d{7})$/.exec(e164);
  if (m) return `+55${m[1]}${m[2]}`;
  return e164;
}

/** Every form of the number that `phoneMatchKey` treats as the same person (the number itself first). */
export function phoneVariants(e164: string): string[] {
  const key = phoneMatchKey(e164);
  const out = new Set<string>([e164, key]);
  let m = /^\+52(\d{10})$/.exec(key);
  if (m) out.add(`+521${m[1]}`);
  m = /^\+54(\d{10})$/.exec(key);
  if (m) out.add(`+549${m[1]}`);
  m = /^\+55(\d{2})([6-9]\d{7})$/.exec(key);
  if (m) out.add(`+55${m[1]}9${m[2]}`);
  return [...out];
}

/** A message we sent: when it went out, to whom. */
export interface SentMessage {
  job: string;
  /** E.164 as dialled. */
  contact: string;
  /** When it went out (accepted by WhatsApp, else the first delivery status seen); undefined: not sent (yet). */
  sentAt: number | undefined;
}

/** An inbound message: a reply, or an opt-out (a message that is only STOP and the like). */
export interface InboundMessage {
  seq: number;
  from: string;
  at: number;
  optOut: 'none' | 'opt_out' | 'flagged';
}

/**
 * The message a reply answers: among messages to the same person sent at or before the reply, the latest, if the
 * reply came within 72 hours of it. Ties (two messages at the same instant) go to the larger job id, so the answer
 * never depends on the order of the list.
 */
export function attributeReply<M extends SentMessage>(reply: Pick<InboundMessage, 'from' | 'at'>, messages: readonly M[]): M | undefined {
  const key = phoneMatchKey(reply.from);
  let best: M | undefined;
  for (const m of messages) {
    if (m.sentAt === undefined || m.sentAt > reply.at || reply.at - m.sentAt > ATTRIBUTION_WINDOW_MS) continue;
    if (phoneMatchKey(m.contact) !== key) continue;
    if (!best || m.sentAt > (best.sentAt ?? -Infinity) || (m.sentAt === best.sentAt && m.job > best.job)) best = m;
  }
  return best;
}

export interface Attributed {
  /** The first reply (not an opt-out) attributed to the message. */
  repliedAt?: number;
  /** The first opt-out message attributed to it. */
  optedOutAt?: number;
}

/**
 * Attributes every inbound message and returns, per job that received any, its first reply and first opt-out.
 * An opt-out word alone is not a reply (it counts as an opt-out); a message that merely contains one ("flagged")
 * is a reply.
 */
export function attributeAll(inbound: readonly InboundMessage[], messages: readonly SentMessage[]): Map<string, Attributed> {
  const byKey = new Map<string, SentMessage[]>();
  for (const m of messages) {
    const key = phoneMatchKey(m.contact);
    const list = byKey.get(key);
    if (list) list.push(m);
    else byKey.set(key, [m]);
  }
  const out = new Map<string, Attributed>();
  for (const r of inbound) {
    const target = attributeReply(r, byKey.get(phoneMatchKey(r.from)) ?? []);
    if (!target) continue;
    const entry = out.get(target.job) ?? {};
    if (r.optOut === 'opt_out') entry.optedOutAt = Math.min(entry.optedOutAt ?? Infinity, r.at);
    else entry.repliedAt = Math.min(entry.repliedAt ?? Infinity, r.at);
    out.set(target.job, entry);
  }
  return out;
}
