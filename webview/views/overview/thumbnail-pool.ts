/**
 * Shrinks an attention matrix to a thumbnail of at most `size` x `size` blocks, keeping each block's
 * MAXIMUM: a sharp pattern (a diagonal of weights near 1) would fade to 1/8 under averaging when
 * 512 tokens are squeezed into 64 pixels, and patterns are what the overview is for.
 */
export interface PooledMatrix {
  rows: number;
  cols: number;
  values: Float32Array;
  /** 1 where every cell of the block is masked. */
  masked: Uint8Array;
  /** Largest value over unmasked blocks (0 when there is none). */
  max: number;
}

/** [start, end) of block b when n cells are split into `blocks` blocks as evenly as possible. */
function blockRange(b: number, n: number, blocks: number): [number, number] {
  return [Math.floor((b * n) / blocks), Math.floor(((b + 1) * n) / blocks)];
}

export function poolMax(weights: Float32Array, masked: Uint8Array | undefined, nq: number, nk: number, size: number): PooledMatrix {
  const rows = Math.min(nq, size);
  const cols = Math.min(nk, size);
  const values = new Float32Array(rows * cols);
  const blockMasked = new Uint8Array(rows * cols);
  let max = 0;
  for (let r = 0; r < rows; r++) {
    const [q0, q1] = blockRange(r, nq, rows);
    for (let c = 0; c < cols; c++) {
      const [k0, k1] = blockRange(c, nk, cols);
      let best = 0;
      let allMasked = true;
      for (let q = q0; q < q1; q++) {
        for (let k = k0; k < k1; k++) {
          const i = q * nk + k;
          if (masked?.[i] === 1) continue;
          allMasked = false;
          if (weights[i] > best) best = weights[i];
        }
      }
      values[r * cols + c] = best;
      blockMasked[r * cols + c] = allMasked ? 1 : 0;
      if (!allMasked && best > max) max = best;
    }
  }
  return { rows, cols, values, masked: blockMasked, max };
}
