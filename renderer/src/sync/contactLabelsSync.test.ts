import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import Dexie from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import type { Bridge } from '../../../shared/ipc/bridge';
import type { Channel, InputOf, OutputOf, PushedEvent } from '../../../shared/ipc/contract';
import { parseContactLabels, type ContactLabelsEntry } from '../../../shared/ipc/automation';
import { fail, ok, type Result } from '../../../shared/lib/result';
import { addContact, applyLabels, updateContact } from '../db/contacts';
import type { ShopcastDB } from '../db/db';
import { createLabel, deleteLabel, renameLabel } from '../db/labels';
import { freshDb } from '../db/testDb';
import { contactLabelsMap, startContactLabelsSync, type ContactLabelsSync } from './contactLabelsSync';

/** Main in miniature: `automation:labels` checked with main's own parser, each map it took kept. */
class MiniMain implements Bridge {
  readonly runtime = 'browser-host' as const;
  maps: ContactLabelsEntry[][] = [];
  away = false;
  private connection = new Set<(c: boolean) => void>();

  async call<C extends Channel>(channel: C, ...input: InputOf<C> extends void ? [] : [InputOf<C>]): Promise<Result<OutputOf<C>>> {
    if (channel !== 'automation:labels') throw new Error(`unexpected ${channel}`);
    if (this.away) return fail('disconnected', 'main is away') as Result<OutputOf<C>>;
    const parsed = parseContactLabels(input[0]);
    if (!parsed.ok) throw new Error(parsed.error.message);
    this.maps.push(parsed.value.entries);
    return ok({ contacts: parsed.value.entries.length }) as Result<OutputOf<C>>; // this channel's output
  }
  onEvent(_listener: (e: PushedEvent) => void) {
    return () => undefined;
  }
  onConnectionChange(listener: (c: boolean) => void) {
    this.connection.add(listener);
    return () => this.connection.delete(listener);
  }
  connect(): void {
    for (const l of this.connection) l(true);
  }
}

/** Timers driven by hand: nothing waits on the wall clock. */
class Timers {
  pending = new Map<number, { fn: () => void; ms: number }>();
  private n = 0;
  set = (fn: () => void, ms: number) => {
    this.pending.set(++this.n, { fn, ms });
    return this.n;
  };
  clear = (h: unknown) => void this.pending.delete(h as number);
  fire(): number[] {
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const t of due) t.fn();
    return due.map((t) => t.ms);
  }
}

const opts = { defaultCountry: 'KR' as const, now: () => 1_700_000_000_000 };
async function contact(db: ShopcastDB, input: Record<string, unknown>) {
  const r = await addContact(db, { name: 'x', ...input }, opts);
  if (!r.ok) throw new Error(`setup failed: ${JSON.stringify(r)}`);
  return r.contact;
}
async function label(db: ShopcastDB, name: string) {
  const r = await createLabel(db, name, undefined, { now: opts.now });
  if (!r.ok) throw new Error(`setup failed: ${r.kind}`);
  return r.label.id;
}

// Live queries run only where Dexie sees an IndexedDB (a browser); here it is fake-indexeddb, for this file.
beforeAll(() => {
  Dexie.dependencies.indexedDB = indexedDB;
  Dexie.dependencies.IDBKeyRange = IDBKeyRange;
});

let sync: ContactLabelsSync | undefined;
afterEach(() => {
  sync?.stop();
  sync = undefined;
});

describe('contactLabelsSync', () => {
  it('sends the map at start, then after a change once the debounce ends, and never an unchanged map', async () => {
    const db = freshDb();
    const vip = await label(db, 'VIP');
    const bulk = await label(db, '도매');
    const a = await contact(db, { phone: '010-1111-2222', labelIds: [vip, bulk] });
    await contact(db, { phone: '010-3333-4444' }); // no labels: not sent
    await contact(db, { userId: 'KR.123', labelIds: [bulk] });
    const main = new MiniMain();
    const timers = new Timers();
    sync = startContactLabelsSync(db, main, { setTimer: timers.set, clearTimer: timers.clear });
    await vi.waitFor(() => expect(main.maps).toHaveLength(1));
    expect(main.maps[0]).toEqual([
      { phone: '+821011112222', labels: ['VIP', '도매'] },
      { userId: 'KR.123', labels: ['도매'] },
    ]);

    // A label renamed: the change waits for the debounce (2 s), then the whole map goes.
    expect((await renameLabel(db, vip, 'VVIP', { now: opts.now })).ok).toBe(true);
    await vi.waitFor(() => expect(timers.pending.size).toBe(1));
    expect(main.maps).toHaveLength(1);
    expect(timers.fire()).toEqual([2_000]);
    await sync.flush();
    expect(main.maps.at(-1)).toEqual([
      { phone: '+821011112222', labels: ['VVIP', '도매'] },
      { userId: 'KR.123', labels: ['도매'] },
    ]);

    // A change that leaves the map as it was (a contact's notes) is not sent again.
    expect((await updateContact(db, a.id, { ...a, notes: 'likes blue' }, opts)).ok).toBe(true);
    await vi.waitFor(() => expect(timers.pending.size).toBe(1));
    timers.fire();
    await sync.flush();
    expect(main.maps).toHaveLength(2);

    // Labels taken off and a label deleted: the map shrinks, the contact without labels leaves it.
    await applyLabels(db, [a.id], { add: [], remove: [bulk] });
    await deleteLabel(db, bulk);
    await new Promise((r) => setTimeout(r, 60)); // both changes observed: one timer, restarted by the second
    expect(timers.pending.size).toBe(1);
    timers.fire();
    await sync.flush();
    expect(main.maps.at(-1)).toEqual([{ phone: '+821011112222', labels: ['VVIP'] }]);
  });

  it('when main is away the map is tried again later, and again when the connection comes back', async () => {
    const db = freshDb();
    const vip = await label(db, 'VIP');
    await contact(db, { phone: '010-1111-2222', labelIds: [vip] });
    const main = new MiniMain();
    main.away = true;
    const timers = new Timers();
    const errors: string[] = [];
    sync = startContactLabelsSync(db, main, { setTimer: timers.set, clearTimer: timers.clear, onError: (m) => errors.push(m) });
    await vi.waitFor(() => expect(errors).toEqual(['main is away']));
    expect([...timers.pending.values()].map((t) => t.ms)).toEqual([30_000]);
    main.away = false;
    main.connect(); // sends at once (0 ms), whatever was pending
    expect(timers.fire()).toEqual([0]);
    await sync.flush();
    expect(main.maps).toEqual([[{ phone: '+821011112222', labels: ['VIP'] }]]);
  });

  it('reads only labelled contacts (10,000 contacts, 50 labelled)', async () => {
    const db = freshDb();
    const vip = await label(db, 'VIP');
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ id: i + 1, name: `c${i}`, phone: `+82109${String(i).padStart(7, '0')}`, labelIds: i % 200 === 0 ? [vip] : [], nameKey: `c${i}`, terms: [], lastInteractionSort: 0, createdAt: 1, updatedAt: 1, optInStatus: 'unknown', optInSource: '', optInAt: null, notes: '', lastInteractionAt: null }));
    await db.contacts.bulkAdd(rows as never); // records as the repo stores them (derived fields included)
    const map = await contactLabelsMap(db);
    expect(map).toHaveLength(50);
    expect(map[1]).toEqual({ phone: '+821090000200', labels: ['VIP'] });
  });
});
