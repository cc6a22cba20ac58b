import Dexie, { liveQuery } from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { EMPTY_FILTER } from '../../../shared/domain/campaign/audience';
import { PhoneFactsCache } from '../../../shared/domain/campaign/phoneFacts';
import { seededRandom } from '../../../shared/domain/random';
import { addContact } from './contacts';
import { applySuppressions, storeReplies } from './sendingCopy';
import { audienceContacts, contactsByIds, deleteSegment, evaluateAudienceInDb, getSegment, listSegments, observeAudienceContacts, saveSegment } from './audience';
import { untracked } from './contactQuery';
import { freshDb } from './testDb';
import { buildRecipients } from '../features/wizard/buildRecipients';

const NOW = Date.UTC(2026, 10, 24, 2);
const opts = { defaultCountry: 'KR' as const, now: () => NOW };
const ctx = () => ({ suppressed: new Set<string>(), phones: new PhoneFactsCache(), now: NOW });

async function seed() {
  const db = freshDb();
  const base = { optInStatus: 'opted_in', optInSource: 'in_store', optInAt: NOW - 86_400_000, lastInteractionAt: NOW - 86_400_000 };
  await addContact(db, { ...base, name: '민지', phone: '010-2000-0001', labelIds: [] }, opts);
  await addContact(db, { ...base, name: 'Tom', phone: '010-2000-0002', labelIds: [] }, opts);
  await addContact(db, { ...base, name: 'Out', phone: '010-2000-0003', optInStatus: 'opted_out' }, opts);
  return db;
}

describe('audience in the database', () => {
  it('evaluates the filter over the stored contacts, with a sample and reasons', async () => {
    const db = await seed();
    const view = await evaluateAudienceInDb(db, EMPTY_FILTER, { ...ctx(), suppressed: new Set(['+821020000002']) }, { random: seededRandom(1) });
    expect(view.included).toHaveLength(1);
    expect(view.sample.map((c) => c.name)).toEqual(['민지']);
    expect(view.excluded.suppressed).toHaveLength(1);
    expect(view.excluded.opted_out).toHaveLength(1);
    expect((await contactsByIds(db, [...view.included, 999])).map((c) => c.phone)).toEqual(['+821020000001']);
  });

  it('counts a contact known only by its WhatsApp user id, suppresses it under that id, and hands it over addressed by it', async () => {
    const db = await seed();
    const base = { optInStatus: 'opted_in', optInSource: 'in_store', optInAt: NOW - 86_400_000, lastInteractionAt: NOW - 86_400_000 };
    const mina = await addContact(db, { ...base, name: 'Mina (id)', userId: 'KR.1349120865530274' }, opts);
    const ben = await addContact(db, { ...base, name: 'Ben (id)', userId: 'KR.777' }, opts);
    if (!mina.ok || !ben.ok) throw new Error('setup');
    // A promotion already sent to Ben's id today counts toward his per-contact cap, as main keys it.
    const log = { contactSends: (key: string) => (key === 'KR.777' ? [{ at: NOW - 3_600_000, promotional: true }] : []) };
    const view = await evaluateAudienceInDb(db, EMPTY_FILTER, { ...ctx(), suppressed: new Set(['+821020000002']), frequency: { log, cap: 1, at: NOW } }, { random: seededRandom(1), sampleSize: 10 });
    expect(view.included).toEqual(expect.arrayContaining([mina.contact.id]));
    expect(view.included).toHaveLength(2); // 민지 and Mina (id)
    expect(view.excluded.no_phone).toEqual([]);
    expect(view.excluded.frequency_cap).toEqual([ben.contact.id]);
    const suppressed = await evaluateAudienceInDb(db, EMPTY_FILTER, { ...ctx(), suppressed: new Set(['KR.1349120865530274']) }, { random: seededRandom(1) });
    expect(suppressed.excluded.suppressed).toEqual([mina.contact.id]);
    const recipients = buildRecipients(
      { name: 'Sale', channel: 'cloud', promotional: false, message: { kind: 'text', body: 'Hi {name} {phone}' }, fallbacks: {}, scheduledAt: null, excludedContactIds: [] },
      await contactsByIds(db, view.included),
      { shopName: 'Shop', labelNames: new Map() },
      { abTest: false, seed: 's' },
    );
    expect(recipients.find((r) => r.ref === String(mina.contact.id))).toEqual({ ref: String(mina.contact.id), userId: 'KR.1349120865530274', vars: { name: 'Mina (id)' } }); // no {phone} to fill: left empty
  });

  it('sees a contact added after the first evaluation (the snapshot follows the table)', async () => {
    const db = await seed();
    expect((await evaluateAudienceInDb(db, EMPTY_FILTER, ctx())).included).toHaveLength(2);
    await addContact(db, { name: 'New', phone: '010-2000-0009', optInStatus: 'opted_in', optInSource: 'x', optInAt: NOW, lastInteractionAt: NOW }, opts);
    expect((await evaluateAudienceInDb(db, EMPTY_FILTER, ctx())).included).toHaveLength(3);
  });
});

describe('segments', () => {
  it('save, list by name, rename in place, refuse a duplicate name, delete', async () => {
    const db = freshDb();
    const ids = ['a', 'b'];
    const vip = await saveSegment(db, '  VIP   active ', { ...EMPTY_FILTER, labelsAny: [3], activeWithinDays: 30 }, { now: () => NOW, newId: () => ids.shift()! });
    expect(vip).toMatchObject({ ok: true, segment: { id: 'a', name: 'VIP active', filter: { labelsAny: [3], activeWithinDays: 30 } } });
    await saveSegment(db, 'all', EMPTY_FILTER, { now: () => NOW, newId: () => ids.shift()! });
    expect((await listSegments(db)).map((s) => s.name)).toEqual(['VIP active', 'all']);
    expect(await saveSegment(db, 'vip ACTIVE', EMPTY_FILTER, { now: () => NOW })).toEqual({ ok: false, kind: 'duplicate' });
    expect(await saveSegment(db, 'VIP Active', EMPTY_FILTER, { id: 'a', now: () => NOW })).toMatchObject({ ok: true, segment: { id: 'a', name: 'VIP Active' } });
    expect(await saveSegment(db, ' ', EMPTY_FILTER)).toEqual({ ok: false, kind: 'required' });
    await deleteSegment(db, 'a');
    expect(await getSegment(db, 'a')).toBeUndefined();
    expect((await listSegments(db)).map((s) => s.id)).toEqual(['b']);
  });
  it('a damaged stored filter reads back as the empty filter’s values', async () => {
    const db = freshDb();
    await db.segments.put({ id: 'x', name: 'odd', updatedAt: NOW, spec: { labelsAny: 'nope', optIn: 7 } });
    expect((await getSegment(db, 'x'))?.filter).toEqual(EMPTY_FILTER);
  });
});

describe('the audience snapshot while a campaign sends', () => {
  beforeAll(() => {
    // Live queries run only where Dexie sees an IndexedDB; here it is fake-indexeddb.
    Dexie.dependencies.indexedDB = indexedDB;
    Dexie.dependencies.IDBKeyRange = IDBKeyRange;
  });
  const reply = (seq: number, from: string, at: number) => ({ seq, id: `in.${seq}`, from, type: 'text' as const, text: 'ok', at, optOut: 'none' as const });
  const settle = () => new Promise((r) => setTimeout(r, 60));

  it('takes a reply’s new last interaction from the move log, without reading every contact again', async () => {
    const db = await seed();
    const first = await audienceContacts(db);
    const reads = vi.spyOn(db.contacts, 'toArray');
    await storeReplies(db, [reply(1, '+821020000002', NOW + 5_000)], 'Asia/Seoul');
    const after = await audienceContacts(db);
    expect(reads).not.toHaveBeenCalled();
    expect(after.list).not.toBe(first.list);
    expect(after.list.find((c) => c.name === 'Tom')?.lastInteractionAt).toBe(NOW + 5_000);
    expect(after.byId.get(after.list.find((c) => c.name === '민지')!.id)).toBe(first.list.find((c) => c.name === '민지')); // unchanged records kept
    // Any other write reads them again.
    await addContact(db, { name: 'New', phone: '010-2000-0004', optInStatus: 'opted_in' }, opts);
    expect((await audienceContacts(db)).list).toHaveLength(4);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('the wizard’s live query re-runs for an added contact or an opt-out, not for a reply', async () => {
    const db = await seed();
    let runs = 0;
    const sub = liveQuery(async () => {
      runs++;
      return (await Promise.all([untracked(() => audienceContacts(db)), observeAudienceContacts(db)]))[0].list.length;
    }).subscribe({ next: () => undefined });
    await settle();
    expect(runs).toBe(1);
    await storeReplies(db, [reply(1, '+821020000001', NOW + 5_000)], 'Asia/Seoul');
    await settle();
    expect(runs).toBe(1);
    await applySuppressions(db, [{ contact: '+821020000001', reason: 'opted_out', at: NOW + 6_000, source: 'STOP' }], NOW + 6_000, 'Asia/Seoul');
    await settle();
    expect(runs).toBe(2);
    await addContact(db, { name: 'New', phone: '010-2000-0004', optInStatus: 'opted_in' }, opts);
    await settle();
    expect(runs).toBe(3);
    sub.unsubscribe();
  });
});
