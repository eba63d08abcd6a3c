/**
 * The Transformer of "Attention Is All You Need" on tfjs-core: configuration, weights, the forward
 * pass that exposes every attention weight, and the accounting the views display.
 */
export * from './config';
export * from './parameters';
export { sinusoidalPositionalEncoding, relativePositionMatrix, pairFrequency, PE_BASE } from './positional-encoding';
export { positionalEncodingTensor } from './device/positional-encoding-tensor';
export { embedTokens } from './embeddings';
export { subsequentMask, paddingMask, allowedMask } from './masks';
export type { MaskSpec } from './masks';
export { maskedSoftmax, maskTensors, disposeMask } from './device/masked-softmax';
export type { AttentionMask } from './device/masked-softmax';
export { scaledDotProductAttention, multiHeadAttention } from './attention';
export type { AttentionStrategy, MultiHeadAttentionWeights } from './device/head-layouts';
export { queryKeyVectors, valueNorms } from './attention-probes';
export type { AttentionObserver, AttentionSeen } from './attention-probes';
export { feedForward } from './feed-forward';
export { layerNorm } from './layer-norm';
export { residual } from './sublayer';
export type { NormPlacement } from './sublayer';
export { FiniteWatch, NonFiniteError } from './device/finite-watch';
export { attentionSteps, buildModel, finish, forward, forwardSteps, forwardToArrays, inputProblems } from './transformer';
export type { AttentionOutput, PerKind, BuildOptions, ForwardInput, ForwardOptions, ForwardOutput, ForwardArrays, TransformerModel } from './transformer';
export type { LayerDone } from './stack';
export { initParameters, initialValues, xavierBound } from './init';
export { Prng, hashString } from './prng';
export { countParameters, forwardMultiplyAdds, table1 } from './accounting';
export type { ParameterCounts, ForwardMultiplyAdds, AttentionMultiplyAdds, LayerType, LayerComplexity, Cost } from './accounting';
