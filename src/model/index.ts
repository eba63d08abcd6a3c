/**
 * The Transformer of "Attention Is All You Need" on tfjs-core, exported in the order of the paper's
 * sections (README.md here lists the files the same way). This index loads tfjs; the tfjs-free parts
 * (config, parameters, accounting, init, the masks, the positional-encoding table) can be imported
 * from their own files without it.
 */

// The sizes, named as in the paper (N, dModel, dFF, h, dK, dV; Table 3), and the parameters they imply.
export * from './config';
export * from './parameters';

// 3.1 and figure 1: the model and its forward pass, a stack of N encoder and N decoder layers.
export { attentionSteps, buildModel, finish, forward, forwardSteps, forwardToArrays, inputProblems } from './transformer';
export type { BuildOptions, TransformerModel } from './transformer';
export type { AttentionOutput, PerKind, ForwardInput, ForwardOptions, ForwardOutput, ForwardArrays } from './forward-io';
export type { LayerDone } from './stack';
// 3.1: the residual connection and LayerNorm around each sub-layer.
export { residual } from './sublayer';
export type { NormPlacement } from './sublayer';
export { layerNorm } from './layer-norm';

// 3.2.1 and 3.2.2: scaled dot-product attention, multi-head attention.
export { scaledDotProductAttention, multiHeadAttention } from './attention';
// 3.2.3: the masks of the three attentions, plain arrays (1 = allowed).
export { subsequentMask, paddingMask, allowedMask } from './masks';
export type { MaskSpec } from './masks';

// 3.3: the position-wise feed-forward network.
export { feedForward } from './feed-forward';

// 3.4: embeddings (the output layer, linear and softmax, is the forward pass's last step).
export { embedTokens } from './embeddings';

// 3.5: positional encoding.
export { sinusoidalPositionalEncoding, relativePositionMatrix, pairFrequency, PE_BASE } from './positional-encoding';

// 4 (Table 1) and the cost of a pass: parameters and multiply-adds.
export { countParameters, forwardMultiplyAdds, table1 } from './accounting';
export type { ParameterCounts, ForwardMultiplyAdds, AttentionMultiplyAdds, LayerType, LayerComplexity, Cost } from './accounting';

// Random weights as torch initialises them, from a seeded generator (untrained models, benchmarks).
export { initParameters, initialValues, xavierBound } from './init';
export { Prng, hashString } from './prng';

// Beyond the paper: the query and key vectors and value norms behind the attention weights.
export { queryKeyVectors, valueNorms } from './attention-probes';
export type { AttentionObserver, AttentionSeen } from './attention-probes';

// The device: head layouts, masks on the device and the softmax that applies them, overflow watch.
export type { AttentionStrategy, MultiHeadAttentionWeights } from './device/head-layouts';
export { maskedSoftmax, maskTensors, disposeMask } from './device/masked-softmax';
export type { AttentionMask } from './device/masked-softmax';
export { positionalEncodingTensor } from './device/positional-encoding-tensor';
export { FiniteWatch, NonFiniteError } from './device/finite-watch';
