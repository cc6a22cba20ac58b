import { afterEach, describe, expect, it } from 'vitest';
import type { CampaignSummary } from '../../../shared/ipc/campaigns';
import { markJobsPulled, saveCampaignCopy, storeCampaignSummary, updateCampaignSummary } from './campaigns';
import type { ShopcastDB } from './db';
import { freshDb } from './testDb';

let db: ShopcastDB;
afterEach(() => db?.close());

const counts = { total: 3, queued: 3, attempting: 0, accepted: 0, failed: 0, ambiguous: 0, skipped: 0, sent: 0, delivered: 0, read: 0, deliveryFailed: 0 };
const summary = (over: Partial<CampaignSummary> = {}): CampaignSummary => ({
  id: 'c1',
  name: 'Sale',
  channel: 'sandbox',
  state: 'running',
  counts,
  promotional: true,
  test: false,
  sandbox: true,
  createdAt: 1,
  rev: 3,
  generation: 'g1',
  ...over,
});

describe('campaign copies', () => {
  it('a campaign just handed off is stored with none of its jobs pulled, so the sync pulls them all', async () => {
    db = freshDb();
    await db.campaigns.put({ ...summary({ state: 'draft' }), syncedRev: 2, syncedGeneration: 'g1' });
    await saveCampaignCopy(db, summary());
    expect(await db.campaigns.get('c1')).toMatchObject({ state: 'running', syncedRev: 0, syncedGeneration: '' });
  });

  it("main's answer to an action replaces the summary and keeps how far the jobs were pulled", async () => {
    db = freshDb();
    await db.campaigns.put({ ...summary(), syncedRev: 3, syncedGeneration: 'g1' });
    await updateCampaignSummary(db, 'c1', summary({ state: 'paused', rev: 4 }));
    expect(await db.campaigns.get('c1')).toMatchObject({ state: 'paused', rev: 4, syncedRev: 3, syncedGeneration: 'g1' });
  });

  it('an action on a campaign not stored here stores nothing (the sync brings it)', async () => {
    db = freshDb();
    await updateCampaignSummary(db, 'c1', summary({ state: 'paused' }));
    expect(await db.campaigns.get('c1')).toBeUndefined();
  });

  it("a summary of the same generation keeps the pulled rev; a new generation's starts again from 0", async () => {
    db = freshDb();
    await db.campaigns.put({ ...summary(), syncedRev: 3, syncedGeneration: 'g1' });
    await storeCampaignSummary(db, summary({ rev: 5 }), await db.campaigns.get('c1'));
    expect(await db.campaigns.get('c1')).toMatchObject({ rev: 5, syncedRev: 3, syncedGeneration: 'g1' });
    await storeCampaignSummary(db, summary({ rev: 1, generation: 'g2' }), await db.campaigns.get('c1'));
    expect(await db.campaigns.get('c1')).toMatchObject({ rev: 1, generation: 'g2', syncedRev: 0, syncedGeneration: 'g1' });
  });

  it('a first summary has nothing pulled', async () => {
    db = freshDb();
    await storeCampaignSummary(db, summary(), undefined);
    expect(await db.campaigns.get('c1')).toMatchObject({ syncedRev: 0, syncedGeneration: '' });
  });

  it('marking jobs pulled changes only the bookkeeping of a stored row, and stores the summary when there is none', async () => {
    db = freshDb();
    await db.campaigns.put({ ...summary({ state: 'finished', rev: 9 }), syncedRev: 0, syncedGeneration: '' });
    await markJobsPulled(db, summary({ state: 'running', rev: 7, generation: 'g2' }), 7);
    expect(await db.campaigns.get('c1')).toMatchObject({ state: 'finished', rev: 9, syncedRev: 7, syncedGeneration: 'g2' });
    await markJobsPulled(db, summary({ id: 'c2', rev: 4 }), 4);
    expect(await db.campaigns.get('c2')).toMatchObject({ id: 'c2', state: 'running', syncedRev: 4, syncedGeneration: 'g1' });
  });
});
