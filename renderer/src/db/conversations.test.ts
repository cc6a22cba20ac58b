/**
 * The incremental conversation list (db/conversations.ts): whatever order messages, actions, campaign rows and
 * answers arrive in, each stored row equals what the whole fold (`loadInbox`) gives; a version-7 database gets its
 * rows from the upgrade; an answer's text is found by search and its thread shows it from the stored copy.
 */
import type Dexie from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { withDue, type Conversation } from '../../../shared/domain/inbox/conversation';
import { DEFAULT_DUE, type DueSettings } from '../../../shared/domain/inbox/due';
import { seededRandom } from '../../../shared/domain/random';
import type { AnswerState, AnswerView, ConversationAction } from '../../../shared/ipc/inbox';
import { applyInboxRules, inboxRules, refoldConversations, refoldForCampaignRows, rowConversation, rulesKey, staleRules, storeAnswers } from './conversations';
import { ShopcastDB, type RecipientRecord } from './db';
import { loadInbox, loadThread, storeActions } from './inbox';
import { storeReplies } from './sendingCopy';
import { freshDb, writeShippedVersion } from './testDb';
import { compileRules, DEFAULT_TRIAGE_RULES } from '../../../shared/domain/inbox/triage';

let db: ShopcastDB;
afterEach(() => db?.close());

const PEOPLE = ['+821011110001', '+821011110002', '+821011110003', '+821011110004'];
const TEXTS = ['결제가 안 돼요', '감사합니다!', 'Is this in stock?', '환불해 주세요', 'STOP', '배송 언제 와요?'];
const STATES: AnswerState[] = ['sending', 'sent', 'delivered', 'failed', 'not_sent', 'read'];
const T0 = Date.UTC(2026, 2, 10, 3, 0, 0);
const ZONE = 'Asia/Seoul';

/** The stored rows as the list reads them (under these answer times), by identity. */
async function storedRows(due: DueSettings = DEFAULT_DUE): Promise<Map<string, Conversation>> {
  const rows = await db.conversations.toArray();
  return new Map(rows.flatMap((r) => (r.conversation ? [[r.identity, rowConversation(r, due)!] as const] : [])));
}

/** The whole fold over every stored row, as the inbox did on every change before (open items aside: rows keep none). */
async function fullFold(due: DueSettings = DEFAULT_DUE): Promise<Map<string, Conversation>> {
  const answers = await db.answers.toArray();
  const data = await loadInbox(db, inboxRules(), due, answers.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1)));
  return new Map(data.conversations.map((c) => [c.identity, { ...c, openItems: [] }]));
}

describe('conversations kept per identity equal the whole fold', () => {
  it.each([1, 2, 3, 4, 5, 6])('random history %i: after every step each row equals the whole fold (and under other answer times)', async (seed) => {
    db = freshDb();
    const random = seededRandom(seed);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!; // index < length
    let seq = 0;
    let actionSeq = 0;
    let job = 0;
    const answers = new Map<string, AnswerView>();
    const shopDue: DueSettings = { high: 5 * 60_000, medium: 2 * 3_600_000, low: 48 * 3_600_000 };
    for (let step = 0; step < 40; step++) {
      // Times jump around (and repeat) so same-instant order and out-of-order arrival are both covered.
      const at = T0 + Math.floor(random() * 30) * 60_000;
      const who = pick(PEOPLE);
      const roll = random();
      if (roll < 0.35) {
        const n = 1 + Math.floor(random() * 3);
        const messages = Array.from({ length: n }, () => {
          const text = pick(TEXTS);
          return { seq: ++seq, id: `wamid.${seq}`, from: pick(PEOPLE), type: 'text', text, at: T0 + Math.floor(random() * 30) * 60_000, optOut: text === 'STOP' ? ('opt_out' as const) : ('none' as const), ...(random() < 0.3 ? { campaign: 'c1' } : {}) };
        });
        await storeReplies(db, messages, ZONE);
        await refoldConversations(db, messages.map((m) => m.from)); // as sync/sendingSync.ts does after each page
      } else if (roll < 0.65) {
        const kind = pick(['status', 'priority', 'read', 'note', 'assign'] as const);
        const base = { seq: ++actionSeq, identity: who, at };
        const action: ConversationAction =
          kind === 'status'
            ? { ...base, kind, status: pick(['done', 'open'] as const) }
            : kind === 'priority'
              ? { ...base, kind, priority: pick(['high', 'medium', 'low'] as const) }
              : kind === 'note'
                ? { ...base, kind, text: `note ${actionSeq}` }
                : kind === 'assign'
                  ? { ...base, kind, staff: pick(['Jin', 'Mina', null]) }
                  : { ...base, kind };
        await storeActions(db, [action], actionSeq);
      } else if (roll < 0.85) {
        // A new answer, or a known one changing state (its ticks).
        const known = [...answers.values()];
        const prev = known.length > 0 && random() < 0.4 ? pick(known) : undefined;
        const a: AnswerView = prev ? { ...prev, state: pick(STATES), rev: prev.rev + 1 } : { id: `ans-${step}`, to: who, content: { kind: 'text', body: `answer ${step}` }, channel: 'sandbox', createdAt: at, state: pick(STATES), rev: 1 };
        answers.set(a.id, a);
        await storeAnswers(db, [a], 'gen-1');
      } else {
        const campaign = pick(['c1', 'c2', 'c3']);
        const row: RecipientRecord = { job: `${campaign}-${++job}`, campaign, contact: who, attempts: 1, phase: 'accepted', at, rev: job, acceptedAt: at };
        await db.recipients.put(row);
        await refoldForCampaignRows(db, [row]);
      }
      expect(await storedRows()).toEqual(await fullFold());
    }
    // The shop's own answer times: the rows (kept with the defaults) given them equal the fold made with them.
    const withShop = await storedRows(shopDue);
    expect(withShop).toEqual(await fullFold(shopDue));
    expect([...withShop.values()].some((c) => c.dueAt !== undefined)).toBe(true);
    // The same under withDue on the whole fold's conversations (the domain's own re-timing).
    const data = await loadInbox(db, inboxRules(), DEFAULT_DUE, [...answers.values()].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1)));
    const retimed = new Map(data.conversations.map((c) => [c.identity, { ...withDue(c, shopDue), openItems: [] }]));
    expect(retimed).toEqual(withShop);
  });

  it('rows say which rules folded them: those folded with other rules are found and refolded with the shop\'s', async () => {
    db = freshDb();
    await storeReplies(db, [{ seq: 1, id: 'w1', from: PEOPLE[0]!, type: 'text', text: '결제가 안 돼요', at: T0, optOut: 'none' }], ZONE);
    await refoldConversations(db, [PEOPLE[0]!]);
    expect((await db.conversations.get(PEOPLE[0]!))?.conversation?.priority).toBe('high');
    const lowAll = compileRules({ ...DEFAULT_TRIAGE_RULES, rules: [], unmatched: 'low' });
    const same = compileRules({ ...DEFAULT_TRIAGE_RULES, rules: [], unmatched: 'low' });
    expect(rulesKey(same)).toBe(rulesKey(lowAll)); // equal rules, another object
    expect(rulesKey(lowAll)).not.toBe(rulesKey(compileRules(DEFAULT_TRIAGE_RULES)));
    try {
      applyInboxRules(lowAll);
      const stale = staleRules(await db.conversations.toArray(), lowAll);
      expect(stale).toEqual([PEOPLE[0]]);
      await refoldConversations(db, stale);
      expect((await db.conversations.get(PEOPLE[0]!))?.conversation).toMatchObject({ priority: 'low', reason: 'unmatched' });
      expect(staleRules(await db.conversations.toArray(), same)).toEqual([]);
      expect(await storedRows()).toEqual(await fullFold()); // the whole fold with the same rules agrees
    } finally {
      applyInboxRules(compileRules(DEFAULT_TRIAGE_RULES));
    }
  });
});

/** A database as version 7 left it, filled by `fill`. */
function writeVersion7(name: string, fill: (old: Dexie) => Promise<void>): Promise<void> {
  return writeShippedVersion(name, 7, fill);
}

describe('Dexie version 9: the conversation rows', () => {
  it('a version-7 database opens (through version 8) with a row per conversation, equal to the whole fold, and nothing else changed', async () => {
    const name = 'upgrade-conversations';
    const messages = [
      { seq: 1, id: 'w1', from: PEOPLE[0], type: 'text', text: '결제가 안 돼요', at: T0, optOut: 'none', username: '@mina' },
      { seq: 2, id: 'w2', from: PEOPLE[1], type: 'text', text: '감사합니다!', at: T0 + 60_000, optOut: 'none' },
      { seq: 3, id: 'w3', from: PEOPLE[0], type: 'text', text: 'Is this in stock?', at: T0 + 120_000, optOut: 'none', campaign: 'c1' },
    ];
    await writeVersion7(name, async (old) => {
      await old.table('inbox').bulkAdd(messages);
      await old.table('inboxActions').bulkAdd([
        { id: 1, identity: PEOPLE[1], at: T0 + 90_000, kind: 'status', status: 'done' },
        { id: 2, identity: PEOPLE[2], at: T0, kind: 'note', text: 'called them' }, // a note alone: no conversation
      ]);
    });
    db = new ShopcastDB(name, { indexedDB, IDBKeyRange });
    expect(await db.inbox.orderBy('seq').toArray()).toEqual(messages);
    expect(db.verno).toBe(9);
    expect(await storedRows()).toEqual(await fullFold());
    expect((await db.conversations.get(PEOPLE[1]!))?.conversation?.status).toBe('done');
    expect((await db.conversations.get(PEOPLE[2]!))?.conversation).toBeUndefined();
    expect((await db.conversations.get(PEOPLE[0]!))?.username).toBe('@mina');
    expect((await db.conversationTexts.get(PEOPLE[0]!))?.text).toBe('\n결제가 안 돼요\nis this in stock?');
    expect(await db.answers.count()).toBe(0);
  });
});

describe('answers in IndexedDB', () => {
  it('an answer is stored, its text found by search, shown in its thread, and a new generation replaces the copy', async () => {
    db = freshDb();
    await storeReplies(db, [{ seq: 1, id: 'w1', from: PEOPLE[0]!, type: 'text', text: '이거 아직 있나요?', at: T0, optOut: 'none' }], ZONE);
    await refoldConversations(db, [PEOPLE[0]!]);
    const a: AnswerView = { id: 'ans-1', to: PEOPLE[0]!, content: { kind: 'text', body: '네, 주문 가능합니다' }, channel: 'sandbox', createdAt: T0 + 60_000, state: 'delivered', rev: 3 };
    await storeAnswers(db, [a], 'gen-1');
    expect(await db.answers.get('ans-1')).toEqual(a);
    expect((await db.conversationTexts.get(PEOPLE[0]!))?.text).toContain('주문 가능');
    expect((await db.conversations.get(PEOPLE[0]!))?.conversation?.status).toBe('waiting');
    const thread = await loadThread(db, PEOPLE[0]!, inboxRules());
    expect(thread.map((i) => i.kind)).toEqual(['inbound', 'answer']);
    // Main restarted with other numbering: the copy is what main hands now.
    await storeAnswers(db, [], 'gen-2');
    expect(await db.answers.count()).toBe(0);
    expect((await db.conversations.get(PEOPLE[0]!))?.conversation?.status).toBe('open');
    expect((await db.conversationTexts.get(PEOPLE[0]!))?.text).not.toContain('주문');
  });
});
