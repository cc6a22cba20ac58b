import { afterEach, describe, expect, it } from 'vitest';
import type { Bridge } from '../../../shared/ipc/bridge';
import type { Channel, InputOf, OutputOf, PushedEvent } from '../../../shared/ipc/contract';
import { parseConversationAction, type ConversationAction, type ConversationActionInput, type StaffView } from '../../../shared/ipc/inbox';
import { fail, ok, type Result } from '../../../shared/lib/result';
import { DEFAULT_DUE } from '../../../shared/domain/inbox/due';
import { compileRules, DEFAULT_TRIAGE_RULES } from '../../../shared/domain/inbox/triage';
import type { ShopcastDB } from '../db/db';
import { assignConversation, loadInbox, markConversationDone } from '../db/inbox';
import { freshDb } from '../db/testDb';
import { startConversationSync } from './conversationSync';

/** What main's ConversationStore does, in small: actions numbered by seq, keys added once, staff kept. */
class MiniMain implements Bridge {
  readonly runtime = 'browser-host' as const;
  actions: ConversationAction[] = [];
  seq = 0;
  staff: StaffView = { names: [], current: null };
  importsFail = false;
  imported = 0;
  private listeners = new Set<(e: PushedEvent) => void>();

  add(a: ConversationActionInput): ConversationAction | null {
    if (a.key !== undefined && this.actions.some((x) => x.key === a.key)) return null;
    const action = { ...a, seq: ++this.seq } as ConversationAction; // an input with its seq
    this.actions.push(action);
    const event = { epoch: 'e', seq: this.seq, name: 'inbox:acted', payload: { last: this.seq } } as PushedEvent;
    for (const l of this.listeners) l(event);
    return action;
  }

  async call<C extends Channel>(channel: C, ...input: InputOf<C> extends void ? [] : [InputOf<C>]): Promise<Result<OutputOf<C>>> {
    const arg = input[0] as Record<string, unknown> | undefined; // this channel's input
    const out = (v: unknown) => ok(v) as Result<OutputOf<C>>; // this channel's output
    switch (channel) {
      case 'inbox:importActions': {
        if (this.importsFail) return fail('disconnected', 'main is away') as Result<OutputOf<C>>;
        let added = 0;
        for (const a of arg!.actions as unknown[]) {
          const parsed = parseConversationAction(a);
          if (!parsed.ok) throw new Error(parsed.error.message);
          if (this.add(parsed.value)) added++;
        }
        this.imported += added;
        return out({ added });
      }
      case 'inbox:act': {
        const parsed = parseConversationAction(arg);
        if (!parsed.ok) throw new Error(parsed.error.message);
        return out(this.add(parsed.value));
      }
      case 'inbox:actions': {
        const after = arg!.after as number;
        return out({ actions: this.actions.filter((a) => a.seq > after), last: this.seq });
      }
      case 'inbox:staff':
        return out(this.staff);
      default:
        throw new Error(`unexpected ${channel}`);
    }
  }

  onEvent(listener: (e: PushedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onConnectionChange(): () => void {
    return () => undefined;
  }
}

const P = '+821012345678';
const Q = '+821087654321';
const T0 = Date.UTC(2026, 2, 10, 3, 0, 0);
const rules = compileRules(DEFAULT_TRIAGE_RULES);
let db: ShopcastDB;
afterEach(() => db?.close());

async function seedMessages(): Promise<void> {
  await db.inbox.bulkAdd([
    { seq: 1, id: 'w1', from: P, type: 'text', text: '결제가 안 돼요', at: T0, optOut: 'none' },
    { seq: 2, id: 'w2', from: Q, type: 'text', text: 'thanks', at: T0 + 1_000, optOut: 'none' },
  ] as never); // InboxRecord rows as the sending sync stores them
}

describe('conversation actions: main is the truth, IndexedDB the copy', () => {
  it('hands the old local actions to main once, replaces them with main\'s copies, and the fold still sees them', async () => {
    db = freshDb();
    await seedMessages();
    await db.inboxActions.bulkAdd([
      { identity: P, at: T0 + 5_000, kind: 'status', status: 'done' },
      { identity: Q, at: T0 + 6_000, kind: 'priority', priority: 'high' },
      { identity: Q, at: T0 + 7_000, kind: 'note', text: '  VIP ' },
    ]);
    const main = new MiniMain();
    main.add({ identity: Q, at: T0 + 2_000, kind: 'read' }); // made in another window already
    const sync = startConversationSync(db, main);
    await sync.pull();
    expect(main.actions.map((a) => [a.kind, a.key])).toEqual([['read', undefined], ['status', 'local-1'], ['priority', 'local-2'], ['note', 'local-3']]);
    expect((await db.inboxActions.toArray()).map((r) => [r.id, r.kind])).toEqual([[1, 'read'], [2, 'status'], [3, 'priority'], [4, 'note']]);
    const { conversations } = await loadInbox(db, rules, DEFAULT_DUE);
    expect(conversations.find((c) => c.identity === P)?.status).toBe('done');
    expect(conversations.find((c) => c.identity === Q)).toMatchObject({ status: 'open', priority: 'high', reason: 'set_by_person', unread: 0 });
    sync.stop();
    // A second start hands nothing over again.
    const again = startConversationSync(db, main);
    await again.pull();
    expect(main.imported).toBe(3);
    expect(await db.inboxActions.count()).toBe(4);
    again.stop();
  });

  it('keeps the local actions while main cannot take them, and hands them over later', async () => {
    db = freshDb();
    await db.inboxActions.add({ identity: P, at: T0, kind: 'read' });
    const main = new MiniMain();
    main.importsFail = true;
    const sync = startConversationSync(db, main);
    await sync.pull();
    expect(await db.inboxActions.toArray()).toMatchObject([{ identity: P, kind: 'read' }]);
    expect(main.actions).toEqual([]);
    main.importsFail = false;
    await sync.pull();
    expect(main.actions).toMatchObject([{ seq: 1, key: 'local-1', kind: 'read' }]);
    expect(await db.inboxActions.toArray()).toMatchObject([{ id: 1, kind: 'read' }]);
    sync.stop();
  });

  it('a person\'s action goes to main and shows at once; one made elsewhere arrives with inbox:acted', async () => {
    db = freshDb();
    await seedMessages();
    const main = new MiniMain();
    const sync = startConversationSync(db, main);
    await sync.pull();
    expect(await assignConversation(db, main, P, 'Jin', T0 + 3_000, { by: '민지' })).toMatchObject({ ok: true, value: { seq: 1, by: '민지' } });
    expect((await loadInbox(db, rules, DEFAULT_DUE)).conversations.find((c) => c.identity === P)?.assignee).toBe('Jin');
    main.add({ identity: Q, at: T0 + 4_000, kind: 'status', status: 'done' }); // pushes inbox:acted
    await sync.pull();
    expect((await loadInbox(db, rules, DEFAULT_DUE)).conversations.find((c) => c.identity === Q)?.status).toBe('done');
    await markConversationDone(db, main, P, T0 + 5_000);
    expect((await db.inboxActions.toArray()).map((r) => r.id)).toEqual([1, 2, 3]);
    sync.stop();
  });

  it('starts its copy again when main has fewer actions than it (another data folder)', async () => {
    db = freshDb();
    const first = new MiniMain();
    for (let i = 0; i < 3; i++) first.add({ identity: P, at: T0 + i, kind: 'read' });
    const a = startConversationSync(db, first);
    await a.pull();
    a.stop();
    const other = new MiniMain();
    other.add({ identity: Q, at: T0, kind: 'status', status: 'done' });
    const b = startConversationSync(db, other);
    await b.pull();
    expect(await db.inboxActions.toArray()).toMatchObject([{ id: 1, identity: Q, kind: 'status' }]);
    b.stop();
  });

  it('knows the staff list and tells its listeners when it changes', async () => {
    db = freshDb();
    const main = new MiniMain();
    const sync = startConversationSync(db, main);
    await sync.pull();
    expect(sync.staff()).toEqual({ names: [], current: null });
    let told = 0;
    sync.subscribe(() => told++);
    main.staff = { names: ['Jin', '민지'], current: 'Jin' };
    main.add({ identity: P, at: T0, kind: 'read' });
    await sync.pull();
    expect(sync.staff()).toEqual({ names: ['Jin', '민지'], current: 'Jin' });
    expect(told).toBe(1);
    sync.stop();
  });
});
