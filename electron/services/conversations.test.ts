import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeJournalFs } from '../adapters/journalFs';
import { dispatch } from '../../shared/ipc/dispatch';
import { AutoClock } from '../../test/fakes/clock';
import { nodeFs } from '../adapters/fs';
import { ConversationStore } from './conversations';
import { createCore } from './core';
import { encodeStoreLine } from './jsonlStore';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shopcast-conversations-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const P = '+821012345678';

describe('conversation actions in main', () => {
  it('numbers actions 1, 2, 3, pages them after a seq and reads them back after a restart', async () => {
    const a = await ConversationStore.load(nodeJournalFs, dir);
    expect((await a.add({ identity: P, at: 1_000, kind: 'status', status: 'done' }))?.seq).toBe(1);
    expect((await a.add({ identity: P, at: 2_000, kind: 'priority', priority: 'high', by: 'Jin' }))?.seq).toBe(2);
    expect((await a.add({ identity: P, at: 3_000, kind: 'assign', staff: 'Jin' }))?.seq).toBe(3);
    expect(a.since(1, 10).actions.map((x) => x.seq)).toEqual([2, 3]);
    expect(a.since(0, 1)).toMatchObject({ actions: [{ seq: 1 }], last: 3 });
    const b = await ConversationStore.load(nodeJournalFs, dir);
    expect(b.all()).toEqual([
      { seq: 1, identity: P, at: 1_000, kind: 'status', status: 'done' },
      { seq: 2, identity: P, at: 2_000, kind: 'priority', priority: 'high', by: 'Jin' },
      { seq: 3, identity: P, at: 3_000, kind: 'assign', staff: 'Jin' },
    ]);
    expect((await b.add({ identity: P, at: 4_000, kind: 'assign', staff: null }))?.seq).toBe(4);
  });

  it('adds an action with a known key once, also across restarts (the renderer hands its old actions over twice)', async () => {
    const a = await ConversationStore.load(nodeJournalFs, dir);
    const old = [
      { identity: P, at: 1, kind: 'read' as const, key: 'local-1' },
      { identity: P, at: 2, kind: 'note' as const, text: 'VIP', key: 'local-2' },
    ];
    expect(await a.addAll(old)).toBe(2);
    expect(await a.addAll(old)).toBe(0);
    const b = await ConversationStore.load(nodeJournalFs, dir);
    expect(await b.addAll([...old, { identity: P, at: 3, kind: 'read', key: 'local-3' }])).toBe(1);
    expect(b.all().map((x) => x.key)).toEqual(['local-1', 'local-2', 'local-3']);
  });

  it('keeps the staff list and who is at the counter; the last line counts', async () => {
    const a = await ConversationStore.load(nodeJournalFs, dir);
    expect(a.staff()).toEqual({ names: [], current: null });
    await a.setStaff({ names: ['민지', 'Jin'], current: '민지' }, 10);
    await a.add({ identity: P, at: 11, kind: 'read' });
    await a.setStaff({ names: ['민지', 'Jin'], current: 'Jin' }, 12);
    const b = await ConversationStore.load(nodeJournalFs, dir);
    expect(b.staff()).toEqual({ names: ['민지', 'Jin'], current: 'Jin' });
    expect(b.all().map((x) => x.seq)).toEqual([2]);
    expect(b.last).toBe(3);
  });

  it('quarantines a damaged line without reusing its seq, and goes on past a torn last line', async () => {
    const file = join(dir, 'conversations.jsonl');
    writeFileSync(
      file,
      encodeStoreLine({ seq: 1, identity: P, at: 1, kind: 'read' }) +
        encodeStoreLine({ seq: 2, identity: P, at: 2, kind: 'status', status: 'done' }).replace('"done"', '"dune"') +
        encodeStoreLine({ seq: 3, identity: P, at: 3, kind: 'explode' }),
    );
    appendFileSync(file, '{"c":"00000000","r":{"seq":4,"ident');
    const a = await ConversationStore.load(nodeJournalFs, dir);
    expect(a.all().map((x) => x.seq)).toEqual([1]);
    expect(a.quarantined.map((q) => q.reason)).toEqual(['checksum', 'not_a_record', 'torn']);
    expect(a.last).toBe(3);
    expect((await a.add({ identity: P, at: 5, kind: 'read' }))?.seq).toBe(4);
    expect(readFileSync(`${file}.quarantine`, 'utf8').split('\n').filter(Boolean)).toHaveLength(3);
    const b = await ConversationStore.load(nodeJournalFs, dir, { readOnly: true });
    expect(b.all().map((x) => x.seq)).toEqual([1, 4]);
  });

  it('an action that could not be written is not kept and its seq is used again', async () => {
    let full = true;
    const fs = { ...nodeJournalFs, appendText: async (p: string, t: string) => (full ? Promise.reject(Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' })) : nodeJournalFs.appendText(p, t)) };
    const a = await ConversationStore.load(fs, dir);
    await expect(a.add({ identity: P, at: 1, kind: 'read', key: 'k' })).rejects.toThrow('ENOSPC');
    expect(a.last).toBe(0);
    full = false;
    expect(await a.add({ identity: P, at: 1, kind: 'read', key: 'k' })).toMatchObject({ seq: 1 });
  });
});

describe('conversation actions through the core', () => {
  it('inbox:act keeps an action, pushes inbox:acted, and another core on the folder reads it; staff likewise', async () => {
    const core = createCore({ fs: nodeFs, dataDir: dir, runtime: 'browser-host', version: '0', platform: 'linux', locale: 'en-US', clock: new AutoClock(Date.UTC(2026, 2, 10)), random: () => 0.5, epoch: 'e1' });
    await core.start();
    const call = (channel: string, input?: unknown) => dispatch(core.handlers, channel, input, { transport: 'test' });
    expect(await call('inbox:act', { identity: P, at: 5, kind: 'status', status: 'done', by: 'Jin' })).toMatchObject({ ok: true, value: { seq: 1, kind: 'status' } });
    expect(await call('inbox:act', { identity: P, at: 5, kind: 'status', status: 'finished' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call('inbox:importActions', { actions: [{ identity: P, at: 1, kind: 'read', key: 'local-1' }] })).toEqual({ ok: true, value: { added: 1 } });
    expect(await call('inbox:importActions', { actions: [{ identity: P, at: 1, kind: 'read', key: 'local-1' }] })).toEqual({ ok: true, value: { added: 0 } });
    expect(await call('inbox:setStaff', { names: ['Jin', '민지'], current: '민지' })).toEqual({ ok: true, value: { names: ['Jin', '민지'], current: '민지' } });
    expect(core.events.since(0).filter((e) => e.name === 'inbox:acted').map((e) => e.payload)).toEqual([{ last: 1 }, { last: 2 }, { last: 3 }]);
    expect(await call('inbox:actions', { after: 1 })).toMatchObject({ ok: true, value: { actions: [{ seq: 2, key: 'local-1' }], last: 3 } });
    await core.close();
    const again = await ConversationStore.load(nodeJournalFs, dir, { readOnly: true });
    expect(again.all().map((a) => a.kind)).toEqual(['status', 'read']);
    expect(again.staff()).toEqual({ names: ['Jin', '민지'], current: '민지' });
  });
});
