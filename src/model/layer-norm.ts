/**
 * Layer normalisation (Ba et al., 2016), the "LayerNorm" of every sub-layer in the paper: each
 * position's vector is shifted to mean 0 and scaled to variance 1 over its dModel features, then
 * multiplied by a learned gain and shifted by a learned bias. Same definition as torch.nn.LayerNorm
 * (biased variance, epsilon inside the square root).
 */
import { add, moments, mul, rsqrt, scalar, sub, tensor1d, tidy, type Tensor1D, type Tensor2D } from '@tensorflow/tfjs-core';

/** LayerNorm over the last axis of `x` (`[rows, dModel]`). */
export function layerNorm(x: Tensor2D, w: LayerNormWeights, eps: number): Tensor2D {
  return tidy(() => {
    const { mean, variance } = moments(x, -1, true);
    const normalised = mul(sub(x, mean), rsqrt(add(variance, scalar(eps))));
    return add(mul(normalised, w.gamma), w.beta) as Tensor2D;
  });
}

/** Gain (`weight`) and bias of one LayerNorm, each `[dModel]`. */
export interface LayerNormWeights {
  readonly gamma: Tensor1D;
  readonly beta: Tensor1D;
}

/** Uploads a LayerNorm's weight and bias. */
export function uploadLayerNorm(weight: Float32Array, bias: Float32Array): LayerNormWeights {
  return { gamma: tensor1d(weight), beta: tensor1d(bias) };
}

/** Frees the device memory of a LayerNorm. */
export function disposeLayerNorm(w: LayerNormWeights): void {
  w.gamma.dispose();
  w.beta.dispose();
}
