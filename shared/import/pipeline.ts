/**
 * The whole import pipeline: bytes → a report of what would be written. The renderer's worker and `shopcast clean`
 * both run it; only the decoder differs (TextDecoder vs iconv-lite). Nothing is written here.
 *
 * Delimited text, the big case (a million-row CSV), streams: `openImport` looks at the first bytes (type, encoding,
 * delimiter), then `DelimitedImport` takes the file in pieces of any size, decoding incrementally, and parses,
 * normalises and merges each row as it completes, so memory holds the merged contacts and never the file's text or
 * rows. `runPipeline` on bytes already in memory is the same stream fed one piece: one pipeline, not two, and one
 * piece costs nothing extra (the streaming parser is papaparse's own). Spreadsheets (SheetJS reads whole workbooks)
 * and vCards (capped at 64 MB like every file) are read whole.
 */
import { otherCountryHint, type CountryCode } from '../domain/phone';
import { bomLength, chooseEncoding, countReplacements, decodeText, headSample, repairMojibake } from './decode';
import { Merger } from './dedupe';
import { MAX_FILE_BYTES, MAX_ROWS } from './limits';
import { DelimitedReader, guessDelimiter, guessNewline, type Delimiter } from './delimited';
import { detectMapping, recordMaker, type ColumnMapping, type ColumnRole } from './mapping';
import { normalizeRecord, phoneCache, type PhoneOutcome } from './normalize';
import { sniff } from './sniff';
import { readSpreadsheet } from './spreadsheet';
import type { CleanContact, Decode, DuplicateRow, EncodingChoice, EncodingName, FileKind, FileNote, FileProblem, RejectedRow, SourceRecord } from './types';
import { looksLikeVcard, parseVcard } from './vcard';

export { MAX_FILE_BYTES, MAX_ROWS };

/** An incremental decoder: `write` returns the text of the bytes so far, holding back a character cut in half. */
export interface StreamDecoder {
  write(bytes: Uint8Array): string;
  end(): string;
}
export type MakeStreamDecoder = (encoding: EncodingName) => StreamDecoder;

/** How much of a file `openImport` wants to see first: enough to detect the encoding and the delimiter reliably. */
export const HEAD_BYTES = 4 * 1024 * 1024;

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
  /**
   * How many rejected and duplicate rows the report lists (the rest are counted). Unlimited by default (the CLI
   * writes them all to a file); the app keeps 10,000 so a million bad rows cannot fill the worker's memory.
   */
  keepRows?: number;
  /** An incremental decoder for streamed text; without one, text must come in one piece. */
  streamDecoder?: MakeStreamDecoder;
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
  /** The first `keepRows` duplicate and rejected rows; the counts are of all of them. */
  duplicates: DuplicateRow[];
  rejected: RejectedRow[];
  duplicateCount: number;
  rejectedCount: number;
  landlines: number;
  /** The rows of the first landlines (up to LANDLINE_ROWS), so the screen can say which rows they are. */
  landlineRows: number[];
  /** The country numbers without a country code were read for. */
  country: CountryCode;
  /**
   * "7 of 9 numbers look Taiwanese": over the first HINT_SAMPLE rows with a number, how many are not valid for
   * `country` but valid for another likely one (shared/domain/phone.ts otherCountryHint); only when it is many.
   */
  countryHint: CountryHint | undefined;
  fileNotes: FileNote[];
  /** Row at which an unterminated quote was found; nothing from there on was read. */
  unterminatedQuoteRow: number | undefined;
}

export interface CountryHint {
  country: CountryCode;
  /** Rows whose number fits `country` and not the file's. */
  count: number;
  /** Rows with a number looked at. */
  sampled: number;
}

/** Rows looked at for the country hint: enough to be sure, few enough that the extra parses cost nothing. */
export const HINT_SAMPLE = 500;
/** The share of the sampled rows that must fit the other country before the screen suggests it. */
export const HINT_SHARE = 0.3;
export const LANDLINE_ROWS = 10;

export type PipelineResult = ImportReport | { ok: false; problem: FileProblem; cap?: number };

/** Rejected and duplicate rows: the first `keep` listed, all counted. */
class Kept<T> {
  readonly items: T[] = [];
  count = 0;
  constructor(private readonly keep: number) {}
  add(item: T): void {
    this.count++;
    if (this.items.length < this.keep) this.items.push(item);
  }
}

/** Source records → normalised, merged contacts, one record at a time. */
class Cleaner {
  readonly merger = new Merger();
  readonly rejected: Kept<RejectedRow>;
  readonly duplicates: Kept<DuplicateRow>;
  records = 0;
  private normalize: (raw: string) => PhoneOutcome;
  private cacheSize = 0;
  private hintSampled = 0;
  private readonly hintCounts = new Map<CountryCode, number>();

  constructor(private readonly country: CountryCode, keep: number) {
    this.rejected = new Kept(keep);
    this.duplicates = new Kept(keep);
    this.normalize = this.freshCache();
  }

  /** The phone cache, renewed every 200,000 rows: it pays off on the duplicates near each other, not across a million. */
  private freshCache(): (raw: string) => PhoneOutcome {
    const cached = phoneCache(this.country);
    this.cacheSize = 0;
    return cached;
  }

  add(record: SourceRecord): void {
    this.records++;
    if (++this.cacheSize > 200_000) this.normalize = this.freshCache();
    const n = normalizeRecord(record, this.country, this.normalize);
    if (this.hintSampled < HINT_SAMPLE && record.phones.length > 0) this.sampleCountry(record, n.ok);
    if (!n.ok) return this.rejected.add(n.rejected);
    const dup = this.merger.add(n.contact, () => record.phones.join(' ::: '));
    if (dup) this.duplicates.add(dup);
  }

  /** A row that cannot be read for the file's country but fits another likely one counts for that one. */
  private sampleCountry(record: SourceRecord, ok: boolean): void {
    this.hintSampled++;
    if (ok) return;
    for (const raw of record.phones) {
      const hint = otherCountryHint(raw, this.country);
      if (hint) {
        this.hintCounts.set(hint.country, (this.hintCounts.get(hint.country) ?? 0) + 1);
        return;
      }
    }
  }

  private countryHint(): CountryHint | undefined {
    let best: CountryHint | undefined;
    for (const [country, count] of this.hintCounts) if (!best || count > best.count) best = { country, count, sampled: this.hintSampled };
    return best && best.count >= HINT_SHARE * best.sampled ? best : undefined;
  }

  report(
    base: Omit<ImportReport, 'contacts' | 'duplicates' | 'rejected' | 'duplicateCount' | 'rejectedCount' | 'landlines' | 'landlineRows' | 'rows' | 'country' | 'countryHint'>,
    unterminatedQuoteRow: number | undefined,
  ): ImportReport {
    if (unterminatedQuoteRow !== undefined) this.rejected.add({ row: unterminatedQuoteRow, raw: '', reason: 'unterminated_quote' });
    const contacts = this.merger.contacts();
    let landlines = 0;
    const landlineRows: number[] = [];
    for (const c of contacts) {
      if (!c.landline) continue;
      landlines++;
      if (landlineRows.length < LANDLINE_ROWS) landlineRows.push(c.row);
    }
    return {
      ...base,
      country: this.country,
      countryHint: this.countryHint(),
      landlineRows,
      rows: this.records,
      contacts,
      duplicates: this.duplicates.items,
      rejected: this.rejected.items,
      duplicateCount: this.duplicates.count,
      rejectedCount: this.rejected.count,
      landlines,
      unterminatedQuoteRow,
    };
  }
}

const MOJIBAKE_LEAD = /[\u00c2-\u00f4]/;
/** Rows kept before the mapping is decided: detectMapping reads the first 10 for a header, 200 for content. */
const MAPPING_SAMPLE = 200;

/**
 * Delimited text in pieces → the report. Rows are held only until the mapping is decided (the first 200), then each
 * row becomes a record, a clean contact or a rejected row, and is merged on its E.164 number.
 */
export class DelimitedImport {
  private readonly decoder: StreamDecoder;
  private readonly reader: DelimitedReader;
  private readonly cleaner: Cleaner;
  private readonly utf8: boolean;
  private readonly previewRows: number;
  private readonly maxRows: number;
  private readonly roles: ColumnRole[] | undefined;
  private skipBytes: number;
  private first = true;
  private lineCarry = '';
  private replacements = 0;
  private repairs = 0;
  private pending: string[][] | undefined = [];
  private pendingFilled = 0;
  private mapping: ColumnMapping | undefined;
  private headers: string[] = [];
  private preview: string[][] = [];
  private makeRecord: ((row: readonly string[], index: number) => SourceRecord | undefined) | undefined;
  private capped = false;

  constructor(
    readonly choice: EncodingChoice,
    readonly delimiter: Delimiter,
    newline: '\r\n' | '\n' | '\r',
    head: Uint8Array,
    private readonly options: PipelineOptions,
  ) {
    this.decoder = options.streamDecoder?.(choice.encoding) ?? oneShot(options.decode, choice.encoding);
    this.skipBytes = bomLength(head, choice.encoding);
    this.utf8 = choice.encoding === 'utf-8';
    this.previewRows = options.previewRows ?? 20;
    this.maxRows = options.maxRows ?? MAX_ROWS;
    this.roles = options.roles;
    this.cleaner = new Cleaner(options.country, options.keepRows ?? Infinity);
    this.reader = new DelimitedReader(delimiter, newline, (cells, index) => this.row(cells, index));
  }

  /** True once the rest of the file does not matter (row cap, unterminated quote): stop reading it. */
  get done(): boolean {
    return this.reader.done;
  }

  /** The next bytes of the file, in order. */
  push(bytes: Uint8Array): void {
    if (this.skipBytes > 0) {
      const skip = Math.min(this.skipBytes, bytes.length);
      this.skipBytes -= skip;
      bytes = bytes.subarray(skip);
    }
    this.text(this.decoder.write(bytes), false);
  }

  finish(): ImportReport {
    this.text(this.decoder.end(), true);
    this.reader.end();
    this.decideMapping();
    const fileNotes: FileNote[] = [];
    if (this.repairs > 0) fileNotes.push('mojibake_repaired');
    if (this.capped) fileNotes.push('row_cap');
    if (this.reader.cellsTruncated > 0) fileNotes.push('cell_truncated');
    if (this.reader.unterminatedQuoteRow !== undefined) fileNotes.push('unterminated_quote');
    if (this.mapping && !reachable(this.mapping.roles)) fileNotes.push('no_phone_column');
    return this.cleaner.report(
      {
        ok: true,
        kind: 'delimited',
        encoding: { ...this.choice, replacements: this.replacements, repairs: this.repairs },
        delimiter: this.delimiter,
        sheets: [],
        sheet: undefined,
        mapping: this.mapping,
        headers: this.headers,
        preview: this.preview,
        fileNotes,
        unterminatedQuoteRow: undefined,
      },
      this.reader.unterminatedQuoteRow,
    );
  }

  /**
   * Decoded text goes to the parser in whole lines, so that mojibake runs (never across a line break) are repaired
   * whole and U+FFFD counted once.
   */
  private text(text: string, last: boolean): void {
    if (this.first && text !== '') {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let lines = this.lineCarry + text;
    if (!last) {
      const cut = lines.lastIndexOf('\n') + 1;
      this.lineCarry = lines.slice(cut);
      lines = lines.slice(0, cut);
      // A file with no \n at all (old Mac \r line ends) is carried whole: still within the file-size cap.
    } else this.lineCarry = '';
    if (lines === '') return;
    this.replacements += countReplacements(lines);
    if (this.utf8 && MOJIBAKE_LEAD.test(lines)) {
      const repaired = repairMojibake(lines);
      lines = repaired.text;
      this.repairs += repaired.repairs;
    }
    this.reader.push(lines);
  }

  private row(cells: string[], index: number): boolean {
    if (this.pending) {
      this.pending.push(cells);
      if (cells.some((c) => c.trim() !== '')) this.pendingFilled++;
      if (this.pendingFilled >= MAPPING_SAMPLE) return this.decideMapping();
      return true;
    }
    return this.process(cells, index);
  }

  /** Decides the mapping on the rows held so far, then runs them through. */
  private decideMapping(): boolean {
    const rows = this.pending;
    if (!rows) return !this.done;
    this.pending = undefined;
    const detected = detectMapping(rows);
    this.mapping = this.roles ? { ...detected, roles: this.roles, source: 'override' } : detected;
    this.headers = this.mapping.headerRow === undefined ? [] : (rows[this.mapping.headerRow] ?? []);
    this.makeRecord = recordMaker(this.mapping, this.headers);
    for (let i = 0; i < rows.length; i++) if (!this.process(rows[i]!, i)) return false; // i < rows.length
    return true;
  }

  private process(cells: string[], index: number): boolean {
    const mapping = this.mapping!; // set by decideMapping before any row is processed
    const start = mapping.headerRow === undefined ? 0 : mapping.headerRow + 1;
    if (index >= start && this.preview.length < this.previewRows) this.preview.push(cells);
    const record = this.makeRecord!(cells, index); // set with the mapping
    if (!record) return true;
    if (this.cleaner.records === this.maxRows) {
      this.capped = true;
      return false;
    }
    // No phone (or user id) column: nothing can be imported, but the preview goes back so the person can pick the column.
    if (!reachable(mapping.roles)) {
      this.cleaner.records++;
      return true;
    }
    this.cleaner.add(record);
    return true;
  }
}

/** Whether a mapping has a column a contact can be reached by: a phone, or a WhatsApp user id (DOMAIN.md §2 "Identity"). */
function reachable(roles: readonly string[]): boolean {
  return roles.includes('phone') || roles.includes('userId');
}

/** For text handed over whole: a decoder that is written once. */
function oneShot(decode: Decode, encoding: EncodingName): StreamDecoder {
  return { write: (bytes) => decode(bytes, encoding), end: () => '' };
}

export type Opened =
  | { ok: false; problem: FileProblem; cap?: number }
  /** Spreadsheets and vCards: read the whole file and call runPipeline. */
  | { ok: true; stream: undefined }
  | { ok: true; stream: DelimitedImport };

/**
 * Looks at the first bytes of a file (`head`: HEAD_BYTES, or all of a smaller file) of `size` bytes and says how to
 * read it: refused, whole, or streamed through the returned DelimitedImport (to be pushed every byte from the first).
 */
export function openImport(head: Uint8Array, size: number, options: PipelineOptions): Opened {
  const maxBytes = options.maxBytes ?? MAX_FILE_BYTES;
  if (size > maxBytes) return { ok: false, problem: 'too_large', cap: maxBytes };
  const sniffed = sniff(head);
  if (!sniffed.ok) return { ok: false, problem: sniffed.problem };
  if (sniffed.kind !== 'text') return { ok: true, stream: undefined };
  const sample = head.length < size ? headSample(head) : head;
  const choice = chooseEncoding(sample, options.decode, options.encoding, sniffed.utf16);
  const skip = bomLength(sample, choice.encoding);
  const text = options.decode(sample.subarray(skip, skip + 256 * 1024), choice.encoding);
  if (looksLikeVcard(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)) return { ok: true, stream: undefined };
  const delimiter = guessDelimiter(text);
  return { ok: true, stream: new DelimitedImport(choice, delimiter, guessNewline(text), sample, options) };
}

export function runPipeline(bytes: Uint8Array, options: PipelineOptions): PipelineResult {
  const opened = openImport(bytes, bytes.length, options);
  if (!opened.ok) return opened;
  if (opened.stream) {
    opened.stream.push(bytes);
    return opened.stream.finish();
  }
  const maxRows = options.maxRows ?? MAX_ROWS;
  const previewRows = options.previewRows ?? 20;
  const sniffed = sniff(bytes);
  if (!sniffed.ok) return { ok: false, problem: sniffed.problem };
  const fileNotes: FileNote[] = [];
  let kind: FileKind;
  let encoding: ImportReport['encoding'];
  let sheets: string[] = [];
  let sheet: string | undefined;
  let mapping: ColumnMapping | undefined;
  let headers: string[];
  let preview: string[][];
  let records: SourceRecord[];

  if (sniffed.kind === 'text') {
    kind = 'vcard';
    const decoded = decodeText(bytes, options.decode, options.encoding, sniffed.utf16);
    encoding = { ...decoded.choice, replacements: decoded.replacements, repairs: decoded.repairs };
    if (decoded.repairs > 0) fileNotes.push('mojibake_repaired');
    const cards = parseVcard(decoded.text, options.decode, maxRows);
    records = cards.records;
    if (cards.capped) fileNotes.push('row_cap');
    preview = records.slice(0, previewRows).map((r) => [r.name, r.phones.join(' ::: '), r.labels.join(', '), r.memo]);
    headers = ['FN', 'TEL', 'CATEGORIES', 'NOTE'];
  } else {
    kind = sniffed.kind;
    const read = readSpreadsheet(bytes, sniffed.kind, maxRows, options.sheet);
    if (!read.ok) return { ok: false, problem: read.problem };
    sheets = read.sheets;
    sheet = read.sheet;
    if (read.capped) fileNotes.push('row_cap');
    ({ mapping, headers, preview, records } = mapRows(read.rows, options.roles, previewRows));
  }
  // No phone column: nothing can be imported, but the preview goes back so the person can pick the column.
  if (records.length > maxRows) {
    records = records.slice(0, maxRows);
    if (!fileNotes.includes('row_cap')) fileNotes.push('row_cap');
  }
  const cleaner = new Cleaner(options.country, options.keepRows ?? Infinity);
  if (mapping && !reachable(mapping.roles)) {
    fileNotes.push('no_phone_column');
    cleaner.records = records.length;
  } else for (const record of records) cleaner.add(record);
  return cleaner.report({ ok: true, kind, encoding, delimiter: undefined, sheets, sheet, mapping, headers, preview, fileNotes, unterminatedQuoteRow: undefined }, undefined);
}

function mapRows(rows: string[][], roles: ColumnRole[] | undefined, previewRows: number) {
  const detected = detectMapping(rows);
  const mapping: ColumnMapping = roles ? { ...detected, roles, source: 'override' } : detected;
  const headers = mapping.headerRow === undefined ? [] : (rows[mapping.headerRow] ?? []);
  const start = mapping.headerRow === undefined ? 0 : mapping.headerRow + 1;
  const make = recordMaker(mapping, headers);
  const records: SourceRecord[] = [];
  for (let r = 0; r < rows.length; r++) {
    const record = make(rows[r]!, r); // r < rows.length
    if (record) records.push(record);
  }
  return { mapping, headers, preview: rows.slice(start, start + previewRows), records };
}
