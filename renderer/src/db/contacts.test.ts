import { describe, expect, it } from 'vitest';
import { addContact, applyLabels, deleteContacts, findByUserId, purgeOldTrash, restoreTrash, updateContact, TRASH_KEEP_MS } from './contacts';
import { createLabel, deleteLabel } from './labels';
import { freshDb } from './testDb';

const opts = { defaultCountry: 'KR' as const, now: () => 1_700_000_000_000 };

async function add(db: ReturnType<typeof freshDb>, name: string, phone: string, extra: Record<string, unknown> = {}) {
  const r = await addContact(db, { name, phone, ...extra }, opts);
  if (!r.ok) throw new Error(`setup failed: ${JSON.stringify(r)}`);
  return r.contact;
}

describe('contacts', () => {
  it('stores the number as E.164 with search terms and timestamps', async () => {
    const db = freshDb();
    const c = await add(db, '김민지', '010-1234-5678');
    const stored = await db.contacts.get(c.id);
    expect(stored).toMatchObject({ name: '김민지', phone: '+821012345678', createdAt: 1_700_000_000_000, updatedAt: 1_700_000_000_000 });
    expect(stored?.terms).toEqual(expect.arrayContaining(['김민지', '민지', '5678']));
  });

  it('refuses a second contact with the same number in another format and names the existing one', async () => {
    const db = freshDb();
    const first = await add(db, '김민지', '010-1234-5678');
    const r = await addContact(db, { name: 'Minji', phone: '+82 10 1234 5678' }, opts);
    expect(r).toEqual({ ok: false, kind: 'duplicate', existing: { id: first.id, name: '김민지', phone: '+821012345678' } });
    expect(await db.contacts.count()).toBe(1);
  });

  it('refuses an edit that would take another contact’s number', async () => {
    const db = freshDb();
    await add(db, 'A', '010-1111-2222');
    const b = await add(db, 'B', '010-3333-4444');
    const r = await updateContact(db, b.id, { name: 'B', phone: '01011112222' }, opts);
    expect(r.ok ? 'ok' : r.kind).toBe('duplicate');
    expect((await db.contacts.get(b.id))?.phone).toBe('+821033334444');
  });

  it('keeps the creation time and moves the update time on edit', async () => {
    const db = freshDb();
    const c = await add(db, 'A', '010-1111-2222');
    const r = await updateContact(db, c.id, { name: 'A2', phone: '010-1111-2222' }, { ...opts, now: () => 1_800_000_000_000 });
    expect(r.ok && [r.contact.createdAt, r.contact.updatedAt, r.contact.name]).toEqual([1_700_000_000_000, 1_800_000_000_000, 'A2']);
  });

  it('dates a change of opt-in status when no date was given', async () => {
    const db = freshDb();
    const c = await add(db, 'A', '010-1111-2222', { optInStatus: 'opted_in', optInSource: 'in store' });
    expect(c.optInAt).toBe(1_700_000_000_000);
    const r = await updateContact(db, c.id, { name: 'A', phone: '010-1111-2222', optInStatus: 'opted_out' }, { ...opts, now: () => 1_800_000_000_000 });
    expect(r.ok && r.contact.optInAt).toBe(1_800_000_000_000);
  });

  it('drops label ids that do not exist', async () => {
    const db = freshDb();
    const l = await createLabel(db, 'VIP');
    const c = await add(db, 'A', '010-1111-2222', { labelIds: [l.ok ? l.label.id : 0, 999] });
    expect(c.labelIds).toEqual([l.ok && l.label.id]);
  });

  it('deletes several contacts and undo brings them back unchanged', async () => {
    const db = freshDb();
    const a = await add(db, 'A', '010-1111-2222');
    const b = await add(db, 'B', '010-3333-4444');
    const { trashId, count } = await deleteContacts(db, [a.id, b.id]);
    expect(count).toBe(2);
    expect(await db.contacts.count()).toBe(0);
    expect(await restoreTrash(db, trashId)).toEqual({ contacts: 2, labels: 0, skippedDuplicates: 0 });
    expect(await db.contacts.get(a.id)).toEqual(a);
    expect(await db.trash.count()).toBe(0);
  });

  it('undo skips a contact whose number was given to a new contact meanwhile', async () => {
    const db = freshDb();
    const a = await add(db, 'A', '010-1111-2222');
    const { trashId } = await deleteContacts(db, [a.id]);
    await add(db, 'A again', '01011112222');
    expect(await restoreTrash(db, trashId)).toEqual({ contacts: 0, labels: 0, skippedDuplicates: 1 });
  });

  it('undo of an unknown action changes nothing', async () => {
    expect(await restoreTrash(freshDb(), 'nope')).toBeUndefined();
  });

  it('forgets undo records after a week', async () => {
    const db = freshDb();
    const a = await add(db, 'A', '010-1111-2222');
    await deleteContacts(db, [a.id], { now: () => 1_000 });
    expect(await purgeOldTrash(db, 1_000 + TRASH_KEEP_MS - 1)).toBe(0);
    expect(await purgeOldTrash(db, 1_000 + TRASH_KEEP_MS + 1)).toBe(1);
  });
});

describe('the WhatsApp identity on a contact (user id, username)', () => {
  const identity = { userId: 'KR.1349120865', username: '@mina.k', formerUserIds: ['KR.0001'] };

  it('an edit in the dialog keeps the user id, username and former ids WhatsApp gave', async () => {
    const db = freshDb();
    const c = await add(db, '김민지', '010-1234-5678');
    await db.contacts.update(c.id, identity);
    const r = await updateContact(db, c.id, { name: '김민지 VIP', phone: '010-1234-5678', userId: 'KR.forged', username: '@typed' }, opts);
    expect(r.ok).toBe(true);
    expect(await db.contacts.get(c.id)).toMatchObject({ name: '김민지 VIP', ...identity });
    expect((await findByUserId(db, 'KR.1349120865'))?.id).toBe(c.id);
    expect(await findByUserId(db, 'KR.forged')).toBeUndefined();
  });

  it('a contact without them gets no identity keys on edit', async () => {
    const db = freshDb();
    const c = await add(db, 'A', '010-1111-2222');
    await updateContact(db, c.id, { name: 'B', phone: '010-1111-2222' }, opts);
    const stored = await db.contacts.get(c.id);
    expect(stored && ['userId', 'username', 'formerUserIds'].filter((k) => k in stored)).toEqual([]);
  });

  it('finds a contact by the username, with or without the @', async () => {
    const db = freshDb();
    const c = await add(db, '김민지', '010-1234-5678');
    await db.contacts.update(c.id, identity);
    await updateContact(db, c.id, { name: '김민지', phone: '010-1234-5678' }, opts);
    expect((await db.contacts.get(c.id))?.terms).toEqual(expect.arrayContaining(['mina.k', 'mina', '김민지']));
  });

  it('undo skips a contact whose user id another contact has meanwhile', async () => {
    const db = freshDb();
    const a = await add(db, 'A', '010-1111-2222');
    const b = await add(db, 'B', '010-3333-4444');
    await db.contacts.update(a.id, { userId: 'KR.1349120865' });
    const { trashId } = await deleteContacts(db, [a.id, b.id], opts);
    const c = await add(db, 'C', '010-5555-6666');
    await db.contacts.update(c.id, { userId: 'KR.1349120865' });
    expect(await restoreTrash(db, trashId)).toEqual({ contacts: 1, labels: 0, skippedDuplicates: 1 });
    expect((await db.contacts.toArray()).map((x) => x.name).sort()).toEqual(['B', 'C']);
  });
});

describe('labels on many contacts', () => {
  it('adds and removes labels on a selection and reports how many changed', async () => {
    const db = freshDb();
    const vip = await createLabel(db, 'VIP');
    const event = await createLabel(db, '11월 행사');
    if (!vip.ok || !event.ok) throw new Error('setup');
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await add(db, `C${i}`, `010-1000-000${i}`, { labelIds: [vip.label.id] })).id);
    expect((await applyLabels(db, ids.slice(0, 3), { add: [event.label.id], remove: [vip.label.id] })).changed).toBe(3);
    expect(await applyLabels(db, ids.slice(0, 3), { add: [event.label.id] })).toEqual({ changed: 0, trashId: undefined });
    const stored = await db.contacts.bulkGet(ids);
    expect(stored.map((c) => c?.labelIds)).toEqual([[event.label.id], [event.label.id], [event.label.id], [vip.label.id], [vip.label.id]]);
  });

  it('undo of a bulk label change puts every changed contact’s labels back as they were', async () => {
    const db = freshDb();
    const vip = await createLabel(db, 'VIP');
    const event = await createLabel(db, 'Event');
    if (!vip.ok || !event.ok) throw new Error('setup');
    const a = await add(db, 'A', '010-1111-2222', { labelIds: [vip.label.id, event.label.id] });
    const b = await add(db, 'B', '010-3333-4444', { labelIds: [event.label.id] });
    const c = await add(db, 'C', '010-5555-6666');
    const { changed, trashId } = await applyLabels(db, [a.id, b.id, c.id], { remove: [event.label.id] });
    expect(changed).toBe(2);
    const report = await restoreTrash(db, trashId!); // changed > 0, so an undo record exists
    expect(report?.contacts).toBe(2);
    const stored = await db.contacts.bulkGet([a.id, b.id, c.id]);
    expect(stored.map((x) => x?.labelIds)).toEqual([[vip.label.id, event.label.id], [event.label.id], []]);
  });

  it('undo of a bulk label change leaves out a label deleted since', async () => {
    const db = freshDb();
    const vip = await createLabel(db, 'VIP');
    const event = await createLabel(db, 'Event');
    if (!vip.ok || !event.ok) throw new Error('setup');
    const a = await add(db, 'A', '010-1111-2222', { labelIds: [vip.label.id] });
    const { trashId } = await applyLabels(db, [a.id], { add: [event.label.id], remove: [vip.label.id] });
    await deleteLabel(db, vip.label.id);
    await restoreTrash(db, trashId!); // one contact changed, so an undo record exists
    expect((await db.contacts.get(a.id))?.labelIds).toEqual([]);
  });

  it('reports progress while deleting many contacts', async () => {
    const db = freshDb();
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await add(db, `C${i}`, `010-2000-000${i}`)).id);
    const seen: Array<[number, number]> = [];
    await deleteContacts(db, ids, { onProgress: (done, total) => seen.push([done, total]) });
    expect(seen.at(-1)).toEqual([5, 5]);
  });

  it('deleting a label takes it off contacts and undo puts it back on them', async () => {
    const db = freshDb();
    const vip = await createLabel(db, 'VIP', 'purple');
    if (!vip.ok) throw new Error('setup');
    const a = await add(db, 'A', '010-1111-2222', { labelIds: [vip.label.id] });
    const b = await add(db, 'B', '010-3333-4444');
    const deleted = await deleteLabel(db, vip.label.id);
    expect(deleted?.contactsAffected).toBe(1);
    expect((await db.contacts.get(a.id))?.labelIds).toEqual([]);
    await restoreTrash(db, deleted!.trashId); // asserted defined on the line above
    expect((await db.labels.get(vip.label.id))?.color).toBe('purple');
    expect((await db.contacts.get(a.id))?.labelIds).toEqual([vip.label.id]);
    expect((await db.contacts.get(b.id))?.labelIds).toEqual([]);
  });
});

describe('a contact known only by its WhatsApp user id', () => {
  const ID = 'KR.1349120865530274';
  it('is saved without a phone, edited with the phone left empty (its user id kept), and can be given a number later', async () => {
    const db = freshDb();
    const r = await addContact(db, { name: 'Mina', phone: '', userId: ID }, opts);
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect('phone' in r.contact).toBe(false);
    // The form shows the user id read only and does not send it: the edit keeps it.
    const edited = await updateContact(db, r.contact.id, { name: 'Mina K', phone: '' }, opts);
    expect(edited).toMatchObject({ ok: true, contact: { name: 'Mina K', userId: ID } });
    expect(await updateContact(db, r.contact.id, { name: 'Mina K', phone: '010-1234-5678', userId: 'KR.other' }, opts)).toMatchObject({ ok: true, contact: { phone: '+821012345678', userId: ID } });
    expect((await findByUserId(db, ID))?.phone).toBe('+821012345678');
  });

  it('says what is missing when there is neither a phone nor a user id, and refuses a user id another contact has', async () => {
    const db = freshDb();
    expect(await addContact(db, { name: 'Nobody', phone: ' ' }, opts)).toEqual({ ok: false, kind: 'invalid', errors: [{ field: 'phone', reason: 'phone_or_user_id' }] });
    await addContact(db, { name: 'Mina', userId: ID }, opts);
    const ben = await addContact(db, { name: 'Ben', phone: '010-2222-3333' }, opts);
    if (!ben.ok) throw new Error('setup');
    expect(await updateContact(db, ben.contact.id, { name: 'Ben', phone: '010-2222-3333', userId: ID }, opts)).toMatchObject({ ok: false, kind: 'duplicate', existing: { name: 'Mina' } });
  });

  it('a deleted id-only contact comes back on undo', async () => {
    const db = freshDb();
    const r = await addContact(db, { name: 'Mina', userId: ID }, opts);
    if (!r.ok) throw new Error('setup');
    const { trashId } = await deleteContacts(db, [r.contact.id]);
    expect(await restoreTrash(db, trashId)).toMatchObject({ contacts: 1, skippedDuplicates: 0 });
    expect((await findByUserId(db, ID))?.name).toBe('Mina');
  });
});
