/**
 * Positional encoding (paper, section 3.5). The model has no recurrence and no convolution, so the
 * order of the tokens enters only through a fixed signal added to the embeddings at the bottom of
 * both stacks:
 *
 *   PE(pos, 2i)   = sin(pos / 10000^(2i / dModel))
 *   PE(pos, 2i+1) = cos(pos / 10000^(2i / dModel))
 *
 * Each pair of columns (2i, 2i+1) is a rotation at its own frequency; the wavelengths form a geometric
 * progression from 2π to 10000·2π. For a fixed offset k, PE(pos + k) is a linear function (a rotation
 * in every pair) of PE(pos), which lets attention pick out relative positions.
 *
 * Plain arrays, no tfjs (the positions view draws this table); the table as a tensor is in
 * device/positional-encoding-tensor.ts.
 */

/** The base of the wavelength progression in the paper. */
export const PE_BASE = 10000;

/**
 * The angular frequency of column pair i: 1 / 10000^(2i / dModel). Computed in float64.
 */
export function pairFrequency(i: number, dModel: number): number {
  return 1 / Math.pow(PE_BASE, (2 * i) / dModel);
}

/**
 * The sinusoidal positional-encoding table, row-major `[length, dModel]`: row `pos` is PE(pos).
 * Plain JavaScript (no tfjs), computed in float64 and rounded once to float32, so every platform gets
 * the same values. An odd `dModel` ends with a sine column.
 */
export function sinusoidalPositionalEncoding(length: number, dModel: number): Float32Array {
  if (!Number.isInteger(length) || length < 0) throw new Error(`length must be a non-negative integer (got ${length}).`);
  if (!Number.isInteger(dModel) || dModel < 1) throw new Error(`dModel must be a positive integer (got ${dModel}).`);
  const table = new Float32Array(length * dModel);
  const freq = new Float64Array(Math.ceil(dModel / 2));
  for (let i = 0; i < freq.length; i++) freq[i] = pairFrequency(i, dModel);
  for (let pos = 0; pos < length; pos++) {
    const row = pos * dModel;
    for (let j = 0; j < dModel; j++) {
      const angle = pos * freq[j >> 1];
      table[row + j] = (j & 1) === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return table;
}

/**
 * The matrix M_k that maps PE(pos) to PE(pos + k) for every pos (paper: "PE(pos+k) can be represented
 * as a linear function of PE(pos)"): block-diagonal, one 2x2 rotation by k·ω_i per column pair.
 * Row-major `[dModel, dModel]`, float64, acting on column vectors: PE(pos + k) = M_k · PE(pos).
 */
export function relativePositionMatrix(k: number, dModel: number): Float64Array {
  // A lone sine column (odd dModel) has no cosine partner, so no such linear map exists.
  if (!Number.isInteger(dModel) || dModel < 2 || dModel % 2 !== 0) throw new Error(`dModel must be a positive even integer (got ${dModel}).`);
  const m = new Float64Array(dModel * dModel);
  for (let i = 0; 2 * i < dModel; i++) {
    const a = k * pairFrequency(i, dModel);
    const s = Math.sin(a);
    const c = Math.cos(a);
    const r = 2 * i;
    // [sin(x + a), cos(x + a)] = [[cos a, sin a], [-sin a, cos a]] · [sin x, cos x]
    m[r * dModel + r] = c;
    m[r * dModel + r + 1] = s;
    m[(r + 1) * dModel + r] = -s;
    m[(r + 1) * dModel + r + 1] = c;
  }
  return m;
}

/**
 * The table's rows a model has needed so far, computed when a longer run first asks for them: a
 * model holds only as many rows as its longest run used, never the `maxLength` of its config (which
 * may say 2^20: with dModel 512 the whole table would be 2 GB, though no run can be that long).
 */
export class PositionalEncodingRows {
  private table: Float32Array = new Float32Array(0);
  private length = 0;

  constructor(readonly dModel: number) {}

  /** The first `n` rows, row-major `[n, dModel]` (a view: the caller copies before changing it). */
  rows(n: number): Float32Array {
    if (n > this.length) {
      this.table = sinusoidalPositionalEncoding(n, this.dModel);
      this.length = n;
    }
    return this.table.subarray(0, n * this.dModel);
  }
}
