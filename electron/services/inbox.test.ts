import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeJournalFs } from '../adapters/journalFs';
import { Inbox } from './inbox';
import { encodeStoreLine } from './jsonlStore';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shopcast-inbox-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const msg = (id: string, from = '+821012345678', at = 1_000) => ({ id, from, type: 'text', text: 'hi', at, optOut: 'none' as const });

describe('inbox', () => {
  it('numbers messages 1, 2, 3 and goes on from the file after a restart, past a torn last line', async () => {
    const a = await Inbox.load(nodeJournalFs, dir);
    await a.add(msg('w1'));
    await a.add(msg('w2'));
    appendFileSync(join(dir, 'inbox.jsonl'), '{"seq":3,"id":"w3","fr'); // a crash mid-write
    const b = await Inbox.load(nodeJournalFs, dir);
    expect(b.last).toBe(2);
    expect((await b.add(msg('w4')))?.seq).toBe(3);
    expect(b.since(1, 10).messages.map((m) => m.id)).toEqual(['w2', 'w4']);
    expect(b.since(0, 1)).toMatchObject({ messages: [{ seq: 1 }], last: 3 });
    // The message written after the torn line is on a line of its own, so it is there after the next restart.
    const c = await Inbox.load(nodeJournalFs, dir);
    expect(c.since(0, 10).messages.map((m) => m.id)).toEqual(['w1', 'w2', 'w4']);
  });

  it('a message that could not be written is not kept, and is added when delivered again', async () => {
    let full = true;
    const fs = { ...nodeJournalFs, appendText: async (p: string, t: string) => (full ? Promise.reject(Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' })) : nodeJournalFs.appendText(p, t)) };
    const a = await Inbox.load(fs, dir);
    await expect(a.add(msg('w1'))).rejects.toThrow('ENOSPC');
    expect(a.last).toBe(0);
    expect(a.since(0, 10).messages).toEqual([]);
    expect(a.wroteWithin('+821012345678', 86_400_000, 1_000)).toBe(false);
    full = false;
    expect((await a.add(msg('w1')))?.seq).toBe(1);
    expect((await Inbox.load(nodeJournalFs, dir)).since(0, 10).messages.map((m) => m.id)).toEqual(['w1']);
  });

  it('keeps a message id once (Meta redelivers webhooks for days)', async () => {
    const a = await Inbox.load(nodeJournalFs, dir);
    await a.add(msg('w1'));
    expect(await a.add(msg('w1'))).toBeUndefined();
    const b = await Inbox.load(nodeJournalFs, dir);
    expect(await b.add(msg('w1'))).toBeUndefined();
    expect(b.last).toBe(1);
  });

  it('knows who wrote within the last 24 h (their service window is open); sandbox replies do not count', async () => {
    const a = await Inbox.load(nodeJournalFs, dir);
    await a.add(msg('w1', '+821011111111', 10_000));
    await a.add({ ...msg('s1', '+821022222222', 10_000), sandbox: true });
    const day = 24 * 3_600_000;
    expect(a.wroteWithin('+821011111111', day, 10_000 + day - 1)).toBe(true);
    expect(a.wroteWithin('+821011111111', day, 10_000 + day)).toBe(false);
    expect(a.wroteWithin('+821022222222', day, 10_001)).toBe(false);
    expect(a.wroteWithin('+821033333333', day, 10_001)).toBe(false);
  });

  it('writes checksummed lines and reads a file that begins with legacy lines', async () => {
    writeFileSync(join(dir, 'inbox.jsonl'), `${JSON.stringify({ seq: 1, ...msg('w1') })}\n`);
    const a = await Inbox.load(nodeJournalFs, dir);
    expect((await a.add(msg('w2')))?.seq).toBe(2);
    expect(readFileSync(join(dir, 'inbox.jsonl'), 'utf8').split('\n')[1]).toMatch(/^\{"c":"[0-9a-f]{8}","r":\{"seq":2,/);
    const b = await Inbox.load(nodeJournalFs, dir);
    expect(b.since(0, 10).messages.map((m) => [m.seq, m.id])).toEqual([
      [1, 'w1'],
      [2, 'w2'],
    ]);
    expect(b.quarantined).toEqual([]);
  });

  const line = (seq: number, id: string) => encodeStoreLine({ seq, ...msg(id) }).slice(0, -1);
  // Damaged lines: the message is not kept (Meta delivers it again), the rest is read, and the line is quarantined.
  it.each([
    ['a bad checksum', line(2, 'w2').replace('"text":"hi"', '"text":"ho"'), 'checksum'],
    ['a line that is no longer JSON', `${line(2, 'w2').slice(0, 30)}\u0000\u0000`, 'not_json'],
    ['a message without its sender (wrong shape)', JSON.stringify({ seq: 2, id: 'w2', at: 1 }), 'not_a_record'],
  ])('%s in the middle: read past, quarantined, and its seq is never given again', async (_what, damaged, reason) => {
    writeFileSync(join(dir, 'inbox.jsonl'), [line(1, 'w1'), damaged, line(3, 'w3'), ''].join('\n'));
    const a = await Inbox.load(nodeJournalFs, dir);
    expect(a.since(0, 10).messages.map((m) => m.id)).toEqual(['w1', 'w3']);
    expect(a.quarantined.map((q) => [q.lineNumber, q.reason])).toEqual([[2, reason]]);
    expect(JSON.parse(readFileSync(join(dir, 'inbox.jsonl.quarantine'), 'utf8'))).toMatchObject({ line: 2, reason, text: damaged });
    // The damaged message's id is not known any more, so Meta's redelivery is kept, with a new number.
    expect((await a.add(msg('w2')))?.seq).toBe(4);
  });

  it('a damaged last line that was whole: its seq is not given again either', async () => {
    writeFileSync(join(dir, 'inbox.jsonl'), [line(1, 'w1'), line(2, 'w2').replace('"text":"hi"', '"text":"ho"'), ''].join('\n'));
    const a = await Inbox.load(nodeJournalFs, dir);
    expect(a.last).toBe(2);
    expect((await a.add(msg('w3')))?.seq).toBe(3);
  });

  it('a seq quoted in a damaged message’s text is not taken for its number', async () => {
    const quoting = encodeStoreLine({ seq: 2, ...msg('w2'), text: '"seq":900,' }).slice(0, -1);
    writeFileSync(join(dir, 'inbox.jsonl'), [line(1, 'w1'), quoting.replace('{"seq":2,', '{"sq":2,'), ''].join('\n'));
    expect((await Inbox.load(nodeJournalFs, dir)).last).toBe(1);
  });

  it('a torn last line is quarantined as torn', async () => {
    writeFileSync(join(dir, 'inbox.jsonl'), `${line(1, 'w1')}\n${line(2, 'w2').slice(0, 40)}`);
    const a = await Inbox.load(nodeJournalFs, dir);
    expect(a.quarantined.map((q) => [q.lineNumber, q.reason])).toEqual([[2, 'torn']]);
    expect(a.last).toBe(1);
  });
});
