/**
 * The line format of main's authoritative JSONL stores (`suppression.jsonl`, `inbox.jsonl`): the send journal's
 * envelope, `{"c":"<crc32 hex>","r":<record>}`, one record a line, so a line damaged on disk is told from a good one.
 *
 * - Opening reads every line: a good line is handed to the store's `parse` (a shape check from `unknown`); a line
 *   whose checksum fails, that is not JSON, that has the wrong shape, or a torn last line is **quarantined**: reported
 *   (line number, reason, text) and copied to `<file>.quarantine`, and the rest is read on.
 * - Lines without the envelope are **legacy** (files written before checksums): they are read as they are, through
 *   the same `parse`. There is no migration step: new lines get checksums, old lines stay readable.
 * - The store file itself is never rewritten, only appended to (unlike the journal, which rewrites itself without
 *   the bad lines): readers without the data folder's lock (`shopcast check`, `shopcast suppression list`) may read
 *   it while the app appends, and a rewrite racing an append could drop the appended line. So a damaged line stays
 *   where it is, and its copy in the quarantine file is written once (lines already there are not appended again).
 * - A store may `salvage` a damaged line (the suppression list does, so no opt-out is lost): what it returns is kept
 *   in file order, marked `salvaged`, and the line is still quarantined.
 * - Writes are append + fsync (`JournalFs.appendText`), one at a time in call order. After a write that failed (or a
 *   torn last line found on open) the next one starts on a new line, so a new record never continues a torn one.
 *   Failures are passed to the caller (the webhook answers 503 on them), never to the next write.
 */
import { crc32 } from './crc32';
import type { JournalFs } from './ports';

export type QuarantineReason = 'torn' | 'checksum' | 'not_json' | 'not_a_record';

export interface QuarantinedLine {
  /** 1-based, counting every line of the file. */
  lineNumber: number;
  reason: QuarantineReason;
  text: string;
  /** The store kept what it could read of it (see `StoreFormat.salvage`). */
  salvaged: boolean;
}

export interface StoreRecord<T> {
  lineNumber: number;
  value: T;
  /** `checked`: the checksum matched; `legacy`: a line from before checksums; `salvaged`: read from a damaged line. */
  origin: 'checked' | 'legacy' | 'salvaged';
}

export interface StoreFormat<T> {
  /** The record from a line's JSON value, or `undefined` when it has the wrong shape. */
  parse(value: unknown): T | undefined;
  /** What may still be taken from a damaged line's text; `undefined` to keep nothing. */
  salvage?(text: string, reason: QuarantineReason): T | undefined;
}

export interface OpenOptions {
  /** Report damage without writing the quarantine file (for readers without the data folder's lock). */
  readOnly?: boolean;
  /** Stamps the quarantine lines (`quarantinedAt`); without it they carry no time. */
  now?: () => number;
}

export interface OpenedStore<T> {
  /** Every record read (good, legacy and salvaged), in file order. */
  records: StoreRecord<T>[];
  quarantined: QuarantinedLine[];
  /** The file does not end with a newline: the next append starts a new line. */
  torn: boolean;
  /** Why the quarantine file could not be written (the store file still holds the lines, so nothing is lost). */
  quarantineError?: unknown;
}

const hex = (text: string): string => crc32(text).toString(16).padStart(8, '0');

/** One line (with its newline) for the record: the journal's envelope and checksum. */
export function encodeStoreLine(record: unknown): string {
  const json = JSON.stringify(record);
  return `{"c":"${hex(json)}","r":${json}}\n`;
}

const ENVELOPE = /^\{"c":"([0-9a-f]{8})","r":(.*)\}$/s;

/** A line's record, or why it cannot be trusted. */
export function decodeStoreLine<T>(line: string, parse: StoreFormat<T>['parse']): { value: T; legacy: boolean } | QuarantineReason {
  const m = ENVELOPE.exec(line);
  let value: unknown;
  if (m) {
    const json = m[2]!; // group 2 always matches
    if (hex(json) !== m[1]) return 'checksum';
    try {
      value = JSON.parse(json);
    } catch {
      return 'not_json';
    }
    const record = parse(value);
    return record === undefined ? 'not_a_record' : { value: record, legacy: false };
  }
  try {
    value = JSON.parse(line);
  } catch {
    return 'not_json';
  }
  // An envelope whose checksum field itself was damaged still has both keys: it is not a legacy record.
  if (typeof value === 'object' && value !== null && 'c' in value && 'r' in value) return 'checksum';
  const record = parse(value);
  return record === undefined ? 'not_a_record' : { value: record, legacy: true };
}

/** Reads the store (a missing file is an empty store) and quarantines what cannot be trusted. */
export async function openStore<T>(fs: JournalFs, file: string, format: StoreFormat<T>, opts: OpenOptions = {}): Promise<OpenedStore<T>> {
  const text = (await fs.readText(file)) ?? '';
  const lines = text.split('\n');
  const tail = lines.pop() ?? ''; // after the last '\n': empty, or a line cut short
  const records: StoreRecord<T>[] = [];
  const quarantined: QuarantinedLine[] = [];
  const read = (line: string, lineNumber: number, last: boolean): void => {
    const decoded = decodeStoreLine(line, format.parse);
    if (typeof decoded !== 'string') {
      // A last line without its newline that decodes whole is whole (the crash came between the text and the '\n').
      records.push({ lineNumber, value: decoded.value, origin: decoded.legacy ? 'legacy' : 'checked' });
      return;
    }
    const reason: QuarantineReason = last ? 'torn' : decoded;
    const kept = format.salvage?.(line, reason);
    if (kept !== undefined) records.push({ lineNumber, value: kept, origin: 'salvaged' });
    quarantined.push({ lineNumber, reason, text: line, salvaged: kept !== undefined });
  };
  for (const [i, line] of lines.entries()) if (line.trim() !== '') read(line, i + 1, false);
  if (tail.trim() !== '') read(tail, lines.length + 1, true);

  const opened: OpenedStore<T> = { records, quarantined, torn: tail !== '' };
  if (quarantined.length > 0 && opts.readOnly !== true) {
    try {
      await writeQuarantine(fs, `${file}.quarantine`, quarantined, opts.now);
    } catch (error) {
      opened.quarantineError = error;
    }
  }
  return opened;
}

/** Appends the damaged lines not yet in the quarantine file (the same line number and text count as there). */
async function writeQuarantine(fs: JournalFs, path: string, lines: readonly QuarantinedLine[], now: (() => number) | undefined): Promise<void> {
  const known = new Set<string>();
  for (const l of ((await fs.readText(path)) ?? '').split('\n')) {
    try {
      const q: unknown = JSON.parse(l);
      if (typeof q === 'object' && q !== null) {
        const { line, text } = q as { line?: unknown; text?: unknown }; // checked just below
        if (typeof line === 'number' && typeof text === 'string') known.add(`${line}\n${text}`);
      }
    } catch {
      // a damaged quarantine line: at worst a line is copied there twice
    }
  }
  const stamp = now !== undefined ? { quarantinedAt: new Date(now()).toISOString() } : {};
  const fresh = lines.filter((q) => !known.has(`${q.lineNumber}\n${q.text}`));
  if (fresh.length === 0) return;
  await fs.appendText(
    path,
    fresh.map((q) => `${JSON.stringify({ ...stamp, line: q.lineNumber, reason: q.reason, ...(q.salvaged ? { salvaged: true } : {}), text: q.text })}\n`).join(''),
  );
}

/** Appends records durably, one at a time in call order. */
export class StoreWriter {
  /** The last append in line; a failed one is not passed on, so one full-disk moment does not stop later writes. */
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly fs: JournalFs,
    readonly file: string,
    /** The file may end in a torn line (a crash, or a full disk that took half a write). */
    private torn: boolean,
  ) {}

  /** Resolves when the record is on disk (fsynced); rejects with the write's error. */
  append(record: unknown): Promise<void> {
    const line = encodeStoreLine(record);
    const write = this.tail.then(async () => {
      try {
        await this.fs.appendText(this.file, this.torn ? `\n${line}` : line);
        this.torn = false;
      } catch (error) {
        this.torn = true; // part of it may be on disk
        throw error;
      }
    });
    this.tail = write.catch(() => undefined);
    return write;
  }
}
