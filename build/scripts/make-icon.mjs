// Draws the Shopcast app icon and writes build/icon.png (1024×1024) and build/icon.ico (16–256 px).
//
// Run: node build/scripts/make-icon.mjs
//
// The icon is drawn from signed distance functions (rounded square, speech bubble, three dots) with 4×4
// supersampling, so every size is rendered sharp from the shapes rather than scaled down from the big PNG.
// Only node:zlib is used: no image library to install, and the output is byte-for-byte reproducible.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));

// ── Drawing (in a 1024×1024 design space) ────────────────────────────────────────────────────────────────────────

const GREEN_TOP = [0x2b, 0xb6, 0x73];
const GREEN_BOTTOM = [0x12, 0x86, 0x4b];
const DOT = [0x17, 0x9b, 0x5b];
const WHITE = [0xff, 0xff, 0xff];

/** Distance from p to a rounded box centred at c with half-size h and corner radius r (negative inside). */
function roundedBox(px, py, cx, cy, hx, hy, r) {
  const qx = Math.abs(px - cx) - hx + r;
  const qy = Math.abs(py - cy) - hy + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

function circle(px, py, cx, cy, r) {
  return Math.hypot(px - cx, py - cy) - r;
}

/** Inside test for a triangle (the bubble's tail), by the sign of the three edge functions. */
function inTriangle(px, py, [ax, ay], [bx, by], [cx, cy]) {
  const d1 = (px - bx) * (ay - by) - (ax - bx) * (py - by);
  const d2 = (px - cx) * (by - cy) - (bx - cx) * (py - cy);
  const d3 = (px - ax) * (cy - ay) - (cx - ax) * (py - ay);
  const hasNeg = d1 < 0 || d2 < 0 || d3 < 0;
  const hasPos = d1 > 0 || d2 > 0 || d3 > 0;
  return !(hasNeg && hasPos);
}

const TAIL = [
  [330, 600],
  [270, 790],
  [470, 650],
];

/** The colour at one point of the design space, or null where the icon is transparent. */
function colourAt(x, y) {
  // A rounded square with a little margin, as platform icon grids expect.
  if (roundedBox(x, y, 512, 512, 448, 448, 200) > 0) return null;
  const bubble = roundedBox(x, y, 512, 470, 310, 220, 120) <= 0 || inTriangle(x, y, ...TAIL);
  if (bubble) {
    for (const dx of [-130, 0, 130]) if (circle(x, y, 512 + dx, 470, 50) <= 0) return DOT;
    return WHITE;
  }
  const t = (y - 64) / 896;
  return GREEN_TOP.map((top, i) => Math.round(top + ((GREEN_BOTTOM[i] ?? 0) - top) * t));
}

/** RGBA pixels (non-premultiplied) of the icon at `size`×`size`. */
function render(size) {
  const SS = 4;
  const scale = 1024 / size;
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const c = colourAt((px + (sx + 0.5) / SS) * scale, (py + (sy + 0.5) / SS) * scale);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          a += 1;
        }
      }
      const o = (py * size + px) * 4;
      if (a > 0) {
        pixels[o] = Math.round(r / a);
        pixels[o + 1] = Math.round(g / a);
        pixels[o + 2] = Math.round(b / a);
      }
      pixels[o + 3] = Math.round((a / (SS * SS)) * 255);
    }
  }
  return pixels;
}

// ── PNG ──────────────────────────────────────────────────────────────────────────────────────────────────────────

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  // bytes 10–12: deflate compression, adaptive filtering, no interlace
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ── ICO ──────────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * A classic 32-bit DIB entry (BGRA, bottom-up, followed by an all-zero AND mask). Used for the small sizes because
 * some Windows tools (older NSIS, resource editors) refuse PNG-compressed entries below 256 px.
 */
function encodeDib(size, rgba) {
  const info = Buffer.alloc(40);
  info.writeUInt32LE(40, 0); // header size
  info.writeInt32LE(size, 4);
  info.writeInt32LE(size * 2, 8); // colour rows + mask rows
  info.writeUInt16LE(1, 12); // planes
  info.writeUInt16LE(32, 14); // bits per pixel
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const from = ((size - 1 - y) * size + x) * 4;
      const to = (y * size + x) * 4;
      pixels[to] = rgba[from + 2] ?? 0;
      pixels[to + 1] = rgba[from + 1] ?? 0;
      pixels[to + 2] = rgba[from] ?? 0;
      pixels[to + 3] = rgba[from + 3] ?? 0;
    }
  }
  const maskRowBytes = Math.ceil(size / 32) * 4;
  return Buffer.concat([info, pixels, Buffer.alloc(maskRowBytes * size)]);
}

function encodeIco(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(images.length, 4);
  const entries = [];
  let offset = 6 + 16 * images.length;
  for (const { size, data } of images) {
    const entry = Buffer.alloc(16);
    entry[0] = size >= 256 ? 0 : size; // 0 means 256
    entry[1] = size >= 256 ? 0 : size;
    entry.writeUInt16LE(1, 4); // planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(data.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += data.length;
    entries.push(entry);
  }
  return Buffer.concat([header, ...entries, ...images.map((i) => i.data)]);
}

// ── Main ─────────────────────────────────────────────────────────────────────────────────────────────────────────

const png = encodePng(1024, render(1024));
writeFileSync(resolve(root, 'build/icon.png'), png);

const ico = encodeIco(
  [16, 24, 32, 48, 64, 128, 256].map((size) => {
    const rgba = render(size);
    return { size, data: size >= 256 ? encodePng(size, rgba) : encodeDib(size, rgba) };
  }),
);
writeFileSync(resolve(root, 'build/icon.ico'), ico);

console.log(`build/icon.png: 1024×1024, ${png.length} bytes; build/icon.ico: 7 sizes, ${ico.length} bytes`);
