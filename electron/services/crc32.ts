/**
 * CRC-32 (IEEE 802.3, the polynomial of zlib and PNG) of a string's UTF-8 bytes: the journal's line checksum. The
 * same numbers as Node's `zlib.crc32(text)`, which earlier journals were written with, computed here so the
 * services import no `node:` module (electron/services/crc32.test.ts compares the two).
 */
const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

const encoder = new TextEncoder();

/** The checksum as an unsigned 32-bit number. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of encoder.encode(text)) crc = (TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8); // index < 256: always defined
  return (crc ^ 0xffffffff) >>> 0;
}
