import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { contactsCsv, contactsXlsx, type ExportContact } from './export';
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
  it('writes a BOM, the header and one neutralised line per contact with the phone as E.164', () => {
    expect(contactsCsv([anna])).toBe(
      '\ufeffname,phone,labels,opt_in,opt_in_source,opt_in_date,notes,last_interaction\r\n' +
        `"'=HYPERLINK(""http://evil"",""x"")",+821012345678,VIP; 단골,opted_in,in_store,2025-03-01,'@mention,\r\n`,
    );
  });

  it('reads back through the importer to the same numbers and labels', () => {
    const r = runPipeline(new TextEncoder().encode(contactsCsv([anna, { ...anna, name: 'Ben', phone: '+14155550132', labels: [] }])), { country: 'KR', decode: iconvDecode });
    expect(r.ok && r.contacts.map((c) => [c.phone, c.labels])).toEqual([['+821012345678', ['VIP', '단골']], ['+14155550132', []]]);
  });
});

describe('contactsXlsx', () => {
  const sheet = () => {
    const book = XLSX.read(contactsXlsx([anna]), { type: 'array', cellNF: true });
    return book.Sheets[book.SheetNames[0]!]!; // the export writes one sheet
  };

  it('stores the phone as a text cell with the Text format', () => {
    expect(sheet()['B2']).toMatchObject({ t: 's', v: '+821012345678', z: '@' });
  });

  it('stores no formulas, and neutralises formula-looking text', () => {
    expect(sheet()['A2']).toMatchObject({ t: 's', v: `'=HYPERLINK("http://evil","x")` });
    expect(sheet()['A2']?.f).toBeUndefined();
  });
});
