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

/**
 * RGBA pixels (opaque) of a rows x cols grid (or the window of it in view) drawn at widthPx x heightPx.
 * cellFill[r * cols + c] is the index into `fills` of that cell.
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
  const colAt = cellIndexPerPixel(widthPx, window.cols, window.col0, cols);
  const rowAt = cellIndexPerPixel(heightPx, window.rows, window.row0, rows);
  const hatched = fills.some((f) => f.hatch);
  let o = 0;
  for (let y = 0; y < heightPx; y++) {
    const rowBase = rowAt[y] * cols;
    for (let x = 0; x < widthPx; x++) {
      const fill = fills[cellFill[rowBase + colAt[x]]];
      const rgb = hatched && fill.hatch && isStripe(x, y, fill.hatch) ? fill.hatch.rgb : fill.rgb;
      pixels[o] = rgb[0];
      pixels[o + 1] = rgb[1];
      pixels[o + 2] = rgb[2];
      pixels[o + 3] = 255;
      o += 4;
    }
  }
  return pixels;
}
