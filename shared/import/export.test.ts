import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { claimedSource } from '../domain/contact';
import { contactsCsv, contactsXlsx, exportRows, type ExportContact } from './export';
import { runPipeline } from './pipeline';
import { iconvDecode } from '../../test/fixtures/import/read';

const anna: ExportContact = {
  name: '=HYPERLINK("http://evil","x")',
  phone: '+821012345678',
  labels: ['VIP', '단골'],
  optInStatus: 'opted_in',
  optInSource: 'in_store',
  optInAt: Date.UTC(2025, 2, 1),
  notes: '@mention',
  lastInteractionAt: null,
};

describe('contactsCsv', () => {
  it('writes a BOM, the header and one neutralised line per contact, the phone as text for Excel, times in the shop’s zone', () => {
    expect(contactsCsv([anna], 'Asia/Seoul')).toBe(
      '\ufeffname,phone,labels,opt_in,opt_in_source,opt_in_date,notes,last_interaction,night_consent,night_consent_source,night_consent_date,user_id,username\r\n' +
        `"'=HYPERLINK(""http://evil"",""x"")","\t+821012345678",VIP; 단골,opted_in,in_store,2025-03-01 09:00,'@mention,,,,,,\r\n`,
    );
  });

  // 2025-03-01 00:00 UTC is still 28 February in Los Angeles and already 9 in the morning in Seoul and Taipei.
  it.each([
    ['Asia/Seoul', '2025-03-01 09:00'],
    ['Asia/Taipei', '2025-03-01 08:00'],
    ['America/Los_Angeles', '2025-02-28 16:00'],
    ['UTC', '2025-03-01 00:00'],
  ])('writes times in %s as %s, never as a UTC ISO string', (zone, local) => {
    const cells = contactsCsv([{ ...anna, name: 'A', notes: '', lastInteractionAt: Date.UTC(2025, 2, 1) }], zone).split('\r\n')[1]!.split(','); // one contact line
    expect([cells[5], cells[7]]).toEqual([local, local]);
  });

  it.each([
    ['+821012345678', '"\t+821012345678"'], // what Excel would show as 8.21012E+11
    ['+14155550132', '"\t+14155550132"'],
    ['', ''],
    ['+82 10 1234 5678', "'+82 10 1234 5678"], // not exactly E.164: neutralised like any other cell
    ['=1+2', "'=1+2"],
  ])('phone cell %j → %j: text in Excel, never a formula', (phone, cell) => {
    expect(contactsCsv([{ ...anna, name: 'A', phone, notes: '', optInAt: null }], 'UTC').split('\r\n')[1]!.split(',')[1]).toBe(cell); // one contact line
  });

  it('writes night-time consent with its source and day, and a claimed consent in words', () => {
    const claimed = claimedSource('list.csv', Date.UTC(2026, 11, 1, 0, 30));
    const row = exportRows([{ ...anna, optInSource: claimed, nightConsent: { at: Date.UTC(2026, 11, 1, 0, 30), source: 'in_store' } }], 'Asia/Seoul')[0]!;
    expect(row[4]).toBe('claimed by the file list.csv, imported 2026-12-01 09:30');
    expect(row.slice(8, 11)).toEqual(['yes', 'in_store', '2026-12-01 09:30']);
    expect(exportRows([anna], 'Asia/Seoul')[0]!.slice(8)).toEqual(['', '', '', '', '']);
  });

  it('writes the WhatsApp user id and username last, and neutralises a username that starts with @', () => {
    const row = exportRows([{ ...anna, userId: 'KR.1349120865', username: '@mina.k' }], 'Asia/Seoul')[0]!;
    expect(row.slice(11)).toEqual(['KR.1349120865', '@mina.k']);
    const line = contactsCsv([{ ...anna, userId: 'KR.1349120865', username: '@mina.k' }], 'UTC').split('\r\n')[1]!;
    expect(line.endsWith(",KR.1349120865,'@mina.k")).toBe(true);
  });

  it('reads the user id and username back through the importer (the id by the id path, the @ kept once)', () => {
    const csv = contactsCsv([{ ...anna, name: 'A', userId: 'KR.1349120865', username: '@mina.k' }, { ...anna, name: 'B', phone: '+821022223333' }], 'Asia/Seoul');
    const r = runPipeline(new TextEncoder().encode(csv), { country: 'KR', decode: iconvDecode });
    expect(r.ok && r.contacts.map((c) => [c.phone, c.userId, c.username])).toEqual([['+821012345678', 'KR.1349120865', '@mina.k'], ['+821022223333', undefined, undefined]]);
  });

  it('reads night-time consent and the consent source back through the importer', () => {
    const csv = contactsCsv([{ ...anna, name: 'A', nightConsent: { at: Date.UTC(2025, 2, 1), source: 'in_store' } }, { ...anna, name: 'B', phone: '+821022223333' }], 'Asia/Seoul');
    const r = runPipeline(new TextEncoder().encode(csv), { country: 'KR', decode: iconvDecode });
    expect(r.ok && r.contacts.map((c) => [c.nightConsent, c.consentSource])).toEqual([[true, 'in_store'], [undefined, 'in_store']]);
  });

  it('reads back through the importer to the same numbers and labels', () => {
    const r = runPipeline(new TextEncoder().encode(contactsCsv([anna, { ...anna, name: 'Ben', phone: '+14155550132', labels: [] }], 'Asia/Seoul')), { country: 'KR', decode: iconvDecode });
    expect(r.ok && r.contacts.map((c) => [c.phone, c.labels])).toEqual([['+821012345678', ['VIP', '단골']], ['+14155550132', []]]);
  });
});

describe('contactsXlsx', () => {
  const sheet = () => {
    const book = XLSX.read(contactsXlsx([anna], 'Asia/Seoul'), { type: 'array', cellNF: true });
    return book.Sheets[book.SheetNames[0]!]!; // the export writes one sheet
  };

  it('stores the phone as a text cell with the Text format', () => {
    expect(sheet()['B2']).toMatchObject({ t: 's', v: '+821012345678', z: '@' });
  });

  it('writes times in the shop’s zone', () => {
    expect(sheet()['F2']).toMatchObject({ t: 's', v: '2025-03-01 09:00' });
  });

  it('stores no formulas, and neutralises formula-looking text', () => {
    expect(sheet()['A2']).toMatchObject({ t: 's', v: `'=HYPERLINK("http://evil","x")` });
    expect(sheet()['A2']?.f).toBeUndefined();
  });
});
