import { describe, expect, it } from 'vitest';
import type { CleanContact } from '../../../shared/import/types';
import { addContact, updateContact } from './contacts';
import { commitImport, listImportBatches, undoImport, type CommitOptions } from './importBatches';
import { createLabel } from './labels';
import { freshDb } from './testDb';

const row = (phone: string, extra: Partial<CleanContact> = {}): CleanContact => ({ row: 2, name: '', phone, labels: [], optIn: undefined, landline: false, notes: [], memo: '', ...extra });
const opts = (extra: Partial<CommitOptions> = {}): CommitOptions => ({ fileName: 'list.csv', updateNames: false, updateOptIn: false, now: () => 1_000, ...extra });
const labelNames = async (db: ReturnType<typeof freshDb>, ids: number[]) => (await db.labels.bulkGet(ids)).map((l) => l?.name);

describe('commitImport', () => {
  it('adds new contacts with their labels, creating the labels it needs', async () => {
    const db = freshDb();
    const r = await commitImport(db, [row('+821011112222', { name: '김철수', labels: ['VIP', '신규'] })], opts());
    expect(r).toMatchObject({ added: 1, updated: 0, labelsCreated: 2, cancelled: false });
    const c = await db.contacts.where('phone').equals('+821011112222').first();
    expect(c?.name).toBe('김철수');
    expect(await labelNames(db, c!.labelIds)).toEqual(['VIP', '신규']);
  });

  it('matches a label that exists whatever its case', async () => {
    const db = freshDb();
    const vip = await createLabel(db, 'VIP');
    const r = await commitImport(db, [row('+821011112222', { labels: ['vip'] })], opts());
    expect(r.labelsCreated).toBe(0);
    expect((await db.contacts.toArray())[0]?.labelIds).toEqual([vip.ok && vip.label.id]);
  });

  it('puts the default label on every contact of the import', async () => {
    const db = freshDb();
    await commitImport(db, [row('+821011112222'), row('+821033334444')], opts({ defaultLabel: '2025 가을 행사' }));
    const all = await db.contacts.toArray();
    for (const c of all) expect(await labelNames(db, c.labelIds)).toEqual(['2025 가을 행사']);
  });

  it('records opt-in from the file on new contacts, dated and sourced', async () => {
    const db = freshDb();
    await commitImport(db, [row('+821011112222', { optIn: 'opted_in' })], opts());
    // Honest consent: without a source column the file only claims it (contact.ts claimedSource).
    expect(await db.contacts.toArray()).toMatchObject([{ optInStatus: 'opted_in', optInSource: 'claimed:1000:list.csv', optInAt: 1_000, nightConsent: null }]);
  });

  it('merges labels into a contact already in the database', async () => {
    const db = freshDb();
    const vip = await createLabel(db, 'VIP');
    await addContact(db, { name: '김철수', phone: '010-1111-2222', labelIds: [vip.ok ? vip.label.id : 0] }, { defaultCountry: 'KR' });
    const r = await commitImport(db, [row('+821011112222', { name: 'Kim', labels: ['단골'] })], opts());
    expect(r).toMatchObject({ added: 0, updated: 1 });
    const c = (await db.contacts.toArray())[0]!;
    expect(await labelNames(db, c.labelIds)).toEqual(['VIP', '단골']);
    expect(c.name).toBe('김철수');
  });

  it('writes the file’s notes on new contacts', async () => {
    const db = freshDb();
    await commitImport(db, [row('+821011112222', { memo: '매주 화요일 방문' })], opts());
    expect((await db.contacts.toArray())[0]?.notes).toBe('매주 화요일 방문');
  });

  it('adds the file’s notes under the shop’s own, each line once, and puts them back on undo', async () => {
    const db = freshDb();
    await addContact(db, { name: '김민지', phone: '010-1111-2222', notes: '매주 화요일 방문' }, { defaultCountry: 'KR' });
    const first = await commitImport(db, [row('+821011112222', { memo: '매주 화요일 방문\n알레르기: 견과류' })], opts());
    expect(first).toMatchObject({ updated: 1, unchanged: 0 });
    expect((await db.contacts.toArray())[0]?.notes).toBe('매주 화요일 방문\n알레르기: 견과류');
    // The same file again: nothing new to add, so the contact is left as it is.
    const again = await commitImport(db, [row('+821011112222', { memo: '알레르기: 견과류' })], opts());
    expect(again).toMatchObject({ updated: 0, unchanged: 1 });
    await undoImport(db, again.batchId);
    await undoImport(db, first.batchId);
    expect((await db.contacts.toArray())[0]?.notes).toBe('매주 화요일 방문');
  });

  it('updates the name when the person chose so', async () => {
    const db = freshDb();
    await addContact(db, { name: '김철수', phone: '010-1111-2222' }, { defaultCountry: 'KR' });
    await commitImport(db, [row('+821011112222', { name: 'Kim Chulsoo' })], opts({ updateNames: true }));
    expect((await db.contacts.toArray())[0]?.name).toBe('Kim Chulsoo');
  });

  it('fills an empty name even when names are not updated', async () => {
    const db = freshDb();
    await addContact(db, { name: '', phone: '010-1111-2222' }, { defaultCountry: 'KR' });
    await commitImport(db, [row('+821011112222', { name: '김철수' })], opts());
    expect((await db.contacts.toArray())[0]?.name).toBe('김철수');
  });

  it('keeps an opted-out contact opted out whatever the file says, even when opt-in updates are on', async () => {
    const db = freshDb();
    await addContact(db, { phone: '010-1111-2222', optInStatus: 'opted_out' }, { defaultCountry: 'KR' });
    await commitImport(db, [row('+821011112222', { optIn: 'opted_in' })], opts({ updateOptIn: true }));
    expect((await db.contacts.toArray())[0]?.optInStatus).toBe('opted_out');
  });

  it('leaves opt-in alone when the person did not choose to update it', async () => {
    const db = freshDb();
    await addContact(db, { phone: '010-1111-2222', optInStatus: 'unknown' }, { defaultCountry: 'KR' });
    await commitImport(db, [row('+821011112222', { optIn: 'opted_in' })], opts());
    expect((await db.contacts.toArray())[0]?.optInStatus).toBe('unknown');
  });

  it('applies an opt-out from the file in any case', async () => {
    const db = freshDb();
    await addContact(db, { phone: '010-1111-2222', optInStatus: 'opted_in' }, { defaultCountry: 'KR' });
    await commitImport(db, [row('+821011112222', { optIn: 'opted_out' })], opts());
    expect((await db.contacts.toArray())[0]?.optInStatus).toBe('opted_out');
  });

  it('counts a matched contact the file does not change as unchanged', async () => {
    const db = freshDb();
    await addContact(db, { name: '김철수', phone: '010-1111-2222' }, { defaultCountry: 'KR' });
    expect(await commitImport(db, [row('+821011112222', { name: '김철수' })], opts())).toMatchObject({ updated: 0, unchanged: 1 });
  });

  it('reports progress chunk by chunk', async () => {
    const db = freshDb();
    const seen: Array<[number, number]> = [];
    await commitImport(db, ['+821011110001', '+821011110002', '+821011110003'].map((p) => row(p)), opts({ chunk: 2, onProgress: (d, t) => seen.push([d, t]) }));
    expect(seen).toEqual([[2, 3], [3, 3]]);
  });

  it('rolls back what it wrote when cancelled between chunks', async () => {
    const db = freshDb();
    const controller = new AbortController();
    const r = await commitImport(db, ['+821011110001', '+821011110002', '+821011110003'].map((p) => row(p, { labels: ['새 라벨'] })), opts({
      chunk: 2,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    }));
    expect(r.cancelled).toBe(true);
    expect(await db.contacts.count()).toBe(0);
    expect(await db.labels.count()).toBe(0);
    expect(await listImportBatches(db)).toEqual([]);
  });
});

describe('undoImport', () => {
  it('removes the added contacts, restores the changed ones and drops the labels it created', async () => {
    const db = freshDb();
    await addContact(db, { name: '김철수', phone: '010-1111-2222' }, { defaultCountry: 'KR' });
    const before = await db.contacts.toArray();
    const r = await commitImport(db, [row('+821011112222', { name: 'Kim', labels: ['VIP'] }), row('+821033334444', { labels: ['VIP'] })], opts({ updateNames: true }));
    expect(await undoImport(db, r.batchId)).toEqual({ removed: 1, restored: 1 });
    expect(await db.contacts.toArray()).toEqual(before);
    expect(await db.labels.count()).toBe(0);
  });

  it('keeps a created label that a contact outside the import has been given since', async () => {
    const db = freshDb();
    const r = await commitImport(db, [row('+821033334444', { labels: ['VIP'] })], opts());
    const vipId = (await db.labels.toArray())[0]!.id;
    await addContact(db, { phone: '010-5555-6666', labelIds: [vipId] }, { defaultCountry: 'KR' });
    await undoImport(db, r.batchId);
    expect(await db.labels.count()).toBe(1);
  });

  it('lists the import until it is undone', async () => {
    const db = freshDb();
    const r = await commitImport(db, [row('+821033334444')], opts());
    expect((await listImportBatches(db)).map((b) => [b.id, b.fileName, b.state])).toEqual([[r.batchId, 'list.csv', 'done']]);
    await undoImport(db, r.batchId);
    expect(await listImportBatches(db)).toEqual([]);
  });

  it('answers undefined for an unknown batch', async () => {
    expect(await undoImport(freshDb(), 'nope')).toBeUndefined();
  });
});

describe('commitImport: night-time consent and where consent was given', () => {
  const night = { at: 500, source: 'in_store' };
  /** An existing +82 contact, opted in, with or without night-time consent. */
  async function existing(db: ReturnType<typeof freshDb>, nightConsent: typeof night | null) {
    const r = await addContact(db, { phone: '+821011112222', optInStatus: 'opted_in', optInSource: 'in_store', optInAt: 400, nightConsent }, { defaultCountry: 'KR', now: () => 900 });
    if (!r.ok) throw new Error('not added');
    return r.contact.id;
  }
  const get = async (db: ReturnType<typeof freshDb>) => (await db.contacts.where('phone').equals('+821011112222').first())!;

  it('records a "yes" on a new contact with the import’s time and the file’s claim, or the file’s source column', async () => {
    const db = freshDb();
    await commitImport(db, [row('+821011112222', { optIn: 'opted_in', nightConsent: true }), row('+821033334444', { optIn: 'opted_in', nightConsent: true, consentSource: '매장 가입서' })], opts());
    const [a, b] = await db.contacts.orderBy('id').toArray();
    expect(a).toMatchObject({ optInSource: 'claimed:1000:list.csv', nightConsent: { at: 1_000, source: 'claimed:1000:list.csv' } });
    expect(b).toMatchObject({ optInSource: '매장 가입서', nightConsent: { at: 1_000, source: '매장 가입서' } });
  });

  it('invents none: no column, an empty cell or an opted-out row gives no night-time consent', async () => {
    const db = freshDb();
    await commitImport(db, [row('+821011112222', { optIn: 'opted_in' }), row('+821033334444', { optIn: 'opted_out', nightConsent: true })], opts());
    for (const c of await db.contacts.toArray()) expect(c.nightConsent).toBeNull();
  });

  it.each([
    // [had, file says, update consent, expected]
    ['kept when the file says nothing', night, undefined, true, night],
    ['kept when the file says yes too', night, true, true, night],
    ['removed by an explicit no, even without updating consent', night, false, false, null],
    ['added by a yes when updating consent', null, true, true, { at: 1_000, source: 'claimed:1000:list.csv' }],
    ['not added by a yes without updating consent', null, true, false, null],
  ] as const)('an existing contact’s night-time consent is %s', async (_, had, file, updateOptIn, expected) => {
    const db = freshDb();
    await existing(db, had);
    await commitImport(db, [row('+821011112222', file === undefined ? {} : { nightConsent: file })], opts({ updateOptIn }));
    expect((await get(db)).nightConsent).toEqual(expected);
  });

  it('undo puts the night-time consent back as it was', async () => {
    const db = freshDb();
    await existing(db, night);
    const r = await commitImport(db, [row('+821011112222', { nightConsent: false })], opts());
    expect(r.updated).toBe(1);
    expect((await get(db)).nightConsent).toBeNull();
    await undoImport(db, r.batchId);
    expect((await get(db)).nightConsent).toEqual(night);
  });

  it('the contact dialog’s save keeps it (the repo parses nightConsent)', async () => {
    const db = freshDb();
    const id = await existing(db, null);
    const saved = await updateContact(db, id, { phone: '+821011112222', optInStatus: 'opted_in', nightConsent: { at: 800, source: 'chat' } }, { defaultCountry: 'KR', now: () => 900 });
    expect(saved.ok && saved.contact.nightConsent).toEqual({ at: 800, source: 'chat' });
  });
});
