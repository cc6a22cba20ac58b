/**
 * The renderer's copy of main's campaigns (db.campaigns). Main's journals are the truth; these rows are its
 * summaries plus the sync's bookkeeping (`syncedRev`, `syncedGeneration`: how far the jobs were pulled, see
 * sync/sendingSync.ts). Every write to the table is here.
 */
import type { CampaignSummary } from '../../../shared/ipc/campaigns';
import type { CampaignRecord, ShopcastDB } from './db';

/**
 * A campaign main has just created and started or scheduled (the wizard's handoff): stored at once, so the lists show
 * it before the sync's event arrives. Nothing of its jobs is pulled yet (rev 0, no generation), so the sync pulls
 * them all.
 */
export async function saveCampaignCopy(db: ShopcastDB, summary: CampaignSummary): Promise<void> {
  await db.campaigns.put({ ...summary, syncedRev: 0, syncedGeneration: '' });
}

/**
 * Main's answer to an action on a campaign (start, pause, cancel, retry, an ambiguous job resolved): the summary
 * replaces the stored one's fields; the sync's bookkeeping stays. A campaign not stored here stays unstored (the
 * sync brings it).
 */
export async function updateCampaignSummary(db: ShopcastDB, id: string, summary: CampaignSummary): Promise<void> {
  await db.campaigns.update(id, { ...summary });
}

/**
 * A summary from main (an event or the list): stored at once, so lists show progress. Its jobs count as pulled up
 * to the stored `syncedRev` only while the generation is the one they were pulled from; a new generation starts from 0.
 */
export async function storeCampaignSummary(db: ShopcastDB, summary: CampaignSummary, stored: CampaignRecord | undefined): Promise<void> {
  await db.campaigns.put({ ...summary, syncedRev: stored?.syncedGeneration === summary.generation ? stored.syncedRev : 0, syncedGeneration: stored?.syncedGeneration ?? '' });
}

/**
 * The jobs of a campaign are pulled up to `rev` of `generation`. Only the bookkeeping changes: the row's summary may
 * have moved on (a newer event) while the pages were read; with no row yet, `latest` becomes it.
 */
export async function markJobsPulled(db: ShopcastDB, latest: CampaignSummary, rev: number): Promise<void> {
  await db.transaction('rw', db.campaigns, async () => {
    const row = await db.campaigns.get(latest.id);
    await db.campaigns.put(row ? { ...row, syncedRev: rev, syncedGeneration: latest.generation } : ({ ...latest, syncedRev: rev, syncedGeneration: latest.generation } satisfies CampaignRecord));
  });
}
