/**
 * The masks on the device and the softmax that applies them (the paper's "setting to −∞ all values
 * in the input of the softmax which correspond to illegal connections", section 3.2.3). The masks
 * themselves, as plain arrays (1 = allowed), are in ../masks.ts.
 *
 * Adding a huge constant instead of −∞ (-1e9) is not safe on half-float GPUs, where it overflows to
 * Inf and turns rows into NaN; so there {@link maskedSoftmax} adds no constant at all and forces
 * masked weights to exactly 0. Where the backend computes in float32 it adds -1e9, which is as exact
 * (exp(-1e9 - max) is 0 in float32) and takes 2 kernels per softmax instead of 9.
 */
import {
  add, backend, div, exp, max, min, mul, reshape, slice, softmax, sub, sum, tensor4d, tidy, type Tensor, type Tensor2D, type Tensor4D,
} from '@tensorflow/tfjs-core';

/**
 * What {@link maskedSoftmax} needs of a mask, in the form the backend's precision calls for:
 * - float32: `additive`, 0 where the query may attend and -1e9 where not, added to the scores;
 * - half float: `keep`, 1 where the query may attend and 0 where not, and `drop` = 1 - keep.
 */
export type SoftmaxMask<T extends Tensor = Tensor> = { readonly additive: T } | { readonly keep: T; readonly drop: T };

/** An allowed mask on the device, shaped `[batch, 1, nQueries, nKeys]` to broadcast over the heads. */
export type AttentionMask = SoftmaxMask<Tensor4D>;

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

/** Scores hidden by adding this are exactly 0 after a float32 softmax, and stay finite. */
const MASKED_SCORE = -1e9;

/** Uploads an allowed mask from `allowedMask` (../masks.ts), in the form for `floatPrecision` (the backend's). */
export function maskTensors(allowed: Uint8Array, batch: number, nQueries: number, nKeys: number, floatPrecision = backend().floatPrecision()): AttentionMask {
  const shape: [number, number, number, number] = [batch, 1, nQueries, nKeys];
  if (floatPrecision === 32) return { additive: tensor4d(mapped(allowed, 0, MASKED_SCORE), shape) };
  return { keep: tensor4d(mapped(allowed, 1, 0), shape), drop: tensor4d(mapped(allowed, 0, 1), shape) };
}

/**
 * `allowed` as floats: `ifAllowed` where 1, `ifMasked` where 0. A plain loop: `Float32Array.from`
 * with a mapping function took 47-50 ms for a 512 x 512 mask in V8 (this loop 2-5 ms), a fifth of
 * a wasm forward pass at 512 tokens.
 */
function mapped(allowed: Uint8Array, ifAllowed: number, ifMasked: number): Float32Array {
  const out = new Float32Array(allowed.length);
  for (let i = 0; i < allowed.length; i++) out[i] = allowed[i] ? ifAllowed : ifMasked;
  return out;
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
