/**
 * Paints a matrix of cells into an RGBA pixel buffer (for ImageData), one pass over the pixels.
 * This is what keeps the heatmap responsive at n = 512: 262 144 cells cost one typed-array loop,
 * not 262 144 fillRect calls. Pure (no DOM), so it is tested in Node.
 */
import { type ColorLut, LUT_SIZE, lutRgb } from './colormaps';

export type Rgb = readonly [number, number, number];

/** Diagonal stripes drawn over a cell's base colour, in device pixels. */
export interface Hatch {
  rgb: Rgb;
  /** Distance between stripes. */
  period: number;
  /** Stripe thickness (< period). */
  width: number;
  /** 'down' = "\\" stripes, 'up' = "/" stripes, 'cross' = both. */
  direction: 'down' | 'up' | 'cross';
}

/** How one kind of cell looks: a solid colour, optionally hatched. */
export interface Fill {
  rgb: Rgb;
  hatch?: Hatch;
}

/** The fills of a colour map: fill i is LUT entry i (so cell values 0..255 index the map). */
export function lutFills(lut: ColorLut): Fill[] {
  const fills: Fill[] = [];
  for (let i = 0; i < LUT_SIZE; i++) fills.push({ rgb: lutRgb(lut, i) });
  return fills;
}

/**
 * Cell index (row or column) under each pixel of a span of `px` pixels showing `cells` cells from
 * cell `first` on (fractional when zoomed; the whole axis by default) of an axis of `total` cells.
 */
export function cellIndexPerPixel(px: number, cells: number, first = 0, total = cells): Int32Array {
  const out = new Int32Array(px);
  for (let p = 0; p < px; p++) out[p] = Math.max(0, Math.min(total - 1, Math.floor(first + ((p + 0.5) * cells) / px)));
  return out;
}

/** The part of a grid a picture shows: `rows` x `cols` cells (fractional) from (row0, col0). */
export interface GridWindow {
  row0: number;
  col0: number;
  rows: number;
  cols: number;
}

function isStripe(x: number, y: number, h: Hatch): boolean {
  const down = (((x + y) % h.period) + h.period) % h.period < h.width;
  if (h.direction === 'down') return down;
  const up = (((x - y) % h.period) + h.period) % h.period < h.width;
  return h.direction === 'up' ? up : down || up;
}

/** An opaque colour as one 32-bit RGBA pixel in the machine's byte order (ImageData's layout). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
function packRgb(rgb: Rgb): number {
  return LITTLE_ENDIAN ? ((255 << 24) | (rgb[2] << 16) | (rgb[1] << 8) | rgb[0]) >>> 0 : ((rgb[0] << 24) | (rgb[1] << 16) | (rgb[2] << 8) | 255) >>> 0;
}

/**
 * RGBA pixels (opaque) of a rows x cols grid (or the window of it in view) drawn at widthPx x heightPx.
 * cellFill[r * cols + c] is the index into `fills` of that cell.
 *
 * One 32-bit write per pixel, and a pixel row that shows the same cells as the one above it without
 * stripes is copied whole: a zoomed frame of a 1024 x 1024 matrix stays within a display frame.
 */
export function paintGrid(
  cellFill: ArrayLike<number>,
  rows: number,
  cols: number,
  fills: readonly Fill[],
  widthPx: number,
  heightPx: number,
  window: GridWindow = { row0: 0, col0: 0, rows, cols },
): Uint8ClampedArray<ArrayBuffer> {
  const pixels = new Uint8ClampedArray(widthPx * heightPx * 4);
  const out = new Uint32Array(pixels.buffer);
  const colAt = cellIndexPerPixel(widthPx, window.cols, window.col0, cols);
  const rowAt = cellIndexPerPixel(heightPx, window.rows, window.row0, rows);
  const solid = Uint32Array.from(fills, (f) => packRgb(f.rgb));
  const stripe = Uint32Array.from(fills, (f) => (f.hatch ? packRgb(f.hatch.rgb) : 0));
  const hatchOf = fills.map((f) => f.hatch);
  let previousRow = -1;
  let previousStriped = true;
  for (let y = 0; y < heightPx; y++) {
    const o = y * widthPx;
    const row = rowAt[y];
    if (row === previousRow && !previousStriped) {
      out.copyWithin(o, o - widthPx, o);
      continue;
    }
    const rowBase = row * cols;
    let striped = false;
    for (let x = 0; x < widthPx; x++) {
      const f = cellFill[rowBase + colAt[x]];
      const hatch = hatchOf[f];
      if (hatch !== undefined) {
        striped = true;
        out[o + x] = isStripe(x, y, hatch) ? stripe[f] : solid[f];
      } else out[o + x] = solid[f];
    }
    previousRow = row;
    previousStriped = striped;
  }
  return pixels;
}

/**
 * One pixel per cell in its fill's base colour (stripes left out), row-major: the picture the canvas
 * scales onto the plot without smoothing, so a frame costs a few GPU-side copies, not a JS loop
 * over every pixel. Cells of `transparentFill` are left transparent.
 */
export function cellPixels(cellFill: ArrayLike<number>, fills: readonly Fill[], transparentFill = -1): Uint8ClampedArray<ArrayBuffer> {
  const pixels = new Uint8ClampedArray(cellFill.length * 4);
  const out = new Uint32Array(pixels.buffer);
  // The fill left transparent is drawn underneath (its stripes show through the holes).
  const solid = Uint32Array.from(fills, (f, i) => (i === transparentFill ? 0 : packRgb(f.rgb)));
  for (let i = 0; i < cellFill.length; i++) out[i] = solid[cellFill[i]];
  return pixels;
}

/** One pixel per cell, opaque where the cell has fill `fillIndex`, transparent elsewhere (where its stripes go). */
export function fillMaskPixels(cellFill: ArrayLike<number>, fillIndex: number): Uint8ClampedArray<ArrayBuffer> | undefined {
  const pixels = new Uint8ClampedArray(cellFill.length * 4);
  const out = new Uint32Array(pixels.buffer);
  let any = false;
  for (let i = 0; i < cellFill.length; i++) {
    if (cellFill[i] === fillIndex) {
      out[i] = 0xffffffff;
      any = true;
    }
  }
  return any ? pixels : undefined;
}

/** One period of a hatch's stripes (transparent between them): tiled, it is `isStripe` over the plane. */
export function hatchTilePixels(h: Hatch): Uint8ClampedArray<ArrayBuffer> {
  const pixels = new Uint8ClampedArray(h.period * h.period * 4);
  const out = new Uint32Array(pixels.buffer);
  const colour = packRgb(h.rgb);
  for (let y = 0; y < h.period; y++) for (let x = 0; x < h.period; x++) if (isStripe(x, y, h)) out[y * h.period + x] = colour;
  return pixels;
}
