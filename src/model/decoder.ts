/**
 * The decoder (paper, section 3.1): a stack of N identical layers, each with three sub-layers:
 * masked multi-head self-attention (position i sees only positions <= i), multi-head attention over
 * the encoder's output (queries from the decoder, keys and values from the encoder: encoder-decoder
 * or cross attention), then the feed-forward network; each wrapped in a residual connection and
 * LayerNorm.
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
 * The decoder stack over the encoder's output `memory`: N {@link decoderLayer}s, then the optional
 * final LayerNorm (stack.ts). Yields after each layer (reporting its cross attention); `x` and
 * `memory` stay the caller's.
 */
export function* decode(
  x: Tensor2D, memory: Tensor2D, B: number, layers: readonly DecoderLayerWeights[],
  finalNorm: LayerNormWeights | undefined, masks: DecoderMasks, o: StackOptions,
): Generator<LayerDone, { output: Tensor2D; selfAttention: Tensor4D[]; crossAttention: Tensor4D[] }, void> {
  const r = yield* runStack(x, {
    name: 'decoder', layers, finalNorm, eps: o.eps, attention: ['selfAttention', 'crossAttention'], reported: 'crossAttention',
    layer: (h, w, i) => decoderLayer(h, memory, B, w, masks, o, i),
  });
  return { output: r.output, selfAttention: r.attention.selfAttention, crossAttention: r.attention.crossAttention };
}

/**
 * One decoder layer on `x` (`[B * nTgt, dModel]`) with the encoder's output `memory`
 * (`[B * nSrc, dModel]`). Returns the output and the weights of both attentions: self
 * `[B, h, nTgt, nTgt]` and cross `[B, h, nTgt, nSrc]` (queries: target tokens; keys: source tokens).
 */
export function decoderLayer(
  x: Tensor2D, memory: Tensor2D, B: number, w: DecoderLayerWeights, masks: DecoderMasks, o: StackOptions, layer = 0,
): LayerOutput<'selfAttention' | 'crossAttention'> {
  const check = layerCheck(o, 'decoder', layer);
  return tidy(() => {
    let selfAttention: Tensor4D | undefined;
    let crossAttention: Tensor4D | undefined;
    const a = residual(x, (y) => {
      o.observe?.({ kind: 'decoderSelf', layer, queries: y, keysValues: y, B, weights: w.selfAttention });
      const r = multiHeadAttention(y, y, B, w.selfAttention, masks.self);
      selfAttention = r.weights;
      return r.output;
    }, w.norm1, o.norm, o.eps);
    check?.('masked self-attention', a);
    const b = residual(a, (y) => {
      o.observe?.({ kind: 'cross', layer, queries: y, keysValues: memory, B, weights: w.crossAttention });
      const r = multiHeadAttention(y, memory, B, w.crossAttention, masks.cross);
      crossAttention = r.weights;
      return r.output;
    }, w.norm2, o.norm, o.eps);
    check?.('encoder-decoder attention', b);
    const output = residual(b, (y) => feedForward(y, w.feedForward), w.norm3, o.norm, o.eps);
    check?.('feed-forward', output);
    return { output, attention: { selfAttention: selfAttention as Tensor4D, crossAttention: crossAttention as Tensor4D } };
  });
}

/** The masks of one decoder pass. */
export interface DecoderMasks {
  /** Causal mask combined with target padding (never null: the causal part always hides something when nTgt > 1). */
  readonly self: AttentionMask | null;
  /** Source padding, for encoder-decoder attention (null: none). */
  readonly cross: AttentionMask | null;
}

/** Weights of one decoder layer, named as in `torch.nn.TransformerDecoderLayer`. */
export interface DecoderLayerWeights {
  /** Masked self-attention (`self_attn`). */
  readonly selfAttention: MultiHeadAttentionWeights;
  /** Encoder-decoder attention (`multihead_attn`). */
  readonly crossAttention: MultiHeadAttentionWeights;
  readonly feedForward: FeedForwardWeights;
  readonly norm1: LayerNormWeights;
  readonly norm2: LayerNormWeights;
  readonly norm3: LayerNormWeights;
}
