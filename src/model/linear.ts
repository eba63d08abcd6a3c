/**
 * A linear (fully connected) layer, y = x W^T + b, with W stored as in PyTorch (`[out, in]`).
 * The transpose is taken once, when the weights are uploaded: the wasm backend runs a matMul about
 * ten times slower when asked to transpose an operand, and reuses its packed copy of a weight only
 * when the same tensor comes back as the right-hand operand.
 */
import { fused, tensor1d, tensor2d, type Tensor1D, type Tensor2D } from '@tensorflow/tfjs-core';

/** y = activation(x W^T + b) for `x` of shape `[rows, in]`, as one fused matMul. */
export function linear(x: Tensor2D, l: LinearWeights, activation: 'linear' | 'relu' = 'linear'): Tensor2D {
  return fused.matMul({ a: x, b: l.wT, bias: l.b, activation }) as Tensor2D;
}

/** Weights of one linear layer on the device: `wT` is `[in, out]` (already transposed), `b` is `[out]`. */
export interface LinearWeights {
  readonly wT: Tensor2D;
  readonly b: Tensor1D;
}

/**
 * Uploads a PyTorch-layout linear layer (`weight [out, in]`, `bias [out]`); both are multiplied by
 * `scale` (used to fold attention's 1/sqrt(dK) into the query projection).
 */
export function uploadLinear(weight: Float32Array, bias: Float32Array, out: number, inp: number, scale = 1): LinearWeights {
  const b = scale === 1 ? bias : bias.map((v) => v * scale);
  return { wT: tensor2d(transposeMatrix(weight, out, inp, scale), [inp, out]), b: tensor1d(b) };
}

/** Transposes a row-major `[rows, cols]` matrix into a new row-major `[cols, rows]` one, optionally scaled. */
export function transposeMatrix(data: Float32Array, rows: number, cols: number, scale = 1): Float32Array {
  const out = new Float32Array(rows * cols);
  // Blocked, so that both the reads and the writes stay within cache lines for large embeddings.
  const B = 64;
  for (let r0 = 0; r0 < rows; r0 += B) {
    const r1 = Math.min(rows, r0 + B);
    for (let c0 = 0; c0 < cols; c0 += B) {
      const c1 = Math.min(cols, c0 + B);
      for (let r = r0; r < r1; r++) {
        const src = r * cols;
        for (let c = c0; c < c1; c++) out[c * rows + r] = data[src + c] * scale;
      }
    }
  }
  return out;
}

/** Frees the device memory of a linear layer. */
export function disposeLinear(l: LinearWeights): void {
  l.wT.dispose();
  l.b.dispose();
}
