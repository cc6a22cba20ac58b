/**
 * The shop's own database: one Dexie subclass, every schema version kept with its upgrade (Dexie's rule: never
 * edit a shipped version, add the next one). Components read through live queries; writes go through the repo
 * functions in this folder, never straight from a component.
 */
import Dexie, { type DBCoreMutateRequest, type EntityTable } from 'dexie';
import type { ContactFields } from '../../../shared/domain/contact';
import { identityTerms } from '../../../shared/domain/search';
import type { CampaignSummary, JobView } from '../../../shared/ipc/campaigns';
import type { InboxMessage } from '../../../shared/ipc/inbox';
import { rebuildConversations, type AnswerRecord, type ConversationRecord, type ConversationTextRecord } from './conversations';

export const DB_NAME = 'shopcast';

export interface ContactRecord extends ContactFields {
  id: number;
  createdAt: number;
  updatedAt: number;
  /** Sort key for the name (lower-cased; nameless contacts last). Derived: written only by the repo. */
  nameKey: string;
  /** Search keys (name words, phone groups, user id, username) for the multi-entry index. Derived: written only by the repo. */
  terms: string[];
  /**
   * lastInteractionAt for the index: IndexedDB leaves records with a null key out of an index, so "never" is stored
   * here as 0 and such contacts still appear (last) when sorting by last interaction.
   */
  lastInteractionSort: number;
  /**
   * The WhatsApp identity beyond the phone (shared/domain/identity.ts, DOMAIN.md §2 "Identity"): the business-scoped
   * user id (BSUID; unique where present, indexed), the username WhatsApp shows (display only), and the ids the
   * person had before a `user_changed_user_id` (kept for suppression, not indexed). Missing on contacts nobody learnt
   * them for. A contact has a phone, a user id or both (issue 13 point 1): a contact without a phone has no `phone` key
   * at all (never ''), so the unique `&phone` index leaves it out, as `&userId` leaves out contacts without an id.
   */
  userId?: string;
  username?: string;
  formerUserIds?: string[];
}

/** The contacts indexes the list sorts by. */
export const CONTACT_SORT_INDEXES = ['nameKey', 'createdAt', 'lastInteractionSort'] as const;
export type ContactSortIndex = (typeof CONTACT_SORT_INDEXES)[number];

/**
 * Whether a write to contacts may change the order of `index` (or which contacts there are). Only a put that lists
 * its changes (Dexie passes `updates` from bulkUpdate and `changeSpec` from update/modify) can be known not to; an
 * upsert may add a contact.
 */
export function mayReorder(req: DBCoreMutateRequest, index: ContactSortIndex): boolean {
  if (req.type !== 'put' || req.upsert) return true;
  const specs = req.updates?.changeSpecs ?? (req.changeSpec ? [req.changeSpec] : undefined);
  if (!specs) return true;
  return specs.some((spec) => Object.keys(spec).some((path) => path.split('.')[0] === index));
}

/** A contact whose last interaction moved forward (a reply), in the order the writes committed. */
export interface InteractionMove {
  seq: number;
  id: number;
  at: number;
}

/**
 * The moves a write makes when all it changes is contacts' last interaction (storeReplies' bulkUpdate), or undefined
 * for any other write. The list sorted by last interaction moves these contacts in its cached order instead of
 * re-reading the whole order for every reply.
 */
export function interactionMoves(req: DBCoreMutateRequest): Array<{ id: number; at: number }> | undefined {
  if (req.type !== 'put' || req.upsert || !req.updates || req.updates.keys.length !== req.updates.changeSpecs.length) return undefined;
  const moves: Array<{ id: number; at: number }> = [];
  for (const [i, spec] of req.updates.changeSpecs.entries()) {
    const id: unknown = req.updates.keys[i];
    const at: unknown = spec.lastInteractionSort;
    if (typeof id !== 'number' || typeof at !== 'number') return undefined;
    if (!Object.keys(spec).every((path) => path === 'lastInteractionSort' || path === 'lastInteractionAt')) return undefined;
    moves.push({ id, at });
  }
  return moves;
}

/**
 * Runs a callback when the write's transaction commits (never if it aborts). Dexie's IndexedDB core hands the
 * native IDBTransaction down as the DBCore transaction; anything else gives undefined and the caller falls back.
 */
function onCommit(trans: unknown): ((then: () => void) => void) | undefined {
  if (typeof (trans as Partial<IDBTransaction> | null)?.addEventListener !== 'function') return undefined;
  return (then) => (trans as IDBTransaction).addEventListener('complete', then, { once: true });
}

/** How many moves are kept: a cached order further behind than this is read again. */
const INTERACTION_LOG = 5_000;

export const LABEL_COLORS = ['green', 'teal', 'blue', 'purple', 'pink', 'red', 'orange', 'yellow', 'brown', 'gray'] as const;
export type LabelColor = (typeof LABEL_COLORS)[number];

export interface LabelRecord {
  id: number;
  name: string;
  /** Lower-cased name: two labels that differ only in case would be confusing, so the index is unique on this. */
  nameKey: string;
  color: LabelColor;
  createdAt: number;
  updatedAt: number;
}

/**
 * What a destructive action removed, kept so it can be undone, even after a restart. One record per action:
 * the deleted contacts and labels, and which contacts carried a deleted label.
 */
export interface TrashRecord {
  id: string;
  kind: 'contacts' | 'label' | 'labels-change';
  createdAt: number;
  contacts: ContactRecord[];
  labels: LabelRecord[];
  /** [contactId, labelId] pairs to put back when a deleted label is restored. */
  labelLinks: Array<[number, number]>;
  /** [contactId, labelIds before] for a bulk label change, put back as they were on undo. */
  labelSnapshots?: Array<[number, number[]]>;
}

/**
 * One file import, kept so it can be undone as a whole: the contacts it added, the contacts it changed as they were
 * before, and the labels it created. Written chunk by chunk as the import goes, so a cancelled or interrupted
 * import can still be rolled back.
 */
export interface ImportBatchRecord {
  id: string;
  createdAt: number;
  fileName: string;
  state: 'running' | 'done' | 'cancelled';
  addedIds: number[];
  /** The contacts the import changed, as they were before it. */
  before: ContactRecord[];
  createdLabelIds: number[];
}

/**
 * A campaign as main last reported it (summary), plus how far this renderer has pulled its jobs. Main's journal is
 * the truth; this is the renderer's copy for lists, reports and charts, kept in step by renderer/src/sync/.
 */
export interface CampaignRecord extends CampaignSummary {
  /** The highest job rev stored in `recipients` for `syncedGeneration`. */
  syncedRev: number;
  syncedGeneration: string;
}

/**
 * One recipient of one campaign and where their message stands now (one row per job, replaced as it moves),
 * with the time each step was first seen. `contactId` is the renderer's contact (from the job's `ref`).
 */
export interface RecipientRecord extends JobView {
  campaign: string;
  contactId?: number;
  acceptedAt?: number;
  deliveredAt?: number;
  readAt?: number;
  failedAt?: number;
  /** First reply attributed to this message (from the inbox). */
  repliedAt?: number;
}

/** A reply (or any inbound message) as main's inbox numbered it. */
export interface InboxRecord extends InboxMessage {
  contactId?: number;
}

/** Small bookkeeping values (how far the inbox was pulled…), one row per key. */
export interface SyncStateRecord {
  key: string;
  value: number | string;
}

/** A campaign being composed: each wizard step is saved here, so nothing is lost if the app closes. */
export interface DraftRecord {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  /** The wizard's own state (features/wizard/draft.ts parses it; unknown shapes fall back to a fresh draft). */
  data: unknown;
}

/** A saved audience filter ("VIP, active in 30 days"), reused across campaigns. */
export interface SegmentRecord {
  id: string;
  name: string;
  updatedAt: number;
  /** The audience filter spec (shared/domain/campaign/audience.ts parses it). */
  spec: unknown;
}

export type RollupScope = 'campaign' | 'label' | 'shop';

/**
 * Daily totals for one scope (a campaign, a label, or the whole shop) on one local day, updated in the same
 * transaction as the statuses and replies they count (db/rollups.ts owns the metric names and explains them).
 */
export interface RollupRecord {
  /** `${scope}|${ref}|${day}` */
  key: string;
  scope: RollupScope;
  /** Campaign id, label id, or '' for the shop. */
  ref: string;
  /** Local day in the shop's time zone, YYYY-MM-DD; `*` for a campaign's all-time record (db/rollups.ts TOTAL_DAY). */
  day: string;
  /** Metric name → count (or a sum, for the `frtSum` first-response milliseconds). Zero counts are not stored. */
  counts: Record<string, number>;
}

/**
 * Something a person did in the inbox (issue 14): closed or reopened a conversation, changed its priority, read it
 * up to a time, assigned it, or wrote a note. The conversation is folded from these and the messages
 * (shared/domain/inbox). Main keeps them (`conversations.jsonl`); these rows are its copy, keyed by main's `seq`
 * (db/inbox.ts). Rows from before main kept them were handed over once and replaced by main's copies.
 */
export interface InboxActionRecord {
  id?: number;
  /** The customer's identity (E.164 today). */
  identity: string;
  at: number;
  kind: 'status' | 'priority' | 'read' | 'note' | 'assign';
  status?: 'done' | 'open';
  priority?: 'high' | 'medium' | 'low';
  text?: string;
  /** For `assign`: the staff member, or null for nobody. */
  staff?: string | null;
  /** Who at the counter did it. */
  by?: string;
}

/** A quick reply (shared/domain/inbox/quickReplies.ts `QuickReply`), with when it was last changed. */
export interface QuickReplyRecord {
  id: string;
  shortcut: string;
  text: string;
  language: 'ko' | 'en' | 'zh-Hant';
  /** Order in the list (the starter set's order, then newest last). */
  order: number;
  updatedAt: number;
}

export class ShopcastDB extends Dexie {
  contacts!: EntityTable<ContactRecord, 'id'>;
  labels!: EntityTable<LabelRecord, 'id'>;
  trash!: EntityTable<TrashRecord, 'id'>;
  importBatches!: EntityTable<ImportBatchRecord, 'id'>;
  campaigns!: EntityTable<CampaignRecord, 'id'>;
  recipients!: EntityTable<RecipientRecord, 'job'>;
  inbox!: EntityTable<InboxRecord, 'seq'>;
  syncState!: EntityTable<SyncStateRecord, 'key'>;
  drafts!: EntityTable<DraftRecord, 'id'>;
  segments!: EntityTable<SegmentRecord, 'id'>;
  rollups!: EntityTable<RollupRecord, 'key'>;
  inboxActions!: EntityTable<InboxActionRecord, 'id'>;
  quickReplies!: EntityTable<QuickReplyRecord, 'id'>;
  conversations!: EntityTable<ConversationRecord, 'identity'>;
  conversationTexts!: EntityTable<ConversationTextRecord, 'identity'>;
  answers!: EntityTable<AnswerRecord, 'id'>;

  /**
   * Bumped on every write to the contacts table through this connection (a DBCore middleware sees them all), so
   * caches derived from the table's contents (the audience step's snapshot) know when they are stale. A write that
   * only moves last interactions (a reply) is logged instead (interactionMovesSince), for the caches to apply.
   */
  contactsRevision = 0;

  /**
   * Per sort index: bumped by a write that may change that index's order or the set of contacts. A write that names
   * its changed fields (`update`, `bulkUpdate`, `modify` with an object) leaves the other orders current: a reply
   * moving a contact's last interaction must not make the list sorted by name re-read 100,000 keys.
   */
  readonly orderRevisions: Record<ContactSortIndex, number> = { nameKey: 0, createdAt: 0, lastInteractionSort: 0 };

  /** Last-interaction moves committed through this connection (see interactionMoves), the newest INTERACTION_LOG. */
  private readonly moveLog: InteractionMove[] = [];
  /** The seq of the newest move logged (0: none yet). */
  interactionSeq = 0;

  /** The moves after `seq`, oldest first; undefined when some of them are no longer kept. */
  interactionMovesSince(seq: number): InteractionMove[] | undefined {
    const first = this.moveLog[0]?.seq ?? this.interactionSeq + 1;
    if (seq + 1 < first) return undefined;
    return this.moveLog.slice(seq + 1 - first);
  }

  private logMoves(moves: ReadonlyArray<{ id: number; at: number }>): void {
    for (const m of moves) this.moveLog.push({ seq: ++this.interactionSeq, ...m });
    if (this.moveLog.length > INTERACTION_LOG) this.moveLog.splice(0, this.moveLog.length - INTERACTION_LOG);
  }

  /** The import worker writes through its own connection: this one was not told, so everything is marked stale. */
  contactsChangedElsewhere(): void {
    this.contactsRevision++;
    for (const index of CONTACT_SORT_INDEXES) this.orderRevisions[index]++;
  }

  /** `deps` lets tests hand in fake-indexeddb; the app uses the browser's own IndexedDB. */
  constructor(name = DB_NAME, deps?: { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange }) {
    super(name, deps);
    this.use({
      stack: 'dbcore',
      name: 'contactsRevision',
      create: (down) => ({
        ...down,
        table: (tableName) => {
          const table = down.table(tableName);
          if (tableName !== 'contacts') return table;
          return {
            ...table,
            mutate: async (req) => {
              // A write moving only last interactions is logged for the cached order to apply once committed;
              // every other write marks the orders it may change stale.
              const moves = interactionMoves(req);
              const committed = moves ? onCommit(req.trans) : undefined;
              const touched = CONTACT_SORT_INDEXES.filter((index) => mayReorder(req, index) && !(committed && index === 'lastInteractionSort'));
              // Bumped before and after: a read that starts during the write is not cached as current.
              const bump = () => {
                if (!committed) this.contactsRevision++;
                for (const index of touched) this.orderRevisions[index]++;
              };
              bump();
              try {
                const result = await table.mutate(req);
                if (moves && committed) {
                  if (result.numFailures === 0) committed(() => this.logMoves(moves));
                  else this.contactsChangedElsewhere(); // some moved, some did not: read everything again
                }
                return result;
              } catch (e) {
                if (moves) this.contactsChangedElsewhere();
                throw e;
              } finally {
                bump();
              }
            },
          };
        },
      }),
    });
    this.version(1).stores({
      contacts: '++id, &phone, nameKey, *terms, *labelIds, optInStatus, lastInteractionSort, createdAt',
      labels: '++id, &nameKey',
      trash: 'id, createdAt',
    });
    // Version 2 (import issue): import batches, for undoing an import as a whole. Contacts are unchanged: the batch
    // lists the ids it added rather than adding an index to every contact (each index slows the 100k-row write).
    this.version(2).stores({
      importBatches: 'id, createdAt',
    });
    // Version 3 (send engine): the renderer's copy of campaigns, per-recipient status (one row per job; job ids are
    // unique across campaigns: `<campaign>-<n>`), the inbox of replies, and sync bookkeeping.
    this.version(3).stores({
      campaigns: 'id, createdAt, state, draftRef',
      recipients: 'job, campaign, [campaign+phase], contactId, contact, at',
      inbox: 'seq, from, at, campaign, contactId',
      syncState: 'key',
    });
    // Version 4 (wizard and results): campaign drafts (each wizard step saved), saved audience segments, and daily
    // rollups (per campaign, label and the whole shop) kept up to date as statuses arrive, so charts never scan raw
    // rows. The record types live with their modules (features/wizard, db/audience, db/rollups).
    this.version(4).stores({
      drafts: 'id, updatedAt',
      segments: 'id, name, updatedAt',
      rollups: 'key, [scope+day], [scope+ref]',
    });
    // Version 5 (replies inbox, issue 14): what people did in the inbox (done, priority, read, notes) per customer
    // identity, and the shop's quick replies. Messages themselves stay in `inbox`, main's copy.
    this.version(5).stores({
      inboxActions: '++id, identity, at',
      quickReplies: 'id, order',
    });
    // Version 6 (Korean law, issue 13 point 5): contacts get `nightConsent` (night-time consent for promotions to
    // +82 numbers, DOMAIN.md §2b), null for everyone who had none recorded. No index: nothing filters by it, and the
    // checklist reads it from the contacts it already holds. Nothing else of a contact changes.
    this.version(6)
      .stores({})
      .upgrade((tx) =>
        tx
          .table('contacts')
          .toCollection()
          .modify((c: Partial<ContactRecord>) => {
            if (c.nightConsent === undefined) c.nightConsent = null;
          }),
      );
    // Version 7 (identity, issue 13 point 1): contacts may carry a WhatsApp user id (BSUID), unique where present,
    // and a username. IndexedDB leaves a record without the key out of an index, so existing contacts (none has a
    // user id) are unchanged and need no upgrade; `&phone` stays as it was.
    this.version(7).stores({
      contacts: '++id, &phone, &userId, nameKey, *terms, *labelIds, optInStatus, lastInteractionSort, createdAt',
    });
    // Version 8 (identity, issue 13 point 1): a contact may have a user id and no phone (ContactFields.phone is
    // optional; no record ever had phone '', the parser always refused it, so nothing moves), and search finds a
    // contact by its user id and `@username` (search.ts identityTerms): contacts that have either get those terms
    // added to the ones they have. No index changes.
    this.version(8)
      .stores({})
      .upgrade((tx) =>
        tx
          .table('contacts')
          .toCollection()
          .modify((c: Partial<ContactRecord>) => {
            if (!c.userId && !c.username) return;
            c.terms = [...new Set([...(c.terms ?? []), ...identityTerms(c)])];
          }),
      );
    // Version 9 (inbox speed, issue 14): each conversation folded once and kept (db/conversations.ts), refolded
    // only for the identities whose rows change; its search text; main's answers copied by the answers feed. The
    // upgrade folds the conversations from the stored messages and actions (answers come with the feed's first pull).
    this.version(9)
      .stores({
        conversations: 'identity, rev, conversation.lastActivityAt',
        conversationTexts: 'identity',
        answers: 'id, to, rev',
      })
      .upgrade((tx) => rebuildConversations(tx));
  }
}

let instance: ShopcastDB | undefined;

/** The app's database. Tests create their own `new ShopcastDB(uniqueName)` instead. */
export function getDb(): ShopcastDB {
  instance ??= new ShopcastDB();
  return instance;
}
