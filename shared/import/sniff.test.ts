import { describe, expect, it } from 'vitest';
import { fixture } from '../../test/fixtures/import/read';
import { sniff } from './sniff';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('sniff: the kind of file by its bytes, not its name', () => {
  it.each([
    ['contacts.xlsx', { ok: true, kind: 'xlsx' }],
    ['contacts.ods', { ok: true, kind: 'ods' }],
    ['contacts.xls', { ok: true, kind: 'xls' }],
    ['empty.csv', { ok: false, problem: 'empty' }],
    ['blank.csv', { ok: false, problem: 'empty' }],
    ['binary.csv', { ok: false, problem: 'binary' }],
    ['utf8.csv', { ok: true, kind: 'text', bom: undefined, utf16: undefined }],
    ['utf8-bom.csv', { ok: true, kind: 'text', bom: 'utf-8', utf16: undefined }],
    ['utf16le.txt', { ok: true, kind: 'text', bom: 'utf-16le', utf16: undefined }],
    ['utf16be.csv', { ok: true, kind: 'text', bom: 'utf-16be', utf16: undefined }],
    ['utf16le-nobom.txt', { ok: true, kind: 'text', bom: undefined, utf16: 'utf-16le' }],
    ['cp949.csv', { ok: true, kind: 'text', bom: undefined, utf16: undefined }],
    ['iphone.vcf', { ok: true, kind: 'text', bom: undefined, utf16: undefined }],
  ])('reads %s as %j', (name, expected) => {
    expect(sniff(fixture(name))).toEqual(expected);
  });

  it('calls a zip an XLSX whatever the extension says', () => {
    expect(sniff(bytes(0x50, 0x4b, 0x03, 0x04, ...new Array<number>(40).fill(0x41)))).toEqual({ ok: true, kind: 'xlsx' });
  });

  it('rejects NUL-heavy bytes that are not UTF-16 as binary', () => {
    expect(sniff(bytes(0x00, 0x00, 0x01, 0x02, 0x00, 0x03, 0x00, 0x00, 0x7f, 0x00))).toEqual({ ok: false, problem: 'binary' });
  });
});
