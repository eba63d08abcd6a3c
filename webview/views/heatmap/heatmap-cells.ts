/**
 * Attention weights → cell colours: which colour-map entry each cell gets, and the masked fill.
 * Pure, so "the cell (q, k) has the colour of its weight" is tested in Node as well as in pixels.
 */
import { LUT_SIZE, VIRIDIS, lutIndexInRange } from '../shared/colormaps';
import { type Fill, lutFills } from '../shared/grid-paint';
import type { AttentionMatrix } from '../types';

/** 0 … 1 (comparable across heads) or 0 … the largest weight shown (long inputs have small weights). */
export type ScaleMode = 'unit' | 'max';

/** Fill index of masked cells: after the 256 colour-map entries. */
export const MASKED_FILL_INDEX = LUT_SIZE;

/**
 * Masked cells: mid grey with light stripes. Neutral grey is absent from viridis, and stripes
 * stay visible in both light and dark themes, so "masked" can never be read as a low weight.
 */
export const MASKED_FILL: Fill = {
  rgb: [118, 118, 118],
  hatch: { rgb: [178, 178, 178], period: 6, width: 2, direction: 'down' },
};

/** Fill index of a cell whose weight is not a number: never the colour of a weight. */
export const INVALID_FILL_INDEX = LUT_SIZE + 1;

/** Not-a-number cells: magenta with dark cross stripes, absent from viridis and unlike the masked grey. */
export const INVALID_FILL: Fill = {
  rgb: [214, 0, 148],
  hatch: { rgb: [60, 0, 40], period: 4, width: 1, direction: 'cross' },
};

export const HEATMAP_FILLS: readonly Fill[] = [...lutFills(VIRIDIS), MASKED_FILL, INVALID_FILL];

export function isMasked(m: AttentionMatrix, index: number): boolean {
  return m.masked !== undefined && m.masked[index] === 1;
}

export function hasMaskedCells(m: AttentionMatrix): boolean {
  return m.masked !== undefined && m.masked.some((v) => v === 1);
}

/** Top of the colour scale: 1, or the largest unmasked weight (never 0, so the scale is defined). */
export function scaleMaximum(m: AttentionMatrix, mode: ScaleMode): number {
  if (mode === 'unit') return 1;
  let max = 0;
  for (let i = 0; i < m.weights.length; i++) {
    if (!isMasked(m, i) && m.weights[i] > max) max = m.weights[i];
  }
  return max > 0 ? max : 1;
}

/** One fill index per cell, row-major (rows = queries): its LUT entry, MASKED_FILL_INDEX or INVALID_FILL_INDEX. */
export function attentionCellFills(m: AttentionMatrix, scaleMax: number): Uint16Array {
  const out = new Uint16Array(m.weights.length);
  for (let i = 0; i < out.length; i++) {
    const w = m.weights[i];
    out[i] = isMasked(m, i) ? MASKED_FILL_INDEX : Number.isFinite(w) ? lutIndexInRange(w, 0, scaleMax) : INVALID_FILL_INDEX;
  }
  return out;
}

/** Throws when the arrays do not match the token counts (a model/view contract bug, caught early). */
export function checkMatrixShape(m: AttentionMatrix): void {
  const cells = m.queries.length * m.keys.length;
  if (m.weights.length !== cells) {
    throw new Error(`Attention matrix has ${m.weights.length} weights for ${m.queries.length} queries × ${m.keys.length} keys.`);
  }
  if (m.masked && m.masked.length !== cells) {
    throw new Error(`Attention mask has ${m.masked.length} entries for ${m.queries.length} queries × ${m.keys.length} keys.`);
  }
}
