/**
 * The encoder (paper, section 3.1): a stack of N identical layers, each with two sub-layers,
 * multi-head self-attention and then the position-wise feed-forward network, each wrapped in a
 * residual connection and LayerNorm. Every position attends to every (non-padded) position.
 */
import { tidy, type Tensor2D, type Tensor4D } from '@tensorflow/tfjs-core';
import { multiHeadAttention } from './attention';
import type { MultiHeadAttentionWeights } from './device/head-layouts';
import type { AttentionMask } from './device/masked-softmax';
import { feedForward, type FeedForwardWeights } from './feed-forward';
import type { LayerNormWeights } from './layer-norm';
import { layerCheck, runStack, type LayerDone, type LayerOutput, type StackOptions } from './stack';
import { residual } from './sublayer';

/**
 * The encoder stack: N {@link encoderLayer}s, then the optional final LayerNorm (stack.ts). Yields
 * after each layer and returns the encoder's output (the "memory" every decoder layer attends to)
 * and each layer's self-attention weights `[B, h, n, n]`.
 */
export function* encode(
  x: Tensor2D, B: number, layers: readonly EncoderLayerWeights[], finalNorm: LayerNormWeights | undefined,
  mask: AttentionMask | null, o: StackOptions,
): Generator<LayerDone, { memory: Tensor2D; selfAttention: Tensor4D[] }, void> {
  const r = yield* runStack(x, {
    name: 'encoder', layers, finalNorm, eps: o.eps, attention: ['selfAttention'], reported: 'selfAttention',
    layer: (h, w, i) => encoderLayer(h, B, w, mask, o, i),
  });
  return { memory: r.output, selfAttention: r.attention.selfAttention };
}

/**
 * One encoder layer on `x` (`[B * n, dModel]`). `mask` hides padded source keys (null: none).
 * Returns the layer's output and its self-attention weights `[B, h, n, n]`.
 */
export function encoderLayer(
  x: Tensor2D, B: number, w: EncoderLayerWeights, mask: AttentionMask | null, o: StackOptions, layer = 0,
): LayerOutput<'selfAttention'> {
  const check = layerCheck(o, 'encoder', layer);
  return tidy(() => {
    let selfAttention: Tensor4D | undefined;
    const afterAttention = residual(x, (y) => {
      o.observe?.({ kind: 'encoderSelf', layer, queries: y, keysValues: y, B, weights: w.selfAttention });
      const r = multiHeadAttention(y, y, B, w.selfAttention, mask);
      selfAttention = r.weights;
      return r.output;
    }, w.norm1, o.norm, o.eps);
    check?.('self-attention', afterAttention);
    const output = residual(afterAttention, (y) => feedForward(y, w.feedForward), w.norm2, o.norm, o.eps);
    check?.('feed-forward', output);
    return { output, attention: { selfAttention: selfAttention as Tensor4D } };
  });
}

/** Weights of one encoder layer, named as in `torch.nn.TransformerEncoderLayer`. */
export interface EncoderLayerWeights {
  readonly selfAttention: MultiHeadAttentionWeights;
  readonly feedForward: FeedForwardWeights;
  /** Around self-attention. */
  readonly norm1: LayerNormWeights;
  /** Around the feed-forward network. */
  readonly norm2: LayerNormWeights;
}
