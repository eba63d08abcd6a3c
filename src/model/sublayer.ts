/**
 * The residual connection around each sub-layer (paper, section 3.1), followed or preceded by
 * layer normalisation:
 * - 'post' (the paper, torch default `norm_first=False`): LayerNorm(x + Sublayer(x));
 * - 'pre' (Annotated Transformer, `norm_first=True`): x + Sublayer(LayerNorm(x)).
 * Dropout on the sub-layer output is a training-time operation and is not applied here.
 */
import { add, type Tensor2D } from '@tensorflow/tfjs-core';
import { layerNorm, type LayerNormWeights } from './layer-norm';

/** Where the LayerNorm sits relative to the residual connection. */
export type NormPlacement = 'post' | 'pre';

/**
 * Applies `sublayer` to `x` (`[rows, dModel]`) with its residual connection and LayerNorm `norm`.
 * Call it inside a `tidy` (the layer's): intermediates are left to that scope so that the sub-layer
 * can hand out tensors it creates (the attention weights).
 */
export function residual(
  x: Tensor2D, sublayer: (input: Tensor2D) => Tensor2D, norm: LayerNormWeights, placement: NormPlacement, eps: number,
): Tensor2D {
  return placement === 'post'
    ? layerNorm(add(x, sublayer(x)) as Tensor2D, norm, eps)
    : add(x, sublayer(layerNorm(x, norm, eps))) as Tensor2D;
}
