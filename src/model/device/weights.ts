/**
 * The model's weights on the device, in the form the forward pass uses: linear weights transposed
 * once to `[in, out]`, Q projections pre-scaled by 1/sqrt(dK); the positional-encoding rows on the
 * host, computed as runs need them.
 * Built from the checkpoint-layout {@link Parameters} (docs/checkpoint-format.md).
 */
import { keep, type Tensor } from '@tensorflow/tfjs-core';
import { uploadMultiHeadAttention, type AttentionStrategy, type MultiHeadAttentionWeights } from './head-layouts';
import type { TransformerConfig } from '../config';
import type { DecoderLayerWeights } from '../decoder';
import type { EncoderLayerWeights } from '../encoder';
import { uploadFeedForward, type FeedForwardWeights } from '../feed-forward';
import { uploadLayerNorm, type LayerNormWeights } from '../layer-norm';
import { uploadGenerator, type GeneratorWeights } from '../generator';
import type { LinearWeights } from '../linear';
import { resolveParameter, type Parameters } from '../parameters';
import { PositionalEncodingRows } from '../positional-encoding';

/** Everything the forward pass reads, on the device. */
export interface ModelWeights {
  /** `src_embed.weight` `[vocabSize, dModel]`, a host copy (the lookup runs on the host, see ../embeddings.ts). */
  readonly srcEmbed: Float32Array;
  /** `tgt_embed.weight`; the same array as `srcEmbed` when embeddings are shared. */
  readonly tgtEmbed: Float32Array;
  /** The pre-softmax linear transformation (`generator`), transposed, in vocabulary blocks. */
  readonly generator: GeneratorWeights;
  readonly encoder: readonly EncoderLayerWeights[];
  readonly decoder: readonly DecoderLayerWeights[];
  readonly encoderNorm?: LayerNormWeights;
  readonly decoderNorm?: LayerNormWeights;
  /** The sinusoidal table's rows, on the host: only those of the longest run so far (not `[maxLength, dModel]`). */
  readonly positions: PositionalEncodingRows;
}

/** How the weights are laid out on the device. */
export interface WeightLayout {
  readonly attention: AttentionStrategy;
  /** Most vocabulary entries per generator block. */
  readonly generatorBlock: number;
}

/** Uploads every weight in the given layout; `params` must already be validated against `c`. */
export function uploadWeights(c: TransformerConfig, params: Parameters, layout: WeightLayout): ModelWeights {
  const get = (name: string): Float32Array => resolveParameter(params, c, name).data;
  const attention = (p: string): MultiHeadAttentionWeights => uploadMultiHeadAttention(
    get(`${p}.in_proj_weight`), get(`${p}.in_proj_bias`), get(`${p}.out_proj.weight`), get(`${p}.out_proj.bias`),
    c.dModel, c.h, c.dK, c.dV, layout.attention);
  const ffn = (p: string): FeedForwardWeights => uploadFeedForward(
    get(`${p}.linear1.weight`), get(`${p}.linear1.bias`), get(`${p}.linear2.weight`), get(`${p}.linear2.bias`), c.dModel, c.dFF);
  const norm = (p: string): LayerNormWeights => uploadLayerNorm(get(`${p}.weight`), get(`${p}.bias`));

  // Copies, so that later changes to `params` cannot change the model.
  const srcEmbed = get('src_embed.weight').slice();
  const weights: ModelWeights = {
    srcEmbed,
    tgtEmbed: c.sharedEmbeddings ? srcEmbed : get('tgt_embed.weight').slice(),
    generator: uploadGenerator(get('generator.weight'), get('generator.bias'), c.vocabSize, c.dModel, layout.generatorBlock),
    encoder: Array.from({ length: c.N }, (_, i) => {
      const p = `transformer.encoder.layers.${i}`;
      return { selfAttention: attention(`${p}.self_attn`), feedForward: ffn(p), norm1: norm(`${p}.norm1`), norm2: norm(`${p}.norm2`) };
    }),
    decoder: Array.from({ length: c.N }, (_, i) => {
      const p = `transformer.decoder.layers.${i}`;
      return {
        selfAttention: attention(`${p}.self_attn`), crossAttention: attention(`${p}.multihead_attn`), feedForward: ffn(p),
        norm1: norm(`${p}.norm1`), norm2: norm(`${p}.norm2`), norm3: norm(`${p}.norm3`),
      };
    }),
    encoderNorm: c.finalNorm ? norm('transformer.encoder.norm') : undefined,
    decoderNorm: c.finalNorm ? norm('transformer.decoder.norm') : undefined,
    positions: new PositionalEncodingRows(c.dModel),
  };
  // Weights outlive any tidy the caller may be in.
  for (const t of weightTensors(weights)) keep(t);
  return weights;
}

/** Every distinct tensor of the weights. */
export function weightTensors(w: ModelWeights): Tensor[] {
  const out = new Set<Tensor>();
  const lin = (l: LinearWeights): void => { out.add(l.wT); out.add(l.b); };
  w.generator.blocks.forEach(lin);
  const mha = (a: MultiHeadAttentionWeights): void => {
    lin(a.o);
    if (a.layout === 'batched') [a.q, a.k, a.v].forEach(lin);
    else for (const hw of a.heads) { lin(hw.q); lin(hw.v); out.add(hw.kRows); }
  };
  const ln = (n: LayerNormWeights | undefined): void => { if (n) { out.add(n.gamma); out.add(n.beta); } };
  for (const l of w.encoder) { mha(l.selfAttention); lin(l.feedForward.linear1); lin(l.feedForward.linear2); ln(l.norm1); ln(l.norm2); }
  for (const l of w.decoder) {
    mha(l.selfAttention); mha(l.crossAttention); lin(l.feedForward.linear1); lin(l.feedForward.linear2);
    ln(l.norm1); ln(l.norm2); ln(l.norm3);
  }
  ln(w.encoderNorm);
  ln(w.decoderNorm);
  return [...out];
}

/** Frees every weight on the device. */
export function disposeWeights(w: ModelWeights): void {
  for (const t of weightTensors(w)) t.dispose();
}
