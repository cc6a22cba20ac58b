/**
 * The inbox's conversation list kept incrementally (issue 14 "Speed"): one `conversations` row per customer identity,
 * folded by shared/domain/inbox/conversation.ts `foldConversation` from that identity's messages (`inbox`), our
 * campaign messages (`recipients`), people's actions (`inboxActions`) and main's answers (`answers`). Whoever writes
 * those rows calls `refoldConversations` with the identities it touched (the sync, db/inbox.ts' actions, the
 * answers feed), so a change refolds only those conversations, never all 200,000 messages.
 *
 * The fold is kept with the default answer times and the shop's triage rules (`applyInboxRules`, each row naming
 * the rules it was folded with, so rows folded with others are folded again when read); the screen gives
 * it the shop's answer times (`rowConversation`, from each priority's oldest open item: exact). Each write numbers its rows with a growing `rev` (indexed), so a reader that has
 * every row up to some rev reads only the rows after it. A conversation that no longer has a customer message is
 * kept as a row without `conversation` (so readers learn it went). Search reads `conversationTexts`: every customer
 * message's and answer's text of the identity, lower-cased.
 */
import type { Table, Transaction } from 'dexie';
import { dueFromOpen, foldConversation, openSince, type Conversation, type ConversationEvent, type OpenSince } from '../../../shared/domain/inbox/conversation';
import type { DueSettings } from '../../../shared/domain/inbox/due';
import { DEFAULT_DUE } from '../../../shared/domain/inbox/due';
import { defaultCompiled, type CompiledRules } from '../../../shared/domain/inbox/triage';
import type { AnswerView } from '../../../shared/ipc/inbox';
import type { InboxActionRecord, InboxRecord, RecipientRecord, ShopcastDB, SyncStateRecord } from './db';
import { actionEvent, answered, answerEvent, answerText, campaignEvent, identityOf, inboundEvent } from './conversationsEvents';

export interface ConversationRecord {
  identity: string;
  /** The write that last changed this row (syncState `conversations.rev`). */
  rev: number;
  /**
   * Folded with DEFAULT_DUE, kept without its open items (a row is read for every conversation when the inbox
   * opens; nothing in the list reads the items); missing when the identity has no customer message (any more).
   */
  conversation?: Conversation;
  /** The oldest open item of each priority: the due time under the shop's answer times (`dueFromOpen`). */
  openSince?: OpenSince;
  /** The triage rules it was folded with (`rulesKey`). */
  rules?: string;
  /** From the identity's newest message that had them: the contact it was stored with, its user id, its @username. */
  contactId?: number;
  userId?: string;
  username?: string;
}

export interface ConversationTextRecord {
  identity: string;
  /** Each customer message's and answer's text, lower-cased, each after a newline. */
  text: string;
}

/** An answer as main reported it (`AnswerView`), keyed by its id; `rev` is main's. */
export type AnswerRecord = AnswerView;

/** The rules folds use from now on: the built-in ones until the screen hands the shop's (`applyInboxRules`). */
let currentRules: CompiledRules | undefined;
export function inboxRules(): CompiledRules {
  currentRules ??= defaultCompiled();
  return currentRules;
}

const keys = new WeakMap<CompiledRules, string>();

/** Names a rule set briefly (a hash of its rules): equal for equal rules, whichever object compiled them. */
export function rulesKey(rules: CompiledRules): string {
  let key = keys.get(rules);
  if (key === undefined) {
    const text = JSON.stringify({ rules: rules.rules.map((r) => r.rule), unmatched: rules.unmatched });
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
      h2 = Math.imul(h2 + c, 0x5bd1e995) >>> 0;
    }
    keys.set(rules, (key = `${h1.toString(36)}.${h2.toString(36)}.${text.length}`));
  }
  return key;
}

/**
 * Makes `rules` (the shop's, from Settings) the ones every later fold uses. Rows folded with other rules (before the
 * settings were known, or before a change) say so by their `rules` key; the reader refolds them (`staleRules`).
 */
export function applyInboxRules(rules: CompiledRules): void {
  currentRules = rules;
}

/** The identities of these rows folded with rules other than `rules`. */
export function staleRules(rows: readonly ConversationRecord[], rules: CompiledRules): string[] {
  const key = rulesKey(rules);
  return rows.flatMap((r) => (r.rules !== key ? [r.identity] : []));
}

/** A stored row's conversation under the shop's answer times (its open items are not kept: `openItems` is empty). */
export function rowConversation(r: ConversationRecord, due: DueSettings): Conversation | undefined {
  const c = r.conversation;
  if (!c) return undefined;
  const at = dueFromOpen(r.openSince ?? {}, due);
  if (at === c.dueAt) return c;
  const out: Conversation = { ...c };
  if (at === undefined) delete out.dueAt;
  else out.dueAt = at;
  return out;
}

export const CONVERSATIONS_REV_KEY = 'conversations.rev';

interface Tables {
  inbox: Table<InboxRecord, number>;
  recipients: Table<RecipientRecord, string>;
  inboxActions: Table<InboxActionRecord, number>;
  answers: Table<AnswerRecord, string>;
  conversations: Table<ConversationRecord, string>;
  conversationTexts: Table<ConversationTextRecord, string>;
  syncState: Table<SyncStateRecord, string>;
}

const TABLE_NAMES = ['inbox', 'recipients', 'inboxActions', 'answers', 'conversations', 'conversationTexts', 'syncState'] as const;

function tablesOf(tx: Transaction): Tables {
  return Object.fromEntries(TABLE_NAMES.map((n) => [n, tx.table(n)])) as unknown as Tables;
}

/** One identity's events in the order the full fold gives them: messages by seq, rows by job, actions by id, answers by time. */
export function eventsOf(messages: readonly InboxRecord[], rows: readonly RecipientRecord[], actions: readonly InboxActionRecord[], answers: readonly AnswerView[], rules: CompiledRules): ConversationEvent[] {
  const sortedAnswers = [...answers].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  return [...messages.map((m) => inboundEvent(m, rules)), ...rows.map(campaignEvent), ...actions.flatMap((a) => actionEvent(a) ?? []), ...sortedAnswers.filter(answered).map(answerEvent)];
}

/** The search text of one identity: its messages' texts, then its answers' texts, lower-cased. */
export function searchText(messages: readonly InboxRecord[], answers: readonly AnswerView[]): string {
  let text = '';
  for (const m of messages) if (m.text) text += `\n${m.text.toLowerCase()}`;
  for (const a of answers) {
    const t = answerText(a);
    if (t) text += `\n${t.toLowerCase()}`;
  }
  return text;
}

async function nextRev(t: Tables): Promise<number> {
  const v = (await t.syncState.get(CONVERSATIONS_REV_KEY))?.value;
  const rev = (typeof v === 'number' ? v : 0) + 1;
  await t.syncState.put({ key: CONVERSATIONS_REV_KEY, value: rev });
  return rev;
}

async function refoldIn(t: Tables, identities: Iterable<string>, rules: CompiledRules): Promise<void> {
  const ids = [...new Set(identities)];
  if (ids.length === 0) return;
  const rev = await nextRev(t);
  const records: ConversationRecord[] = [];
  const texts: ConversationTextRecord[] = [];
  await Promise.all(
    ids.map(async (identity) => {
      const [messages, rows, actions, answers] = await Promise.all([
        t.inbox.where('from').equals(identity).toArray(),
        t.recipients.where('contact').equals(identity).toArray(),
        t.inboxActions.where('identity').equals(identity).toArray(),
        t.answers.where('to').equals(identity).toArray(),
      ]);
      const record: ConversationRecord = { identity, rev, rules: rulesKey(rules) };
      const conversation = foldConversation(eventsOf(messages, rows, actions, answers, rules), DEFAULT_DUE);
      if (conversation) {
        record.conversation = { ...conversation, openItems: [] };
        record.openSince = openSince(conversation);
      }
      for (const m of messages) {
        if (m.contactId !== undefined) record.contactId = m.contactId;
        if (m.userId !== undefined) record.userId = m.userId;
        if (m.username !== undefined) record.username = m.username;
      }
      records.push(record);
      texts.push({ identity, text: searchText(messages, answers) });
    }),
  );
  await t.conversations.bulkPut(records);
  await t.conversationTexts.bulkPut(texts);
}

/** Refolds the conversations of these identities (their messages, campaign rows, actions or answers changed). */
export async function refoldConversations(db: ShopcastDB, identities: Iterable<string>, rules: CompiledRules = inboxRules()): Promise<void> {
  const ids = [...new Set(identities)];
  if (ids.length === 0) return;
  for (let i = 0; i < ids.length; i += REFOLD_SLICE) {
    const slice = ids.slice(i, i + REFOLD_SLICE);
    await db.transaction('rw', TABLE_NAMES.map((n) => db.table(n)), (tx) => refoldIn(tablesOf(tx), slice, rules));
  }
}

/** Most identities refolded in one transaction (each transaction stays short, as the sync's writes do). */
const REFOLD_SLICE = 200;

/**
 * Campaign rows were stored for these identities: refolds those that have a conversation, unless it lists only
 * that campaign already (a row's status alone then changes nothing the fold keeps; a new campaign adds itself, and
 * a row's new time may reorder the campaigns listed oldest first).
 */
export async function refoldForCampaignRows(db: ShopcastDB, rows: ReadonlyArray<{ contact: string; campaign: string }>): Promise<void> {
  if (rows.length === 0) return;
  const byIdentity = new Map<string, Set<string>>();
  for (const r of rows) {
    const set = byIdentity.get(r.contact);
    if (set) set.add(r.campaign);
    else byIdentity.set(r.contact, new Set([r.campaign]));
  }
  const ids = [...byIdentity.keys()];
  const found = await db.conversations.bulkGet(ids);
  const stale = ids.filter((id, i) => {
    const c = found[i]?.conversation;
    return c !== undefined && [...byIdentity.get(id)!].some((campaign) => !(c.campaigns.length === 1 && c.campaigns[0] === campaign)); // every id is a key of byIdentity
  });
  await refoldConversations(db, stale);
}

/** Builds every row from the tables (the Dexie upgrade that adds them, and a copy that was reset). */
export async function rebuildConversations(tx: Transaction, rules: CompiledRules = inboxRules()): Promise<void> {
  const t = tablesOf(tx);
  await t.conversations.clear();
  await t.conversationTexts.clear();
  const identities = new Set<string>();
  await t.inbox.each((m) => void identities.add(identityOf(m)));
  await t.inboxActions.each((a) => void identities.add(a.identity));
  await refoldIn(t, identities, rules);
}

const ANSWERS_GENERATION_KEY = 'answers.generation';

/**
 * Stores main's answers (by id; a page stored twice is harmless) and refolds their customers' conversations. Answers
 * of another run of main's numbering (`generation`) are dropped first: the feed then hands every answer again.
 */
export async function storeAnswers(db: ShopcastDB, answers: readonly AnswerView[], generation: string): Promise<void> {
  const touched = await db.transaction('rw', [db.answers, db.syncState], async () => {
    const identities = new Set(answers.map((a) => a.to));
    if ((await db.syncState.get(ANSWERS_GENERATION_KEY))?.value !== generation) {
      await db.answers.each((a) => void identities.add(a.to));
      await db.answers.clear();
      await db.syncState.put({ key: ANSWERS_GENERATION_KEY, value: generation });
    }
    if (answers.length > 0) await db.answers.bulkPut(answers.map((a) => ({ ...a })));
    return identities;
  });
  await refoldConversations(db, touched);
}
