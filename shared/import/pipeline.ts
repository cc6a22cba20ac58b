/**
 * The whole import pipeline as one pure function: bytes → a report of what would be written. The renderer's worker
 * and `shopcast clean` both call this; only the decoder differs (TextDecoder vs iconv-lite). Nothing is written here.
 */
import type { CountryCode } from '../domain/phone';
import { decodeText } from './decode';
import { dedupe } from './dedupe';
import { MAX_FILE_BYTES, MAX_ROWS } from './limits';
import { parseDelimited, type Delimiter } from './delimited';
import { detectMapping, toRecords, type ColumnMapping, type ColumnRole } from './mapping';
import { normalizeRecord, phoneCache } from './normalize';
import { sniff } from './sniff';
import { readSpreadsheet } from './spreadsheet';
import type { CleanContact, Decode, DuplicateRow, EncodingChoice, EncodingName, FileKind, FileNote, FileProblem, RejectedRow, SourceRecord } from './types';
import { looksLikeVcard, parseVcard } from './vcard';

export { MAX_FILE_BYTES, MAX_ROWS };

export interface PipelineOptions {
  country: CountryCode;
  decode: Decode;
  /** The person's choices, when they overrode the detection. */
  encoding?: EncodingName;
  roles?: ColumnRole[];
  sheet?: string;
  maxRows?: number;
  maxBytes?: number;
  /** How many rows the preview keeps. */
  previewRows?: number;
}

export interface ImportReport {
  ok: true;
  kind: FileKind;
  encoding: (EncodingChoice & { replacements: number; repairs: number }) | undefined;
  delimiter: Delimiter | undefined;
  sheets: string[];
  sheet: string | undefined;
  mapping: ColumnMapping | undefined;
  /** The header row's cells (empty when there is none), and the first rows as read, for the mapping preview. */
  headers: string[];
  preview: string[][];
  rows: number;
  contacts: CleanContact[];
  duplicates: DuplicateRow[];
  rejected: RejectedRow[];
  fileNotes: FileNote[];
  /** Row at which an unterminated quote was found; nothing from there on was read. */
  unterminatedQuoteRow: number | undefined;
}

export type PipelineResult = ImportReport | { ok: false; problem: FileProblem; cap?: number };

function rawPhones(records: readonly SourceRecord[]): (row: number) => string {
  const byRow = new Map<number, string>();
  for (const r of records) byRow.set(r.row, r.phones.join(' ::: '));
  return (row) => byRow.get(row) ?? '';
}

export function runPipeline(bytes: Uint8Array, options: PipelineOptions): PipelineResult {
  const maxBytes = options.maxBytes ?? MAX_FILE_BYTES;
  const maxRows = options.maxRows ?? MAX_ROWS;
  const previewRows = options.previewRows ?? 20;
  if (bytes.length > maxBytes) return { ok: false, problem: 'too_large', cap: maxBytes };
  const sniffed = sniff(bytes);
  if (!sniffed.ok) return { ok: false, problem: sniffed.problem };

  const fileNotes: FileNote[] = [];
  let kind: FileKind;
  let encoding: ImportReport['encoding'];
  let delimiter: Delimiter | undefined;
  let sheets: string[] = [];
  let sheet: string | undefined;
  let mapping: ColumnMapping | undefined;
  let headers: string[] = [];
  let preview: string[][] = [];
  let records: SourceRecord[];
  let unterminatedQuoteRow: number | undefined;
  let rowCount: number;

  if (sniffed.kind === 'text') {
    const decoded = decodeText(bytes, options.decode, options.encoding, sniffed.utf16);
    encoding = { ...decoded.choice, replacements: decoded.replacements, repairs: decoded.repairs };
    if (decoded.repairs > 0) fileNotes.push('mojibake_repaired');
    if (looksLikeVcard(decoded.text)) {
      kind = 'vcard';
      const cards = parseVcard(decoded.text, options.decode, maxRows);
      records = cards.records;
      if (cards.capped) fileNotes.push('row_cap');
      rowCount = records.length;
      preview = records.slice(0, previewRows).map((r) => [r.name, r.phones.join(' ::: '), r.labels.join(', ')]);
      headers = ['FN', 'TEL', 'CATEGORIES'];
    } else {
      kind = 'delimited';
      const parsed = parseDelimited(decoded.text, maxRows + 1);
      delimiter = parsed.delimiter;
      if (parsed.capped) fileNotes.push('row_cap');
      if (parsed.cellsTruncated > 0) fileNotes.push('cell_truncated');
      if (parsed.unterminatedQuoteRow !== undefined) {
        fileNotes.push('unterminated_quote');
        unterminatedQuoteRow = parsed.unterminatedQuoteRow;
      }
      ({ mapping, headers, preview, records, rowCount } = mapRows(parsed.rows, options.roles, previewRows));
    }
  } else {
    kind = sniffed.kind;
    const read = readSpreadsheet(bytes, sniffed.kind, maxRows, options.sheet);
    if (!read.ok) return { ok: false, problem: read.problem };
    sheets = read.sheets;
    sheet = read.sheet;
    if (read.capped) fileNotes.push('row_cap');
    ({ mapping, headers, preview, records, rowCount } = mapRows(read.rows, options.roles, previewRows));
  }
  // No phone column: nothing can be imported, but the preview goes back so the person can pick the column.
  if (mapping && !mapping.roles.includes('phone')) {
    fileNotes.push('no_phone_column');
    records = [];
  }
  if (records.length > maxRows) {
    records = records.slice(0, maxRows);
    if (!fileNotes.includes('row_cap')) fileNotes.push('row_cap');
  }

  const clean: CleanContact[] = [];
  const rejected: RejectedRow[] = [];
  const normalize = phoneCache(options.country);
  for (const record of records) {
    const n = normalizeRecord(record, options.country, normalize);
    if (n.ok) clean.push(n.contact);
    else rejected.push(n.rejected);
  }
  if (unterminatedQuoteRow !== undefined) rejected.push({ row: unterminatedQuoteRow, raw: '', reason: 'unterminated_quote' });
  const { contacts, duplicates } = dedupe(clean, rawPhones(records));
  return { ok: true, kind, encoding, delimiter, sheets, sheet, mapping, headers, preview, rows: rowCount, contacts, duplicates, rejected, fileNotes, unterminatedQuoteRow };
}

function mapRows(rows: string[][], roles: ColumnRole[] | undefined, previewRows: number) {
  const detected = detectMapping(rows);
  const mapping: ColumnMapping = roles ? { ...detected, roles, source: 'override' } : detected;
  const headers = mapping.headerRow === undefined ? [] : (rows[mapping.headerRow] ?? []);
  const start = mapping.headerRow === undefined ? 0 : mapping.headerRow + 1;
  const records = toRecords(rows, mapping);
  return { mapping, headers, preview: rows.slice(start, start + previewRows), records, rowCount: records.length };
}
