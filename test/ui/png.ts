/**
 * Reads a PNG file into RGBA pixels with Node's zlib, no dependency: enough for the 8-bit,
 * non-interlaced truecolour images a browser's canvas.toBlob writes. Anything else is an error,
 * so a test never passes on an image it could not read.
 */
import * as zlib from 'zlib';

export const PNG_SIGNATURE: readonly number[] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function hasPngSignature(file: Uint8Array): boolean {
  return PNG_SIGNATURE.every((b, i) => file[i] === b);
}

export interface PngImage {
  width: number;
  height: number;
  /** width * height * 4 bytes, RGBA, row by row. */
  rgba: Uint8Array;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function readPng(file: Uint8Array): PngImage {
  if (!hasPngSignature(file)) throw new Error('not a PNG: the signature is missing');
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  let offset = 8;
  let width = 0;
  let height = 0;
  let colourType = -1;
  const idat: Uint8Array[] = [];
  while (offset + 8 <= file.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...file.subarray(offset + 4, offset + 8));
    const data = file.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = view.getUint32(offset + 8);
      height = view.getUint32(offset + 12);
      const bitDepth = data[8];
      colourType = data[9];
      const interlace = data[12];
      if (bitDepth !== 8 || (colourType !== 6 && colourType !== 2) || interlace !== 0) {
        throw new Error(`PNG kind not read here: bit depth ${bitDepth}, colour type ${colourType}, interlace ${interlace}`);
      }
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  if (!width || !height) throw new Error('PNG without an IHDR chunk');
  const channels = colourType === 6 ? 4 : 3;
  const compressed = new Uint8Array(idat.reduce((n, d) => n + d.length, 0));
  idat.reduce((at, d) => (compressed.set(d, at), at + d.length), 0);
  const raw = zlib.inflateSync(compressed);
  const stride = width * channels;
  if (raw.length !== height * (stride + 1)) throw new Error(`PNG data is ${raw.length} bytes, expected ${height * (stride + 1)}`);
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? out[row + x - channels] : 0;
      const b = y > 0 ? out[row - stride + x] : 0;
      const c = x >= channels && y > 0 ? out[row - stride + x - channels] : 0;
      const predictor = filter === 0 ? 0 : filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : filter === 4 ? paeth(a, b, c) : NaN;
      if (Number.isNaN(predictor)) throw new Error(`PNG row ${y} has unknown filter ${filter}`);
      out[row + x] = (line[x] + predictor) & 0xff;
    }
  }
  const rgba = channels === 4 ? out : new Uint8Array(width * height * 4);
  if (channels === 3) {
    for (let i = 0, j = 0; i < out.length; i += 3, j += 4) {
      rgba.set(out.subarray(i, i + 3), j);
      rgba[j + 3] = 255;
    }
  }
  return { width, height, rgba };
}

/** How many pixels have this colour, give or take `tolerance` on each channel (alpha ignored). */
export function countColour(image: PngImage, rgb: readonly number[], tolerance = 0): number {
  let n = 0;
  const p = image.rgba;
  for (let i = 0; i < p.length; i += 4) {
    if (Math.abs(p[i] - rgb[0]) <= tolerance && Math.abs(p[i + 1] - rgb[1]) <= tolerance && Math.abs(p[i + 2] - rgb[2]) <= tolerance) n++;
  }
  return n;
}
