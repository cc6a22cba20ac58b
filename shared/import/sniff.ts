/**
 * What kind of file this is, by its bytes and never by its name: shops rename files, and Excel saves "CSV" that is
 * really UTF-16 text, so the extension is a hint at best.
 */
import type { EncodingName, FileKind, FileProblem } from './types';
import { zipEntries } from './zip';

export type Sniffed =
  | { ok: true; kind: Exclude<FileKind, 'vcard' | 'delimited'> }
  | { ok: true; kind: 'text'; bom: EncodingName | undefined; utf16: EncodingName | undefined }
  | { ok: false; problem: Extract<FileProblem, 'empty' | 'binary'> };

const ascii = (bytes: Uint8Array, from: number, to: number): string => String.fromCharCode(...bytes.subarray(from, to));

export function bomOf(bytes: Uint8Array): EncodingName | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** UTF-16 without a BOM: ASCII-heavy text puts a NUL in every other byte, on the odd side for LE, the even for BE. */
function utf16Without(bytes: Uint8Array, sample: number): EncodingName | undefined {
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i + 1 < sample; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = Math.floor(sample / 2);
  if (pairs < 2) return undefined;
  if (oddNul / pairs > 0.3 && evenNul / pairs < 0.05) return 'utf-16le';
  if (evenNul / pairs > 0.3 && oddNul / pairs < 0.05) return 'utf-16be';
  return undefined;
}

export function sniff(bytes: Uint8Array): Sniffed {
  if (bytes.length === 0) return { ok: false, problem: 'empty' };
  // ZIP local file header "PK\3\4": XLSX and ODS are both zips. ODS should store its mimetype first, but not every
  // writer does; its content.xml (and no [Content_Types].xml) tells it apart.
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    const names = zipEntries(bytes)?.map((e) => e.name) ?? [];
    const ods = ascii(bytes, 30, 100).includes('opendocument') || (names.includes('content.xml') && !names.includes('[Content_Types].xml'));
    return { ok: true, kind: ods ? 'ods' : 'xlsx' };
  }
  // OLE compound file (legacy .xls).
  if ([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1].every((b, i) => bytes[i] === b)) return { ok: true, kind: 'xls' };
  const bom = bomOf(bytes);
  if (bom) return { ok: true, kind: 'text', bom, utf16: undefined };
  const sample = Math.min(bytes.length, 8192);
  const utf16 = utf16Without(bytes, sample);
  if (utf16) return { ok: true, kind: 'text', bom: undefined, utf16 };
  // Text has no NULs and few control bytes; images, PDFs and executables renamed .csv have plenty.
  let control = 0;
  for (let i = 0; i < sample; i++) {
    const b = bytes[i]!; // i < sample <= length
    if (b === 0 || (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b)) control++;
  }
  if (control / sample > 0.02) return { ok: false, problem: 'binary' };
  // A file of whitespace only is as good as empty.
  let blank = true;
  for (let i = 0; i < sample && blank; i++) blank = bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09;
  if (blank && bytes.length === sample) return { ok: false, problem: 'empty' };
  return { ok: true, kind: 'text', bom: undefined, utf16: undefined };
}
