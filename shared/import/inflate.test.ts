import { describe, expect, it } from 'vitest';
import { deflateRaw } from '../../test/fixtures/import/read';
import { inflatedSize } from './inflate';

// Deterministic bytes of several kinds: what compresses not at all, somewhat (text-like) and extremely (runs).
function bytesOf(kind: 'random' | 'text' | 'zeros', n: number): Uint8Array {
  const out = new Uint8Array(n);
  let seed = 7;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    out[i] = kind === 'zeros' ? 0 : kind === 'random' ? seed & 0xff : 'abcdefgh <row r="1"><c t="s"><v>'.charCodeAt(seed % 33);
  }
  return out;
}

describe('inflatedSize counts what a DEFLATE stream really inflates to', () => {
  it.each([
    ['random', 100_000, 0], // stored blocks
    ['random', 100_000, 6],
    ['text', 300_000, 1], // fixed and dynamic Huffman blocks
    ['text', 300_000, 9],
    ['zeros', 5_000_000, 9], // long back-references
    ['text', 0, 6],
  ] as const)('%s, %i bytes, level %i', (kind, n, level) => {
    const compressed = deflateRaw(bytesOf(kind, n), level);
    expect(inflatedSize(compressed, 0, compressed.length, Number.MAX_SAFE_INTEGER)).toEqual({ ok: true, output: n, consumed: compressed.length });
  });

  it('stops as soon as the output passes the cap', () => {
    const compressed = deflateRaw(bytesOf('zeros', 5_000_000), 9);
    const r = inflatedSize(compressed, 0, compressed.length, 1_000_000);
    expect(r.ok === false && r.reason === 'over' && r.output > 1_000_000 && r.output < 1_100_000).toBe(true);
  });

  it('reads from an offset and says how much of the input the stream used', () => {
    const compressed = deflateRaw(bytesOf('text', 50_000), 6);
    const framed = new Uint8Array([9, 9, 9, ...compressed, 1, 2, 3, 4]);
    expect(inflatedSize(framed, 3, framed.length, Infinity)).toEqual({ ok: true, output: 50_000, consumed: compressed.length });
  });

  it.each([
    ['cut short', (c: Uint8Array) => c.subarray(0, c.length >> 1)],
    ['reserved block type', () => new Uint8Array([0b111, 0, 0])],
    ['a stored block whose length fails its check', () => new Uint8Array([1, 5, 0, 5, 0, 1, 2, 3, 4, 5])],
    ['a back-reference before the start', () => new Uint8Array([0x03, 0x02, 0x00])], // fixed block: length 3, distance 1, nothing output yet,
  ])('calls a damaged stream corrupt: %s', (_, damage) => {
    const bad = damage(deflateRaw(bytesOf('text', 100_000), 6));
    expect(inflatedSize(bad, 0, bad.length, Infinity)).toMatchObject({ ok: false, reason: 'corrupt' });
  });
});
