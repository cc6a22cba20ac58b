/**
 * Campaign drafts (db.drafts): the wizard's state, saved after every change so nothing is lost when the app closes
 * (features/wizard/wizardState.ts owns the state's shape and parses it back). Every write to the table is here.
 */
import type { DraftRecord, ShopcastDB } from './db';

/** What a save reads of the wizard's state: the name the drafts list shows, and whether main has it as a campaign. */
export interface DraftState {
  draft: { name: string };
  campaignId?: string;
}

/** Drafts handed to main in this window: a save still pending for one of them (the wizard closing) removes it. */
const finished = new Set<string>();

/** The draft became a campaign: remove it now, and make any save still in flight remove it too. */
export async function finishDraft(db: ShopcastDB, id: string): Promise<void> {
  finished.add(id);
  await db.drafts.delete(id);
}

/**
 * Saves the wizard's state. A draft that became a campaign (handed to main) is finished: it is removed instead, so
 * the save that runs as the wizard closes does not bring it back to the drafts list.
 */
export async function saveDraft<S extends DraftState>(db: ShopcastDB, id: string, state: S, now: number): Promise<void> {
  if (state.campaignId !== undefined || finished.has(id)) {
    await db.drafts.delete(id);
    return;
  }
  const existing = await db.drafts.get(id);
  const record: DraftRecord = { id, name: state.draft.name, createdAt: existing?.createdAt ?? now, updatedAt: now, data: state };
  await db.drafts.put(record);
}

/** Deletes a draft the person chose to delete; gives back the record as it was (for Undo), or undefined if none. */
export async function deleteDraft(db: ShopcastDB, id: string): Promise<DraftRecord | undefined> {
  const record = await db.drafts.get(id);
  if (!record) return undefined;
  await db.drafts.delete(id);
  return record;
}

/** Undo of deleteDraft: the record comes back exactly as it was (same id, name and times). */
export async function restoreDraft(db: ShopcastDB, record: DraftRecord): Promise<void> {
  await db.drafts.put(record);
}
