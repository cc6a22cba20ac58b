/**
 * Stores what sync/sendingSync.ts pulls from main into the renderer's copy of sending: recipient rows (`storeJobs`),
 * replies (`storeReplies`), opt-outs (`applySuppressions`) and how far the inbox was read (`saveInboxCursor`).
 * Each keeps the results' rollups (db/rollups.ts) in the same transaction as the rows they count. Applying the same
 * page twice is harmless: rows are replaced by job id, replies by seq.
 */
import type { JobView } from '../../../shared/ipc/campaigns';
import type { InboxMessage, SuppressionView } from '../../../shared/ipc/inbox';
import { phoneVariants } from '../../../shared/domain/results/attribution';
import { looksLikeUserId } from '../../../shared/domain/identity';
import { sentTime } from '../../../shared/domain/results/funnel';
import { localDay, systemZone } from '../../../shared/domain/results/time';
import { lastInteractionChange } from './contacts';
import type { ContactRecord, ShopcastDB } from './db';
import { applyDelta, attributeOptOut, reattribute, rollupKey, rowDelta, widenWindow, type Delta, type ResultsRow } from './rollups';

const INBOX_KEY = 'inbox.last';

/** The seq of the last inbox message stored (0: none yet). */
export async function inboxCursor(db: ShopcastDB): Promise<number> {
  return Number((await db.syncState.get(INBOX_KEY))?.value ?? 0);
}

/** The inbox is stored up to this seq: the next pull asks for what came after it. */
export async function saveInboxCursor(db: ShopcastDB, seq: number): Promise<void> {
  await db.syncState.put({ key: INBOX_KEY, value: seq });
}

/**
 * Replaces each job's row, keeping the first time each step was seen, the contact it belongs to (and the labels
 * that contact carried when the row was first stored), and updates the results' rollups in the same transaction.
 *
 * A step's time is the earliest ever seen for it (main's `times` are fixed once journalled; `at` stands in where they
 * are missing), so a page applied late or twice never moves a step. When a message's send time becomes known or
 * changes, the replies from that number are attributed again (shared/domain/results/attribution.ts): a reply can
 * arrive before the row of the message it answers, and a later message can take a reply over from an earlier one.
 */
export async function storeJobs(db: ShopcastDB, campaign: string, jobs: readonly JobView[], zone: string = systemZone()): Promise<void> {
  // A pulled page holds up to 5,000 jobs; written as one transaction its puts and rollup arithmetic run as one long
  // main-thread task. In slices of STORE_SLICE each transaction (rows and their rollups together) stays well under a
  // frame's budget, and the window keeps painting while a campaign sends.
  for (let i = 0; i < jobs.length; i += STORE_SLICE) await storeJobSlice(db, campaign, jobs.slice(i, i + STORE_SLICE), zone);
}

/** Most jobs or replies written in one transaction (see storeJobs). */
export const STORE_SLICE = 200;

async function storeJobSlice(db: ShopcastDB, campaign: string, jobs: readonly JobView[], zone: string): Promise<void> {
  if (jobs.length === 0) return;
  // Contacts stay out of this transaction: a read-write scope over them would queue behind (and hold up) the contact
  // list's own reads. New rows get their labels in a second, short transaction (snapshotLabels).
  const needLabels: string[] = [];
  await db.transaction('rw', [db.recipients, db.inbox, db.rollups], async () => {
    const existing: (ResultsRow | undefined)[] = await db.recipients.bulkGet(jobs.map((j) => j.job));
    const contactIdOf = (j: JobView): number | undefined => {
      const ref = j.ref !== undefined ? Number(j.ref) : NaN;
      return Number.isSafeInteger(ref) ? ref : undefined;
    };
    // A page may carry the same job twice: the later entry wins, building on the earlier one.
    const pending = new Map<string, ResultsRow>();
    const before = new Map<string, ResultsRow | undefined>();
    const resend = new Set<string>();
    const windows = new Map<string, [number, number]>();
    jobs.forEach((j, i) => {
      const prev = pending.get(j.job) ?? existing[i];
      if (!before.has(j.job)) before.set(j.job, existing[i]);
      // The job's current state replaces the row; only what the renderer added (times first seen, reply, labels) is kept.
      const row: ResultsRow = { ...j, campaign };
      const contactId = contactIdOf(j);
      if (contactId !== undefined) row.contactId = contactId;
      for (const key of ['repliedAt', 'optOutReplyAt', 'stoppedMarketingAt', 'labels'] as const) {
        if (prev?.[key] !== undefined) Object.assign(row, { [key]: prev[key] });
      }
      if (prev === undefined && contactId !== undefined) needLabels.push(j.job);
      const earliest = (a: number | undefined, b: number | undefined) => (a === undefined ? b : b === undefined ? a : Math.min(a, b));
      const t = j.times ?? {};
      const acceptedAt = earliest(prev?.acceptedAt, t.accepted ?? (j.phase === 'accepted' ? j.at : undefined));
      const deliveredAt = earliest(prev?.deliveredAt, t.delivered ?? (j.delivery === 'delivered' || j.delivery === 'read' ? j.at : undefined));
      const readAt = earliest(prev?.readAt, t.read ?? (j.delivery === 'read' ? j.at : undefined));
      const failedAt = earliest(prev?.failedAt, t.failed ?? (j.delivery === 'failed' || j.phase === 'failed' ? j.at : undefined));
      if (acceptedAt !== undefined) row.acceptedAt = acceptedAt;
      if (deliveredAt !== undefined) row.deliveredAt = deliveredAt;
      if (readAt !== undefined) row.readAt = readAt;
      if (failedAt !== undefined) row.failedAt = failedAt;
      const sentBefore = prev ? sentTime(prev) : undefined;
      if (sentTime(row) !== undefined && sentTime(row) !== sentBefore) {
        resend.add(row.contact);
        widenWindow(windows, row.contact, sentBefore, sentTime(row));
      }
      pending.set(j.job, row);
    });
    const others = resend.size > 0 ? await reattribute(db, resend, pending, windows) : [];
    const delta: Delta = new Map();
    for (const [job, row] of pending) rowDelta(before.get(job), row, zone, delta);
    for (const { before: b, after } of others) rowDelta(b, after, zone, delta);
    await db.recipients.bulkPut([...pending.values(), ...others.map((o) => o.after)]);
    await applyDelta(db, delta);
  });
  if (needLabels.length > 0) await snapshotLabels(db, needLabels, zone);
}

/**
 * Labels are snapshotted when a row is first stored, so label rollups do not move when a contact is relabelled
 * later. Reads the contacts, then sets each new row's labels and adds the label scopes' counts in one transaction.
 */
async function snapshotLabels(db: ShopcastDB, jobs: readonly string[], zone: string): Promise<void> {
  const rows: (ResultsRow | undefined)[] = await db.recipients.bulkGet([...jobs]);
  const ids = [...new Set(rows.flatMap((r) => (r?.contactId !== undefined ? [r.contactId] : [])))];
  const labelsOf = new Map<number, number[]>();
  for (const c of await db.contacts.bulkGet(ids)) if (c && c.labelIds.length > 0) labelsOf.set(c.id, [...c.labelIds]);
  if (labelsOf.size === 0) return;
  await db.transaction('rw', [db.recipients, db.rollups], async () => {
    const current: (ResultsRow | undefined)[] = await db.recipients.bulkGet([...jobs]);
    const delta: Delta = new Map();
    const put: ResultsRow[] = [];
    for (const row of current) {
      const labels = row?.contactId !== undefined ? labelsOf.get(row.contactId) : undefined;
      if (!row || row.labels !== undefined || !labels) continue;
      const after: ResultsRow = { ...row, labels };
      rowDelta(row, after, zone, delta);
      put.push(after);
    }
    if (put.length === 0) return;
    await db.recipients.bulkPut(put);
    await applyDelta(db, delta);
  });
}

/**
 * Stores replies (by seq, so twice is harmless), links them to contacts, attributes them to the message they answer
 * (the last one to that number within 72 h), and updates the rollups in the same transaction.
 */
/** The contact a message came from: by user id (the message's, or `from` when it is one), then by phone. */
async function contactOf(db: ShopcastDB, m: Pick<InboxMessage, 'from' | 'userId'>): Promise<ContactRecord | undefined> {
  const userId = m.userId ?? (looksLikeUserId(m.from) ? m.from : undefined);
  const byId = userId !== undefined ? await db.contacts.where('userId').equals(userId).first() : undefined;
  if (byId) return byId;
  return looksLikeUserId(m.from) ? undefined : db.contacts.where('phone').equals(m.from).first();
}

export async function storeReplies(db: ShopcastDB, messages: readonly InboxMessage[], zone: string = systemZone()): Promise<void> {
  for (let i = 0; i < messages.length; i += STORE_SLICE) await storeReplySlice(db, messages.slice(i, i + STORE_SLICE), zone);
}

async function storeReplySlice(db: ShopcastDB, messages: readonly InboxMessage[], zone: string): Promise<void> {
  if (messages.length === 0) return;
  await db.transaction('rw', [db.inbox, db.contacts, db.recipients, db.rollups], async () => {
    // By the sender's WhatsApp user id first, then the number (identity.ts's order): a username-only customer's
    // message (`from` is then their user id) finds the contact saved with that id.
    const contacts = await Promise.all(messages.map((m) => contactOf(db, m)));
    await db.inbox.bulkPut(messages.map((m, i) => (contacts[i] ? { ...m, contactId: contacts[i].id } : { ...m })));
    // Each contact's newest message moves its last interaction (never back), in one bulkUpdate naming the fields.
    const latest = new Map<number, number>();
    for (const [i, m] of messages.entries()) {
      const contact = contacts[i];
      if (contact && (contact.lastInteractionAt ?? 0) < m.at && (latest.get(contact.id) ?? 0) < m.at) latest.set(contact.id, m.at);
    }
    if (latest.size > 0) await db.contacts.bulkUpdate([...latest].map(([key, at]) => ({ key, changes: lastInteractionChange(at) })));
    const changed = await reattribute(db, new Set(messages.map((m) => m.from)));
    if (changed.length === 0) return;
    const delta: Delta = new Map();
    for (const { before, after } of changed) rowDelta(before, after, zone, delta);
    await db.recipients.bulkPut(changed.map((c) => c.after));
    await applyDelta(db, delta);
  });
}

/**
 * Marks suppressed numbers' contacts opted out (never the other way), with why and when. In the same transaction:
 * a contact opted out here counts once in the shop's `contactOptOut` for that day, and the opt-out is attributed to
 * the message it most likely answers by the reply rule (db/rollups.ts attributeOptOut).
 */
export async function applySuppressions(db: ShopcastDB, entries: readonly SuppressionView[], now: number, zone: string = systemZone()): Promise<number> {
  const optedOut = entries.filter((e) => e.reason === 'opted_out' || e.reason === 'stopped_marketing');
  if (optedOut.length === 0) return 0;
  let changed = 0;
  await db.transaction('rw', [db.contacts, db.recipients, db.inbox, db.rollups], async () => {
    const delta: Delta = new Map();
    for (const e of optedOut) {
      const stop = await attributeOptOut(db, e.contact, e.at, e.reason === 'opted_out' ? 'opted_out' : 'stopped_marketing');
      if (stop) {
        rowDelta(stop.before, stop.after, zone, delta);
        await db.recipients.put(stop.after);
      }
      // wa_id may be another form of the number the contact was saved with (attribution.ts: phoneVariants); an entry
      // filed under a WhatsApp user id (a username-only STOP) is the contact saved with that id.
      const contact = looksLikeUserId(e.contact) ? await db.contacts.where('userId').equals(e.contact).first() : await db.contacts.where('phone').anyOf(phoneVariants(e.contact)).first();
      if (!contact || contact.optInStatus === 'opted_out') continue;
      const source = e.reason === 'opted_out' ? `WhatsApp reply: ${(e.source ?? 'STOP').slice(0, 40)}` : 'WhatsApp: stopped marketing';
      // No derived field depends on these: an update naming them leaves the list's cached orders current.
      await db.contacts.update(contact.id, { optInStatus: 'opted_out', optInSource: source.slice(0, 60), optInAt: e.at, updatedAt: now });
      const day = rollupKey('shop', '', localDay(zone, e.at));
      delta.set(day, { ...delta.get(day), contactOptOut: (delta.get(day)?.contactOptOut ?? 0) + 1 });
      changed++;
    }
    await applyDelta(db, delta);
  });
  return changed;
}
