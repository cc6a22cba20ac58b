import { afterEach, describe, expect, it } from 'vitest';
import type { ShopcastDB } from '../../db/db';
import { freshDb } from '../../db/testDb';
import { finishDraft, freshState, parseState, saveDraft } from './wizardState';

let db: ShopcastDB;
afterEach(() => db?.close());

describe('wizard drafts', () => {
  it('saves each change and reads it back; damaged parts fall back to fresh ones', async () => {
    db = freshDb();
    const state = { ...freshState('ko'), step: 'message' as const, draft: { ...freshState('ko').draft, name: '겨울 세일' } };
    await saveDraft(db, 'd1', state, 1_000);
    await saveDraft(db, 'd1', { ...state, acknowledged: ['links'] }, 2_000);
    const stored = await db.drafts.get('d1');
    expect(stored).toMatchObject({ name: '겨울 세일', createdAt: 1_000, updatedAt: 2_000 });
    expect(parseState(stored?.data, 'ko')).toMatchObject({ step: 'message', acknowledged: ['links'], draft: { name: '겨울 세일', fallbacks: { name: '고객' } } });
    expect(parseState({ step: 'nowhere', draft: { channel: 'fax', message: 42 }, audience: 'x' }, 'en')).toEqual(freshState('en'));
  });

  it('a draft that became a campaign is removed, even by the save that runs as the wizard closes', async () => {
    db = freshDb();
    await saveDraft(db, 'd2', freshState('en'), 1);
    await saveDraft(db, 'd2', { ...freshState('en'), campaignId: 'c123' }, 2);
    expect(await db.drafts.get('d2')).toBeUndefined();
  });

  it('a finished draft stays gone when a save of its older state arrives after (the wizard closing mid-update)', async () => {
    db = freshDb();
    const older = freshState('en');
    await saveDraft(db, 'd3', older, 1);
    await finishDraft(db, 'd3');
    await saveDraft(db, 'd3', older, 2);
    expect(await db.drafts.get('d3')).toBeUndefined();
  });
});
