/**
 * How the inbox's stored rows become a conversation's events (shared/domain/inbox/conversation.ts), and each
 * message's triage. Shared by the incremental fold (db/conversations.ts) and the thread (db/inbox.ts).
 */
import type { ConversationEvent } from '../../../shared/domain/inbox/conversation';
import { triageMessage, type CompiledRules, type Triage } from '../../../shared/domain/inbox/triage';
import { recipientStage } from '../../../shared/domain/results/recipientStatus';
import { sentTime } from '../../../shared/domain/results/funnel';
import type { AnswerView } from '../../../shared/ipc/inbox';
import type { InboxActionRecord, InboxRecord, RecipientRecord } from './db';

/**
 * The identity a message belongs to: main's `from`, the sender's E.164, or their WhatsApp user id (BSUID) when
 * WhatsApp showed no number and main knows none linked to it (DOMAIN.md §2 "Identity"). The contact is matched by
 * user id first (db/sendingCopy.ts links `contactId`; loadInbox looks up the rest).
 */
export function identityOf(m: Pick<InboxRecord, 'from'>): string {
  return m.from;
}

export function inboundEvent(m: InboxRecord, rules: CompiledRules): ConversationEvent {
  const triage = triageOf(m, rules);
  return {
    kind: 'inbound',
    identity: identityOf(m),
    at: m.at,
    id: m.id,
    type: m.type,
    ...(m.text !== undefined ? { text: m.text } : {}),
    triage,
    ...(m.campaign !== undefined ? { campaign: m.campaign } : {}),
    ...(m.sandbox ? { sandbox: true } : {}),
  };
}

/**
 * A stored message's triage, remembered per rule set by its seq (a stored message never changes): the inbox folds
 * every message on each change, and matching the rule words is the costly part of that fold.
 */
const triageCache = new WeakMap<CompiledRules, Map<number, { text: string | undefined; triage: Triage }>>();
const TRIAGE_CACHE_MAX = 500_000;

export function triageOf(m: Pick<InboxRecord, 'type' | 'text' | 'optOut' | 'word'> & { seq?: number }, rules: CompiledRules): Triage {
  const compute = () => triageMessage({ type: m.type, ...(m.text !== undefined ? { text: m.text } : {}), optOut: m.optOut, ...(m.word !== undefined ? { word: m.word } : {}) }, rules);
  if (m.seq === undefined) return compute();
  let cache = triageCache.get(rules);
  if (!cache) triageCache.set(rules, (cache = new Map()));
  const hit = cache.get(m.seq);
  if (hit && hit.text === m.text) return hit.triage;
  if (cache.size >= TRIAGE_CACHE_MAX) cache.clear();
  const triage = compute();
  cache.set(m.seq, { text: m.text, triage });
  return triage;
}

export function campaignEvent(r: RecipientRecord): ConversationEvent {
  return { kind: 'campaign', identity: r.contact, at: sentTime(r) ?? r.at, id: r.job, campaign: r.campaign, stage: recipientStage(r) };
}

export function actionEvent(a: InboxActionRecord): ConversationEvent | undefined {
  switch (a.kind) {
    case 'status':
      return a.status ? { kind: 'status', identity: a.identity, at: a.at, status: a.status } : undefined;
    case 'priority':
      return a.priority ? { kind: 'priority', identity: a.identity, at: a.at, priority: a.priority } : undefined;
    case 'read':
      return { kind: 'read', identity: a.identity, at: a.at };
    case 'note':
      return { kind: 'note', identity: a.identity, at: a.at, id: `note-${a.id ?? a.at}`, text: a.text ?? '' };
    case 'assign':
      return { kind: 'assign', identity: a.identity, at: a.at, staff: a.staff ?? null };
  }
}

/**
 * Whether an answer answered the customer (the conversation waits on them then): one that went, or may have gone.
 * A failed or certainly-not-sent answer leaves the conversation needing an answer.
 */
export function answered(a: Pick<AnswerView, 'state'>): boolean {
  return a.state !== 'failed' && a.state !== 'not_sent';
}

export function answerEvent(a: AnswerView): ConversationEvent {
  return { kind: 'answer', identity: a.to, at: a.createdAt, id: a.id, text: answerText(a) };
}

/** What an answer said: its text, its template's name, or its media's caption. */
export function answerText(a: Pick<AnswerView, 'content'>): string {
  const c = a.content;
  return c.kind === 'text' ? c.body : c.kind === 'template' ? c.name : (c.caption ?? '');
}

