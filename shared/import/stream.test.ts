import { describe, expect, it } from 'vitest';
import { fixture, iconvDecode, iconvStreamDecoder } from '../../test/fixtures/import/read';
import { HEAD_BYTES, openImport, runPipeline, type ImportReport, type PipelineOptions, type PipelineResult } from './pipeline';

/** The file fed to the streaming pipeline in pieces of `piece` bytes, as the worker reads a File. */
function streamed(bytes: Uint8Array, piece: number, options: Partial<PipelineOptions> = {}): PipelineResult {
  const opts: PipelineOptions = { country: 'KR', decode: iconvDecode, streamDecoder: iconvStreamDecoder, ...options };
  const opened = openImport(bytes.subarray(0, HEAD_BYTES), bytes.length, opts);
  if (!opened.ok || !opened.stream) throw new Error('not streamed');
  for (let at = 0; at < bytes.length && !opened.stream.done; at += piece) opened.stream.push(bytes.subarray(at, at + piece));
  return opened.stream.finish();
}
const whole = (bytes: Uint8Array, options: Partial<PipelineOptions> = {}) => runPipeline(bytes, { country: 'KR', decode: iconvDecode, ...options });

describe('a delimited file streamed in pieces reads exactly as the whole file', () => {
  const files = ['cp949.csv', 'utf8.csv', 'utf8-bom.csv', 'utf16le.txt', 'utf16be.csv', 'utf16le-nobom.txt', 'big5.csv', 'mojibake.csv', 'unterminated.csv', 'longcell.csv', 'google-current.csv', 'outlook.csv', 'excel-damaged.csv'];
  it.each(files.flatMap((f) => [1, 3, 64].map((piece) => [f, piece] as const)))('%s in pieces of %i bytes', (name, piece) => {
    const country = name === 'big5.csv' ? 'TW' : 'KR';
    expect(streamed(fixture(name), piece, { country })).toEqual(whole(fixture(name), { country }));
  });

  it('a quoted cell with a line break, cut anywhere, is still one cell', () => {
    const bytes = new TextEncoder().encode('name,phone,note\r\nAnna,010-1111-2222,"first line\r\nsecond ""quoted"" line"\r\nBen,010-2222-3333,\r\n');
    for (const piece of [1, 2, 5, 17]) {
      const r = streamed(bytes, piece) as ImportReport;
      expect([r.rows, r.contacts.map((c) => c.name)]).toEqual([2, ['Anna', 'Ben']]);
    }
  });
});

describe('a big file', () => {
  // 30,000 rows: past the 200 rows the mapping is decided on, with duplicates and bad rows throughout.
  const lines = ['이름,전화번호,태그'];
  for (let i = 0; i < 30_000; i++) lines.push(i % 10 === 9 ? `중복${i},010-7${String(i - 9).padStart(3, '0').slice(-3)}-${String(i - 9).padStart(4, '0').slice(-4)},VIP` : i % 50 === 7 ? `나쁜${i},123,` : `손님${i},010-7${String(i).padStart(3, '0').slice(-3)}-${String(i).padStart(4, '0').slice(-4)},`);
  const bytes = new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);

  it('streams to the same report as the whole file, in pieces of 64 KB', () => {
    expect(streamed(bytes, 64 * 1024)).toEqual(whole(bytes));
  });

  it('lists only the first rejected and duplicate rows it is told to keep, and counts them all', () => {
    const r = streamed(bytes, 100_000, { keepRows: 5 }) as ImportReport;
    const all = whole(bytes) as ImportReport;
    expect([r.rejected.length, r.duplicates.length]).toEqual([5, 5]);
    expect([r.rejectedCount, r.duplicateCount]).toEqual([all.rejected.length, all.duplicates.length]);
    expect(r.rejected).toEqual(all.rejected.slice(0, 5));
    expect(r.contacts).toEqual(all.contacts);
  });

  it('stops at a quote that never closes instead of carrying the rest of the file', () => {
    const rest = 'Cara,010-3333-4444\n'.repeat(300_000); // 5.7 MB after the open quote
    const text = new TextEncoder().encode(`name,phone\nAnna,010-1111-2222\n"Ben,010-2222-3333\n${rest}`);
    const opened = openImport(text.subarray(0, HEAD_BYTES), text.length, { country: 'KR', decode: iconvDecode, streamDecoder: iconvStreamDecoder });
    if (!opened.ok || !opened.stream) throw new Error('not streamed');
    let pushed = 0;
    for (let at = 0; at < text.length && !opened.stream.done; at += 1024 * 1024) {
      opened.stream.push(text.subarray(at, at + 1024 * 1024));
      pushed++;
    }
    const r = opened.stream.finish();
    expect([pushed < 6, r.rows, r.unterminatedQuoteRow, r.fileNotes]).toEqual([true, 1, 3, ['unterminated_quote']]);
  });

  it('stops reading at the row cap and says so', () => {
    const r = streamed(bytes, 4096, { maxRows: 1000 }) as ImportReport;
    expect([r.rows, r.fileNotes]).toEqual([1000, ['row_cap']]);
  });
});

describe('what openImport decides from the first bytes', () => {
  it('calls a UTF-8 file longer than the first bytes UTF-8 even when they end inside a character', () => {
    // 이 is 3 bytes in UTF-8: the header line shifts the rows so the HEAD_BYTES boundary falls inside one.
    const line = '이서준,010-1111-2222\n';
    for (const shift of [0, 1, 2]) {
      const text = `name,phone${'x'.repeat(shift)}\n${line.repeat(Math.ceil(HEAD_BYTES / line.length) + 10)}`;
      const bytes = new TextEncoder().encode(text);
      const opened = openImport(bytes.subarray(0, HEAD_BYTES), bytes.length, { country: 'KR', decode: iconvDecode });
      expect(opened.ok && opened.stream?.choice.encoding).toBe('utf-8');
    }
  });

  it('reads spreadsheets and vCards whole', () => {
    for (const name of ['contacts.xlsx', 'iphone.vcf']) {
      const bytes = fixture(name);
      expect(openImport(bytes, bytes.length, { country: 'KR', decode: iconvDecode })).toEqual({ ok: true, stream: undefined });
    }
  });

  it('refuses a file over the cap from its size alone', () => {
    expect(openImport(fixture('utf8.csv'), 65 * 1024 * 1024, { country: 'KR', decode: iconvDecode })).toEqual({ ok: false, problem: 'too_large', cap: 64 * 1024 * 1024 });
  });
});
