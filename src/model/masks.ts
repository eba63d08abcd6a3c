/**
 * Masks (paper, sections 3.1 and 3.2.3): which keys a query may attend to.
 *
 * - The padding mask hides padded key positions in every attention (encoder self-attention,
 *   decoder self-attention and encoder-decoder attention).
 * - The subsequent (causal) mask, only in the decoder's self-attention, hides the keys after the
 *   query, so that the prediction for position i depends only on the outputs before it.
 *
 * Convention in this module: an "allowed" mask holds 1 where the query may attend to the key and 0
 * where it may not (the opposite of PyTorch's `attn_mask`, whose `true` means "masked").
 *
 * The paper sets illegal scores to -∞ before the softmax. Adding a huge constant instead (-1e9) is
 * not safe on half-float GPUs, where it overflows to Inf and turns rows into NaN; so there
 * {@link maskedSoftmax} adds no constant at all and forces masked weights to exactly 0. Where the
 * backend computes in float32 it adds -1e9, which is as exact (exp(-1e9 - max) is 0 in float32) and
 * takes 2 kernels per softmax instead of 9.
 */
import {
  add, backend, div, exp, max, min, mul, reshape, slice, softmax, sub, sum, tensor4d, tidy, type Tensor, type Tensor2D, type Tensor4D,
} from '@tensorflow/tfjs-core';

/**
 * The subsequent (causal) mask of decoder self-attention as a plain array, row-major `[n, n]`:
 * entry (i, j) is 1 when query i may attend to key j, that is when j <= i.
 */
export function subsequentMask(n: number): Uint8Array {
  const m = new Uint8Array(n * n);
  for (let i = 0; i < n; i++) m.fill(1, i * n, i * n + i + 1);
  return m;
}

/**
 * The padding mask of one sequence as a plain array `[n]`: 1 for a real token (may be attended to),
 * 0 for a padded position. `padding[j]` true means position j is padding.
 */
export function paddingMask(padding: readonly boolean[]): Uint8Array {
  return Uint8Array.from(padding, (p) => (p ? 0 : 1));
}

/** What to hide in one attention. */
export interface MaskSpec {
  batch: number;
  nQueries: number;
  nKeys: number;
  /** `[batch][nKeys]`, true = padded key position (hidden from every query). */
  keyPadding?: readonly (readonly boolean[])[];
  /** Hide keys after the query (decoder self-attention); needs nQueries = nKeys. */
  causal?: boolean;
}

/**
 * The combined allowed mask `[batch, nQueries, nKeys]` (row-major, 1 = may attend), or `null` when
 * nothing is hidden (then attention is a plain softmax).
 */
export function allowedMask(spec: MaskSpec): Uint8Array | null {
  const { batch, nQueries: nq, nKeys: nk, keyPadding, causal } = spec;
  const padded = keyPadding?.some((row) => row.some((p) => p)) ?? false;
  if (!causal && !padded) return null;
  if (causal && nq !== nk) throw new Error(`A causal mask needs as many queries as keys (got ${nq} and ${nk}).`);
  const m = new Uint8Array(batch * nq * nk);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < nq; i++) {
      const row = (b * nq + i) * nk;
      for (let j = 0; j < nk; j++) {
        const hidden = (causal === true && j > i) || (keyPadding?.[b][j] ?? false);
        m[row + j] = hidden ? 0 : 1;
      }
    }
  }
  return m;
}

/**
 * What {@link maskedSoftmax} needs of a mask, in the form the backend's precision calls for:
 * - float32: `additive`, 0 where the query may attend and -1e9 where not, added to the scores;
 * - half float: `keep`, 1 where the query may attend and 0 where not, and `drop` = 1 - keep.
 */
export type SoftmaxMask<T extends Tensor = Tensor> = { readonly additive: T } | { readonly keep: T; readonly drop: T };

/** An allowed mask on the device, shaped `[batch, 1, nQueries, nKeys]` to broadcast over the heads. */
export type AttentionMask = SoftmaxMask<Tensor4D>;

/** Scores hidden by adding this are exactly 0 after a float32 softmax, and stay finite. */
const MASKED_SCORE = -1e9;

/** Uploads an allowed mask from {@link allowedMask}, in the form for `floatPrecision` (the backend's). */
export function maskTensors(allowed: Uint8Array, batch: number, nQueries: number, nKeys: number, floatPrecision = backend().floatPrecision()): AttentionMask {
  const shape: [number, number, number, number] = [batch, 1, nQueries, nKeys];
  if (floatPrecision === 32) return { additive: tensor4d(Float32Array.from(allowed, (v) => (v ? 0 : MASKED_SCORE)), shape) };
  const keep = Float32Array.from(allowed);
  return { keep: tensor4d(keep, shape), drop: tensor4d(keep.map((v) => 1 - v), shape) };
}

const tensorsOf = <T extends Tensor>(m: SoftmaxMask<T>): T[] => ('additive' in m ? [m.additive] : [m.keep, m.drop]);

/** The `[nQueries, nKeys]` mask of batch item `b` (for attention computed one sequence at a time). */
export function itemMask(m: AttentionMask, b: number): SoftmaxMask<Tensor2D> {
  const [batch, , nq, nk] = tensorsOf(m)[0].shape;
  const pick = (t: Tensor4D): Tensor2D => reshape(batch === 1 ? t : slice(t, [b, 0, 0, 0], [1, 1, nq, nk]), [nq, nk]);
  return 'additive' in m ? { additive: pick(m.additive) } : { keep: pick(m.keep), drop: pick(m.drop) };
}

/** Frees a mask's device memory. */
export function disposeMask(m: AttentionMask | null): void {
  if (m) tensorsOf(m).forEach((t) => t.dispose());
}

/**
 * softmax over the last axis of `scores` (`[batch, h, nQueries, nKeys]`, or `[nQueries, nKeys]` with
 * an {@link itemMask}) restricted to the allowed keys: masked entries are exactly 0 and every row
 * sums to 1 over its allowed keys.
 *
 * How it stays finite in float16: masked scores are replaced by the row's own minimum (no constant
 * is added), the row maximum is then taken over what is effectively the allowed scores, and after
 * the exponential the masked entries are multiplied by 0 before renormalising. The row's largest
 * allowed entry contributes exp(0) = 1, so the denominator is at least 1 whenever a row has one
 * allowed key. A row with no allowed key would be 0/0: inputs that create one are rejected before
 * the forward pass.
 */
export function maskedSoftmax<T extends Tensor>(scores: T, mask: SoftmaxMask | null): T {
  if (mask === null) return softmax(scores);
  if ('additive' in mask) return tidy(() => softmax(add(scores, mask.additive)) as T);
  return tidy(() => {
    const rowMin = min(scores, -1, true);
    // keep * s + drop * rowMin: exact for allowed entries (s * 1 + rowMin * 0).
    const filled = add(mul(scores, mask.keep), mul(rowMin, mask.drop));
    const e = mul(exp(sub(filled, max(filled, -1, true))), mask.keep);
    return div(e, sum(e, -1, true)) as T;
  });
}
