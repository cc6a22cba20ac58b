/**
 * The shop's quick replies (issue 14), kept in IndexedDB. The starter set (shared/domain/inbox/quickReplies.ts) is
 * put in once, the first time the inbox opens; a shop that deletes them does not get them back.
 */
import { isValidShortcut, QUICK_REPLY_TEXT_MAX, STARTER_QUICK_REPLIES, type QuickReply } from '../../../shared/domain/inbox/quickReplies';
import type { QuickReplyRecord, ShopcastDB } from './db';

const SEEDED_KEY = 'quickReplies.seeded';

export function listQuickReplies(db: ShopcastDB): Promise<QuickReplyRecord[]> {
  return db.quickReplies.orderBy('order').toArray();
}

function newId(): string {
  return crypto.randomUUID();
}

/** Puts the starter set in, once. Returns how many were added (0 after the first time). */
export async function seedStarterQuickReplies(db: ShopcastDB, now: number): Promise<number> {
  return db.transaction('rw', [db.quickReplies, db.syncState], async () => {
    if (await db.syncState.get(SEEDED_KEY)) return 0;
    const base = (await db.quickReplies.orderBy('order').last())?.order ?? 0;
    await db.quickReplies.bulkAdd(STARTER_QUICK_REPLIES.map((q, i) => ({ ...q, id: newId(), order: base + i + 1, updatedAt: now })));
    await db.syncState.put({ key: SEEDED_KEY, value: now });
    return STARTER_QUICK_REPLIES.length;
  });
}

export type QuickReplyProblem = 'bad_shortcut' | 'bad_text' | 'too_long';

/** Adds (no id) or changes a quick reply; the problem when the shortcut or text cannot be used. */
export async function saveQuickReply(db: ShopcastDB, input: Omit<QuickReply, 'id'> & { id?: string }, now: number): Promise<{ ok: true; id: string } | { ok: false; problem: QuickReplyProblem }> {
  const shortcut = input.shortcut.trim().replace(/^\//, '');
  if (!isValidShortcut(shortcut)) return { ok: false, problem: 'bad_shortcut' };
  if (input.text.trim() === '') return { ok: false, problem: 'bad_text' };
  if (input.text.length > QUICK_REPLY_TEXT_MAX) return { ok: false, problem: 'too_long' };
  return db.transaction('rw', db.quickReplies, async () => {
    const existing = input.id !== undefined ? await db.quickReplies.get(input.id) : undefined;
    const order = existing?.order ?? ((await db.quickReplies.orderBy('order').last())?.order ?? 0) + 1;
    const id = existing?.id ?? newId();
    await db.quickReplies.put({ id, shortcut, text: input.text.normalize('NFC'), language: input.language, order, updatedAt: now });
    return { ok: true, id } as const;
  });
}

export async function deleteQuickReply(db: ShopcastDB, id: string): Promise<void> {
  await db.quickReplies.delete(id);
}

/** Imports parsed quick replies: one with the same shortcut and language is replaced, others are added at the end. */
export async function importQuickReplies(db: ShopcastDB, list: ReadonlyArray<Omit<QuickReply, 'id'>>, now: number): Promise<{ added: number; replaced: number }> {
  return db.transaction('rw', db.quickReplies, async () => {
    const all = await db.quickReplies.orderBy('order').toArray();
    const byKey = new Map(all.map((q) => [`${q.language}\u0000${q.shortcut.toLowerCase()}`, q]));
    let order = all.at(-1)?.order ?? 0;
    let added = 0;
    let replaced = 0;
    const put: QuickReplyRecord[] = [];
    for (const q of list) {
      const same = byKey.get(`${q.language}\u0000${q.shortcut.toLowerCase()}`);
      if (same) replaced++;
      else added++;
      const record: QuickReplyRecord = { id: same?.id ?? newId(), shortcut: q.shortcut, text: q.text, language: q.language, order: same?.order ?? ++order, updatedAt: now };
      byKey.set(`${q.language}\u0000${q.shortcut.toLowerCase()}`, record);
      put.push(record);
    }
    await db.quickReplies.bulkPut(put);
    return { added, replaced };
  });
}
