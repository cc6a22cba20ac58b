/**
 * Contacts out, as CSV (UTF-8 with BOM) or XLSX. The phone is always text: in the XLSX it is a text cell with the
 * Text number format ('@'), so Excel shows "+821012345678" and never turns it into 8.21012E+11; in the CSV it is the
 * exact E.164 string behind a tab, which Excel keeps as text and importers trim (csvOut.ts excelTextPhoneCell says
 * why not `="…"` or an apostrophe). Every other cell that could be read as a formula is neutralised in the CSV
 * (OWASP); XLSX text cells are never evaluated, but get the same prefix so a later "Save as CSV" from Excel stays safe.
 * Times are the shop's local date and time ("2025-03-01 09:30", which spreadsheets read as a date and time), in the
 * zone the caller passes (the computer's), not UTC.
 */
import * as XLSX from 'xlsx';
import { parseClaimedSource, type NightConsent, type OptInStatus } from '../domain/contact';
import { localDateTime } from '../domain/results/time';
import { BOM, csvCell, csvLine, excelTextPhoneCell, neutralizeCell } from './csvOut';

export interface ExportContact {
  name: string;
  /** E.164; missing for a contact known only by its WhatsApp user id: an empty cell. */
  phone?: string;
  labels: string[];
  optInStatus: OptInStatus;
  optInSource: string;
  optInAt: number | null;
  notes: string;
  lastInteractionAt: number | null;
  /** Night-time consent for Korean promotions (DOMAIN.md §2b); missing or null: none. */
  nightConsent?: NightConsent | null;
  /** The WhatsApp user id (BSUID) and username, where WhatsApp gave them; missing: empty cells. */
  userId?: string;
  username?: string;
}

/**
 * `night_consent` is "yes" or empty, with its source and date beside it; `user_id` and `username` are the WhatsApp
 * identity (added last, so the older columns keep their places); importing the file again reads `opt_in`,
 * `opt_in_source` (as where consent was given), `night_consent`, `user_id` and `username` back (shared/import/mapping.ts).
 */
export const EXPORT_HEADER = ['name', 'phone', 'labels', 'opt_in', 'opt_in_source', 'opt_in_date', 'notes', 'last_interaction', 'night_consent', 'night_consent_source', 'night_consent_date', 'user_id', 'username'] as const;

/** The phone's column in EXPORT_HEADER. */
const PHONE = 1;

/**
 * ISO order (YYYY-MM-DD HH:mm) in the shop's zone: unambiguous in every locale, what spreadsheets read as a date and
 * time, and the time the shop saw on its screen.
 */
const at = (zone: string, ms: number | null) => (ms === null ? '' : localDateTime(zone, ms));

/**
 * A source as a person reads it in a spreadsheet: a consent only claimed by an imported file (contact.ts
 * claimedSource) is written out in words ("claimed by the file list.csv, imported 2026-12-01 09:30"), not as its code.
 */
function sourceText(zone: string, source: string): string {
  const claimed = parseClaimedSource(source);
  return claimed ? `claimed by the file ${claimed.fileName}, imported ${at(zone, claimed.importedAt)}` : source;
}

export function exportRows(contacts: readonly ExportContact[], zone: string): string[][] {
  return contacts.map((c) => {
    const night = c.nightConsent ?? null;
    return [
      c.name,
      c.phone ?? '',
      c.labels.join('; '),
      c.optInStatus,
      sourceText(zone, c.optInSource),
      at(zone, c.optInAt),
      c.notes,
      at(zone, c.lastInteractionAt),
      night ? 'yes' : '',
      night ? sourceText(zone, night.source) : '',
      night ? at(zone, night.at) : '',
      c.userId ?? '',
      c.username ?? '',
    ];
  });
}

export function contactsCsv(contacts: readonly ExportContact[], zone: string): string {
  const line = (row: readonly string[]) => row.map((v, c) => (c === PHONE ? excelTextPhoneCell(v) : csvCell(v))).join(',');
  const lines = [csvLine(EXPORT_HEADER), ...exportRows(contacts, zone).map(line)];
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

export function contactsXlsx(contacts: readonly ExportContact[], zone: string, sheetName = 'Contacts'): Uint8Array<ArrayBuffer> {
  const rows = [[...EXPORT_HEADER], ...exportRows(contacts, zone)];
  // Every cell is a text cell; the phone column also carries the Text format so editing it in Excel keeps it text.
  const sheet = XLSX.utils.aoa_to_sheet(rows.map((row) => row.map((v, c) => (c === PHONE ? { t: 's', v, z: '@' } : { t: 's', v: neutralizeCell(v) }))));
  sheet['!cols'] = [{ wch: 20 }, { wch: 16 }, { wch: 24 }];
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, sheetName);
  const out: unknown = XLSX.write(book, { type: 'array', bookType: 'xlsx', compression: true });
  // SheetJS returns an ArrayBuffer for type 'array'.
  return new Uint8Array(out instanceof ArrayBuffer ? out : new ArrayBuffer(0));
}
