import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { recipientsCsvText, recipientsXlsxBytes } from './exportRecipients';
import { matchesFilter, recipientStage, recipientWhy, type RecipientFilter, type RecipientStage } from './recipientStatus';
import type { RecipientRecord } from '../../db/db';

type R = Pick<RecipientRecord, 'phase' | 'delivery' | 'repliedAt' | 'code' | 'reason'>;

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

describe('recipient export', () => {
  const rows = [
    { name: '=HYPERLINK("x")', phone: '+821012345678', status: 'Read', reason: '-bad', lastChange: '2026-11-24T10:00:00.000Z' },
    { name: '김민지', phone: '+821099998888', status: 'Failed', reason: 'a, "quoted" reason', lastChange: '2026-11-24T11:00:00.000Z' },
  ];
  it('CSV: BOM, formula cells neutralised, E.164 kept exact, quotes escaped', () => {
    const csv = recipientsCsvText(['Contact', 'phone', 'Status', 'Reason', 'When'], rows);
    expect(csv.startsWith('\ufeff')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[1]).toBe(`"'=HYPERLINK(""x"")",+821012345678,Read,'-bad,2026-11-24T10:00:00.000Z`);
    expect(lines[2]).toBe('김민지,+821099998888,Failed,"a, ""quoted"" reason",2026-11-24T11:00:00.000Z');
  });
  it('XLSX: the phone is a text cell, formulas are never formulas', () => {
    const book = XLSX.read(recipientsXlsxBytes(['Contact', 'phone', 'Status', 'Reason', 'When'], rows), { type: 'array' });
    const sheet = book.Sheets.Recipients!;
    expect(sheet.B2).toMatchObject({ t: 's', v: '+821012345678' });
    expect(sheet.A2).toMatchObject({ t: 's', v: `'=HYPERLINK("x")` });
    expect(sheet.A2.f).toBeUndefined();
  });
});
