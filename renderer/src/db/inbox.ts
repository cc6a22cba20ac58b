/**
 * The replies inbox's reads and writes (issue 14). Messages are main's (`inbox`, copied by the sync) and our
 * campaign messages are the `recipients` rows; what a person does here (done, priority, read, notes) is an
 * `inboxActions` record; main's answers are copied into `answers` (sync/answersFeed.ts). The Inbox screen reads the
 * conversations folded per identity as they change (db/conversations.ts); `loadInbox` is the whole fold from all
 * of them at once (the reference the incremental rows are tested against). A thread reads one identity's rows.
 */
import { foldConversations, type Conversation, type ConversationEvent } from '../../../shared/domain/inbox/conversation';
import type { DueSettings } from '../../../shared/domain/inbox/due';
import type { CompiledRules, Priority, Triage } from '../../../shared/domain/inbox/triage';
import { recipientStage, type RecipientStage } from '../../../shared/domain/results/recipientStatus';
import { sentTime } from '../../../shared/domain/results/funnel';
import type { Bridge } from '../../../shared/ipc/bridge';
import type { AnswerView, ConversationAction, ConversationActionInput } from '../../../shared/ipc/inbox';
import type { Result } from '../../../shared/lib/result';
import { refoldConversations } from './conversations';
import { actionEvent, answered, answerEvent, campaignEvent, identityOf, inboundEvent, triageOf } from './conversationsEvents';
import type { ContactRecord, InboxActionRecord, InboxRecord, ShopcastDB } from './db';

export { answered, identityOf, triageOf } from './conversationsEvents';

export interface InboxData {
  conversations: Conversation[];
  /** The saved contact of each identity, when there is one. */
  contacts: ReadonlyMap<string, ContactRecord>;
  /** Every customer message's text per identity, lower-cased, for search. */
  texts: ReadonlyMap<string, string>;
  campaignNames: ReadonlyMap<string, string>;
  /** The WhatsApp username each identity last wrote with (`@name`, display only): the name of a customer without a contact. */
  usernames: ReadonlyMap<string, string>;
}

/**
 * Every conversation folded at once from every stored row, with the contacts and campaign names the list shows.
 * `answers` are main's; those that answered move their conversation to "waiting on the customer". The screen reads
 * db/conversations.ts' rows instead; this full fold is what those rows must equal.
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
    const usernames = new Map<string, string>();
    const userIds = new Map<string, string>();
    for (const m of messages) {
      if (m.username !== undefined) usernames.set(identityOf(m), m.username);
      if (m.userId !== undefined) userIds.set(m.userId, identityOf(m));
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
    // A customer who wrote before being saved as a contact: found by their user id, then by the number itself.
    const missingIds = [...userIds].filter(([, identity]) => !contacts.has(identity)).map(([id]) => id);
    if (missingIds.length > 0) for (const c of await db.contacts.where('userId').anyOf(missingIds).toArray()) contacts.set(userIds.get(c.userId!)!, c); // both found by that id
    const missing = identities.filter((i) => !contacts.has(i));
    if (missing.length > 0) for (const c of await db.contacts.where('phone').anyOf(missing).toArray()) if (c.phone !== undefined) contacts.set(c.phone, c);
    return { conversations, contacts, texts, campaignNames: new Map(campaigns.map((c) => [c.id, c.name])), usernames };
  });
}

export type ThreadItem =
  | { kind: 'campaign'; at: number; key: string; campaign: string; campaignName: string; stage: RecipientStage; sandbox: boolean }
  | { kind: 'inbound'; at: number; key: string; message: InboxRecord; triage: Triage; campaignName?: string }
  | { kind: 'note'; at: number; key: string; text: string }
  | { kind: 'done'; at: number; key: string }
  | { kind: 'priority'; at: number; key: string; priority: Priority }
  | { kind: 'assign'; at: number; key: string; staff: string | null }
  /** One of our answers, with its ticks (main's `AnswerView`); `quoted` is the customer's message it quotes. */
  | { kind: 'answer'; at: number; key: string; answer: AnswerView; quoted?: InboxRecord };

/**
 * One customer's whole history, oldest first: our campaign messages and answers, their messages, and what people
 * did. Only this identity's rows are read (by the `from`, `contact`, `identity` and `to` indexes); the answers are
 * the stored copies (`answers`) unless `answers` is given.
 */
export async function loadThread(db: ShopcastDB, identity: string, rules: CompiledRules, given?: readonly AnswerView[]): Promise<ThreadItem[]> {
  return db.transaction('r', [db.inbox, db.recipients, db.inboxActions, db.campaigns, db.answers], async () => {
    const [messages, rows, actions, stored] = await Promise.all([
      db.inbox.where('from').equals(identity).toArray(),
      db.recipients.where('contact').equals(identity).toArray(),
      db.inboxActions.where('identity').equals(identity).toArray(),
      given ? Promise.resolve(given) : db.answers.where('to').equals(identity).toArray(),
    ]);
    const answers = [...stored].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
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
        if (a.kind === 'assign') return [{ kind: 'assign', at: a.at, key, staff: a.staff ?? null }];
        return [];
      }),
    ];
    return items.sort((a, b) => a.at - b.at);
  });
}

// ── Actions: main keeps them (`inbox:act`, electron/services/conversations.ts); these rows are its copy ──────────

const SEQ_KEY = 'inboxActions.seq';
const MIGRATED_KEY = 'inboxActions.migrated';

function recordOf(a: ConversationAction): InboxActionRecord {
  const r: InboxActionRecord = { id: a.seq, identity: a.identity, at: a.at, kind: a.kind };
  if (a.by !== undefined) r.by = a.by;
  if (a.kind === 'status') r.status = a.status;
  if (a.kind === 'priority') r.priority = a.priority;
  if (a.kind === 'assign') r.staff = a.staff;
  if (a.kind === 'note') r.text = a.text;
  return r;
}

/** The seq of main's actions this copy has (0: none yet). */
export async function actionsCursor(db: ShopcastDB): Promise<number> {
  const v = (await db.syncState.get(SEQ_KEY))?.value;
  return typeof v === 'number' ? v : 0;
}

/** Stores main's actions (by seq, so a page stored twice is harmless); `cursor` moves the copy's seq when given. */
export async function storeActions(db: ShopcastDB, actions: readonly ConversationAction[], cursor?: number): Promise<void> {
  await db.transaction('rw', [db.inboxActions, db.syncState], async () => {
    if (actions.length > 0) await db.inboxActions.bulkPut(actions.map(recordOf));
    if (cursor !== undefined) await db.syncState.put({ key: SEQ_KEY, value: cursor });
  });
  await refoldConversations(db, actions.map((a) => a.identity));
}

/** Main has fewer actions than this copy (another data folder): the copy is dropped and pulled again from 0. */
export async function resetActionsCopy(db: ShopcastDB): Promise<void> {
  await db.transaction('rw', [db.inboxActions, db.syncState], async () => {
    if ((await db.syncState.get(MIGRATED_KEY)) === undefined) return; // local actions not yet handed over: keep them
    const identities = new Set<string>();
    await db.inboxActions.each((a) => void identities.add(a.identity));
    await db.inboxActions.clear();
    await db.syncState.put({ key: SEQ_KEY, value: 0 });
    return identities;
  }).then((identities) => refoldConversations(db, identities ?? []));
}

/**
 * Hands this browser's own actions (made before main kept them) to main once, each keyed `local-<id>` so a second
 * try adds nothing twice; only when main has them are the rows removed (main's copies replace them). Runs before
 * any copy is stored, so until it has run every row is a local one. False when main could not take them (tried again later).
 */
export async function migrateLocalActions(db: ShopcastDB, hand: (actions: ConversationActionInput[]) => Promise<boolean>): Promise<boolean> {
  if ((await db.syncState.get(MIGRATED_KEY)) !== undefined) return true;
  const rows = await db.inboxActions.toArray();
  const inputs = rows.flatMap((r): ConversationActionInput[] => {
    const base = { identity: r.identity, at: r.at, key: `local-${r.id ?? r.at}` };
    switch (r.kind) {
      case 'status':
        return r.status ? [{ ...base, kind: 'status', status: r.status }] : [];
      case 'priority':
        return r.priority ? [{ ...base, kind: 'priority', priority: r.priority }] : [];
      case 'read':
        return [{ ...base, kind: 'read' }];
      case 'note': {
        const text = (r.text ?? '').trim().slice(0, 2_000);
        return text ? [{ ...base, kind: 'note', text }] : [];
      }
      case 'assign':
        return [{ ...base, kind: 'assign', staff: r.staff ?? null }];
    }
  });
  for (let i = 0; i < inputs.length; i += 1_000) if (!(await hand(inputs.slice(i, i + 1_000)))) return false;
  await db.transaction('rw', [db.inboxActions, db.syncState], async () => {
    if ((await db.syncState.get(MIGRATED_KEY)) !== undefined) return; // another window did it (and may have stored copies)
    await db.inboxActions.bulkDelete(rows.flatMap((r) => (r.id !== undefined ? [r.id] : [])));
    await db.syncState.put({ key: MIGRATED_KEY, value: 1 });
  });
  await refoldConversations(db, rows.map((r) => r.identity));
  return true;
}

/** Sends a person's action to main and stores main's copy at once (the pull after `inbox:acted` finds it again). */
export async function act(db: ShopcastDB, bridge: Bridge, action: ConversationActionInput): Promise<Result<ConversationAction | null>> {
  const r = await bridge.call('inbox:act', action);
  if (r.ok && r.value) await storeActions(db, [r.value]);
  return r;
}

type Who = { by?: string };
const by = (who: Who | undefined) => (who?.by !== undefined ? { by: who.by } : {});

export function markConversationDone(db: ShopcastDB, bridge: Bridge, identity: string, now: number, who?: Who) {
  return act(db, bridge, { identity, at: now, kind: 'status', status: 'done', ...by(who) });
}

export function reopenConversation(db: ShopcastDB, bridge: Bridge, identity: string, now: number, who?: Who) {
  return act(db, bridge, { identity, at: now, kind: 'status', status: 'open', ...by(who) });
}

export function setConversationPriority(db: ShopcastDB, bridge: Bridge, identity: string, priority: Priority, now: number, who?: Who) {
  return act(db, bridge, { identity, at: now, kind: 'priority', priority, ...by(who) });
}

export function markConversationRead(db: ShopcastDB, bridge: Bridge, identity: string, now: number, who?: Who) {
  return act(db, bridge, { identity, at: now, kind: 'read', ...by(who) });
}

export function assignConversation(db: ShopcastDB, bridge: Bridge, identity: string, staff: string | null, now: number, who?: Who) {
  return act(db, bridge, { identity, at: now, kind: 'assign', staff, ...by(who) });
}

export function addConversationNote(db: ShopcastDB, bridge: Bridge, identity: string, text: string, now: number, who?: Who) {
  return act(db, bridge, { identity, at: now, kind: 'note', text: text.trim().slice(0, 2_000), ...by(who) });
}
