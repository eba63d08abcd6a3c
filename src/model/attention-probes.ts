/**
 * Quantities behind the attention weights, computed from the inputs of a multi-head attention block
 * and its weights (opt-in: the forward pass computes them only when asked, src/model/transformer.ts).
 *
 * Value norms (Kobayashi, Kuribayashi, Yokoi, Inui, "Attention is Not Only a Weight", EMNLP 2020):
 * head h's output for query i is Σ_j α_ij f_h(x_j) with
 *     f_h(x) = (x W^V_h + b^V_h) W^O_h,
 * W^O_h being the dV rows of W^O that multiply head h's part of Concat(head_1, ..., head_h). The
 * vector key j adds to query i is α_ij f_h(x_j), of norm α_ij ‖f_h(x_j)‖. The output bias b^O is
 * added once for all keys, so it belongs to no key and is left out (as in the paper).
 *
 * Query and key vectors (the paper's equation 1 for one head): q_i = x_i W^Q_h + b^Q_h and
 * k_j = m_j W^K_h + b^K_h, the scores q_i·k_j / √dK, then the mask and the softmax.
 */
import {
  matMul, mul, relu, reshape, scalar, slice, sqrt, stack, sum, tensor1d, tidy, transpose, type Tensor1D, type Tensor2D, type Tensor3D,
} from '@tensorflow/tfjs-core';
import type { AttentionKind } from './attention-kinds';
import { linear } from './linear';
import type { MultiHeadAttentionWeights, PerHeadAttentionWeights } from './device/head-layouts';

/** The three attentions of the model. */

/** What an {@link AttentionObserver} sees of one multi-head attention of a pass. */
export interface AttentionSeen {
  readonly kind: AttentionKind;
  /** 0-based. */
  readonly layer: number;
  /** `[B * nq, dModel]`: the attending positions (after the sub-layer's LayerNorm when pre-LN). */
  readonly queries: Tensor2D;
  /** `[B * nk, dModel]`: the attended positions (the encoder's output for cross attention). */
  readonly keysValues: Tensor2D;
  readonly B: number;
  readonly weights: MultiHeadAttentionWeights;
}

/**
 * Called inside the layer's `tidy`: tensors it wants to keep must be kept (`keep()`) and are then
 * the observer's to free.
 */
export type AttentionObserver = (seen: AttentionSeen) => void;

/** W^O_h of head i, `[dV, dModel]` (W^O is stored transposed: `[h dV, dModel]`). */
function outputRows(w: MultiHeadAttentionWeights, i: number): Tensor2D {
  return slice(w.o.wT, [i * w.dV, 0], [w.dV, w.o.wT.shape[1]]);
}

/**
 * ‖f_h(x_j)‖ for every head and key: `[B, h, nk]` (the keys of each sequence, in order). The
 * value-weighted map of head h is then α_ij · ‖f_h(x_j)‖.
 *
 * Computed as ‖v W^O_h‖² = v G_h vᵀ with the Gram matrix G_h = W^O_h W^O_hᵀ (`[dV, dV]`): a product
 * with a dV-wide matrix instead of the dModel-wide W^O_h, and only 2-D products (the fast kind on
 * wasm). Norms are clamped at 0 before the square root (rounding can make a tiny one negative).
 */
export function valueNorms(keysValues: Tensor2D, B: number, w: MultiHeadAttentionWeights): Tensor3D {
  return tidy(() => {
    const nk = keysValues.shape[0] / B;
    const all = w.layout === 'batched' ? linear(keysValues, w.v) : undefined;
    const perHead = Array.from({ length: w.h }, (_, i) => {
      const v = all ? slice(all, [0, i * w.dV], [all.shape[0], w.dV]) : linear(keysValues, (w as PerHeadAttentionWeights).heads[i].v);
      const o = outputRows(w, i);
      const gram = matMul(o, o, false, true) as Tensor2D;
      return sqrt(relu(sum(mul(matMul(v, gram), v), -1))) as Tensor1D; // [B * nk]
    });
    return transpose(reshape(stack(perHead), [w.h, B, nk]), [1, 0, 2]) as Tensor3D;
  });
}

/**
 * The query and key vectors of every head for the first sequence of the batch: `q` `[h, nq, dK]`
 * (unscaled: the 1/√dK folded into W^Q on upload is taken out again) and `k` `[h, nk, dK]` (with
 * the key bias, which the per-head layout leaves out of its scores).
 */
export function queryKeyVectors(queries: Tensor2D, keysValues: Tensor2D, B: number, w: MultiHeadAttentionWeights): { q: Tensor3D; k: Tensor3D } {
  return tidy(() => {
    const nq = queries.shape[0] / B;
    const nk = keysValues.shape[0] / B;
    const first = (x: Tensor2D, n: number): Tensor2D => (B === 1 ? x : slice(x, [0, 0], [n, x.shape[1]]));
    const x = first(queries, nq);
    const m = first(keysValues, nk);
    const unscale = scalar(Math.sqrt(w.dK));
    if (w.layout === 'batched') {
      const q = transpose(reshape(mul(linear(x, w.q), unscale), [nq, w.h, w.dK]), [1, 0, 2]) as Tensor3D;
      const k = transpose(reshape(linear(m, w.k), [nk, w.h, w.dK]), [1, 0, 2]) as Tensor3D;
      return { q, k };
    }
    const q = stack(w.heads.map((hw) => mul(linear(x, hw.q), unscale))) as Tensor3D;
    const k = stack(w.heads.map((hw) => linear(m, { wT: transpose(hw.kRows), b: tensor1d(hw.kBias) }))) as Tensor3D;
    return { q, k };
  });
}
