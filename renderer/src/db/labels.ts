/** Writes to labels. Contacts refer to labels by id, so renaming or recolouring a label touches one record. */
import { nameKey } from '../../../shared/domain/search';
import { LABEL_COLORS, type ContactRecord, type LabelColor, type LabelRecord, type ShopcastDB } from './db';

/** The WhatsApp Business app allows 20 labels; shops mirror their labels there, so we warn (never block) past it. */
export const WHATSAPP_LABEL_LIMIT = 20;
export const LABEL_NAME_MAX = 40;

export type LabelResult =
  | { ok: true; label: LabelRecord }
  | { ok: false; kind: 'required' | 'too_long' | 'bad_color' | 'not_found' }
  | { ok: false; kind: 'duplicate'; existing: LabelRecord };

export function isLabelColor(value: unknown): value is LabelColor {
  return typeof value === 'string' && (LABEL_COLORS as readonly string[]).includes(value);
}

function checkName(raw: string): { ok: true; name: string; key: string } | { ok: false; kind: 'required' | 'too_long' } {
  const name = raw.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (name === '') return { ok: false, kind: 'required' };
  if (name.length > LABEL_NAME_MAX) return { ok: false, kind: 'too_long' };
  return { ok: true, name, key: nameKey(name) };
}

/** Picks the colour used least so far, so new labels are easy to tell apart. */
export async function nextLabelColor(db: ShopcastDB): Promise<LabelColor> {
  const used = new Map<LabelColor, number>(LABEL_COLORS.map((c) => [c, 0]));
  await db.labels.each((l) => used.set(l.color, (used.get(l.color) ?? 0) + 1));
  return [...used.entries()].sort((a, b) => a[1] - b[1])[0]?.[0] ?? 'green';
}

export async function createLabel(
  db: ShopcastDB,
  rawName: string,
  color?: LabelColor,
  opts: { now?: () => number } = {},
): Promise<LabelResult> {
  const checked = checkName(rawName);
  if (!checked.ok) return checked;
  if (color !== undefined && !isLabelColor(color)) return { ok: false, kind: 'bad_color' };
  const now = (opts.now ?? Date.now)();
  return db.transaction('rw', db.labels, async () => {
    const existing = await db.labels.where('nameKey').equals(checked.key).first();
    if (existing) return { ok: false, kind: 'duplicate', existing } as const;
    const record = { name: checked.name, nameKey: checked.key, color: color ?? (await nextLabelColor(db)), createdAt: now, updatedAt: now };
    const id = await db.labels.add(record as LabelRecord); // ++id table: the key is assigned on add
    return { ok: true, label: { ...record, id } } as const;
  });
}

export async function renameLabel(db: ShopcastDB, id: number, rawName: string, opts: { now?: () => number } = {}): Promise<LabelResult> {
  const checked = checkName(rawName);
  if (!checked.ok) return checked;
  const now = (opts.now ?? Date.now)();
  return db.transaction('rw', db.labels, async () => {
    const label = await db.labels.get(id);
    if (!label) return { ok: false, kind: 'not_found' } as const;
    const clash = await db.labels.where('nameKey').equals(checked.key).first();
    if (clash && clash.id !== id) return { ok: false, kind: 'duplicate', existing: clash } as const;
    const next = { ...label, name: checked.name, nameKey: checked.key, updatedAt: now };
    await db.labels.put(next);
    return { ok: true, label: next } as const;
  });
}

export async function recolorLabel(db: ShopcastDB, id: number, color: LabelColor, opts: { now?: () => number } = {}): Promise<LabelResult> {
  if (!isLabelColor(color)) return { ok: false, kind: 'bad_color' };
  const now = (opts.now ?? Date.now)();
  return db.transaction('rw', db.labels, async () => {
    const label = await db.labels.get(id);
    if (!label) return { ok: false, kind: 'not_found' } as const;
    const next = { ...label, color, updatedAt: now };
    await db.labels.put(next);
    return { ok: true, label: next } as const;
  });
}

/**
 * Deletes a label and takes it off every contact, remembering which contacts had it so undo puts it back on them.
 */
export async function deleteLabel(
  db: ShopcastDB,
  id: number,
  opts: { now?: () => number } = {},
): Promise<{ trashId: string; contactsAffected: number } | undefined> {
  const now = (opts.now ?? Date.now)();
  return db.transaction('rw', db.labels, db.contacts, db.trash, async () => {
    const label = await db.labels.get(id);
    if (!label) return undefined;
    const carriers = await db.contacts.where('labelIds').equals(id).toArray();
    const updated: ContactRecord[] = carriers.map((c) => ({ ...c, labelIds: c.labelIds.filter((l) => l !== id) }));
    await db.contacts.bulkPut(updated);
    await db.labels.delete(id);
    const trashId = `${now.toString(36)}-label-${id}`;
    await db.trash.put({
      id: trashId,
      kind: 'label',
      createdAt: now,
      contacts: [],
      labels: [label],
      labelLinks: carriers.map((c) => [c.id, id] as [number, number]),
    });
    return { trashId, contactsAffected: carriers.length };
  });
}

export function listLabels(db: ShopcastDB): Promise<LabelRecord[]> {
  return db.labels.orderBy('nameKey').toArray();
}

export function countContactsWithLabel(db: ShopcastDB, id: number): Promise<number> {
  return db.contacts.where('labelIds').equals(id).count();
}
