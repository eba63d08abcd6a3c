/**
 * The decoder (paper, section 3.1): a stack of N identical layers, each with three sub-layers:
 * masked multi-head self-attention (position i sees only positions <= i), multi-head attention over
 * the encoder's output (queries from the decoder, keys and values from the encoder: encoder-decoder
 * or cross attention), then the feed-forward network; each wrapped in a residual connection and
 * LayerNorm.
 */
import { dispose, tidy, type Tensor2D, type Tensor4D } from '@tensorflow/tfjs-core';
import { multiHeadAttention } from './attention';
import type { MultiHeadAttentionWeights } from './device/head-layouts';
import { layerCheck, type LayerDone, type StackOptions } from './encoder';
import { feedForward, type FeedForwardWeights } from './feed-forward';
import { layerNorm, type LayerNormWeights } from './layer-norm';
import type { AttentionMask } from './device/masked-softmax';
import { residual } from './sublayer';

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

/** The masks of one decoder pass. */
export interface DecoderMasks {
  /** Causal mask combined with target padding (never null: the causal part always hides something when nTgt > 1). */
  readonly self: AttentionMask | null;
  /** Source padding, for encoder-decoder attention (null: none). */
  readonly cross: AttentionMask | null;
}

/**
 * One decoder layer on `x` (`[B * nTgt, dModel]`) with the encoder's output `memory`
 * (`[B * nSrc, dModel]`). Returns the output and the weights of both attentions: self
 * `[B, h, nTgt, nTgt]` and cross `[B, h, nTgt, nSrc]` (queries: target tokens; keys: source tokens).
 */
export function decoderLayer(
  x: Tensor2D, memory: Tensor2D, B: number, w: DecoderLayerWeights, masks: DecoderMasks, o: StackOptions, layer = 0,
): { output: Tensor2D; selfAttention: Tensor4D; crossAttention: Tensor4D } {
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
    return { output, selfAttention: selfAttention as Tensor4D, crossAttention: crossAttention as Tensor4D };
  });
}

/**
 * The decoder stack: N layers, then the optional final LayerNorm. Yields after each layer (like
 * {@link encode}: `x` and `memory` stay the caller's; stopped early, it frees what it made).
 */
export function* decode(
  x: Tensor2D, memory: Tensor2D, B: number, layers: readonly DecoderLayerWeights[],
  finalNorm: LayerNormWeights | undefined, masks: DecoderMasks, o: StackOptions,
): Generator<LayerDone, { output: Tensor2D; selfAttention: Tensor4D[]; crossAttention: Tensor4D[] }, void> {
  const selfAttention: Tensor4D[] = [];
  const crossAttention: Tensor4D[] = [];
  let h = x;
  let finished = false;
  try {
    for (const [i, layer] of layers.entries()) {
      const r = decoderLayer(h, memory, B, layer, masks, o, i);
      if (h !== x) h.dispose();
      h = r.output;
      selfAttention.push(r.selfAttention);
      crossAttention.push(r.crossAttention);
      yield { stack: 'decoder', layer: i + 1, of: layers.length, weights: r.crossAttention };
    }
    const output = finalNorm ? layerNorm(h, finalNorm, o.eps) : h;
    if (output !== h && h !== x) h.dispose();
    finished = true;
    return { output, selfAttention, crossAttention };
  } finally {
    if (!finished) dispose([...selfAttention, ...crossAttention, ...(h !== x ? [h] : [])]);
  }
}
