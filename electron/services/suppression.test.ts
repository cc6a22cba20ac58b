import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeJournalFs } from '../adapters/journalFs';
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
});
