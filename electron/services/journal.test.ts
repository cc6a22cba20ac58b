import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeJournalFs, type JournalFs } from '../adapters/journalFs';
import { acquireLock, advances, applyRecord, countsOf, emptyReplay, encodeLine, Journal, JournalWriteError, snapshotOf, type JournalRecord, type ReadonlyJob } from './journal';

let dir: string;
let path: string;
const now = () => 1_000;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shopcast-journal-'));
  path = join(dir, 'journal.jsonl');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const job = (id: string): JournalRecord => ({ t: 'job', job: id, contact: `+8210000000${id}` });

/** A real disk that counts syncs and can be told to fail or to hold a sync. */
function instrumented(opts: { failWritesAfter?: number; failCode?: string } = {}) {
  const stats = { writes: 0, syncs: 0, holdSync: undefined as Promise<void> | undefined };
  const fs: JournalFs = {
    ...nodeJournalFs,
    async openAppend(p) {
      const real = await nodeJournalFs.openAppend(p);
      return {
        write: async (text) => {
          stats.writes++;
          if (opts.failWritesAfter !== undefined && stats.writes > opts.failWritesAfter) {
            throw Object.assign(new Error('no space left on device'), { code: opts.failCode ?? 'ENOSPC' });
          }
          await real.write(text);
        },
        sync: async () => {
          stats.syncs++;
          if (stats.holdSync) await stats.holdSync;
          await real.sync();
        },
        close: () => real.close(),
      };
    },
  };
  return { fs, stats };
}

describe('journal', () => {
  it('replays what was appended after a reopen', async () => {
    const { journal } = await Journal.open(nodeJournalFs, path, now);
    await journal.appendAll([job('1'), { t: 'attempting', job: '1', n: 1, at: 5 }, { t: 'accepted', job: '1', wamid: 'wamid.A', at: 6 }]);
    await journal.close();
    const { replay } = await Journal.open(nodeJournalFs, path, now);
    expect(replay.jobs.get('1')).toMatchObject({ phase: 'accepted', wamid: 'wamid.A', attempts: 1 });
  });

  it('writes one JSON object per line carrying a checksum of the record', async () => {
    const { journal } = await Journal.open(nodeJournalFs, path, now);
    await journal.append(job('1'));
    const line = readFileSync(path, 'utf8').trimEnd();
    expect(JSON.parse(line)).toEqual({ c: expect.stringMatching(/^[0-9a-f]{8}$/), r: job('1') });
  });

  it('turns an attempt with no outcome into ambiguous on open, durably', async () => {
    writeFileSync(path, encodeLine(job('1')) + encodeLine({ t: 'attempting', job: '1', n: 1, at: 5 }));
    const first = await Journal.open(nodeJournalFs, path, now);
    expect(first.recoveredAmbiguous).toEqual(['1']);
    expect(first.replay.jobs.get('1')?.phase).toBe('ambiguous');
    await first.journal.close();
    const second = await Journal.open(nodeJournalFs, path, now);
    expect(second.replay.jobs.get('1')?.phase).toBe('ambiguous');
    expect(second.recoveredAmbiguous).toEqual([]);
  });

  it('a status webhook naming an ambiguous job settles it as accepted', async () => {
    writeFileSync(path, encodeLine(job('1')) + encodeLine({ t: 'attempting', job: '1', n: 1, at: 5 }));
    const { journal, replay } = await Journal.open(nodeJournalFs, path, now);
    await journal.append({ t: 'status', job: '1', wamid: 'wamid.X', status: 'sent', at: 9 });
    await journal.close();
    const again = await Journal.open(nodeJournalFs, path, now);
    expect(again.replay.jobs.get('1')).toMatchObject({ phase: 'accepted', wamid: 'wamid.X', delivery: 'sent' });
    // The journal owns the replay: what it appended is what memory shows (it used to stay ambiguous until a reopen).
    expect(replay.jobs.get('1')).toMatchObject({ phase: 'accepted', wamid: 'wamid.X', delivery: 'sent' });
  });

  it('quarantines a torn last line, reports it and keeps appending cleanly', async () => {
    const torn = encodeLine({ t: 'attempting', job: '1', n: 1, at: 5 }).slice(0, 20);
    writeFileSync(path, encodeLine(job('1')) + torn);
    const opened = await Journal.open(nodeJournalFs, path, now);
    expect(opened.quarantined).toEqual([{ lineNumber: 2, reason: 'torn', text: torn }]);
    expect(readFileSync(`${path}.quarantine`, 'utf8')).toContain(JSON.stringify(torn));
    expect(opened.replay.jobs.get('1')?.phase).toBe('queued'); // the torn attempt was never fsynced, so never sent
    await opened.journal.append({ t: 'skipped', job: '1', reason: 'test', at: 7 });
    await opened.journal.close();
    const again = await Journal.open(nodeJournalFs, path, now);
    expect(again.quarantined).toEqual([]);
    expect(again.replay.jobs.get('1')?.phase).toBe('skipped');
  });

  it('a damaged line that names a job makes that job ambiguous', async () => {
    const bad = encodeLine({ t: 'accepted', job: '1', wamid: 'wamid.A', at: 6 }).replace('wamid.A', 'wamid.B');
    writeFileSync(path, encodeLine(job('1')) + bad + encodeLine(job('2')));
    const opened = await Journal.open(nodeJournalFs, path, now);
    expect(opened.quarantined.map((q) => q.reason)).toEqual(['checksum']);
    expect(opened.replay.jobs.get('1')?.phase).toBe('ambiguous');
    expect(opened.replay.jobs.get('2')?.phase).toBe('queued');
    expect(opened.damaged).toBe(false);
  });

  it('a damaged line that names no job marks the journal damaged', async () => {
    writeFileSync(path, `${encodeLine(job('1'))}\u0000\u0000garbage\n`);
    const opened = await Journal.open(nodeJournalFs, path, now);
    expect(opened.quarantined.map((q) => q.reason)).toEqual(['not_json']);
    expect(opened.damaged).toBe(true);
  });

  it('appends made together share one write and one fsync (group commit)', async () => {
    const { fs, stats } = instrumented();
    const { journal } = await Journal.open(fs, path, now);
    await Promise.all(Array.from({ length: 100 }, (_, i) => journal.append(job(String(i)))));
    expect(stats.syncs).toBe(1);
    expect(readFileSync(path, 'utf8').split('\n').filter(Boolean)).toHaveLength(100);
  });

  it('an append is not reported done until its fsync finishes', async () => {
    const { fs, stats } = instrumented();
    const { journal } = await Journal.open(fs, path, now);
    let release!: () => void;
    stats.holdSync = new Promise<void>((r) => (release = r));
    let done = false;
    const appended = journal.append(job('1')).then(() => (done = true));
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    release();
    await appended;
    expect(done).toBe(true);
  });

  it('a full disk fails the append with the reason, and every later append fails without touching the disk', async () => {
    const { fs, stats } = instrumented({ failWritesAfter: 1 });
    const { journal } = await Journal.open(fs, path, now);
    await journal.append(job('1'));
    await expect(journal.append(job('2'))).rejects.toThrow(/the disk is full/);
    const writes = stats.writes;
    await expect(journal.append(job('3'))).rejects.toBeInstanceOf(JournalWriteError);
    expect(stats.writes).toBe(writes);
  });

  it('compaction keeps the same state in fewer lines', async () => {
    const opened = await Journal.open(nodeJournalFs, path, now);
    const records: JournalRecord[] = [{ t: 'campaign', id: 'c1', spec: { text: 'hi' }, at: 1 }, { t: 'state', state: 'running', at: 1 }];
    for (let i = 0; i < 20; i++) {
      const id = String(i);
      records.push(job(id), { t: 'attempting', job: id, n: 1, at: 2 });
      if (i % 3 === 0) records.push({ t: 'requeued', job: id, code: 131056, notBefore: 99, at: 3 }, { t: 'attempting', job: id, n: 2, at: 4 });
      records.push(i % 2 === 0 ? { t: 'accepted', job: id, wamid: `w${id}`, at: 5 } : { t: 'failed', job: id, code: 131000, message: 'x', at: 5 });
      if (i % 2 === 0) records.push({ t: 'status', job: id, wamid: `w${id}`, status: 'sent', at: 6 }, { t: 'status', job: id, wamid: `w${id}`, status: 'read', at: 7 });
    }
    await opened.journal.appendAll(records);
    await opened.journal.close();
    const before = await Journal.open(nodeJournalFs, path, now);
    await before.journal.compact(() => snapshotOf(before.replay));
    await before.journal.close();
    const after = await Journal.open(nodeJournalFs, path, now);
    // `rev` numbers changes within one open (the renderer re-pulls from 0 after a restart); the rest is the same.
    const withoutRev = (jobs: ReadonlyMap<string, ReadonlyJob>) => [...jobs.values()].map(({ rev: _rev, ...rest }) => rest);
    expect(withoutRev(after.replay.jobs)).toEqual(withoutRev(before.replay.jobs));
    expect(after.replay.state).toBe('running');
    expect(after.journal.lineCount).toBeLessThan(records.length);
  });

  it('a state’s reason code survives compaction; a state record without one (an old journal) replays with its English only', async () => {
    const opened = await Journal.open(nodeJournalFs, path, now);
    const whyCode = { code: 'error_rule', params: { errorCode: 190, action: 'stop_all' } } as const;
    await opened.journal.appendAll([job('1'), { t: 'state', state: 'paused', why: 'All sending stopped: …', whyCode, at: 2 }]);
    await opened.journal.close();
    const before = await Journal.open(nodeJournalFs, path, now);
    await before.journal.compact(() => snapshotOf(before.replay));
    await before.journal.close();
    expect(readFileSync(path, 'utf8').split('\n').filter(Boolean).filter((l) => l.includes('"whyCode"'))).toHaveLength(1);
    const compacted = await Journal.open(nodeJournalFs, path, now);
    expect(compacted.replay).toMatchObject({ state: 'paused', stateWhy: 'All sending stopped: …', stateWhyCode: whyCode });
    await compacted.journal.append({ t: 'state', state: 'paused', why: 'Paused by the person.', at: 3 }); // as written before codes
    await compacted.journal.close();
    const old = await Journal.open(nodeJournalFs, path, now);
    expect(old.replay.stateWhy).toBe('Paused by the person.');
    expect(old.replay).not.toHaveProperty('stateWhyCode');
  });

  it('a message left unsure carries why as a code (Shopcast stopped mid-send, a damaged line); a settled one drops it', async () => {
    const bad = encodeLine({ t: 'accepted', job: '2', wamid: 'wamid.A', at: 6 }).replace('wamid.A', 'wamid.B');
    writeFileSync(path, encodeLine(job('1')) + encodeLine(job('2')) + encodeLine({ t: 'attempting', job: '1', n: 1, at: 5 }) + bad);
    const first = await Journal.open(nodeJournalFs, path, now);
    expect(first.replay.jobs.get('1')).toMatchObject({ phase: 'ambiguous', reason: expect.stringMatching(/stopped while/), reasonCode: 'interrupted' });
    expect(first.replay.jobs.get('2')).toMatchObject({ phase: 'ambiguous', reason: expect.stringMatching(/damaged/), reasonCode: 'journal_damaged' });
    await first.journal.append({ t: 'status', job: '1', wamid: 'wamid.1', status: 'sent', at: 7 });
    await first.journal.close();
    const second = await Journal.open(nodeJournalFs, path, now);
    expect(second.replay.jobs.get('1')).not.toHaveProperty('reasonCode');
    expect(second.replay.jobs.get('2')?.reasonCode).toBe('journal_damaged');
    const old = snapshotOf(second.replay).find((r) => r.t === 'ambiguous');
    expect(old).toMatchObject({ job: '2', code: 'journal_damaged' });
  });

  it('a journal write error carries its reason as a code (the disk problem when Node names it)', () => {
    expect(new JournalWriteError(Object.assign(new Error('x'), { code: 'ENOSPC' })).whyCode).toEqual({ code: 'journal_write_failed', params: { io: 'disk_full' } });
    expect(new JournalWriteError(Object.assign(new Error('x'), { code: 'EROFS' })).whyCode).toEqual({ code: 'journal_write_failed', params: { io: 'read_only' } });
    expect(new JournalWriteError(new Error('EIO: i/o error')).whyCode).toEqual({ code: 'journal_write_failed', params: { detail: 'EIO: i/o error' } });
  });
});

describe('delivery statuses', () => {
  it.each([
    [undefined, 'sent', true],
    ['sent', 'delivered', true],
    ['delivered', 'sent', false],
    ['read', 'delivered', false],
    ['sent', 'read', true],
    ['read', 'read', false],
    ['sent', 'failed', true],
    [undefined, 'failed', true],
    // The person has the message: a failed arriving later does not take it back.
    ['delivered', 'failed', false],
    ['read', 'failed', false],
    ['failed', 'read', false],
  ] as const)('%s → %s moves forward: %s', (from, to, yes) => {
    expect(advances(from, to)).toBe(yes);
  });
});

describe('single-instance lock', () => {
  it('a second process cannot take the lock while the first is alive', async () => {
    const lock = join(dir, 'send.lock');
    const first = await acquireLock(nodeJournalFs, lock, process.pid);
    expect(first.ok).toBe(true);
    expect(await acquireLock(nodeJournalFs, lock, process.pid + 1)).toEqual({ ok: false, holder: process.pid });
  });

  it('a lock left by a process that died is taken over', async () => {
    const lock = join(dir, 'send.lock');
    writeFileSync(lock, '999999999');
    expect((await acquireLock(nodeJournalFs, lock, process.pid)).ok).toBe(true);
    expect(readFileSync(lock, 'utf8')).toBe(`${process.pid} ${nodeJournalFs.processStarted!(process.pid)}`);
  });

  it('a lock whose pid now belongs to another process (started at another time) is taken over', async () => {
    const lock = join(dir, 'send.lock');
    // The parent is alive, but it is not the process that wrote this lock: that one started at tick 1.
    writeFileSync(lock, `${process.ppid} 1`);
    expect((await acquireLock(nodeJournalFs, lock, process.pid)).ok).toBe(true);
    // The same pid with its real start time is a live holder.
    writeFileSync(lock, `${process.ppid} ${nodeJournalFs.processStarted!(process.ppid)}`);
    expect(await acquireLock(nodeJournalFs, lock, process.pid)).toEqual({ ok: false, holder: process.ppid });
  });

  it('a killed process its parent has not reaped yet (a zombie) holds no lock', async () => {
    const { spawn } = await import('node:child_process');
    // sh starts a sleeper, prints its pid, then becomes a process that never reaps it: killed, it stays a zombie.
    const parent = spawn('sh', ['-c', 'sleep 60 & echo $!; exec sleep 60'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const pid = Number(await new Promise<string>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()))));
      const lock = join(dir, 'send.lock');
      writeFileSync(lock, `${pid} ${nodeJournalFs.processStarted!(pid)}`);
      expect(await acquireLock(nodeJournalFs, lock, process.pid)).toEqual({ ok: false, holder: pid });
      process.kill(pid, 'SIGKILL');
      const stateOf = () => {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
      };
      for (let i = 0; i < 200 && stateOf() !== 'Z'; i++) await new Promise((r) => setTimeout(r, 10));
      expect(stateOf()).toBe('Z');
      expect(() => process.kill(pid, 0)).not.toThrow(); // signal 0 alone would call it alive
      expect((await acquireLock(nodeJournalFs, lock, process.pid)).ok).toBe(true);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});

describe('billing from the status webhook (pricing)', () => {
  const MARKETING = { billable: true, type: 'regular', category: 'marketing' };
  const FREE = { billable: false, type: 'free_customer_service', category: 'service' };
  const base: JournalRecord[] = [
    { t: 'job', job: 'c-0', contact: '+821012345678' },
    { t: 'attempting', job: 'c-0', n: 1, at: 1 },
    { t: 'accepted', job: 'c-0', wamid: 'wamid.A', at: 2 },
  ];
  const replayOf = (records: JournalRecord[]) => {
    const r = emptyReplay();
    for (const rec of records) applyRecord(r, rec);
    return r;
  };

  it.each<[string, JournalRecord[], { delivery?: string; billed?: object }]>([
    ['a status with pricing keeps how it was billed', [{ t: 'status', job: 'c-0', wamid: 'wamid.A', status: 'sent', pricing: MARKETING, at: 3 }], { delivery: 'sent', billed: MARKETING }],
    [
      'a later status without pricing keeps what the earlier one said',
      [
        { t: 'status', job: 'c-0', wamid: 'wamid.A', status: 'sent', pricing: MARKETING, at: 3 },
        { t: 'status', job: 'c-0', wamid: 'wamid.A', status: 'delivered', at: 4 },
      ],
      { delivery: 'delivered', billed: MARKETING },
    ],
    [
      'a later status with other pricing replaces it (the last report counts)',
      [
        { t: 'status', job: 'c-0', wamid: 'wamid.A', status: 'sent', pricing: MARKETING, at: 3 },
        { t: 'status', job: 'c-0', wamid: 'wamid.A', status: 'delivered', pricing: FREE, at: 4 },
      ],
      { delivery: 'delivered', billed: FREE },
    ],
    ['a status without pricing: nothing billed is known', [{ t: 'status', job: 'c-0', wamid: 'wamid.A', status: 'read', at: 3 }], { delivery: 'read' }],
    ['an old journal (status records written before pricing was kept) replays unchanged', [{ t: 'status', job: 'c-0', wamid: 'wamid.A', status: 'delivered', code: undefined, at: 3 } as JournalRecord], { delivery: 'delivered' }],
  ])('%s', (_name, statuses, expected) => {
    const job = replayOf([...base, ...statuses]).jobs.get('c-0');
    expect(job?.delivery).toBe(expected.delivery);
    expect(job?.billed).toEqual(expected.billed);
  });

  it('recordStatus journals the pricing with the status; a repeated status is not recorded; both survive a reopen and a compaction', async () => {
    const { journal } = await Journal.open(nodeJournalFs, path, now);
    await journal.appendAll(base);
    // The webhook's object may carry more (the pricing model): the journal keeps billable, type and category.
    expect(await journal.recordStatus('c-0', { wamid: 'wamid.A', status: 'sent', pricing: { ...MARKETING, model: 'PMP' } as typeof MARKETING }, 3)).toBe(true);
    expect(await journal.recordStatus('c-0', { wamid: 'wamid.A', status: 'sent', pricing: FREE }, 4)).toBe(false); // repeated
    expect(await journal.recordStatus('c-0', { wamid: 'wamid.A', status: 'delivered' }, 5)).toBe(true);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l).r);
    expect(lines.filter((r) => r.t === 'status')).toEqual([
      { t: 'status', job: 'c-0', wamid: 'wamid.A', status: 'sent', at: 3, pricing: MARKETING },
      { t: 'status', job: 'c-0', wamid: 'wamid.A', status: 'delivered', at: 5 },
    ]);
    expect(journal.replay.jobs.get('c-0')?.billed).toEqual(MARKETING);
    await journal.compact();
    await journal.close();
    const { replay } = await Journal.open(nodeJournalFs, path, now);
    expect(replay.jobs.get('c-0')).toMatchObject({ delivery: 'delivered', billed: MARKETING });
  });
});

describe('countsOf: recipients by country and what WhatsApp billed', () => {
  const status = (job: string, pricing?: { billable: boolean; type?: string; category?: string }): JournalRecord => ({ t: 'status', job, wamid: `w.${job}`, status: 'delivered', at: 3, ...(pricing ? { pricing } : {}) });
  const jobs: [string, string][] = [
    ['c-0', '+821012345678'],
    ['c-1', '+821087654321'],
    ['c-2', '+14155550123'],
    ['c-3', '+886912345678'],
    ['c-4', '+821011112222'],
    ['c-5', '+821033334444'],
  ];
  const records: JournalRecord[] = jobs.flatMap(([id, contact]) => [
    { t: 'job', job: id, contact } as JournalRecord,
    { t: 'accepted', job: id, wamid: `w.${id}`, at: 2 } as JournalRecord,
  ]);

  it.each<[string, JournalRecord[], Partial<ReturnType<typeof countsOf>>]>([
    ['nothing reported yet', [], { billed: {}, billedByCountry: {}, notBillable: 0, billedUnknown: 0 }],
    [
      'billed by the category WhatsApp reported, per country; free and unknown counted apart; no pricing is not counted',
      [
        status('c-0', { billable: true, type: 'regular', category: 'marketing' }),
        status('c-1', { billable: true, type: 'regular', category: 'utility' }), // re-categorised: billed as utility
        status('c-2', { billable: true, type: 'regular', category: 'marketing_lite' }),
        status('c-3', { billable: false, type: 'free_entry_point', category: 'marketing' }),
        status('c-4', { billable: true, type: 'regular', category: 'brand_new_category' }),
        status('c-5'),
      ],
      {
        billed: { MARKETING: 2, UTILITY: 1 },
        billedByCountry: { KR: { MARKETING: 1, UTILITY: 1 }, US: { MARKETING: 1 } },
        notBillable: 1,
        billedUnknown: 1,
      },
    ],
    ['billable but a free type is not billed', [status('c-0', { billable: true, type: 'free_customer_service', category: 'service' })], { billed: {}, notBillable: 1 }],
  ])('%s', (_name, statuses, expected) => {
    const r = emptyReplay();
    for (const rec of [...records, ...statuses]) applyRecord(r, rec);
    const c = countsOf(r);
    expect(c).toMatchObject(expected);
    expect(c.recipientsByCountry).toEqual({ KR: 4, US: 1, TW: 1 });
    expect(c.total).toBe(6);
  });
});
