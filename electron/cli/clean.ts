/**
 * `shopcast clean <file>`: the import pipeline without a window. Reads a contact list in any format the app imports,
 * prints what it found (or JSON) and writes a clean UTF-8 CSV: one row per contact, E.164 phones, merged duplicates.
 * Nothing is written to the shop's contacts.
 */
import { open, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { isSupportedCountry } from 'libphonenumber-js/max';
import type { CountryCode } from '../../shared/domain/phone';
import { cleanCsv, rejectedCsv } from '../../shared/import/csvOut';
import { COLUMN_ROLES, type ColumnRole } from '../../shared/import/mapping';
import { ENCODING_TEXT, FILE_NOTE_TEXT, FILE_PROBLEM_TEXT, ROW_NOTE_TEXT, ROW_PROBLEM_TEXT, formatBytes } from '../../shared/import/messages';
import { HEAD_BYTES, MAX_FILE_BYTES, openImport, runPipeline, type ImportReport, type PipelineOptions, type PipelineResult } from '../../shared/import/pipeline';
import { ENCODINGS, type EncodingName, type RowNote } from '../../shared/import/types';
import { iconvDecode, iconvStreamDecoder } from './decode';
import { parseFlags } from './flags';
import type { CliCommand, CliIo } from './types';

const HELP = `shopcast clean <file> [options]

Reads a contact list (CSV/TSV/TXT in any delimiter and encoding, XLSX/XLS/ODS, vCard), repairs what Excel broke,
merges duplicates and writes a clean UTF-8 CSV (with BOM, so Excel opens it correctly). Prints a report: the
encoding and column mapping used, how many contacts, duplicates and rejected rows, and why each row was rejected.

Options:
  --country CC       default country for numbers without a country code (ISO 3166, default KR)
  --out FILE         where to write the clean CSV (default: <file>.clean.csv in the current folder)
  --rejected FILE    also write the rejected rows as CSV (row, value, reason)
  --encoding NAME    read text in this encoding instead of detecting it:
                     ${ENCODINGS.join(', ')}
  --sheet NAME       the sheet of a workbook to read (default: the first)
  --columns ROLES    the column mapping, comma-separated, one per column: ${COLUMN_ROLES.join(', ')}
  --json             print the report as JSON instead of text

The clean CSV has the columns name, phone (E.164, e.g. +821012345678), labels ("; "-separated), opt_in, landline,
source_row. Cells that a spreadsheet could run as a formula get a leading ' (OWASP); E.164 phone numbers are left
as they are so they stay usable: import the CSV into Excel with the phone column as Text to keep the "+".

Files over ${formatBytes(MAX_FILE_BYTES)} are refused.
Exit codes: 0 done (even with rejected rows), 1 the file could not be read, 2 wrong usage.
`;

interface Args {
  file: string;
  country: CountryCode;
  out: string | undefined;
  rejected: string | undefined;
  encoding: EncodingName | undefined;
  sheet: string | undefined;
  roles: ColumnRole[] | undefined;
  json: boolean;
}

function parseArgs(args: readonly string[]): Args | string {
  const read = parseFlags(args, { values: ['country', 'out', 'rejected', 'sheet', 'encoding', 'columns'], booleans: ['json'], positionals: true });
  if (typeof read === 'string') return read;
  const { flags, positionals: files } = read;
  const text = (name: string): string | undefined => {
    const v = flags.get(name);
    return typeof v === 'string' ? v : undefined;
  };
  const parsed: Args = { file: '', country: 'KR', out: text('out'), rejected: text('rejected'), encoding: undefined, sheet: text('sheet'), roles: undefined, json: flags.has('json') };
  if (flags.has('country')) {
    const cc = text('country')?.toUpperCase();
    if (!cc || !isSupportedCountry(cc)) return `--country needs a country code such as KR, TW, JP, US (got ${cc ?? 'nothing'})`;
    parsed.country = cc;
  }
  if (flags.has('encoding')) {
    const v = text('encoding')?.toLowerCase();
    const known = ENCODINGS.find((e) => e === v);
    if (!known) return `--encoding must be one of ${ENCODINGS.join(', ')}`;
    parsed.encoding = known;
  }
  if (flags.has('columns')) {
    const roles = (text('columns') ?? '').split(',').map((r) => r.trim());
    const known = roles.map((r) => COLUMN_ROLES.find((k) => k === r));
    if (known.some((r) => r === undefined) || !known.includes('phone')) return `--columns needs one of ${COLUMN_ROLES.join('/')} per column, with at least one phone`;
    parsed.roles = known.filter((r): r is ColumnRole => r !== undefined);
  }
  if (files.length !== 1) return files.length === 0 ? 'name the file to clean' : 'clean one file at a time';
  parsed.file = files[0]!; // length checked above
  return parsed;
}

const KIND_TEXT: Record<ImportReport['kind'], string> = {
  delimited: 'delimited text',
  vcard: 'vCard',
  xlsx: 'Excel workbook (XLSX)',
  xls: 'Excel 97–2003 workbook (XLS)',
  ods: 'OpenDocument spreadsheet (ODS)',
};
const DELIMITER_TEXT: Record<string, string> = { ',': 'comma', '\t': 'tab', ';': 'semicolon', '|': 'pipe' };
const SHOWN_REJECTS = 10;

function humanReport(file: string, r: ImportReport, out: string, rejectedOut: string | undefined): string {
  const lines: string[] = [];
  const kind = KIND_TEXT[r.kind] + (r.delimiter ? `, ${DELIMITER_TEXT[r.delimiter] ?? r.delimiter}-separated` : '') + (r.sheet ? `, sheet "${r.sheet}" of ${r.sheets.length}` : '');
  lines.push(`File:      ${file} (${kind})`);
  if (r.encoding) {
    const e = r.encoding;
    const how = e.source === 'bom' ? 'byte-order mark' : e.source === 'utf8_valid' ? 'valid UTF-8' : e.source === 'override' ? 'chosen with --encoding' : `detected, confidence ${Math.round(e.confidence * 100)}%`;
    const runnerUp = e.source === 'detected' && e.candidates[1] ? `; next best ${ENCODING_TEXT[e.candidates[1].encoding]} (--encoding ${e.candidates[1].encoding})` : '';
    lines.push(`Encoding:  ${ENCODING_TEXT[e.encoding]} (${how}${runnerUp})`);
    if (e.replacements > 0) lines.push(`           warning: ${e.replacements} characters could not be decoded and show as �; try another --encoding`);
  }
  if (r.mapping) {
    const cols = r.mapping.roles.flatMap((role, c) => (role === 'ignore' ? [] : [`${r.headers[c] ? `"${r.headers[c]}"` : `column ${c + 1}`} → ${role}`]));
    const from = r.mapping.source === 'header' ? 'from the header row' : r.mapping.source === 'content' ? 'no header row: guessed from the cells' : 'as given with --columns';
    const format = r.mapping.format === 'google' ? ', Google Contacts export' : r.mapping.format === 'outlook' ? ', Outlook export' : '';
    lines.push(`Columns:   ${cols.join(', ')} (${from}${format})`);
  }
  for (const note of r.fileNotes) lines.push(`Note:      ${FILE_NOTE_TEXT[note]}${note === 'unterminated_quote' ? ` (row ${r.unterminatedQuoteRow})` : ''}`);
  const landlines = r.landlines;
  lines.push('');
  lines.push(`Rows read:          ${r.rows}`);
  lines.push(`Contacts:           ${r.contacts.length}${landlines ? ` (${landlines} landline${landlines === 1 ? '' : 's'}: probably not on WhatsApp)` : ''}`);
  lines.push(`Duplicates merged:  ${r.duplicateCount}`);
  lines.push(`Rejected:           ${r.rejectedCount}`);
  if (r.rejected.length > 0) {
    lines.push('');
    lines.push(r.rejected.length > SHOWN_REJECTS ? `First ${SHOWN_REJECTS} rejected rows:` : 'Rejected rows:');
    for (const x of r.rejected.slice(0, SHOWN_REJECTS)) lines.push(`  row ${String(x.row).padEnd(7)} ${x.raw ? `${x.raw.slice(0, 40)}: ` : ''}${ROW_PROBLEM_TEXT[x.reason]}`);
  }
  const noted = r.contacts.filter((c) => c.notes.some((n) => n !== 'landline')).length;
  if (noted > 0) {
    const counts = new Map<RowNote, number>();
    for (const c of r.contacts) for (const n of c.notes) if (n !== 'landline') counts.set(n, (counts.get(n) ?? 0) + 1);
    lines.push('');
    lines.push('Fixed on the way:');
    for (const [n, k] of counts) lines.push(`  ${String(k).padStart(7)}  ${ROW_NOTE_TEXT[n]}`);
  }
  lines.push('');
  lines.push(`Wrote ${r.contacts.length} contacts to ${out}`);
  if (rejectedOut) lines.push(`Wrote ${r.rejected.length} rejected rows to ${rejectedOut}`);
  return `${lines.join('\n')}\n`;
}

function jsonReport(file: string, r: ImportReport, out: string, rejectedOut: string | undefined): string {
  return `${JSON.stringify(
    {
      file,
      kind: r.kind,
      encoding: r.encoding ?? null,
      delimiter: r.delimiter ?? null,
      sheet: r.sheet ?? null,
      sheets: r.sheets,
      mapping: r.mapping ? { ...r.mapping, headers: r.headers } : null,
      counts: { rows: r.rows, contacts: r.contacts.length, landlines: r.landlines, duplicates: r.duplicateCount, rejected: r.rejectedCount },
      notes: r.fileNotes,
      unterminatedQuoteRow: r.unterminatedQuoteRow ?? null,
      rejected: r.rejected.map((x) => ({ ...x, message: ROW_PROBLEM_TEXT[x.reason] })),
      duplicates: r.duplicates,
      out,
      rejectedOut: rejectedOut ?? null,
    },
    null,
    2,
  )}\n`;
}

/**
 * Delimited text streams from disk in 1 MB pieces (a million-row CSV took 1.65 GB whole, the text and every row
 * held at once); spreadsheets and vCards are read whole, as the pipeline needs them.
 */
async function readStreamed(path: string, size: number, options: PipelineOptions): Promise<PipelineResult> {
  const file = await open(path, 'r');
  try {
    const head = new Uint8Array(Math.min(size, HEAD_BYTES));
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    const opened = openImport(head.subarray(0, bytesRead), size, options);
    if (!opened.ok) return opened;
    if (!opened.stream) return runPipeline(new Uint8Array(await readFile(path)), options);
    opened.stream.push(head.subarray(0, bytesRead));
    for (let at = bytesRead; !opened.stream.done; ) {
      // A fresh buffer per piece: a decoder may keep a reference to the bytes of a character cut at the end.
      const piece = new Uint8Array(1024 * 1024);
      const { bytesRead: n } = await file.read(piece, 0, piece.length, at);
      if (n === 0) break;
      opened.stream.push(piece.subarray(0, n));
      at += n;
    }
    return opened.stream.finish();
  } finally {
    await file.close();
  }
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    io.stderr(`shopcast clean: ${args}\n\n${HELP}`);
    return 2;
  }
  const path = resolve(io.cwd, args.file);
  const fail = (why: string) => {
    io.stderr(`shopcast clean: ${args.file}: ${why}\n`);
    return 1;
  };
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) return fail('not a file');
    size = info.size;
  } catch (error) {
    return fail(error instanceof Error && 'code' in error && error.code === 'ENOENT' ? 'no such file' : `cannot read it (${error instanceof Error ? error.message : String(error)})`);
  }
  // Checked before reading so a huge file never fills memory.
  if (size > MAX_FILE_BYTES) return fail(`the file is ${formatBytes(size)}; the cap is ${formatBytes(MAX_FILE_BYTES)}. Split it into smaller files.`);
  const result = await readStreamed(path, size, { country: args.country, decode: iconvDecode, streamDecoder: iconvStreamDecoder, encoding: args.encoding, sheet: args.sheet, roles: args.roles });
  if (!result.ok) {
    const cap = result.problem === 'too_large' && result.cap !== undefined ? ` (cap ${formatBytes(result.cap)})` : '';
    return fail(`${FILE_PROBLEM_TEXT[result.problem]}${cap}`);
  }
  if (result.fileNotes.includes('no_phone_column')) return fail(FILE_PROBLEM_TEXT.no_phone_column);
  const out = resolve(io.cwd, args.out ?? join(io.cwd, `${basename(args.file, extname(args.file))}.clean.csv`));
  if (out === path) return fail('--out would overwrite the file being cleaned; pick another name');
  // Customer lists: readable by this user only, like everything else Shopcast writes.
  await writeFile(out, cleanCsv(result.contacts), { encoding: 'utf8', mode: 0o600 });
  const rejectedOut = args.rejected ? resolve(io.cwd, args.rejected) : undefined;
  if (rejectedOut) await writeFile(rejectedOut, rejectedCsv(result.rejected, (x) => ROW_PROBLEM_TEXT[x.reason]), { encoding: 'utf8', mode: 0o600 });
  io.stdout(args.json ? jsonReport(args.file, result, out, rejectedOut) : humanReport(args.file, result, out, rejectedOut));
  return 0;
}

export const clean: CliCommand = {
  summary: 'clean a contact list (CSV, Excel, vCard): fix encodings and Excel damage, merge duplicates, write a clean CSV',
  help: HELP,
  run,
};
