/**
 * The import off the window's thread: reading a 100k-row file or a workbook takes seconds, writing it to IndexedDB
 * longer, and the window must stay responsive (the person able to cancel). Same stages as `shopcast clean`; only the
 * decoder differs: the browser's TextDecoder (Chromium's euc-kr is CP949, including syllables like 똠), which
 * decodes incrementally with {stream: true}.
 *
 * Delimited text is read from the File in 1 MB pieces and never held whole (a 1,000,000-row CSV holds only its
 * merged contacts); spreadsheets and vCards are read whole (SheetJS needs the whole zip; both are capped at 64 MB).
 * The contacts stay here after the report and are written from here when the person says import.
 */
import { HEAD_BYTES, openImport, runPipeline, type ImportReport, type MakeStreamDecoder, type PipelineOptions, type PipelineResult } from '../../../shared/import/pipeline';
import type { CleanContact, Decode, EncodingName } from '../../../shared/import/types';
import { ShopcastDB } from '../db/db';
import { commitImport } from '../db/importBatches';
import { KEEP_ROWS, type AnalyzeRequest, type CommitRequest, type WorkerAnswer, type WorkerRequest } from './importProtocol';

const LABELS: Record<EncodingName, string> = {
  'utf-8': 'utf-8',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  cp949: 'euc-kr',
  big5: 'big5',
  gb18030: 'gb18030',
  shift_jis: 'shift_jis',
  'windows-1252': 'windows-1252',
};

// ignoreBOM: the pipeline drops the BOM itself, so every decoder behaves the same.
const decode: Decode = (bytes, encoding) => new TextDecoder(LABELS[encoding], { ignoreBOM: true }).decode(bytes);
const streamDecoder: MakeStreamDecoder = (encoding) => {
  const decoder = new TextDecoder(LABELS[encoding], { ignoreBOM: true });
  return { write: (bytes) => decoder.decode(bytes, { stream: true }), end: () => decoder.decode() };
};

const PIECE = 1024 * 1024;

const post = (answer: WorkerAnswer) => self.postMessage(answer);

let contacts: CleanContact[] = [];
let abort: AbortController | undefined;
let db: ShopcastDB | undefined;

async function read(request: AnalyzeRequest): Promise<PipelineResult> {
  const { file } = request;
  const options: PipelineOptions = { country: request.country, decode, streamDecoder, encoding: request.encoding, roles: request.roles, sheet: request.sheet, keepRows: KEEP_ROWS };
  const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  const opened = openImport(head, file.size, options);
  if (!opened.ok) return opened;
  if (!opened.stream) return runPipeline(new Uint8Array(await file.arrayBuffer()), options);
  const stream = opened.stream;
  stream.push(head);
  let lastReport = 0;
  for (let at = head.length; at < file.size && !stream.done; at += PIECE) {
    stream.push(new Uint8Array(await file.slice(at, at + PIECE).arrayBuffer()));
    if (at - lastReport >= 4 * PIECE) {
      lastReport = at;
      post({ type: 'reading', done: at, total: file.size });
    }
  }
  return stream.finish();
}

async function analyze(request: AnalyzeRequest): Promise<void> {
  contacts = [];
  const result = await read(request);
  if (!result.ok) return post({ type: 'refused', problem: result.problem, cap: result.cap });
  const { contacts: all, duplicates: _listedInTheCliOnly, ...rest } = result satisfies ImportReport;
  contacts = all;
  // "Already in your contacts" before anything is written: one read of the phone and user id indexes (by user id
  // first, then the number, as commitImport matches).
  const known = new Set(await database().contacts.orderBy('phone').keys());
  const knownIds = new Set(await database().contacts.orderBy('userId').keys());
  let existing = 0;
  for (const c of all) if ((c.userId !== undefined && knownIds.has(c.userId)) || (c.phone !== undefined && known.has(c.phone))) existing++;
  post({ type: 'report', report: { ...rest, contactCount: all.length, existing } });
}

async function commit(request: CommitRequest): Promise<void> {
  abort = new AbortController();
  const result = await commitImport(database(), contacts, {
    fileName: request.fileName,
    updateNames: request.updateNames,
    updateOptIn: request.updateOptIn,
    defaultLabel: request.defaultLabel,
    signal: abort.signal,
    onProgress: (done, total) => post({ type: 'progress', done, total }),
  });
  contacts = [];
  post({ type: 'committed', result });
}

/** The app's database, opened from this worker (IndexedDB is shared with the window; Dexie tells the window's live queries). */
function database(): ShopcastDB {
  db ??= new ShopcastDB();
  return db;
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if (request.type === 'cancel') {
    abort?.abort();
    return;
  }
  const job = request.type === 'analyze' ? analyze(request) : commit(request);
  job.catch((error: unknown) => post({ type: 'crashed', message: error instanceof Error ? error.message : String(error) }));
};
