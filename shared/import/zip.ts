/**
 * The zip-bomb check, before SheetJS starts (SheetJS inflates whole entries into memory). Two steps: the central
 * directory's declared sizes (free: nothing inflates), then, because declared sizes are written by whoever made the
 * file and can lie, every compressed entry is really inflated by a counting decoder (inflate.ts) that keeps no output
 * and stops the moment the real size passes the cap or the ratio.
 */
import { inflatedSize } from './inflate';

export interface ZipEntry {
  name: string;
  compressed: number;
  uncompressed: number;
  /** 0 stored, 8 deflate; SheetJS reads nothing else. */
  method: number;
  /** Where the entry's local header starts. */
  offset: number;
}

const u16 = (b: Uint8Array, o: number) => (b[o] ?? 0) | ((b[o + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, o: number) => (u16(b, o) + u16(b, o + 2) * 0x10000) >>> 0;

/** The entries, or undefined when there is no readable central directory (a truncated or corrupt zip). */
export function zipEntries(bytes: Uint8Array): ZipEntry[] | undefined {
  // End of central directory: 22 bytes plus a comment of at most 65,535, so search the tail backwards.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (u32(bytes, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const count = u16(bytes, eocd + 10);
  let offset = u32(bytes, eocd + 16);
  const entries: ZipEntry[] = [];
  for (let k = 0; k < count; k++) {
    if (offset + 46 > bytes.length || u32(bytes, offset) !== 0x02014b50) return undefined;
    const nameLength = u16(bytes, offset + 28);
    const name = String.fromCharCode(...bytes.subarray(offset + 46, offset + 46 + nameLength));
    entries.push({ name, compressed: u32(bytes, offset + 20), uncompressed: u32(bytes, offset + 24), method: u16(bytes, offset + 10), offset: u32(bytes, offset + 42) });
    offset += 46 + nameLength + u16(bytes, offset + 30) + u16(bytes, offset + 32);
  }
  return entries;
}

export const ZIP_MAX_INFLATED = 200 * 1024 * 1024;
export const ZIP_MAX_RATIO = 200; // sheet XML compresses 10–50x; bombs 1,000x and more

/** Entries under this size are never called bombs for their ratio: small XML parts compress very well. */
const RATIO_FREE = 1024 * 1024;

/** 'ok', or why the zip is refused: it would inflate past the cap, or one big entry compresses implausibly well. */
export function checkZip(bytes: Uint8Array): 'ok' | 'corrupt' | 'bomb' {
  const entries = zipEntries(bytes);
  if (!entries || entries.length === 0) return 'corrupt';
  let total = 0;
  for (const e of entries) {
    // 0xFFFFFFFF means ZIP64: sizes over 4 GB, never a shop's contact list.
    if (e.uncompressed === 0xffffffff) return 'bomb';
    total += e.uncompressed;
    if (e.uncompressed > RATIO_FREE && e.uncompressed / Math.max(1, e.compressed) > ZIP_MAX_RATIO) return 'bomb';
  }
  if (total > ZIP_MAX_INFLATED) return 'bomb';
  return checkInflated(bytes, entries);
}

/**
 * The same caps on the sizes the entries really inflate to. An entry's compressed data can reach at most to the next
 * local header or the central directory, whatever its header says, so `ratio × that room` bounds a legitimate
 * entry's output and decoding stops as soon as it is passed (a 50 MB bomb in 50 KB stops after about 10 MB).
 */
function checkInflated(bytes: Uint8Array, entries: readonly ZipEntry[]): 'ok' | 'corrupt' | 'bomb' {
  const starts = [...new Set(entries.map((e) => e.offset))].sort((a, b) => a - b);
  let total = 0;
  for (const e of entries) {
    if (e.offset + 30 > bytes.length || u32(bytes, e.offset) !== 0x04034b50) return 'corrupt';
    // The local header's name and extra field lengths may differ from the central directory's.
    const dataStart = e.offset + 30 + u16(bytes, e.offset + 26) + u16(bytes, e.offset + 28);
    const next = starts.find((s) => s > e.offset);
    const dataEnd = Math.min(next ?? bytes.length, bytes.length);
    if (dataStart > dataEnd) return 'corrupt';
    let size: number;
    if (e.method === 0) size = Math.min(e.compressed, dataEnd - dataStart);
    else if (e.method === 8) {
      const room = dataEnd - dataStart;
      const cap = Math.min(ZIP_MAX_INFLATED - total, Math.max(RATIO_FREE, ZIP_MAX_RATIO * room));
      const counted = inflatedSize(bytes, dataStart, dataEnd, cap);
      if (!counted.ok) return counted.reason === 'over' ? 'bomb' : 'corrupt';
      if (counted.output > RATIO_FREE && counted.output / Math.max(1, counted.consumed) > ZIP_MAX_RATIO) return 'bomb';
      size = counted.output;
    } else return 'corrupt';
    total += size;
    if (total > ZIP_MAX_INFLATED) return 'bomb';
  }
  return 'ok';
}
