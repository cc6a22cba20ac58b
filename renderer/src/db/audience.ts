/**
 * The audience step's database side: the contacts are read once (one `toArray()`, ~0.7 s for 100,000 in Chromium,
 * PERFORMANCE.md) and kept until the contacts table changes (db.contactsRevision), so a filter change only
 * re-evaluates in memory (shared/domain/campaign/audience.ts) instead of querying IndexedDB again: the count must
 * follow a filter change within 200 ms (issue 5). Saved segments are filters stored in db.segments.
 */
import { evaluateAudience, parseAudienceFilter, sampleIds, type AudienceContext, type AudienceFilter, type AudienceResult } from '../../../shared/domain/campaign/audience';
import { nameKey } from '../../../shared/domain/search';
import { lastInteractionChange } from './contacts';
import type { ContactRecord, InteractionMove, SegmentRecord, ShopcastDB } from './db';

interface Snapshot {
  revision: number;
  /** db.interactionSeq this snapshot includes. */
  seq: number;
  contacts: Promise<{ list: ContactRecord[]; byId: Map<number, ContactRecord> }>;
}
const snapshots = new WeakMap<ShopcastDB, Snapshot>();

/**
 * Every contact, read once per change of the contacts table. A reply moving someone's last interaction does not
 * count as a change (db.contactsRevision): the snapshot takes the new time from the move log instead of reading
 * 100,000 contacts again for every reply while a campaign sends.
 */
export function audienceContacts(db: ShopcastDB): Snapshot['contacts'] {
  const cached = snapshots.get(db);
  if (cached && cached.revision === db.contactsRevision) {
    if (cached.seq !== db.interactionSeq) {
      const moves = db.interactionMovesSince(cached.seq);
      cached.seq = db.interactionSeq;
      if (moves) cached.contacts = cached.contacts.then((s) => withMoves(s, moves));
      else return readSnapshot(db);
    }
    return cached.contacts;
  }
  return readSnapshot(db);
}

/**
 * One-key reads that make a live query re-run when the audience may change: a contact added, deleted or edited,
 * labels or consent changed. Not for a reply moving someone's last interaction (that would re-count 100,000
 * contacts for every reply while a campaign sends); the snapshot still takes those moves at its next read.
 * Read the snapshot itself untracked (contactQuery.ts `untracked`): observing 100,000 returned keys is slow.
 */
export function observeAudienceContacts(db: ShopcastDB): Promise<unknown> {
  return Promise.all([
    db.contacts.limit(1).primaryKeys(), // deletions, and writes that do not say what they changed
    db.contacts.orderBy('nameKey').limit(1).primaryKeys(), // additions and renames
    db.contacts.orderBy('optInStatus').limit(1).primaryKeys(),
    db.contacts.orderBy('labelIds').limit(1).primaryKeys(),
  ]);
}

function readSnapshot(db: ShopcastDB): Snapshot['contacts'] {
  const entry: Snapshot = {
    revision: db.contactsRevision,
    seq: db.interactionSeq,
    contacts: db.contacts.toArray().then((list) => ({ list, byId: new Map(list.map((c) => [c.id, c])) })),
  };
  entry.contacts.catch(() => snapshots.delete(db)); // a failed read is not kept
  snapshots.set(db, entry);
  return entry.contacts;
}

/** The snapshot with moved contacts' last interaction set (new records, new list: the old one may be on screen). */
function withMoves(s: { list: ContactRecord[]; byId: Map<number, ContactRecord> }, moves: readonly InteractionMove[]): { list: ContactRecord[]; byId: Map<number, ContactRecord> } {
  const changed = new Map<number, ContactRecord>();
  for (const m of moves) {
    const c = changed.get(m.id) ?? s.byId.get(m.id);
    if (c && (c.lastInteractionAt ?? 0) < m.at) changed.set(m.id, { ...c, ...lastInteractionChange(m.at) });
  }
  if (changed.size === 0) return s;
  const byId = new Map(s.byId);
  for (const [id, c] of changed) byId.set(id, c);
  return { list: s.list.map((c) => changed.get(c.id) ?? c), byId };
}

export interface AudienceView extends AudienceResult {
  /** A few included contacts to show (and to preview the message for). */
  sample: ContactRecord[];
}

/** Evaluates the filter against every contact; `random` picks the sample (seeded in tests). */
export async function evaluateAudienceInDb(
  db: ShopcastDB,
  filter: AudienceFilter,
  ctx: AudienceContext,
  opts: { sampleSize?: number; random?: () => number } = {},
): Promise<AudienceView> {
  const { list, byId } = await audienceContacts(db);
  const result = evaluateAudience(list, filter, ctx);
  const ids = sampleIds(result.included, opts.sampleSize ?? 5, opts.random ?? Math.random);
  return { ...result, sample: ids.map((id) => byId.get(id)).filter((c): c is ContactRecord => c !== undefined) };
}

/** The records for these ids (the checklist's recipients), in the order given; deleted ones are left out. */
export async function contactsByIds(db: ShopcastDB, ids: readonly number[]): Promise<ContactRecord[]> {
  const { byId } = await audienceContacts(db);
  const out: ContactRecord[] = [];
  for (const id of ids) {
    const c = byId.get(id);
    if (c) out.push(c);
  }
  return out;
}

// ── Segments ─────────────────────────────────────────────────────────────────────────────────────────────────

export interface Segment {
  id: string;
  name: string;
  updatedAt: number;
  filter: AudienceFilter;
}

export const SEGMENT_NAME_MAX = 60;

export type SaveSegmentResult = { ok: true; segment: Segment } | { ok: false; kind: 'required' | 'too_long' | 'duplicate' };

const toSegment = (r: SegmentRecord): Segment => ({ id: r.id, name: r.name, updatedAt: r.updatedAt, filter: parseAudienceFilter(r.spec) });

/**
 * Saves a filter under a name (a new segment, or `id`'s when given). Names are unique ignoring case, as labels are.
 */
export async function saveSegment(
  db: ShopcastDB,
  rawName: string,
  filter: AudienceFilter,
  opts: { id?: string; now?: () => number; newId?: () => string } = {},
): Promise<SaveSegmentResult> {
  const name = rawName.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (name === '') return { ok: false, kind: 'required' };
  if (name.length > SEGMENT_NAME_MAX) return { ok: false, kind: 'too_long' };
  const now = (opts.now ?? Date.now)();
  return db.transaction('rw', db.segments, async () => {
    const key = nameKey(name);
    const clash = (await db.segments.toArray()).find((s) => nameKey(s.name) === key && s.id !== opts.id);
    if (clash) return { ok: false, kind: 'duplicate' } as const;
    const id = opts.id ?? (opts.newId ?? (() => globalThis.crypto.randomUUID()))();
    const record: SegmentRecord = { id, name, updatedAt: now, spec: parseAudienceFilter(filter) };
    await db.segments.put(record);
    return { ok: true, segment: toSegment(record) } as const;
  });
}

export async function listSegments(db: ShopcastDB): Promise<Segment[]> {
  return (await db.segments.orderBy('name').toArray()).map(toSegment);
}

export async function getSegment(db: ShopcastDB, id: string): Promise<Segment | undefined> {
  const r = await db.segments.get(id);
  return r ? toSegment(r) : undefined;
}

export function deleteSegment(db: ShopcastDB, id: string): Promise<void> {
  return db.segments.delete(id);
}
