#!/usr/bin/env node
/**
 * Draws ListPrep's icon (a list on a blue rounded square) and writes it as PNG with nothing but
 * Node: build/icon.png (512×512, mac and Windows), build/icons/512x512.png and 256x256.png (Linux).
 * Shapes are signed-distance tests, supersampled 4×4 per pixel for smooth edges.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

const root = path.resolve(import.meta.dirname, '..');

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
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
function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    rows[y * (width * 4 + 1)] = 0; // filter: none
    rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Shapes in unit coordinates (0..1); each returns true when the point is inside.
const roundedRect = (x0, y0, x1, y1, r) => (x, y) => {
  const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
  const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
  return x >= x0 && x <= x1 && y >= y0 && y <= y1 && dx * dx + dy * dy <= r * r;
};
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;

const background = roundedRect(0.06, 0.06, 0.94, 0.94, 0.2);
const rows = [0.33, 0.5, 0.67];
const bars = rows.map((y) => roundedRect(0.4, y - 0.035, 0.78, y + 0.035, 0.035));
const bullets = rows.map((y) => circle(0.27, y, 0.05));
const ink = [...bars, ...bullets];

function draw(size) {
  const samples = 4;
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let bg = 0;
      let fg = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          if (!background(x, y)) continue;
          bg++;
          if (ink.some((shape) => shape(x, y))) fg++;
        }
      }
      const n = samples * samples;
      const t = (px + py) / (2 * size); // diagonal gradient #2563EB → #0891B2
      const base = [0x25 + (0x08 - 0x25) * t, 0x63 + (0x91 - 0x63) * t, 0xeb + (0xb2 - 0xeb) * t];
      const mix = bg ? fg / bg : 0;
      const i = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) rgba[i + c] = Math.round(base[c] * (1 - mix) + 255 * mix);
      rgba[i + 3] = Math.round((255 * bg) / n);
    }
  }
  return encodePng(size, size, rgba);
}

const icon512 = draw(512);
const icon256 = draw(256);
mkdirSync(path.join(root, 'build', 'icons'), { recursive: true });
writeFileSync(path.join(root, 'build', 'icon.png'), icon512);
writeFileSync(path.join(root, 'build', 'icons', '512x512.png'), icon512);
writeFileSync(path.join(root, 'build', 'icons', '256x256.png'), icon256);
console.log('Wrote build/icon.png and build/icons/{512x512,256x256}.png');
