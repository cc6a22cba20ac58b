/**
 * Contacts → an export file: all of them, or the ids the contacts screen has selected or filtered. Label ids become
 * label names; the file formats (formula neutralisation, phones as text, local times) are shared/import/export.ts.
 */
import { systemZone } from '../../../../shared/domain/results/time';
import { contactsCsv, contactsXlsx, type ExportContact } from '../../../../shared/import/export';
import type { ContactRecord, ShopcastDB } from '../../db/db';

export type ExportFormat = 'csv' | 'xlsx';

/** `zone`: the shop's time zone for the dates in the file; the computer's unless a test says otherwise. */
export async function exportContacts(db: ShopcastDB, which: readonly number[] | 'all', format: ExportFormat, zone: string = systemZone()): Promise<Blob> {
  const contacts: ContactRecord[] =
    which === 'all' ? await db.contacts.orderBy('nameKey').toArray() : (await db.contacts.bulkGet([...which])).filter((c): c is ContactRecord => c !== undefined);
  const labelNames = new Map((await db.labels.toArray()).map((l) => [l.id, l.name]));
  const rows: ExportContact[] = contacts.map((c) => ({
    name: c.name,
    ...(c.phone ? { phone: c.phone } : {}),
    labels: c.labelIds.map((id) => labelNames.get(id)).filter((n): n is string => n !== undefined),
    optInStatus: c.optInStatus,
    optInSource: c.optInSource,
    optInAt: c.optInAt,
    notes: c.notes,
    lastInteractionAt: c.lastInteractionAt,
    nightConsent: c.nightConsent ?? null,
    ...(c.userId ? { userId: c.userId } : {}),
    ...(c.username ? { username: c.username } : {}),
  }));
  return format === 'csv'
    ? new Blob([contactsCsv(rows, zone)], { type: 'text/csv;charset=utf-8' })
    : new Blob([contactsXlsx(rows, zone)], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}
