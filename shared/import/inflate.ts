/**
 * How many bytes a raw DEFLATE stream (RFC 1951) really inflates to, without keeping any of them. A zip's declared
 * sizes are written by whoever made the file, so a bomb can claim 1 KB and inflate to gigabytes: the only size to
 * trust is the one the decoder produces. Counting needs no output window: DEFLATE's Huffman codes and back-reference
 * lengths are all in the bit stream, never derived from the output, so a back-reference adds its length to the count
 * and only its distance is checked (it may not reach before the start). Memory stays constant and decoding stops the
 * moment the count passes the caller's cap, before SheetJS (which inflates whole entries) ever sees the file.
 *
 * Pure and synchronous on purpose: the import pipeline is synchronous in both hosts (the worker and `shopcast clean`),
 * and `shared/` uses neither DOM (DecompressionStream) nor Node (zlib) APIs.
 */

export type InflateCount =
  | { ok: true; output: number; consumed: number }
  /** `over`: the output passed `maxOutput` (decoding stopped there); `corrupt`: not a valid DEFLATE stream. */
  | { ok: false; reason: 'over' | 'corrupt'; output: number };

// RFC 1951 §3.2.5: base lengths and extra bits for length codes 257..285, base distances and extra bits for 0..29.
const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
// The order code-length code lengths are sent in (§3.2.7).
const CLEN_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

class Corrupt extends Error {}

/**
 * A canonical Huffman code as a lookup table indexed by the next `bits` input bits (LSB first, as DEFLATE sends
 * them): each entry is `symbol << 4 | code length`, 0 where no code matches (an incomplete code).
 */
interface Table {
  lookup: Int32Array;
  bits: number;
}

function buildTable(lengths: ArrayLike<number>, count: number): Table {
  let bits = 0;
  const perLength = new Array<number>(16).fill(0);
  for (let s = 0; s < count; s++) {
    const l = lengths[s] ?? 0;
    perLength[l]!++; // l < 16: code lengths are at most 15 by construction
    if (l > bits) bits = l;
  }
  if (bits === 0) return { lookup: new Int32Array(1), bits: 1 }; // no codes: any use of it is corrupt
  perLength[0] = 0;
  // First code of each length (§3.2.2), then over-subscription check: more codes than the length allows is corrupt.
  const next = new Array<number>(16).fill(0);
  let code = 0;
  let left = 1;
  for (let l = 1; l <= 15; l++) {
    code = (code + perLength[l - 1]!) << 1;
    next[l] = code;
    left = (left << 1) - perLength[l]!;
    if (left < 0) throw new Corrupt('over-subscribed code');
  }
  const size = 1 << bits;
  const lookup = new Int32Array(size);
  for (let s = 0; s < count; s++) {
    const l = lengths[s] ?? 0;
    if (l === 0) continue;
    const c = next[l]!++;
    // Codes are sent most significant bit first, the bit reader is LSB first: reverse, then fill every index whose
    // low `l` bits are this code.
    let rev = 0;
    for (let i = 0; i < l; i++) rev |= ((c >> i) & 1) << (l - 1 - i);
    for (let i = rev; i < size; i += 1 << l) lookup[i] = (s << 4) | l;
  }
  return { lookup, bits };
}

const FIXED_LITLEN = (() => {
  const l = new Uint8Array(288);
  l.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288);
  return buildTable(l, 288);
})();
const FIXED_DIST = buildTable(new Uint8Array(30).fill(5), 30);

/**
 * Decodes the DEFLATE stream in `bytes` from `start` (reading no further than `end`), counting output bytes, and
 * stops with `over` as soon as the count exceeds `maxOutput`.
 */
export function inflatedSize(bytes: Uint8Array, start: number, end: number, maxOutput: number): InflateCount {
  let pos = start;
  let bitBuf = 0;
  let bitCount = 0;
  let output = 0;
  const need = (n: number): void => {
    while (bitCount < n) {
      if (pos >= end) throw new Corrupt('ran out of input');
      bitBuf |= bytes[pos++]! << bitCount; // pos < end <= length
      bitCount += 8;
    }
  };
  const take = (n: number): number => {
    if (n === 0) return 0;
    need(n);
    const v = bitBuf & ((1 << n) - 1);
    bitBuf >>>= n;
    bitCount -= n;
    return v;
  };
  const decode = (t: Table): number => {
    // Near the end of the input fewer than `bits` bits may remain although the code itself is shorter: peek with
    // what there is (the missing high bits read as 0) and check the matched code's length against it.
    while (bitCount < t.bits && pos < end) {
      bitBuf |= bytes[pos++]! << bitCount; // pos < end
      bitCount += 8;
    }
    const entry = t.lookup[bitBuf & ((1 << t.bits) - 1)]!; // index < lookup.length by the mask
    const len = entry & 15;
    if (len === 0 || len > bitCount) throw new Corrupt('bad code');
    bitBuf >>>= len;
    bitCount -= len;
    return entry >> 4;
  };
  try {
    let last = 0;
    while (!last) {
      last = take(1);
      const type = take(2);
      if (type === 0) {
        // Stored block: skip to a byte boundary, LEN and its one's complement, then LEN raw bytes.
        bitBuf = 0;
        bitCount = 0;
        if (pos + 4 > end) throw new Corrupt('stored header');
        const len = bytes[pos]! | (bytes[pos + 1]! << 8); // bounds checked above
        const nlen = bytes[pos + 2]! | (bytes[pos + 3]! << 8);
        if ((len ^ 0xffff) !== nlen) throw new Corrupt('stored length');
        pos += 4 + len;
        if (pos > end) throw new Corrupt('stored data');
        output += len;
      } else if (type === 1 || type === 2) {
        let litlen = FIXED_LITLEN;
        let dist = FIXED_DIST;
        if (type === 2) {
          const hlit = take(5) + 257;
          const hdist = take(5) + 1;
          const hclen = take(4) + 4;
          const clens = new Uint8Array(19);
          for (let i = 0; i < hclen; i++) clens[CLEN_ORDER[i]!] = take(3); // i < 19
          const clen = buildTable(clens, 19);
          const lengths = new Uint8Array(hlit + hdist);
          for (let i = 0; i < hlit + hdist; ) {
            const sym = decode(clen);
            if (sym < 16) lengths[i++] = sym;
            else {
              let repeat: number;
              let value = 0;
              if (sym === 16) {
                if (i === 0) throw new Corrupt('repeat with no previous length');
                value = lengths[i - 1]!; // i > 0
                repeat = 3 + take(2);
              } else if (sym === 17) repeat = 3 + take(3);
              else repeat = 11 + take(7);
              if (i + repeat > hlit + hdist) throw new Corrupt('lengths overrun');
              lengths.fill(value, i, i + repeat);
              i += repeat;
            }
          }
          if (lengths[256] === 0) throw new Corrupt('no end-of-block code');
          litlen = buildTable(lengths.subarray(0, hlit), hlit);
          dist = buildTable(lengths.subarray(hlit), hdist);
        }
        for (;;) {
          const sym = decode(litlen);
          if (sym < 256) output++;
          else if (sym === 256) break;
          else {
            const i = sym - 257;
            if (i >= 29) throw new Corrupt('bad length code');
            const length = LENGTH_BASE[i]! + take(LENGTH_EXTRA[i]!); // i < 29
            const d = decode(dist);
            if (d >= 30) throw new Corrupt('bad distance code');
            const distance = DIST_BASE[d]! + take(DIST_EXTRA[d]!); // d < 30
            if (distance > output) throw new Corrupt('distance before the start');
            output += length;
          }
          if (output > maxOutput) return { ok: false, reason: 'over', output };
        }
      } else throw new Corrupt('reserved block type');
      if (output > maxOutput) return { ok: false, reason: 'over', output };
    }
  } catch (error) {
    if (error instanceof Corrupt) return { ok: false, reason: 'corrupt', output };
    throw error;
  }
  // Bits left in the buffer were read ahead but belong to nothing: whole bytes of them were not consumed.
  return { ok: true, output, consumed: pos - start - (bitCount >> 3) };
}
