import { beforeAll, describe, expect, it, vi } from 'vitest';
import Dexie, { liveQuery } from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { storeReplies } from './sendingCopy';
import { addContact, applyLabels, deleteContacts, lastInteractionChange, updateContact } from './contacts';
import { EMPTY_QUERY, moveToTop, observeContactQuery, previewContactIds, queryContactIds, untracked, type ContactQuery } from './contactQuery';
import type { ShopcastDB } from './db';
import { createLabel } from './labels';
import { freshDb } from './testDb';

async function seed() {
  const db = freshDb();
  const vip = await createLabel(db, 'VIP');
  const event = await createLabel(db, 'Event');
  if (!vip.ok || !event.ok) throw new Error('setup');
  const rows = [
    { name: '김민지', phone: '010-1234-5678', labelIds: [vip.label.id], optInStatus: 'opted_in', lastInteractionAt: 3_000 },
    { name: 'Alice Kim', phone: '010-2222-3333', labelIds: [vip.label.id, event.label.id], optInStatus: 'unknown', lastInteractionAt: 9_000 },
    { name: '', phone: '+886 912 345 678', labelIds: [event.label.id], optInStatus: 'opted_out' },
    { name: 'bob', phone: '02-123-4567', labelIds: [], optInStatus: 'opted_in', lastInteractionAt: 5_000 },
  ];
  const names: Record<number, string> = {};
  let t = 1_000;
  for (const row of rows) {
    t += 1_000;
    const created = t;
    const r = await addContact(db, row, { defaultCountry: 'KR', now: () => created });
    if (!r.ok) throw new Error(JSON.stringify(r));
    names[r.contact.id] = r.contact.name || '(no name)';
  }
  return { db, vip: vip.label.id, event: event.label.id, names };
}

describe('the contacts list query', () => {
  const cases: Array<[string, (l: { vip: number; event: number }) => Partial<ContactQuery>, string[]]> = [
    ['sorts by name, case-insensitively, nameless last', () => ({}), ['Alice Kim', 'bob', '김민지', '(no name)']],
    ['sorts by last interaction, most recent first', () => ({ sort: 'lastInteraction' }), ['Alice Kim', 'bob', '김민지', '(no name)']],
    ['sorts by creation, newest first', () => ({ sort: 'created' }), ['bob', '(no name)', 'Alice Kim', '김민지']],
    ['finds by the last group of the number', () => ({ text: '5678' }), ['김민지']],
    ['finds by the start of any group, in every number that has it', () => ({ text: '1234' }), ['bob', '김민지']],
    ['finds by the number in another format', () => ({ text: '+82 10-1234' }), ['김민지']],
    ['finds by the given name of a Korean name', () => ({ text: '민지' }), ['김민지']],
    ['finds by a word of the name, any case', () => ({ text: 'KIM' }), ['Alice Kim']],
    ['filters by a label', (l) => ({ labelIds: [l.vip] }), ['Alice Kim', '김민지']],
    ['filters by any of several labels', (l) => ({ labelIds: [l.vip, l.event] }), ['Alice Kim', '김민지', '(no name)']],
    ['filters by all of several labels', (l) => ({ labelIds: [l.vip, l.event], labelMatch: 'all' }), ['Alice Kim']],
    ['filters by opt-in status', () => ({ optIn: 'opted_in' }), ['bob', '김민지']],
    ['combines filters', (l) => ({ optIn: 'opted_in', labelIds: [l.vip] }), ['김민지']],
    ['finds nothing for an unknown name', () => ({ text: 'zzz' }), []],
  ];
  it.each(cases)('%s', async (_, make, expected) => {
    const { db, vip, event, names } = await seed();
    const ids = await queryContactIds(db, { ...EMPTY_QUERY, ...make({ vip, event }) });
    expect(ids.map((id) => names[id])).toEqual(expected);
  });
});

describe('the cached list order', () => {
  it('sees a contact added after the order was cached', async () => {
    const { db } = await seed();
    const before = await queryContactIds(db, EMPTY_QUERY);
    const added = await addContact(db, { name: 'Aaron', phone: '010-9999-8888' }, { defaultCountry: 'KR' });
    const after = await queryContactIds(db, EMPTY_QUERY);
    expect(after).toEqual([added.ok && added.contact.id, ...before]);
  });

  it('filters over the cached order and matches the uncached answer', async () => {
    const { db, vip } = await seed();
    const q = { ...EMPTY_QUERY, labelIds: [vip], sort: 'created' as const };
    const cold = await queryContactIds(db, q);
    await queryContactIds(db, { ...EMPTY_QUERY, sort: 'created' });
    expect(await queryContactIds(db, q)).toEqual(cold);
  });

  it('a reply moving last interaction keeps the name order cached and re-sorts the last-interaction order', async () => {
    const { db, names } = await seed();
    const byName = await queryContactIds(db, EMPTY_QUERY);
    await queryContactIds(db, { ...EMPTY_QUERY, sort: 'lastInteraction' });
    const bob = Number(Object.keys(names).find((id) => names[Number(id)] === 'bob'));
    await db.transaction('rw', db.contacts, () => db.contacts.bulkUpdate([{ key: bob, changes: lastInteractionChange(20_000) }]));
    // The very same cached array: no re-read of the name index.
    expect(await queryContactIds(db, EMPTY_QUERY)).toBe(byName);
    expect(await previewContactIds(db, 'name', 2)).toBeUndefined();
    expect((await queryContactIds(db, { ...EMPTY_QUERY, sort: 'lastInteraction' })).map((id) => names[id])).toEqual(['bob', 'Alice Kim', '김민지', '(no name)']);
    expect((await db.contacts.get(bob))?.lastInteractionSort).toBe(20_000);
  });

  it('a write that does not say what it changed, or renames, re-reads the name order', async () => {
    const { db, names } = await seed();
    const byName = await queryContactIds(db, EMPTY_QUERY);
    const bob = Number(Object.keys(names).find((id) => names[Number(id)] === 'bob'));
    const record = (await db.contacts.get(bob))!; // seeded above
    await db.contacts.put({ ...record, name: 'Zed', nameKey: 'zed' });
    const afterPut = await queryContactIds(db, EMPTY_QUERY);
    expect(afterPut).not.toBe(byName);
    expect(afterPut.map((id) => (id === bob ? 'Zed' : names[id]))).toEqual(['Alice Kim', 'Zed', '김민지', '(no name)']);
    await db.contacts.update(bob, { nameKey: 'aaa' });
    expect((await queryContactIds(db, EMPTY_QUERY))[0]).toBe(bob);
    await db.contacts.update(bob, { notes: 'called' });
    const cached = await queryContactIds(db, EMPTY_QUERY);
    await db.contacts.delete(bob);
    expect(await queryContactIds(db, EMPTY_QUERY)).not.toContain(bob);
    expect(cached).toContain(bob);
  });

  it('the last-interaction order moves replying contacts to its top without reading the order again', async () => {
    const { db, names } = await seed();
    const q = { ...EMPTY_QUERY, sort: 'lastInteraction' as const };
    await queryContactIds(db, q);
    const reads = vi.spyOn(db.contacts, 'orderBy');
    const reply = (seq: number, from: string, at: number) => ({ seq, id: `in.${seq}`, from, type: 'text' as const, text: 'ok', at, optOut: 'none' as const });
    // Two in one page (the older first), and a number that is no contact.
    await storeReplies(db, [reply(1, '+8221234567', 60_000), reply(2, '+886912345678', 50_000), reply(3, '+821099990000', 70_000)], 'Asia/Seoul');
    expect((await queryContactIds(db, q)).map((id) => names[id])).toEqual(['bob', '(no name)', 'Alice Kim', '김민지']);
    expect(reads).not.toHaveBeenCalled();
    // A reply older than the newest cannot be placed from the cache: the order is read again, and right.
    await storeReplies(db, [reply(4, '+821012345678', 10_000)], 'Asia/Seoul');
    expect((await queryContactIds(db, q)).map((id) => names[id])).toEqual(['bob', '(no name)', '김민지', 'Alice Kim']);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('moveToTop puts moves first in time order, and gives up on one older than the top', () => {
    const order = { ids: [5, 4, 3, 2, 1], top: { id: 5, at: 100 } };
    const moves = [
      { seq: 1, id: 2, at: 300 },
      { seq: 2, id: 3, at: 200 },
      { seq: 3, id: 9, at: 400 },
    ];
    expect(moveToTop(order, moves)).toEqual({ ids: [2, 3, 5, 4, 1], top: { id: 2, at: 300 } });
    expect(order.ids).toEqual([5, 4, 3, 2, 1]); // not changed in place: the list sees a new array
    // Same time as the top: ties go to the higher id, so a lower one does not land first.
    expect(moveToTop(order, [{ seq: 1, id: 1, at: 100 }])).toBeUndefined();
    expect(moveToTop(order, [{ seq: 1, id: 5, at: 100 }])).toEqual(order);
    expect(moveToTop(order, [{ seq: 1, id: 4, at: 99 }])).toBeUndefined();
  });

  it('previews the first rows until the whole order is cached', async () => {
    const { db, names } = await seed();
    const preview = await previewContactIds(db, 'lastInteraction', 2);
    expect(preview?.map((id) => names[id])).toEqual(['Alice Kim', 'bob']);
    await queryContactIds(db, { ...EMPTY_QUERY, sort: 'lastInteraction' });
    expect(await previewContactIds(db, 'lastInteraction', 2)).toBeUndefined();
  });
});

describe('observing the list while the shop works', () => {
  // Live queries run only where Dexie sees an IndexedDB (a browser); here it is fake-indexeddb, for this file.
  beforeAll(() => {
    Dexie.dependencies.indexedDB = indexedDB;
    Dexie.dependencies.IDBKeyRange = IDBKeyRange;
  });
  /** The contacts list's live query (useContactListIds): ids read untracked, their dependencies observed. */
  function watch(db: ShopcastDB, q: ContactQuery) {
    const answers: number[][] = [];
    const sub = liveQuery(async () => (await Promise.all([untracked(() => queryContactIds(db, q)), observeContactQuery(db, q)]))[0]).subscribe({
      next: (ids) => answers.push(ids),
      error: (e: unknown) => {
        throw e;
      },
    });
    return { answers, stop: () => sub.unsubscribe() };
  }
  const settle = () => new Promise((r) => setTimeout(r, 60));
  const idOf = (names: Record<number, string>, name: string) => Number(Object.keys(names).find((id) => names[Number(id)] === name));

  it('a reply under the list sorted by name re-runs nothing; sorted by last interaction, it moves the contact first', async () => {
    const { db, names } = await seed();
    const byName = watch(db, EMPTY_QUERY);
    const byLast = watch(db, { ...EMPTY_QUERY, sort: 'lastInteraction' });
    await settle();
    expect(byName.answers).toHaveLength(1);
    expect(byLast.answers.at(-1)?.map((id) => names[id])).toEqual(['Alice Kim', 'bob', '김민지', '(no name)']);
    await storeReplies(db, [{ seq: 1, id: 'in.1', from: '+8221234567', type: 'text', text: 'ok', at: 50_000, optOut: 'none' }], 'Asia/Seoul');
    await settle();
    expect((await db.contacts.get(idOf(names, 'bob')))?.lastInteractionAt).toBe(50_000);
    expect(byName.answers).toHaveLength(1);
    expect(byLast.answers.at(-1)?.map((id) => names[id])).toEqual(['bob', 'Alice Kim', '김민지', '(no name)']);
    byName.stop();
    byLast.stop();
  });

  it('sees a contact deleted from the middle of a cached order, and a rename that moves one', async () => {
    const { db, names } = await seed();
    await queryContactIds(db, EMPTY_QUERY); // cached: the live query below reads no order of its own
    const list = watch(db, EMPTY_QUERY);
    await settle();
    await deleteContacts(db, [idOf(names, 'bob')]);
    await settle();
    expect(list.answers.at(-1)?.map((id) => names[id])).toEqual(['Alice Kim', '김민지', '(no name)']);
    const mina = idOf(names, '김민지');
    const saved = await updateContact(db, mina, { name: 'Aaron', phone: '010-1234-5678' }, { defaultCountry: 'KR' });
    expect(saved.ok).toBe(true);
    await settle();
    expect(list.answers.at(-1)?.[0]).toBe(mina);
    list.stop();
  });

  it('a filtered list sees a contact gaining the label', async () => {
    const { db, names, event } = await seed();
    const list = watch(db, { ...EMPTY_QUERY, labelIds: [event] });
    await settle();
    expect(list.answers.at(-1)?.map((id) => names[id])).toEqual(['Alice Kim', '(no name)']);
    await applyLabels(db, [idOf(names, 'bob')], { add: [event] });
    await settle();
    expect(list.answers.at(-1)?.map((id) => names[id])).toEqual(['Alice Kim', 'bob', '(no name)']);
    list.stop();
  });

  it('untracked reads are not observed by the live query they run in', async () => {
    const { db } = await seed();
    let runs = 0;
    const sub = liveQuery(() => {
      runs++;
      return untracked(() => db.labels.toArray());
    }).subscribe({ next: () => undefined });
    await settle();
    await createLabel(db, 'New');
    await settle();
    expect(runs).toBe(1);
    sub.unsubscribe();
  });
});
