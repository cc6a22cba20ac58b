import { afterEach, describe, expect, it } from 'vitest';
import type { ShopcastDB } from './db';
import { deleteDraft, restoreDraft, saveDraft } from './drafts';
import { freshDb } from './testDb';

let db: ShopcastDB;
afterEach(() => db?.close());

describe('deleting a draft', () => {
  it('removes it and gives it back as it was, and Undo puts back exactly that record', async () => {
    db = freshDb();
    await saveDraft(db, 'd1', { draft: { name: 'Winter sale' } }, 1_000);
    await saveDraft(db, 'd1', { draft: { name: 'Winter sale!' } }, 2_000);
    const removed = await deleteDraft(db, 'd1');
    expect(await db.drafts.get('d1')).toBeUndefined();
    expect(removed).toMatchObject({ id: 'd1', name: 'Winter sale!', createdAt: 1_000, updatedAt: 2_000 });
    await restoreDraft(db, removed!); // deleteDraft returned it on the line above
    expect(await db.drafts.get('d1')).toEqual(removed);
  });

  it('a draft that is not there gives nothing back', async () => {
    db = freshDb();
    expect(await deleteDraft(db, 'nope')).toBeUndefined();
  });
});
