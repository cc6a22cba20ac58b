/**
 * Reads a zip's central directory (without inflating anything) so a spreadsheet that would inflate to gigabytes is
 * refused before SheetJS starts: the zip-bomb check the issue asks for. The declared sizes can lie; the caps on
 * rows and the worker's own memory limit are the second line.
 */
export interface ZipEntry {
  name: string;
  compressed: number;
  uncompressed: number;
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
    entries.push({ name, compressed: u32(bytes, offset + 20), uncompressed: u32(bytes, offset + 24) });
    offset += 46 + nameLength + u16(bytes, offset + 30) + u16(bytes, offset + 32);
  }
  return entries;
}

export const ZIP_MAX_INFLATED = 200 * 1024 * 1024;
export const ZIP_MAX_RATIO = 200; // sheet XML compresses 10–50x; bombs 1,000x and more

/** 'ok', or why the zip is refused: it would inflate past the cap, or one big entry compresses implausibly well. */
export function checkZip(bytes: Uint8Array): 'ok' | 'corrupt' | 'bomb' {
  const entries = zipEntries(bytes);
  if (!entries || entries.length === 0) return 'corrupt';
  let total = 0;
  for (const e of entries) {
    // 0xFFFFFFFF means ZIP64: sizes over 4 GB, never a shop's contact list.
    if (e.uncompressed === 0xffffffff) return 'bomb';
    total += e.uncompressed;
    if (e.uncompressed > 1024 * 1024 && e.uncompressed / Math.max(1, e.compressed) > ZIP_MAX_RATIO) return 'bomb';
  }
  return total > ZIP_MAX_INFLATED ? 'bomb' : 'ok';
}
