/**
 * The replies inbox's reads and writes (issue 14). Messages are main's (`inbox`, copied by the sync) and our
 * campaign messages are the `recipients` rows; what a person does here (done, priority, read, notes) is an
 * `inboxActions` record. Conversations are folded from all three on read (shared/domain/inbox/conversation.ts), and
 * messages are triaged on read, so a change to the rules applies to every message at once.
 */
import { foldConversations, type Conversation, type ConversationEvent } from '../../../shared/domain/inbox/conversation';
import type { DueSettings } from '../../../shared/domain/inbox/due';
import { triageMessage, type CompiledRules, type Priority, type Triage } from '../../../shared/domain/inbox/triage';
import { recipientStage, type RecipientStage } from '../../../shared/domain/results/recipientStatus';
import { sentTime } from '../../../shared/domain/results/funnel';
import type { AnswerView } from '../../../shared/ipc/inbox';
import type { ContactRecord, InboxActionRecord, InboxRecord, RecipientRecord, ShopcastDB } from './db';

export interface InboxData {
  conversations: Conversation[];
  /** The saved contact of each identity, when there is one. */
  contacts: ReadonlyMap<string, ContactRecord>;
  /** Every customer message's text per identity, lower-cased, for search. */
  texts: ReadonlyMap<string, string>;
  campaignNames: ReadonlyMap<string, string>;
}

/** The identity a message belongs to: the sender's E.164 today (a BSUID later, DOMAIN.md §2 "Identity"). */
export function identityOf(m: Pick<InboxRecord, 'from'>): string {
  return m.from;
}

function inboundEvent(m: InboxRecord, rules: CompiledRules): ConversationEvent {
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

export function triageOf(m: Pick<InboxRecord, 'type' | 'text' | 'optOut' | 'word'>, rules: CompiledRules): Triage {
  return triageMessage({ type: m.type, ...(m.text !== undefined ? { text: m.text } : {}), optOut: m.optOut, ...(m.word !== undefined ? { word: m.word } : {}) }, rules);
}

function campaignEvent(r: RecipientRecord): ConversationEvent {
  return { kind: 'campaign', identity: r.contact, at: sentTime(r) ?? r.at, id: r.job, campaign: r.campaign, stage: recipientStage(r) };
}

function actionEvent(a: InboxActionRecord): ConversationEvent | undefined {
  switch (a.kind) {
    case 'status':
      return a.status ? { kind: 'status', identity: a.identity, at: a.at, status: a.status } : undefined;
    case 'priority':
      return a.priority ? { kind: 'priority', identity: a.identity, at: a.at, priority: a.priority } : undefined;
    case 'read':
      return { kind: 'read', identity: a.identity, at: a.at };
    case 'note':
      return { kind: 'note', identity: a.identity, at: a.at, id: `note-${a.id ?? a.at}`, text: a.text ?? '' };
  }
}

/**
 * Whether an answer answered the customer (the conversation waits on them then): one that went, or may have gone.
 * A failed or certainly-not-sent answer leaves the conversation needing an answer.
 */
export function answered(a: Pick<AnswerView, 'state'>): boolean {
  return a.state !== 'failed' && a.state !== 'not_sent';
}

function answerEvent(a: AnswerView): ConversationEvent {
  const c = a.content;
  const text = c.kind === 'text' ? c.body : c.kind === 'template' ? c.name : (c.caption ?? '');
  return { kind: 'answer', identity: a.to, at: a.createdAt, id: a.id, text };
}

/**
 * Every conversation, with the contacts and campaign names the list shows. `answers` are main's (sync/answersFeed.ts,
 * kept in memory, not in IndexedDB); those that answered move their conversation to "waiting on the customer".
 */
export async function loadInbox(db: ShopcastDB, rules: CompiledRules, due: DueSettings, answers: readonly AnswerView[] = []): Promise<InboxData> {
  return db.transaction('r', [db.inbox, db.recipients, db.inboxActions, db.contacts, db.campaigns], async () => {
    const messages = await db.inbox.toArray();
    const identities = [...new Set(messages.map(identityOf))];
    const [rows, actions, campaigns] = await Promise.all([
      identities.length > 0 ? db.recipients.where('contact').anyOf(identities).toArray() : Promise.resolve([]),
      db.inboxActions.toArray(),
      db.campaigns.toArray(),
    ]);
    const events: ConversationEvent[] = [
      ...messages.map((m) => inboundEvent(m, rules)),
      ...rows.map(campaignEvent),
      ...actions.flatMap((a) => actionEvent(a) ?? []),
      ...answers.filter(answered).map(answerEvent),
    ];
    const conversations = foldConversations(events, due);
    const contactIds = new Map<string, number>();
    const texts = new Map<string, string>();
    for (const m of messages) {
      if (m.contactId !== undefined) contactIds.set(identityOf(m), m.contactId);
      if (m.text) texts.set(identityOf(m), `${texts.get(identityOf(m)) ?? ''}\n${m.text.toLowerCase()}`);
    }
    const ids = [...new Set(contactIds.values())];
    const found = await db.contacts.bulkGet(ids);
    const byId = new Map(found.flatMap((c) => (c ? [[c.id, c] as const] : [])));
    const contacts = new Map<string, ContactRecord>();
    for (const [identity, id] of contactIds) {
      const c = byId.get(id);
      if (c) contacts.set(identity, c);
    }
    // A customer who wrote before being saved as a contact: found by the number itself.
    const missing = identities.filter((i) => !contacts.has(i));
    if (missing.length > 0) for (const c of await db.contacts.where('phone').anyOf(missing).toArray()) contacts.set(c.phone, c);
    return { conversations, contacts, texts, campaignNames: new Map(campaigns.map((c) => [c.id, c.name])) };
  });
}

export type ThreadItem =
  | { kind: 'campaign'; at: number; key: string; campaign: string; campaignName: string; stage: RecipientStage; sandbox: boolean }
  | { kind: 'inbound'; at: number; key: string; message: InboxRecord; triage: Triage; campaignName?: string }
  | { kind: 'note'; at: number; key: string; text: string }
  | { kind: 'done'; at: number; key: string }
  | { kind: 'priority'; at: number; key: string; priority: Priority }
  /** One of our answers, with its ticks (main's `AnswerView`); `quoted` is the customer's message it quotes. */
  | { kind: 'answer'; at: number; key: string; answer: AnswerView; quoted?: InboxRecord };

/** One customer's whole history, oldest first: our campaign messages and answers, their messages, and what people did. */
export async function loadThread(db: ShopcastDB, identity: string, rules: CompiledRules, answers: readonly AnswerView[] = []): Promise<ThreadItem[]> {
  return db.transaction('r', [db.inbox, db.recipients, db.inboxActions, db.campaigns], async () => {
    const [messages, rows, actions] = await Promise.all([
      db.inbox.where('from').equals(identity).toArray(),
      db.recipients.where('contact').equals(identity).toArray(),
      db.inboxActions.where('identity').equals(identity).toArray(),
    ]);
    const campaignIds = [...new Set([...rows.map((r) => r.campaign), ...messages.flatMap((m) => (m.campaign ? [m.campaign] : []))])];
    const campaigns = new Map((await db.campaigns.bulkGet(campaignIds)).flatMap((c) => (c ? [[c.id, c] as const] : [])));
    const items: ThreadItem[] = [
      ...rows.map((r): ThreadItem => ({ kind: 'campaign', at: sentTime(r) ?? r.at, key: `j:${r.job}`, campaign: r.campaign, campaignName: campaigns.get(r.campaign)?.name ?? r.campaign, stage: recipientStage(r), sandbox: campaigns.get(r.campaign)?.sandbox ?? false })),
      ...messages.map((m): ThreadItem => {
        const name = m.campaign !== undefined ? campaigns.get(m.campaign)?.name : undefined;
        return { kind: 'inbound', at: m.at, key: `m:${m.seq}`, message: m, triage: triageOf(m, rules), ...(name !== undefined ? { campaignName: name } : {}) };
      }),
      ...answers
        .filter((a) => a.to === identity)
        .map((a): ThreadItem => {
          const quoted = a.quote !== undefined ? messages.find((m) => m.id === a.quote) : undefined;
          return { kind: 'answer', at: a.createdAt, key: `r:${a.id}`, answer: a, ...(quoted ? { quoted } : {}) };
        }),
      ...actions.flatMap((a): ThreadItem[] => {
        const key = `a:${a.id ?? a.at}`;
        if (a.kind === 'note' && a.text) return [{ kind: 'note', at: a.at, key, text: a.text }];
        if (a.kind === 'status' && a.status === 'done') return [{ kind: 'done', at: a.at, key }];
        if (a.kind === 'priority' && a.priority) return [{ kind: 'priority', at: a.at, key, priority: a.priority }];
        return [];
      }),
    ];
    return items.sort((a, b) => a.at - b.at);
  });
}

async function addAction(db: ShopcastDB, action: Omit<InboxActionRecord, 'id'>): Promise<void> {
  await db.inboxActions.add(action);
}

export function markConversationDone(db: ShopcastDB, identity: string, now: number): Promise<void> {
  return addAction(db, { identity, at: now, kind: 'status', status: 'done' });
}

export function reopenConversation(db: ShopcastDB, identity: string, now: number): Promise<void> {
  return addAction(db, { identity, at: now, kind: 'status', status: 'open' });
}

export function setConversationPriority(db: ShopcastDB, identity: string, priority: Priority, now: number): Promise<void> {
  return addAction(db, { identity, at: now, kind: 'priority', priority });
}

export function markConversationRead(db: ShopcastDB, identity: string, now: number): Promise<void> {
  return addAction(db, { identity, at: now, kind: 'read' });
}

export function addConversationNote(db: ShopcastDB, identity: string, text: string, now: number): Promise<void> {
  return addAction(db, { identity, at: now, kind: 'note', text: text.trim().slice(0, 2_000) });
}
