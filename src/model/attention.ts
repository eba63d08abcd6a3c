/**
 * Attention (paper, section 3.2).
 *
 * Scaled dot-product attention (3.2.1): Attention(Q, K, V) = softmax(Q K^T / sqrt(dK)) V. Rows of the
 * softmax are queries (the token that attends), columns are keys (the token attended to).
 *
 * Multi-head attention (3.2.2): MultiHead(Q, K, V) = Concat(head_1, ..., head_h) W^O with
 * head_i = Attention(Q W_i^Q, K W_i^K, V W_i^V).
 *
 * The 1/sqrt(dK) factor is folded into W^Q and its bias when the weights are uploaded. How the heads
 * are laid out on the device (all heads in one product, or one head at a time) is in
 * device/head-layouts.ts; the masks' device form and the masked softmax in device/masked-softmax.ts.
 */
import { matMul, reshape, tidy, transpose, type Tensor2D, type Tensor4D } from '@tensorflow/tfjs-core';
import { perHeadAttention, type MultiHeadAttentionWeights } from './device/head-layouts';
import { maskedSoftmax, type AttentionMask } from './device/masked-softmax';
import { linear } from './linear';

/**
 * Scaled dot-product attention for all heads at once. `q` is `[B, h, nq, dK]` and already scaled by
 * 1/sqrt(dK); `k` is `[B, h, nk, dK]`; `v` is `[B, h, nk, dV]`. Returns the weights
 * `[B, h, nq, nk]` (each row a distribution over the allowed keys) and the context `[B, h, nq, dV]`.
 */
export function scaledDotProductAttention(
  q: Tensor4D, k: Tensor4D, v: Tensor4D, mask: AttentionMask | null,
): { weights: Tensor4D; context: Tensor4D } {
  return tidy(() => {
    const weights = maskedSoftmax(matMul(q, k, false, true) as Tensor4D, mask);
    return { weights, context: matMul(weights, v) as Tensor4D };
  });
}

/**
 * Multi-head attention. `queries` is `[B * nq, dModel]` (the attending positions), `keysValues` is
 * `[B * nk, dModel]` (the attended positions: the same tensor for self-attention, the encoder's
 * output for encoder-decoder attention). Returns the output `[B * nq, dModel]` and every head's
 * weights `[B, h, nq, nk]`.
 */
export function multiHeadAttention(
  queries: Tensor2D, keysValues: Tensor2D, B: number, w: MultiHeadAttentionWeights, mask: AttentionMask | null,
): { output: Tensor2D; weights: Tensor4D } {
  return tidy(() => {
    const nq = queries.shape[0] / B;
    const nk = keysValues.shape[0] / B;
    let weights: Tensor4D;
    let context: Tensor4D;
    if (w.layout === 'batched') {
      // Q W_i^Q, K W_i^K, V W_i^V of every head i, then Attention of all heads at once.
      const q = splitHeads(linear(queries, w.q), B, nq, w.h, w.dK);
      const k = splitHeads(linear(keysValues, w.k), B, nk, w.h, w.dK);
      const v = splitHeads(linear(keysValues, w.v), B, nk, w.h, w.dV);
      ({ weights, context } = scaledDotProductAttention(q, k, v, mask));
    } else {
      ({ weights, context } = perHeadAttention(queries, keysValues, B, nq, nk, w, mask));
    }
    // Concat(head_1, ..., head_h): back to [B * nq, h * dV], heads side by side.
    const concat = reshape(transpose(context, [0, 2, 1, 3]), [B * nq, w.h * w.dV]) as Tensor2D;
    return { output: linear(concat, w.o), weights };
  });
}

/** Splits `[B * n, h * d]` into heads `[B, h, n, d]`. */
function splitHeads(x: Tensor2D, B: number, n: number, h: number, d: number): Tensor4D {
  return transpose(reshape(x, [B, n, h, d]), [0, 2, 1, 3]) as Tensor4D;
}
