/**
 * Writes to contacts. Every write goes through here so the derived fields (nameKey, terms, lastInteractionSort)
 * can never drift from the fields they come from, and so destructive actions always leave an undo record.
 */
import { isRecord } from '../../../shared/lib/guards';
import { parseContactDraft, type ContactFields, type FieldError } from '../../../shared/domain/contact';
import type { CountryCode } from '../../../shared/domain/phone';
import { contactTerms, sortKeyForName } from '../../../shared/domain/search';
import type { ContactRecord, ShopcastDB, TrashRecord } from './db';

export type SaveContactResult =
  | { ok: true; contact: ContactRecord }
  | { ok: false; kind: 'invalid'; errors: FieldError[] }
  | { ok: false; kind: 'duplicate'; existing: Pick<ContactRecord, 'id' | 'name' | 'phone' | 'userId' | 'username'> }
  | { ok: false; kind: 'not_found' };

export interface RepoOptions {
  defaultCountry: CountryCode;
  now?: () => number;
}

/** A contact's WhatsApp identity beyond the phone (db.ts ContactRecord; shared/domain/identity.ts). */
export type ContactIdentity = Pick<ContactRecord, 'userId' | 'username' | 'formerUserIds'>;

/** The identity fields a record has, without keys for the ones it lacks (an undefined key would be written). */
export function identityOf(c: ContactIdentity): ContactIdentity {
  const out: ContactIdentity = {};
  if (c.userId) out.userId = c.userId;
  if (c.username) out.username = c.username;
  if (c.formerUserIds && c.formerUserIds.length > 0) out.formerUserIds = [...c.formerUserIds];
  return out;
}

/**
 * Derived fields, computed in one place. A username is found by search with or without its "@", a user id by its
 * start. A contact without a phone has no `phone` key at all (never ''): the unique `&phone` index leaves it out.
 */
export function withDerived(fields: ContactFields & ContactIdentity, times: { id: number; createdAt: number; updatedAt: number }): ContactRecord {
  const { userId: _u, username: _n, formerUserIds: _f, phone, ...rest } = fields;
  return {
    ...rest,
    ...(phone ? { phone } : {}),
    ...identityOf(fields),
    ...times,
    nameKey: sortKeyForName(fields.name),
    terms: contactTerms(fields.name, phone, fields),
    lastInteractionSort: fields.lastInteractionAt ?? 0,
  };
}

/**
 * The change for a contact's last interaction, with its derived sort key. Written with update/bulkUpdate (not a
 * put of the whole record) so the list's name and created orders stay cached (db.orderRevisions).
 */
export function lastInteractionChange(at: number): Pick<ContactRecord, 'lastInteractionAt' | 'lastInteractionSort'> {
  return { lastInteractionAt: at, lastInteractionSort: at };
}

export async function addContact(db: ShopcastDB, input: unknown, opts: RepoOptions): Promise<SaveContactResult> {
  const now = (opts.now ?? Date.now)();
  const parsed = parseContactDraft(input, opts.defaultCountry, now);
  if (!parsed.ok) return { ok: false, kind: 'invalid', errors: parsed.errors };
  const fields = stampOptIn(parsed.value, undefined, now);
  return db.transaction('rw', db.contacts, db.labels, async () => {
    const existing = await holderOf(db, fields);
    if (existing) return duplicate(existing);
    fields.labelIds = await existingLabelIds(db, fields.labelIds);
    // `id` is assigned by IndexedDB; the record is written without it and read back with it.
    const { id: _unassigned, ...record } = withDerived(fields, { id: 0, createdAt: now, updatedAt: now });
    const id = await db.contacts.add(record as ContactRecord); // Dexie's ++id table accepts records without their key
    return { ok: true, contact: { ...record, id } };
  });
}

export async function updateContact(db: ShopcastDB, id: number, input: unknown, opts: RepoOptions): Promise<SaveContactResult> {
  const now = (opts.now ?? Date.now)();
  return db.transaction('rw', db.contacts, db.labels, async () => {
    const current = await db.contacts.get(id);
    if (!current) return { ok: false, kind: 'not_found' } as const;
    // The user id and username come from WhatsApp: an edit keeps a user id the contact has (the form shows it read
    // only, so a contact known only by it can be saved with the phone left empty); one can be typed only where the
    // contact has none.
    const parsed = parseContactDraft(current.userId && isRecord(input) ? { ...input, userId: current.userId } : input, opts.defaultCountry, now);
    if (!parsed.ok) return { ok: false, kind: 'invalid', errors: parsed.errors } as const;
    const userId = current.userId ?? parsed.value.userId;
    const clash = await holderOf(db, { phone: parsed.value.phone, userId }, id);
    if (clash) return duplicate(clash);
    const fields = stampOptIn(parsed.value, current, now);
    fields.labelIds = await existingLabelIds(db, fields.labelIds);
    const record = withDerived({ ...fields, ...identityOf({ ...current, userId }) }, { id, createdAt: current.createdAt, updatedAt: now });
    await db.contacts.put(record);
    return { ok: true, contact: record };
  });
}

/** Another contact (not `self`) that already has this phone or this user id: two contacts never share either. */
async function holderOf(db: ShopcastDB, identity: { phone?: string; userId?: string }, self?: number): Promise<ContactRecord | undefined> {
  const byPhone = identity.phone ? await db.contacts.where('phone').equals(identity.phone).first() : undefined;
  if (byPhone && byPhone.id !== self) return byPhone;
  const byId = identity.userId ? await db.contacts.where('userId').equals(identity.userId).first() : undefined;
  return byId && byId.id !== self ? byId : undefined;
}

/** Finds the contact with this WhatsApp user id (BSUID), current or not; former ids are not indexed. */
export function findByUserId(db: ShopcastDB, userId: string): Promise<ContactRecord | undefined> {
  return db.contacts.where('userId').equals(userId).first();
}

/** Finds the contact that already has this (normalised) number, for "open the existing one". */
export function findByPhone(db: ShopcastDB, e164: string): Promise<ContactRecord | undefined> {
  return db.contacts.where('phone').equals(e164).first();
}

/**
 * Deletes contacts and keeps them in the trash for undo. Runs in one transaction: either every contact is deleted
 * and recorded, or nothing changes.
 */
export async function deleteContacts(
  db: ShopcastDB,
  ids: readonly number[],
  opts: { now?: () => number; onProgress?: Progress } = {},
): Promise<{ trashId: string; count: number }> {
  const now = (opts.now ?? Date.now)();
  const trashId = newTrashId(now);
  return db.transaction('rw', db.contacts, db.trash, async () => {
    const found: ContactRecord[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = (await db.contacts.bulkGet(ids.slice(i, i + CHUNK))).filter((c): c is ContactRecord => c !== undefined);
      await db.contacts.bulkDelete(chunk.map((c) => c.id));
      found.push(...chunk);
      opts.onProgress?.(Math.min(i + CHUNK, ids.length), ids.length);
    }
    await db.trash.add({ id: trashId, kind: 'contacts', createdAt: now, contacts: found, labels: [], labelLinks: [] });
    return { trashId, count: found.length };
  });
}

/** Reports how far a long write has come: `done` of `total` items. */
export type Progress = (done: number, total: number) => void;

/** Long writes go in chunks inside their one transaction, so progress can be shown and memory stays bounded. */
const CHUNK = 2_000;

export interface RestoreReport {
  contacts: number;
  labels: number;
  /** Contacts not restored because another contact took their number (or WhatsApp user id) meanwhile. */
  skippedDuplicates: number;
}

/**
 * Undoes a destructive action: puts trashed contacts and labels back with the labels they had, or puts back the
 * labels a bulk label change took off or added.
 */
export async function restoreTrash(
  db: ShopcastDB,
  trashId: string,
  opts: { onProgress?: Progress } = {},
): Promise<RestoreReport | undefined> {
  return db.transaction('rw', db.contacts, db.labels, db.trash, async () => {
    const trash = await db.trash.get(trashId);
    if (!trash) return undefined;
    const report: RestoreReport = { contacts: 0, labels: 0, skippedDuplicates: 0 };

    const labelIdMap = new Map<number, number>();
    for (const label of trash.labels) {
      const sameName = await db.labels.where('nameKey').equals(label.nameKey).first();
      if (sameName) labelIdMap.set(label.id, sameName.id); // recreated meanwhile: merge into it
      else {
        await db.labels.add(label);
        labelIdMap.set(label.id, label.id);
        report.labels++;
      }
    }

    if (trash.contacts.length > 0) {
      const phones = trash.contacts.flatMap((c) => (c.phone ? [c.phone] : []));
      const taken = new Set(phones.length > 0 ? (await db.contacts.where('phone').anyOf(phones).toArray()).map((c) => c.phone) : []);
      const userIds = trash.contacts.flatMap((c) => (c.userId ? [c.userId] : []));
      const takenIds = new Set(userIds.length > 0 ? (await db.contacts.where('userId').anyOf(userIds).toArray()).map((c) => c.userId) : []);
      const back = trash.contacts.filter((c) => !(c.phone && taken.has(c.phone)) && !(c.userId && takenIds.has(c.userId)));
      report.skippedDuplicates = trash.contacts.length - back.length;
      for (let i = 0; i < back.length; i += CHUNK) {
        await db.contacts.bulkAdd(back.slice(i, i + CHUNK));
        opts.onProgress?.(Math.min(i + CHUNK, back.length), back.length);
      }
      report.contacts = back.length;
    }

    if (trash.labelSnapshots && trash.labelSnapshots.length > 0) {
      const existingLabels = new Set(await db.labels.toCollection().primaryKeys());
      for (let i = 0; i < trash.labelSnapshots.length; i += CHUNK) {
        const part = trash.labelSnapshots.slice(i, i + CHUNK);
        const contacts = await db.contacts.bulkGet(part.map(([id]) => id));
        const updated: ContactRecord[] = [];
        contacts.forEach((c, j) => {
          // A contact deleted since, or a label deleted since, is left as it is now.
          if (c) updated.push({ ...c, labelIds: part[j]![1].filter((l) => existingLabels.has(l)) }); // j indexes part
        });
        await db.contacts.bulkPut(updated);
        report.contacts += updated.length;
        opts.onProgress?.(Math.min(i + CHUNK, trash.labelSnapshots.length), trash.labelSnapshots.length);
      }
    }

    if (trash.labelLinks.length > 0) {
      const byContact = new Map<number, number[]>();
      for (const [contactId, labelId] of trash.labelLinks) {
        const target = labelIdMap.get(labelId) ?? labelId;
        byContact.set(contactId, [...(byContact.get(contactId) ?? []), target]);
      }
      const contacts = await db.contacts.bulkGet([...byContact.keys()]);
      const updated = contacts
        .filter((c): c is ContactRecord => c !== undefined)
        .map((c) => ({ ...c, labelIds: [...new Set([...c.labelIds, ...(byContact.get(c.id) ?? [])])] }));
      await db.contacts.bulkPut(updated);
    }

    await db.trash.delete(trashId);
    return report;
  });
}

/** Undo records older than this are purged at start-up; undo is for "oops", not an archive. */
export const TRASH_KEEP_MS = 7 * 86_400_000;

export async function purgeOldTrash(db: ShopcastDB, now: number): Promise<number> {
  return db.trash.where('createdAt').below(now - TRASH_KEEP_MS).delete();
}

/**
 * Adds and/or removes labels on many contacts at once, in chunks so that 100,000 contacts never sit in memory
 * together. Returns how many contacts changed and, when any did, the undo record that puts their labels back.
 */
export async function applyLabels(
  db: ShopcastDB,
  contactIds: readonly number[],
  change: { add?: readonly number[]; remove?: readonly number[] },
  opts: { now?: () => number; onProgress?: Progress } = {},
): Promise<{ changed: number; trashId: string | undefined }> {
  const now = (opts.now ?? Date.now)();
  const remove = new Set(change.remove ?? []);
  const before: Array<[number, number[]]> = [];
  const trashId = newTrashId(now);
  await db.transaction('rw', db.contacts, db.labels, db.trash, async () => {
    const add = await existingLabelIds(db, [...(change.add ?? [])]);
    for (let i = 0; i < contactIds.length; i += CHUNK) {
      const chunk = await db.contacts.bulkGet(contactIds.slice(i, i + CHUNK));
      const updated: ContactRecord[] = [];
      for (const c of chunk) {
        if (!c) continue;
        const next = [...new Set([...c.labelIds.filter((id) => !remove.has(id)), ...add])];
        if (next.length === c.labelIds.length && next.every((id) => c.labelIds.includes(id))) continue;
        updated.push({ ...c, labelIds: next, updatedAt: now });
        before.push([c.id, c.labelIds]);
      }
      await db.contacts.bulkPut(updated);
      opts.onProgress?.(Math.min(i + CHUNK, contactIds.length), contactIds.length);
    }
    if (before.length > 0) {
      await db.trash.add({ id: trashId, kind: 'labels-change', createdAt: now, contacts: [], labels: [], labelLinks: [], labelSnapshots: before });
    }
  });
  return { changed: before.length, trashId: before.length > 0 ? trashId : undefined };
}

function duplicate(existing: ContactRecord): SaveContactResult {
  const { id, name, phone, userId, username } = existing;
  return { ok: false, kind: 'duplicate', existing: { id, name, ...(phone ? { phone } : {}), ...(userId ? { userId } : {}), ...(username ? { username } : {}) } };
}

async function existingLabelIds(db: ShopcastDB, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const labels = await db.labels.bulkGet([...ids]);
  return labels.filter((l) => l !== undefined).map((l) => l.id);
}

/** When the opt-in status changes and the person gave no date, the change is dated now: consent needs a date. */
function stampOptIn(fields: ContactFields, previous: ContactRecord | undefined, now: number): ContactFields {
  const changed = !previous || previous.optInStatus !== fields.optInStatus;
  if (changed && fields.optInAt === null && fields.optInStatus !== 'unknown') return { ...fields, optInAt: now };
  return { ...fields };
}

function newTrashId(now: number): string {
  const random = crypto.getRandomValues(new Uint32Array(2));
  return `${now.toString(36)}-${random[0]!.toString(36)}${random[1]!.toString(36)}`; // two values were just generated
}

export type { TrashRecord };
