/**
 * Position-wise feed-forward network (paper, section 3.3): the same two linear transformations with
 * a ReLU in between, applied to each position separately,
 *   FFN(x) = max(0, x W_1 + b_1) W_2 + b_2,
 * with inner width dFF (2048 in the base model, four times dModel).
 */
import { tidy, type Tensor2D } from '@tensorflow/tfjs-core';
import { disposeLinear, linear, uploadLinear, type LinearWeights } from './linear';

/** FFN(x) for `x` `[rows, dModel]`; the ReLU is fused into the first product. */
export function feedForward(x: Tensor2D, w: FeedForwardWeights): Tensor2D {
  return tidy(() => linear(linear(x, w.linear1, 'relu'), w.linear2));
}

/** `linear1` (dModel -> dFF) and `linear2` (dFF -> dModel). */
export interface FeedForwardWeights {
  readonly linear1: LinearWeights;
  readonly linear2: LinearWeights;
}

/** Uploads `linear1.weight [dFF, dModel]`, `linear1.bias`, `linear2.weight [dModel, dFF]`, `linear2.bias`. */
export function uploadFeedForward(
  w1: Float32Array, b1: Float32Array, w2: Float32Array, b2: Float32Array, dModel: number, dFF: number,
): FeedForwardWeights {
  return { linear1: uploadLinear(w1, b1, dFF, dModel), linear2: uploadLinear(w2, b2, dModel, dFF) };
}

/** Frees the device memory of a feed-forward network. */
export function disposeFeedForward(w: FeedForwardWeights): void {
  disposeLinear(w.linear1);
  disposeLinear(w.linear2);
}
