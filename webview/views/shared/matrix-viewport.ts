/**
 * Zoom and pan of a matrix plot: which part of the matrix the fixed plot box shows. The box keeps
 * the size the fitted layout gave it (matrix-layout.ts); zoom z shows rows / z rows and cols / z
 * columns of it, starting at (row0, col0) in cell units. Pure, so the geometry is unit-tested.
 */
import { labelStride } from './label-thinning';
import type { MatrixLayout } from './matrix-layout';

export interface Viewport {
  zoom: number;
  /** First visible row and column, in (fractional) cells. */
  row0: number;
  col0: number;
}

export const FIT: Viewport = { zoom: 1, row0: 0, col0: 0 };

/** Zooming in stops when a cell is this large (CSS px) or only this many cells are left in view. */
const MAX_CELL_PX = 48;
const MIN_VISIBLE_CELLS = 2;

export interface Grid {
  rows: number;
  cols: number;
}

export function maxZoom(layout: MatrixLayout, g: Grid): number {
  const byCell = MAX_CELL_PX / Math.max(1e-6, Math.min(layout.cellWidth, layout.cellHeight));
  const byCount = Math.max(g.rows, g.cols) / MIN_VISIBLE_CELLS;
  return Math.max(1, Math.min(byCell, byCount));
}

/** Keeps the zoom within [1, max] and the window inside the matrix. */
export function clampViewport(v: Viewport, layout: MatrixLayout, g: Grid): Viewport {
  const zoom = Math.min(maxZoom(layout, g), Math.max(1, v.zoom));
  const clamp = (x: number, total: number) => Math.max(0, Math.min(total - total / zoom, x));
  return { zoom, row0: clamp(v.row0, g.rows), col0: clamp(v.col0, g.cols) };
}

/** Zooms by `factor` keeping the matrix point under (fx, fy) (fractions of the plot box) in place. */
export function zoomAt(v: Viewport, layout: MatrixLayout, g: Grid, factor: number, fx: number, fy: number): Viewport {
  const target = clampViewport({ ...v, zoom: v.zoom * factor }, layout, g).zoom;
  const row = v.row0 + (fy * g.rows) / v.zoom;
  const col = v.col0 + (fx * g.cols) / v.zoom;
  return clampViewport({ zoom: target, row0: row - (fy * g.rows) / target, col0: col - (fx * g.cols) / target }, layout, g);
}

/** Moves the window by a drag of (dx, dy) CSS pixels (dragging right shows what lies left). */
export function panByPixels(v: Viewport, layout: MatrixLayout, g: Grid, dx: number, dy: number): Viewport {
  const { cellWidth, cellHeight } = zoomedCell(layout, v);
  return clampViewport({ ...v, row0: v.row0 - dy / cellHeight, col0: v.col0 - dx / cellWidth }, layout, g);
}

/** Centres the window on a matrix point (row, col in cells), as a click on the overview does. */
export function centreOn(v: Viewport, layout: MatrixLayout, g: Grid, row: number, col: number): Viewport {
  return clampViewport({ ...v, row0: row - g.rows / v.zoom / 2, col0: col - g.cols / v.zoom / 2 }, layout, g);
}

/** The smallest move that brings cell (row, col) wholly into view. */
export function reveal(v: Viewport, layout: MatrixLayout, g: Grid, row: number, col: number): Viewport {
  const into = (first: number, count: number, i: number) => (i < first ? i : i + 1 > first + count ? i + 1 - count : first);
  return clampViewport({ ...v, row0: into(v.row0, g.rows / v.zoom, row), col0: into(v.col0, g.cols / v.zoom, col) }, layout, g);
}

export function zoomedCell(layout: MatrixLayout, v: Viewport): { cellWidth: number; cellHeight: number } {
  return { cellWidth: layout.cellWidth * v.zoom, cellHeight: layout.cellHeight * v.zoom };
}

/** Indices of the rows (or columns) at least partly in view: [first, last]. */
export function visibleRange(first: number, total: number, zoom: number): { first: number; last: number } {
  const count = total / zoom;
  return { first: Math.max(0, Math.floor(first + 1e-9)), last: Math.min(total - 1, Math.ceil(first + count - 1e-9) - 1) };
}

/** Where cell (row, col) is drawn (CSS px), or null when it is out of view. */
export function viewCellRect(layout: MatrixLayout, v: Viewport, row: number, col: number): { x: number; y: number; width: number; height: number } | null {
  const { cellWidth, cellHeight } = zoomedCell(layout, v);
  const x = layout.plotX + (col - v.col0) * cellWidth;
  const y = layout.plotY + (row - v.row0) * cellHeight;
  const inside = x + cellWidth > layout.plotX && x < layout.plotX + layout.plotWidth && y + cellHeight > layout.plotY && y < layout.plotY + layout.plotHeight;
  return inside ? { x, y, width: cellWidth, height: cellHeight } : null;
}

/** The cell under a point (CSS px relative to the canvas), or null outside the plot box. */
export function viewCellAt(layout: MatrixLayout, v: Viewport, g: Grid, x: number, y: number): { row: number; col: number } | null {
  const fx = (x - layout.plotX) / layout.plotWidth;
  const fy = (y - layout.plotY) / layout.plotHeight;
  if (fx < 0 || fy < 0 || fx >= 1 || fy >= 1) return null;
  const row = Math.floor(v.row0 + (fy * g.rows) / v.zoom);
  const col = Math.floor(v.col0 + (fx * g.cols) / v.zoom);
  return { row: Math.min(g.rows - 1, row), col: Math.min(g.cols - 1, col) };
}

/** The position along an axis of the plot box where index i's centre is, or null out of view. */
export function labelCentre(plotStart: number, plotLength: number, first: number, cellPx: number, i: number): number | null {
  const c = plotStart + (i + 0.5 - first) * cellPx;
  return c >= plotStart && c <= plotStart + plotLength ? c : null;
}

/** From this cell size on (CSS px) every row and column in view gets its label. */
export const EVERY_LABEL_PX = 10;

/**
 * Which labels of an axis are drawn, and at what font size, for cells of `cellPx` in view from
 * `first`: every label from EVERY_LABEL_PX on (the font shrinks to fit the cell, so labels never
 * overlap), else every k-th (label-thinning.ts) at the normal size.
 */
export function labelsInView(total: number, first: number, zoom: number, cellPx: number, fontPx: number, spacingPx: number): { indices: number[]; fontPx: number } {
  const everyOne = cellPx >= EVERY_LABEL_PX;
  const font = everyOne ? Math.min(fontPx, Math.floor(cellPx) - 2) : fontPx;
  const stride = everyOne ? 1 : labelStride(cellPx, spacingPx);
  const { first: a, last: b } = visibleRange(first, total, zoom);
  const indices: number[] = [];
  if (Number.isFinite(stride)) for (let i = Math.ceil(a / stride) * stride; i <= b; i += stride) indices.push(i);
  return { indices, fontPx: font };
}
