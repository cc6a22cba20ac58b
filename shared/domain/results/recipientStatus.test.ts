import { describe, expect, it } from 'vitest';
import { asRecipientFilter, failureGroup, matchesFilter, narrowRecipients, parseReasonGroup, recipientStage, recipientWhy, type RecipientFacts, type RecipientFilter, type RecipientStage } from './recipientStatus';

type R = Pick<RecipientFacts, 'phase' | 'delivery' | 'repliedAt' | 'code' | 'reason'>;
/** A recipient row as the renderer stores it: the job, its campaign and the first reply (renderer/src/db/db.ts). */
type Row = RecipientFacts & { job: string; campaign: string; contact: string; attempts: number; at: number; rev: number };

describe('recipient stage', () => {
  const cases: [R, RecipientStage][] = [
    [{ phase: 'queued' }, 'waiting'],
    [{ phase: 'attempting' }, 'sending'],
    [{ phase: 'accepted' }, 'sent'],
    [{ phase: 'accepted', delivery: 'sent' }, 'sent'],
    [{ phase: 'accepted', delivery: 'delivered' }, 'delivered'],
    [{ phase: 'accepted', delivery: 'read' }, 'read'],
    [{ phase: 'accepted', delivery: 'read', repliedAt: 5 }, 'replied'],
    [{ phase: 'accepted', delivery: 'delivered', repliedAt: 5 }, 'replied'],
    [{ phase: 'accepted', delivery: 'failed', code: 131026 }, 'failed'],
    [{ phase: 'failed', code: 131000 }, 'failed'],
    [{ phase: 'skipped', reason: 'opted_out' }, 'skipped'],
    [{ phase: 'ambiguous' }, 'ambiguous'],
  ];
  it.each(cases)('%o is %s', (r, stage) => expect(recipientStage(r)).toBe(stage));
});

describe('filters', () => {
  const read: R = { phase: 'accepted', delivery: 'read' };
  const cases: [R, RecipientFilter, boolean][] = [
    [read, 'all', true],
    [read, 'sent', true],
    [read, 'delivered', true],
    [read, 'read', true],
    [read, 'replied', false],
    [read, 'failed', false],
    [{ phase: 'accepted' }, 'delivered', false],
    [{ phase: 'attempting' }, 'waiting', true],
    [{ phase: 'accepted', delivery: 'failed' }, 'sent', false],
    [{ phase: 'accepted', delivery: 'failed' }, 'failed', true],
    [{ phase: 'skipped', reason: 'cancelled' }, 'skipped', true],
    [{ phase: 'ambiguous' }, 'ambiguous', true],
  ];
  it.each(cases)('%o under %s: %s', (r, f, yes) => expect(matchesFilter(r, f)).toBe(yes));
});

describe('why', () => {
  it('names known skip reasons, WhatsApp codes by their action, and shows anything else as it came', () => {
    expect(recipientWhy({ phase: 'skipped', reason: 'opted_out' })).toEqual({ kind: 'skip', reason: 'opted_out' });
    expect(recipientWhy({ phase: 'skipped', reason: 'unreachable', code: 131026 })).toEqual({ kind: 'skip', reason: 'unreachable' });
    expect(recipientWhy({ phase: 'failed', code: 131026, reason: 'Message undeliverable' })).toMatchObject({ kind: 'error', action: 'unreachable', code: 131026 });
    expect(recipientWhy({ phase: 'accepted', delivery: 'failed', code: 131050 })).toMatchObject({ kind: 'error', action: 'suppress' });
    expect(recipientWhy({ phase: 'failed', code: 999_999 })).toMatchObject({ kind: 'error', action: 'unknown' });
    expect(recipientWhy({ phase: 'failed', code: -1, reason: 'connection refused' })).toMatchObject({ kind: 'error', action: 'transient', meaning: 'connection refused' });
    expect(recipientWhy({ phase: 'skipped', reason: 'something new' })).toEqual({ kind: 'text', text: 'something new' });
    expect(recipientWhy({ phase: 'accepted', delivery: 'read' })).toEqual({ kind: 'none' });
  });
});

describe('narrowing to one failure group (from the Results report)', () => {
  let n = 0;
  const row = (r: Partial<Row> & Pick<Row, 'phase'>): Row => ({ job: `j${++n}`, campaign: 'c1', contact: `+8210000${n}`, attempts: 1, at: 0, rev: n, ...r });
  const rows = [
    row({ phase: 'accepted', delivery: 'read' }),
    row({ phase: 'failed', code: 131026 }), // error.unreachable
    row({ phase: 'accepted', delivery: 'failed', code: 131026 }), // error.unreachable, after acceptance
    row({ phase: 'failed' }), // other: failed without a code
    row({ phase: 'accepted', delivery: 'failed' }), // other: undelivered without a code
    row({ phase: 'skipped', reason: 'something new' }), // other: a skip reason this version does not know
    row({ phase: 'skipped', reason: 'quiet_hours' }), // skip.quiet_hours
    row({ phase: 'skipped', reason: 'quiet_hours' }),
    row({ phase: 'ambiguous' }),
  ];
  const jobs = (narrowed: Row[]) => narrowed.map((r) => r.job);

  it('with a reason, keeps exactly the rows the report counts under that group', () => {
    for (const group of ['error.unreachable', 'other', 'skip.quiet_hours', 'ambiguous']) {
      expect(jobs(narrowRecipients(rows, { filter: 'all', reason: group }))).toEqual(jobs(rows.filter((r) => failureGroup(r) === group)));
    }
    expect(narrowRecipients(rows, { filter: 'all', reason: 'other' })).toHaveLength(3);
    expect(narrowRecipients(rows, { filter: 'all', reason: 'skip.quiet_hours' })).toHaveLength(2);
  });
  it('reason and filter both apply: "other" under Failed leaves out the unknown skip', () => {
    expect(jobs(narrowRecipients(rows, { filter: 'failed', reason: 'other' }))).toEqual([rows[3]!.job, rows[4]!.job]);
    expect(narrowRecipients(rows, { filter: 'skipped', reason: 'other' }).map((r) => r.reason)).toEqual(['something new']);
    expect(narrowRecipients(rows, { filter: 'sent', reason: 'error.unreachable' })).toEqual([]);
  });
  it('without a reason it is the filter alone', () => {
    expect(narrowRecipients(rows, { filter: 'all' })).toHaveLength(rows.length);
    expect(narrowRecipients(rows, { filter: 'failed' })).toHaveLength(4);
  });
  it('a group nobody has shows nobody', () => {
    expect(narrowRecipients(rows, { filter: 'all', reason: 'error.stop_all' })).toEqual([]);
  });
  it('reads a group back into words the screen knows, anything else as other reasons', () => {
    expect(parseReasonGroup('skip.quiet_hours')).toEqual({ kind: 'skip', reason: 'quiet_hours' });
    expect(parseReasonGroup('error.unreachable')).toEqual({ kind: 'error', action: 'unreachable' });
    expect(parseReasonGroup('ambiguous')).toEqual({ kind: 'ambiguous' });
    expect(parseReasonGroup('other')).toEqual({ kind: 'other' });
    expect(parseReasonGroup('skip.something new')).toEqual({ kind: 'other' });
    expect(parseReasonGroup('error.toString')).toEqual({ kind: 'other' });
  });
  it('only the list\'s own filters are taken from outside', () => {
    expect(asRecipientFilter('failed')).toBe('failed');
    expect(asRecipientFilter('skipped')).toBe('skipped');
    expect(asRecipientFilter('everything')).toBeUndefined();
    expect(asRecipientFilter(undefined)).toBeUndefined();
  });
});
