import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeJournalFs } from '../adapters/journalFs';
import { encodeStoreLine } from './jsonlStore';
import { SuppressionList, type SuppressionEntry } from './suppression';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shopcast-suppression-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const A = '+821011111111';
const B = '+821022222222';

describe('suppression list', () => {
  it('reads a file written before removals existed', async () => {
    writeFileSync(join(dir, 'suppression.jsonl'), `${JSON.stringify({ contact: A, reason: 'opted_out', at: 1, source: 'STOP' })}\n`);
    const list = await SuppressionList.load(nodeJournalFs, dir);
    expect(list.get(A)).toEqual({ contact: A, reason: 'opted_out', at: 1, source: 'STOP' });
  });

  it('a person’s removal is appended and holds after a reload; adding again suppresses again', async () => {
    const list = await SuppressionList.load(nodeJournalFs, dir);
    await list.add({ contact: A, reason: 'opted_out', at: 1 });
    await list.remove(A, 2);
    expect(list.has(A)).toBe(false);
    expect((await SuppressionList.load(nodeJournalFs, dir)).has(A)).toBe(false);
    await list.add({ contact: A, reason: 'stopped_marketing', at: 3 });
    expect((await SuppressionList.load(nodeJournalFs, dir)).get(A)?.reason).toBe('stopped_marketing');
    expect(readFileSync(join(dir, 'suppression.jsonl'), 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it('tells listeners about real entries only; a sandbox STOP stops sandbox sends only and is not listed', async () => {
    const list = await SuppressionList.load(nodeJournalFs, dir);
    const heard: SuppressionEntry[] = [];
    list.onAdd((e) => heard.push(e));
    await list.sandboxView.add({ contact: B, reason: 'opted_out', at: 1 });
    await list.add({ contact: A, reason: 'unreachable', at: 2, source: '131026' });
    expect(heard.map((e) => e.contact)).toEqual([A]);
    expect(list.get(B)).toBeUndefined();
    expect(list.sandboxView.get(B)?.reason).toBe('opted_out');
    expect(list.list().map((e) => e.contact)).toEqual([A]);
    const reloaded = await SuppressionList.load(nodeJournalFs, dir);
    expect(reloaded.get(B)).toBeUndefined();
    expect(reloaded.sandboxView.get(B)).toBeDefined();
  });

  it('a write that failed does not stop later ones, and the same entry added again is written then', async () => {
    let fail = true;
    const fs = { ...nodeJournalFs, appendText: async (p: string, t: string) => (fail ? Promise.reject(Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' })) : nodeJournalFs.appendText(p, t)) };
    const list = await SuppressionList.load(fs, dir);
    await expect(list.add({ contact: A, reason: 'opted_out', at: 1 })).rejects.toThrow('ENOSPC');
    expect(list.has(A)).toBe(true); // in force at once all the same
    fail = false;
    await list.add({ contact: B, reason: 'unreachable', at: 2 });
    await list.add({ contact: A, reason: 'opted_out', at: 3 });
    const reloaded = await SuppressionList.load(nodeJournalFs, dir);
    expect([reloaded.get(A)?.reason, reloaded.get(B)?.reason]).toEqual(['opted_out', 'unreachable']);
  });

  it('a file whose last line was torn by a crash still reads the next entry', async () => {
    writeFileSync(join(dir, 'suppression.jsonl'), `${JSON.stringify({ contact: A, reason: 'opted_out', at: 1 })}\n{"contact":"+8210333`);
    const list = await SuppressionList.load(nodeJournalFs, dir);
    await list.add({ contact: B, reason: 'opted_out', at: 2 });
    const reloaded = await SuppressionList.load(nodeJournalFs, dir);
    expect([reloaded.has(A), reloaded.has(B)]).toEqual([true, true]);
  });

  it('writes checksummed lines, and a suppression survives reopening (with its user id)', async () => {
    const list = await SuppressionList.load(nodeJournalFs, dir);
    await list.add({ contact: A, userId: 'KR.1234567890', reason: 'opted_out', at: 5, source: 'STOP' });
    expect(readFileSync(join(dir, 'suppression.jsonl'), 'utf8')).toMatch(/^\{"c":"[0-9a-f]{8}","r":\{"contact":"\+821011111111"/);
    const reloaded = await SuppressionList.load(nodeJournalFs, dir);
    expect(reloaded.get(A)).toEqual({ contact: A, userId: 'KR.1234567890', reason: 'opted_out', at: 5, source: 'STOP' });
    expect(reloaded.quarantined).toEqual([]);
  });

  it('reads a file mixing legacy lines and checksummed ones (legacy first, then new appends)', async () => {
    writeFileSync(join(dir, 'suppression.jsonl'), `${JSON.stringify({ contact: A, reason: 'opted_out', at: 1 })}\n`);
    const list = await SuppressionList.load(nodeJournalFs, dir);
    await list.add({ contact: B, reason: 'unreachable', at: 2, source: '131026' });
    await list.remove(A, 3);
    const reloaded = await SuppressionList.load(nodeJournalFs, dir);
    expect(reloaded.list()).toEqual([{ contact: B, reason: 'unreachable', at: 2, source: '131026' }]);
    expect(reloaded.quarantined).toEqual([]);
  });

  const good = (e: object) => encodeStoreLine(e).slice(0, -1);
  const flip = (l: string) => l.replace('"at":1', '"at":2'); // the checksum no longer matches
  // Damaged lines, and whether A is suppressed after reading them. The rule (suppression.ts salvageLine): a damaged
  // line that names a whole contact and is no removal suppresses it; a torn last line is only reported.
  it.each([
    ['a bad checksum on an opt-out', [flip(good({ contact: A, reason: 'opted_out', at: 1 }))], 'checksum', 'opted_out'],
    ['a bad checksum on a stop of marketing', [flip(good({ contact: A, reason: 'stopped_marketing', at: 1 }))], 'checksum', 'stopped_marketing'],
    ['an opt-out that is no longer JSON', [`{"contact":"${A}","reason":"unreachable","at":1,\u0000\u0000`], 'not_json', 'unreachable'],
    ['an entry without its time (wrong shape)', [JSON.stringify({ contact: A, reason: 'opted_out' })], 'not_a_record', 'opted_out'],
    ['an entry with an unknown reason (wrong shape): the strongest reason', [JSON.stringify({ contact: A, reason: 'blocked', at: 1 })], 'not_a_record', 'opted_out'],
    ['a torn last line (never acknowledged)', [good({ contact: B, reason: 'opted_out', at: 1 }), good({ contact: A, reason: 'opted_out', at: 1 }).slice(0, 60)], 'torn', undefined],
    ['a contact cut short in the middle', [`{"contact":"+8210111`, good({ contact: B, reason: 'opted_out', at: 1 })], 'not_json', undefined],
    ['a damaged removal after an opt-out: the opt-out stays', [good({ contact: A, reason: 'opted_out', at: 1 }), flip(good({ contact: A, removed: true, at: 1 }))], 'checksum', 'opted_out'],
    ['a garbled removal (no longer JSON): the opt-out stays', [good({ contact: A, reason: 'opted_out', at: 1 }), `{"contact":"${A}","removed":tr`, good({ contact: B, reason: 'opted_out', at: 1 })], 'not_json', 'opted_out'],
  ])('%s', async (_what, lines, reason, suppressedAs) => {
    writeFileSync(join(dir, 'suppression.jsonl'), lines.join('\n') + (reason === 'torn' ? '' : '\n'));
    const list = await SuppressionList.load(nodeJournalFs, dir);
    expect(list.get(A)?.reason).toBe(suppressedAs);
    expect(list.quarantined.map((q) => q.reason)).toEqual([reason]);
    const kept = readFileSync(join(dir, 'suppression.jsonl.quarantine'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { line: number; reason: string; salvaged?: boolean });
    expect(kept).toEqual([expect.objectContaining({ reason, ...(suppressedAs !== undefined && !lines.some((l) => l.includes('removed')) ? { salvaged: true } : {}) })]);
  });

  it('a salvaged entry is not taken as stored: the same opt-out delivered again is written as a good line', async () => {
    writeFileSync(join(dir, 'suppression.jsonl'), `${flip(good({ contact: A, reason: 'opted_out', at: 1 }))}\n`);
    const list = await SuppressionList.load(nodeJournalFs, dir);
    await list.add({ contact: A, reason: 'opted_out', at: 4, source: 'STOP' });
    expect(readFileSync(join(dir, 'suppression.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
    expect((await SuppressionList.load(nodeJournalFs, dir)).get(A)).toMatchObject({ reason: 'opted_out', at: 4 });
  });

  it('a sandbox line cut after its sandbox mark is never read as a real opt-out', async () => {
    const list = await SuppressionList.load(nodeJournalFs, dir);
    await list.sandboxView.add({ contact: A, reason: 'opted_out', at: 1 });
    const text = readFileSync(join(dir, 'suppression.jsonl'), 'utf8');
    writeFileSync(join(dir, 'suppression.jsonl'), `${text.trimEnd().slice(0, -4)}\u0000\n`); // damaged, then more lines follow
    const reloaded = await SuppressionList.load(nodeJournalFs, dir);
    expect(reloaded.has(A)).toBe(false);
    expect(reloaded.sandboxView.get(A)?.reason).toBe('opted_out');
  });

  it('read-only loading reports damage and writes nothing', async () => {
    writeFileSync(join(dir, 'suppression.jsonl'), `${flip(good({ contact: A, reason: 'opted_out', at: 1 }))}\n`);
    const list = await SuppressionList.load(nodeJournalFs, dir, { readOnly: true });
    expect(list.has(A)).toBe(true);
    expect(list.quarantined).toHaveLength(1);
    expect(existsSync(join(dir, 'suppression.jsonl.quarantine'))).toBe(false);
  });
});
