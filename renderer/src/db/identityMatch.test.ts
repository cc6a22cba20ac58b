/**
 * Replies and opt-outs from a customer known by their WhatsApp user id (BSUID) find the contact saved with that id
 * (issue 13 point 1): storeReplies links the message, applySuppressions opts the contact out, and the inbox shows a
 * username-only customer without a contact under their username.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_DUE } from '../../../shared/domain/inbox/due';
import { compileRules, DEFAULT_TRIAGE_RULES } from '../../../shared/domain/inbox/triage';
import type { InboxMessage } from '../../../shared/ipc/inbox';
import { addContact } from './contacts';
import type { ShopcastDB } from './db';
import { loadInbox } from './inbox';
import { applySuppressions, storeReplies } from './sendingCopy';
import { freshDb } from './testDb';

let db: ShopcastDB;
afterEach(() => db?.close());

const T0 = Date.UTC(2026, 2, 10, 3, 0, 0);
const MINA_ID = 'KR.1349876543210';
const rules = compileRules(DEFAULT_TRIAGE_RULES);

async function contact(name: string, phone: string, userId?: string) {
  const r = await addContact(db, { name, phone, optInStatus: 'opted_in' }, { defaultCountry: 'KR', now: () => 100 });
  if (!r.ok) throw new Error('contact not added');
  if (userId) await db.contacts.update(r.contact.id, { userId });
  return r.contact;
}

const message = (seq: number, over: Partial<InboxMessage>): InboxMessage => ({ seq, id: `wamid.IN${seq}`, from: '+821099990000', type: 'text', text: '안녕하세요', at: T0 + seq, optOut: 'none', ...over });

describe('a customer known by their WhatsApp user id', () => {
  it.each([
    ['a username-only sender: from is their user id', { from: MINA_ID, userId: MINA_ID, username: '@mina.flowers' }, 'Mina'],
    ['the user id beside a number main has not linked to the contact', { from: '+821077778888', userId: MINA_ID }, 'Mina'],
    ['the number alone (as before)', { from: '+821012345678' }, 'Mina'],
    ['another person’s user id', { from: 'KR.5550001', userId: 'KR.5550001', username: '@joon' }, undefined],
  ] as const)('storeReplies links the message: %s', async (_why, over, name) => {
    db = freshDb();
    const mina = await contact('Mina', '010-1234-5678', MINA_ID);
    await storeReplies(db, [message(1, over)]);
    const [stored] = await db.inbox.toArray();
    expect(stored?.contactId).toBe(name === undefined ? undefined : mina.id);
  });

  it('a STOP filed under the user id opts the contact saved with it out; another id opts no one out', async () => {
    db = freshDb();
    const mina = await contact('Mina', '010-1234-5678', MINA_ID);
    const joon = await contact('Joon', '010-2222-3333');
    expect(await applySuppressions(db, [{ contact: 'KR.5550001', reason: 'opted_out', at: 7_000 }], 8_000)).toBe(0);
    expect(await applySuppressions(db, [{ contact: MINA_ID, reason: 'opted_out', at: 7_000, source: 'STOP' }], 8_000)).toBe(1);
    expect(await db.contacts.get(mina.id)).toMatchObject({ optInStatus: 'opted_out', optInAt: 7_000 });
    expect((await db.contacts.get(joon.id))?.optInStatus).toBe('opted_in');
  });

  it('the inbox names the conversation by the contact matched by user id, else keeps the username to show', async () => {
    db = freshDb();
    const mina = await contact('Mina', '010-1234-5678', MINA_ID);
    // Written before the sync linked them (no contactId): loadInbox finds the contact by the user id itself.
    await db.inbox.bulkPut([message(1, { from: MINA_ID, userId: MINA_ID, username: '@mina.flowers' }), message(2, { from: 'KR.5550001', userId: 'KR.5550001', username: '@joon.k', text: 'STOP', optOut: 'opt_out', word: 'STOP' })]);
    const data = await loadInbox(db, rules, DEFAULT_DUE);
    expect(data.conversations.map((c) => c.identity).sort()).toEqual([MINA_ID, 'KR.5550001']);
    expect(data.contacts.get(MINA_ID)?.id).toBe(mina.id);
    expect(data.contacts.get('KR.5550001')).toBeUndefined();
    expect(data.usernames.get('KR.5550001')).toBe('@joon.k');
  });
});
