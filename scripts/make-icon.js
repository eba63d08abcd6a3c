// Draws media/icon.png (128x128): an attention heatmap in viridis colours, a causal-looking lower
// triangle with a bright diagonal. Run once: node scripts/make-icon.js
'use strict';
const fs = require('fs');
const zlib = require('zlib');

const SIZE = 128;
const VIRIDIS = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
function viridis(t) {
  const x = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  return VIRIDIS[i].map((a, k) => Math.round(a + (VIRIDIS[i + 1][k] - a) * f));
}
const cells = 8, pad = 8, cell = (SIZE - 2 * pad) / cells;
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0;
  for (let x = 0; x < SIZE; x++) {
    const o = y * (SIZE * 4 + 1) + 1 + x * 4;
    const q = Math.floor((y - pad) / cell), k = Math.floor((x - pad) / cell);
    const inside = q >= 0 && k >= 0 && q < cells && k < cells && (x - pad) % cell > 1 && (y - pad) % cell > 1;
    if (!inside) { raw.writeUInt32BE(0x00000000, o); continue; }
    const w = k > q ? -1 : k === q ? 1 : k === q - 1 ? 0.6 : 0.15 + 0.1 * ((q * 7 + k * 3) % 4);
    const [r, g, b] = w < 0 ? [40, 40, 48] : viridis(w);
    raw[o] = r; raw[o + 1] = g; raw[o + 2] = b; raw[o + 3] = 255;
  }
}
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(zlib.crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0); ihdr.writeUInt32BE(SIZE, 4); ihdr[8] = 8; ihdr[9] = 6;
fs.writeFileSync('media/icon.png', Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]));
console.log('wrote media/icon.png');
