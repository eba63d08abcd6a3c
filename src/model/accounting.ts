/**
 * What a model costs: parameters per group, per layer and in total; multiply-adds of one forward
 * pass; and the paper's Table 1 (section 4, "Why Self-Attention"), per-layer complexity of
 * self-attention against recurrent and convolutional layers. Plain arithmetic, no tfjs: the views
 * import it directly.
 */
import type { TransformerConfig } from './config';
import { parameterSpecs, type ParameterGroup } from './parameters';

const GROUPS: readonly ParameterGroup[] = [
  'embeddings', 'encoder.self_attn', 'encoder.feed_forward', 'encoder.norm',
  'decoder.self_attn', 'decoder.cross_attn', 'decoder.feed_forward', 'decoder.norm', 'generator',
];

/** Parameter counts of a configuration. Shared (tied) matrices count once. */
export interface ParameterCounts {
  total: number;
  /** Per group of `ParameterGroup`, summed over layers. */
  byGroup: Record<ParameterGroup, number>;
  /** Per encoder layer (index = layer). */
  encoderLayers: number[];
  /** Per decoder layer (index = layer). */
  decoderLayers: number[];
}

/** Counts the parameters of `parameterSpecs(c)`. */
export function countParameters(c: TransformerConfig): ParameterCounts {
  const byGroup = Object.fromEntries(GROUPS.map((g) => [g, 0])) as Record<ParameterGroup, number>;
  const encoderLayers = new Array<number>(c.N).fill(0);
  const decoderLayers = new Array<number>(c.N).fill(0);
  let total = 0;
  for (const spec of parameterSpecs(c)) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    total += size;
    byGroup[spec.group] += size;
    if (spec.layer !== undefined) {
      if (spec.group.startsWith('encoder.')) encoderLayers[spec.layer] += size;
      else if (spec.group.startsWith('decoder.')) decoderLayers[spec.layer] += size;
    }
  }
  return { total, byGroup, encoderLayers, decoderLayers };
}

/** Multiply-adds of one multi-head attention block. */
export interface AttentionMultiplyAdds {
  /** Q, K and V projections of all heads. */
  projections: number;
  /** Q K^T of all heads. */
  scores: number;
  /** weights · V of all heads. */
  weightedValues: number;
  /** W^O. */
  outputProjection: number;
  total: number;
}

/** Multiply-adds of one forward pass; only the matrix products (softmax, LayerNorm, additions are not counted). */
export interface ForwardMultiplyAdds {
  /** One encoder layer. */
  encoderLayer: { selfAttention: AttentionMultiplyAdds; feedForward: number; total: number };
  /** One decoder layer. */
  decoderLayer: { selfAttention: AttentionMultiplyAdds; crossAttention: AttentionMultiplyAdds; feedForward: number; total: number };
  /** All N encoder layers. */
  encoder: number;
  /** All N decoder layers. */
  decoder: number;
  /** The pre-softmax linear transformation. */
  generator: number;
  total: number;
}

function attentionMultiplyAdds(c: TransformerConfig, nq: number, nk: number): AttentionMultiplyAdds {
  const projections = nq * c.dModel * c.h * c.dK + nk * c.dModel * c.h * (c.dK + c.dV);
  const scores = c.h * nq * nk * c.dK;
  const weightedValues = c.h * nq * nk * c.dV;
  const outputProjection = nq * c.h * c.dV * c.dModel;
  return { projections, scores, weightedValues, outputProjection, total: projections + scores + weightedValues + outputProjection };
}

/**
 * Multiply-adds of a forward pass of `batch` sequences of `nSrc` source and `nTgt` target tokens
 * (a FLOP count is twice this).
 */
export function forwardMultiplyAdds(c: TransformerConfig, nSrc: number, nTgt: number, batch = 1): ForwardMultiplyAdds {
  const ffn = (n: number): number => 2 * n * c.dModel * c.dFF;
  const encSelf = attentionMultiplyAdds(c, nSrc, nSrc);
  const decSelf = attentionMultiplyAdds(c, nTgt, nTgt);
  const cross = attentionMultiplyAdds(c, nTgt, nSrc);
  const encoderLayer = { selfAttention: encSelf, feedForward: ffn(nSrc), total: encSelf.total + ffn(nSrc) };
  const decoderLayer = {
    selfAttention: decSelf, crossAttention: cross, feedForward: ffn(nTgt), total: decSelf.total + cross.total + ffn(nTgt),
  };
  const scaleAttn = (a: AttentionMultiplyAdds): AttentionMultiplyAdds => ({
    projections: a.projections * batch, scores: a.scores * batch, weightedValues: a.weightedValues * batch,
    outputProjection: a.outputProjection * batch, total: a.total * batch,
  });
  const encoder = c.N * encoderLayer.total * batch;
  const decoder = c.N * decoderLayer.total * batch;
  const generator = nTgt * c.dModel * c.vocabSize * batch;
  return {
    encoderLayer: { selfAttention: scaleAttn(encSelf), feedForward: encoderLayer.feedForward * batch, total: encoderLayer.total * batch },
    decoderLayer: {
      selfAttention: scaleAttn(decSelf), crossAttention: scaleAttn(cross),
      feedForward: decoderLayer.feedForward * batch, total: decoderLayer.total * batch,
    },
    encoder, decoder, generator, total: encoder + decoder + generator,
  };
}

/** The layer types compared in the paper's Table 1. */
export type LayerType = 'self-attention' | 'recurrent' | 'convolutional' | 'self-attention (restricted)';

/** A cost as the paper writes it, and its value for the given sizes. */
export interface Cost {
  /** As in Table 1, e.g. "O(n^2 · d)". */
  formula: string;
  /** The expression inside O(·) evaluated for the given n, d, k, r (constant factors dropped, as in the paper). */
  value: number;
}

/** One row of Table 1. */
export interface LayerComplexity {
  layerType: LayerType;
  complexityPerLayer: Cost;
  sequentialOperations: Cost;
  maximumPathLength: Cost;
}

/**
 * The paper's Table 1 for sequence length n, representation dimension d, convolution kernel width k
 * and restricted self-attention neighbourhood r. The convolutional path length is that of dilated
 * convolutions, log_k(n), as in the table (contiguous kernels need n/k layers).
 */
export function table1(n: number, d: number, k: number, r: number): LayerComplexity[] {
  const cost = (formula: string, value: number): Cost => ({ formula, value });
  return [
    { layerType: 'self-attention', complexityPerLayer: cost('O(n^2 · d)', n * n * d), sequentialOperations: cost('O(1)', 1), maximumPathLength: cost('O(1)', 1) },
    { layerType: 'recurrent', complexityPerLayer: cost('O(n · d^2)', n * d * d), sequentialOperations: cost('O(n)', n), maximumPathLength: cost('O(n)', n) },
    {
      layerType: 'convolutional', complexityPerLayer: cost('O(k · n · d^2)', k * n * d * d), sequentialOperations: cost('O(1)', 1),
      maximumPathLength: cost('O(log_k(n))', Math.log(n) / Math.log(k)),
    },
    {
      layerType: 'self-attention (restricted)', complexityPerLayer: cost('O(r · n · d)', r * n * d), sequentialOperations: cost('O(1)', 1),
      maximumPathLength: cost('O(n/r)', n / r),
    },
  ];
}
