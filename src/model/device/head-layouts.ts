/**
 * How the heads of multi-head attention (../attention.ts) are laid out on the device, the per-head
 * computation, and the upload of a `torch.nn.MultiheadAttention` block into either layout.
 */
import { matMul, slice, stack, tensor2d, transpose, type Tensor2D, type Tensor4D } from '@tensorflow/tfjs-core';
import { disposeLinear, linear, uploadLinear, type LinearWeights } from '../linear';
import { itemMask, maskedSoftmax, type AttentionMask } from './masked-softmax';

/**
 * How the heads are laid out on the device (chosen when the model is built):
 * - 'batched': Q, K and V of all heads from one matrix product each, then one batched product over
 *   all heads for Q K^T and for weights·V. Best on webgl and cpu.
 * - 'per-head': every head's Q, K^T and V from its own 2-D product, and 2-D products per head and
 *   sequence. Best on wasm, whose only fast matMul (XNNPACK) is a 2-D product without transpose
 *   flags: its batched matMul is a plain loop about ten times slower, and cutting heads out of a
 *   tensor (slice, gather) costs more there than the extra, narrower projections.
 * Both compute the same function; results agree to float rounding.
 */
export type AttentionStrategy = 'batched' | 'per-head';

interface Common {
  /** W^O and its bias. */
  readonly o: LinearWeights;
  /** Heads. */
  readonly h: number;
  /** Width of one head's queries and keys. */
  readonly dK: number;
  /** Width of one head's values. */
  readonly dV: number;
}

/** All heads in one matrix per projection; Q pre-scaled by 1/sqrt(dK). */
export interface BatchedAttentionWeights extends Common {
  readonly layout: 'batched';
  readonly q: LinearWeights;
  readonly k: LinearWeights;
  readonly v: LinearWeights;
}

/** One head's projections in the per-head layout. */
export interface HeadWeights {
  /** W_i^Q `[dModel, dK]` and bias, pre-scaled by 1/sqrt(dK). */
  readonly q: LinearWeights;
  /**
   * W_i^K in PyTorch's layout `[dK, dModel]`, so that K_i^T = W_i^K X^T is a plain product. Its bias
   * is left out: it adds q·b to every score of a row, and softmax does not change when a whole row
   * is shifted, so the attention weights are exactly those with the bias.
   */
  readonly kRows: Tensor2D;
  /**
   * b_i^K: not needed for the weights (see kRows), but the q·k step-by-step view shows the key
   * vectors themselves, which include it (src/model/attention-probes.ts). Kept in memory, not on
   * the device: only that opt-in view uploads it.
   */
  readonly kBias: Float32Array;
  /** W_i^V `[dModel, dV]` and bias. */
  readonly v: LinearWeights;
}

/** Every head separately. */
export interface PerHeadAttentionWeights extends Common {
  readonly layout: 'per-head';
  readonly heads: readonly HeadWeights[];
}

/** The projections of one multi-head attention block on the device. */
export type MultiHeadAttentionWeights = BatchedAttentionWeights | PerHeadAttentionWeights;

/** The per-head layout: one sequence and one head at a time, every product a plain 2-D one. */
export function perHeadAttention(
  queries: Tensor2D, keysValues: Tensor2D, B: number, nq: number, nk: number,
  w: PerHeadAttentionWeights, mask: AttentionMask | null,
): { weights: Tensor4D; context: Tensor4D } {
  const rows = (x: Tensor2D, b: number, n: number): Tensor2D => (B === 1 ? x : slice(x, [b * n, 0], [n, x.shape[1]]));
  const weights: Tensor2D[][] = [];
  const contexts: Tensor2D[][] = [];
  for (let b = 0; b < B; b++) {
    const x = rows(queries, b, nq);
    const m = rows(keysValues, b, nk);
    const mT = transpose(m);
    const itemKeep = mask ? itemMask(mask, b) : null;
    const perHead = w.heads.map((hw) => {
      const q = linear(x, hw.q);
      const kT = matMul(hw.kRows, mT);
      const weightsH = maskedSoftmax(matMul(q, kT) as Tensor2D, itemKeep);
      return { weightsH, contextH: matMul(weightsH, linear(m, hw.v)) as Tensor2D };
    });
    weights.push(perHead.map((p) => p.weightsH));
    contexts.push(perHead.map((p) => p.contextH));
  }
  return {
    weights: stack(weights.map((ws) => stack(ws))) as Tensor4D,
    context: stack(contexts.map((cs) => stack(cs))) as Tensor4D,
  };
}

/**
 * Uploads a `torch.nn.MultiheadAttention` block: `in_proj_weight` `[h dK + h dK + h dV, dModel]`
 * (rows: Q, K, V), `in_proj_bias`, `out_proj.weight` `[dModel, h dV]`, `out_proj.bias`.
 */
export function uploadMultiHeadAttention(
  inProjWeight: Float32Array, inProjBias: Float32Array, outProjWeight: Float32Array, outProjBias: Float32Array,
  dModel: number, h: number, dK: number, dV: number, layout: AttentionStrategy = 'batched',
): MultiHeadAttentionWeights {
  const rows = (from: number, count: number): Float32Array => inProjWeight.subarray(from * dModel, (from + count) * dModel);
  const bias = (from: number, count: number): Float32Array => inProjBias.subarray(from, from + count);
  const scale = 1 / Math.sqrt(dK);
  const kFrom = h * dK;
  const vFrom = 2 * h * dK;
  const o = uploadLinear(outProjWeight, outProjBias, dModel, h * dV);
  if (layout === 'batched') {
    return {
      layout, o, h, dK, dV,
      q: uploadLinear(rows(0, h * dK), bias(0, h * dK), h * dK, dModel, scale),
      k: uploadLinear(rows(kFrom, h * dK), bias(kFrom, h * dK), h * dK, dModel),
      v: uploadLinear(rows(vFrom, h * dV), bias(vFrom, h * dV), h * dV, dModel),
    };
  }
  const heads = Array.from({ length: h }, (_, i): HeadWeights => ({
    q: uploadLinear(rows(i * dK, dK), bias(i * dK, dK), dK, dModel, scale),
    kRows: tensor2d(rows(kFrom + i * dK, dK).slice(), [dK, dModel]),
    kBias: bias(kFrom + i * dK, dK).slice(),
    v: uploadLinear(rows(vFrom + i * dV, dV), bias(vFrom + i * dV, dV), dV, dModel),
  }));
  return { layout, o, h, dK, dV, heads };
}

/** Frees a multi-head attention block's device memory. */
export function disposeMultiHeadAttention(w: MultiHeadAttentionWeights): void {
  disposeLinear(w.o);
  if (w.layout === 'batched') {
    for (const l of [w.q, w.k, w.v]) disposeLinear(l);
  } else {
    for (const hw of w.heads) {
      disposeLinear(hw.q);
      hw.kRows.dispose();
      disposeLinear(hw.v);
    }
  }
}
