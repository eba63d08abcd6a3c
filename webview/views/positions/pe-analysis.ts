/**
 * What the positional-encoding view plots, computed from the model's own table
 * (src/model/positional-encoding), never re-derived here.
 */
import { pairFrequency } from '../../../src/model/positional-encoding';
import { lutIndexInRange } from '../shared/colormaps';

/** Wavelength of dimension `dim` in positions: 2π / ω_i with i = ⌊dim / 2⌋ (from 2π up to 10000·2π). */
export function wavelength(dim: number, dModel: number): number {
  return (2 * Math.PI) / pairFrequency(Math.floor(dim / 2), dModel);
}

/** "sin" for even dimensions (2i), "cos" for odd ones (2i+1). */
export function dimensionFunction(dim: number): 'sin' | 'cos' {
  return dim % 2 === 0 ? 'sin' : 'cos';
}

/** A fast sin/cos pair and two slower sines: enough to see the frequencies fall along the dimensions. */
export function defaultDimensions(dModel: number): number[] {
  const even = (x: number) => 2 * Math.floor(x / 2);
  return [...new Set([0, 1, even(dModel / 8), even(dModel / 4)])].filter((d) => d < dModel);
}

/** PE(pos) · PE(pos + k) for k = 0 … length − 1 − pos. */
export function dotProductsByOffset(pe: Float32Array, length: number, dModel: number, pos: number): Float64Array {
  const out = new Float64Array(Math.max(0, length - pos));
  for (let k = 0; k < out.length; k++) {
    let dot = 0;
    for (let j = 0; j < dModel; j++) dot += pe[pos * dModel + j] * pe[(pos + k) * dModel + j];
    out[k] = dot;
  }
  return out;
}

/** Column `dim` of the table: PE(pos, dim) for every position. */
export function dimensionColumn(pe: Float32Array, length: number, dModel: number, dim: number): Float32Array {
  const out = new Float32Array(length);
  for (let pos = 0; pos < length; pos++) out[pos] = pe[pos * dModel + dim];
  return out;
}

/** Cell fills of the table on the diverging map, −1 … 1. */
export function peCellFills(pe: Float32Array): Uint16Array {
  const out = new Uint16Array(pe.length);
  for (let i = 0; i < pe.length; i++) out[i] = lutIndexInRange(pe[i], -1, 1);
  return out;
}
