import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeJournalFs } from '../adapters/journalFs';
import { crc32 } from './crc32';
import { decodeStoreLine, encodeStoreLine, openStore, StoreWriter, type StoreFormat } from './jsonlStore';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shopcast-jsonl-'));
  file = join(dir, 'store.jsonl');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface Note {
  n: number;
}
const parse = (v: unknown): Note | undefined => (typeof v === 'object' && v !== null && typeof (v as { n?: unknown }).n === 'number' ? { n: (v as Note).n } : undefined);
const format: StoreFormat<Note> = { parse };
const line = (n: number) => encodeStoreLine({ n }).slice(0, -1); // without its newline
const quarantine = () => readFileSync(`${file}.quarantine`, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('jsonl store line format', () => {
  it('is the journal’s envelope: the CRC-32 of the record’s exact JSON, then the record', () => {
    const json = JSON.stringify({ n: 1 });
    expect(encodeStoreLine({ n: 1 })).toBe(`{"c":"${crc32(json).toString(16).padStart(8, '0')}","r":${json}}\n`);
    expect(decodeStoreLine(line(1), parse)).toEqual({ value: { n: 1 }, legacy: false });
  });

  it.each([
    ['a checksum that does not match', line(1).replace('"n":1', '"n":7'), 'checksum'],
    ['a damaged checksum field', line(1).replace(/"c":"[0-9a-f]{8}"/, '"c":"zz"'), 'checksum'],
    ['half a line', line(1).slice(0, 12), 'not_json'],
    ['not JSON at all', 'garbage \u0000\u0000', 'not_json'],
    ['a legacy line of the wrong shape', '{"m":1}', 'not_a_record'],
    ['a checked line of the wrong shape', encodeStoreLine({ m: 1 }).slice(0, -1), 'not_a_record'],
    ['a legacy JSON value that is no object', '42', 'not_a_record'],
  ])('refuses %s', (_what, text, reason) => {
    expect(decodeStoreLine(text, parse)).toBe(reason);
  });

  it('reads a legacy line (no checksum) through the same shape check', () => {
    expect(decodeStoreLine('{"n":3}', parse)).toEqual({ value: { n: 3 }, legacy: true });
  });
});

describe('opening a jsonl store', () => {
  it('reads past damaged lines, keeps them in <file>.quarantine with line number and reason, and reports them', async () => {
    writeFileSync(file, [line(1), '{"n":2}', line(3).replace('"n":3', '"n":9'), '', 'nope', line(5), line(6).slice(0, 15)].join('\n'));
    const opened = await openStore(nodeJournalFs, file, format, { now: () => Date.UTC(2026, 11, 1, 2) });
    expect(opened.records).toEqual([
      { lineNumber: 1, value: { n: 1 }, origin: 'checked' },
      { lineNumber: 2, value: { n: 2 }, origin: 'legacy' },
      { lineNumber: 6, value: { n: 5 }, origin: 'checked' },
    ]);
    expect(opened.quarantined.map((q) => [q.lineNumber, q.reason])).toEqual([
      [3, 'checksum'],
      [5, 'not_json'],
      [7, 'torn'],
    ]);
    expect(opened.torn).toBe(true);
    expect(quarantine()).toEqual([
      { quarantinedAt: '2026-12-01T02:00:00.000Z', line: 3, reason: 'checksum', text: line(3).replace('"n":3', '"n":9') },
      { quarantinedAt: '2026-12-01T02:00:00.000Z', line: 5, reason: 'not_json', text: 'nope' },
      { quarantinedAt: '2026-12-01T02:00:00.000Z', line: 7, reason: 'torn', text: line(6).slice(0, 15) },
    ]);
    // The store file itself is left as it was: only appended to, ever.
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(7);
  });

  it('copies a damaged line to the quarantine once, however often the store is opened', async () => {
    writeFileSync(file, `${line(1)}\nnope\n`);
    await openStore(nodeJournalFs, file, format);
    await openStore(nodeJournalFs, file, format);
    expect(quarantine()).toEqual([{ line: 2, reason: 'not_json', text: 'nope' }]);
  });

  it('writes no quarantine file when opened read-only, and still reports', async () => {
    writeFileSync(file, `${line(1)}\nnope\n`);
    const opened = await openStore(nodeJournalFs, file, format, { readOnly: true });
    expect(opened.quarantined.map((q) => q.lineNumber)).toEqual([2]);
    expect(existsSync(`${file}.quarantine`)).toBe(false);
  });

  it('takes a whole last line without its newline (the crash came between the text and the newline)', async () => {
    writeFileSync(file, `${line(1)}\n${line(2)}`);
    const opened = await openStore(nodeJournalFs, file, format);
    expect(opened.records.map((r) => r.value.n)).toEqual([1, 2]);
    expect(opened.quarantined).toEqual([]);
    expect(opened.torn).toBe(true);
  });

  it('keeps what the store salvages from a damaged line, in file order, and marks it in the quarantine', async () => {
    writeFileSync(file, `${line(1)}\n${line(2).replace('"n":2', '"n":8')}\n${line(3)}\n`);
    const salvaging: StoreFormat<Note> = { parse, salvage: (text) => ({ n: Number(/"n":(\d+)/.exec(text)?.[1]) }) };
    const opened = await openStore(nodeJournalFs, file, salvaging);
    expect(opened.records.map((r) => [r.value.n, r.origin])).toEqual([
      [1, 'checked'],
      [8, 'salvaged'],
      [3, 'checked'],
    ]);
    expect(opened.quarantined[0]).toMatchObject({ lineNumber: 2, reason: 'checksum', salvaged: true });
    expect(quarantine()[0]).toMatchObject({ line: 2, salvaged: true });
  });

  it('reads a missing file as an empty store', async () => {
    expect(await openStore(nodeJournalFs, file, format)).toEqual({ records: [], quarantined: [], torn: false });
  });

  it('a quarantine that cannot be written does not stop the store from opening (the lines are still in the file)', async () => {
    writeFileSync(file, `${line(1)}\nnope\n`);
    const full = Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
    const opened = await openStore({ ...nodeJournalFs, appendText: () => Promise.reject(full) }, file, format);
    expect(opened.records).toHaveLength(1);
    expect(opened.quarantineError).toBe(full);
  });
});

describe('writing a jsonl store', () => {
  it('appends checked lines, and after a torn end or a failed write starts on a new line', async () => {
    writeFileSync(file, `${line(1)}\n${line(2).slice(0, 10)}`);
    const { torn } = await openStore(nodeJournalFs, file, format);
    let fail = false;
    const writer = new StoreWriter(
      { ...nodeJournalFs, appendText: async (p, t) => (fail ? (await nodeJournalFs.appendText(p, t.slice(0, 6)), Promise.reject(new Error('ENOSPC'))) : nodeJournalFs.appendText(p, t)) },
      file,
      torn,
    );
    await writer.append({ n: 3 });
    fail = true;
    await expect(writer.append({ n: 4 })).rejects.toThrow('ENOSPC');
    fail = false;
    await writer.append({ n: 5 });
    const opened = await openStore(nodeJournalFs, file, format, { readOnly: true });
    expect(opened.records.map((r) => r.value.n)).toEqual([1, 3, 5]);
    expect(opened.quarantined.map((q) => [q.lineNumber, q.reason])).toEqual([
      [2, 'not_json'],
      [4, 'not_json'],
    ]);
  });
});
