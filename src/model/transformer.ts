/**
 * The whole Transformer (paper, figure 1): source and target embeddings plus positional encoding,
 * the encoder stack, the decoder stack over the encoder's output, and the generator (the
 * pre-softmax linear transformation and softmax) giving next-token probabilities.
 *
 * The forward pass is a single teacher-forced pass: every target position i gets the probabilities
 * of token i + 1 given the source and target tokens 0..i.
 *
 * Padding rules (what the attention rows of padded positions are): a padded key gets weight exactly
 * 0 from every query. A padded position is still a query: its row is a distribution over the
 * non-padded keys (and, in decoder self-attention, only those at or before it), so every row of
 * every attention sums to 1. Its output and probabilities are computed and mean nothing.
 * For every row to have at least one allowed key, each source sequence needs one real token and the
 * first target position must be a real token; other inputs are rejected.
 */
import {
  add, env, getBackend, reshape, slice, tensor2d, tensor3d, tidy, zeros, type Tensor2D, type Tensor3D, type Tensor4D,
} from '@tensorflow/tfjs-core';
import { validateConfig, type TransformerConfig } from './config';
import { decode } from './decoder';
import type { AttentionStrategy } from './device/head-layouts';
import { Pass } from './device/pass';
import { disposeWeights, uploadWeights, type ModelWeights, type WeightLayout } from './device/weights';
import { embedTokens } from './embeddings';
import { encode } from './encoder';
import type { AttentionOutput, ForwardArrays, ForwardInput, ForwardOptions, ForwardOutput } from './forward-io';
import { generate, type GeneratorWeights } from './generator';
import { validateParameters, type Parameters } from './parameters';
import type { PositionalEncodingRows } from './positional-encoding';
import type { LayerDone } from './stack';

/**
 * Figure 1, bottom to top, on one batch. Yields after each encoder and decoder layer. Without
 * probabilities it stops at the decoder's output (the attention views need none, and the output
 * layer over the vocabulary is a large part of a pass). All but the output is freed at the end.
 */
function* transformer(model: TransformerModel, input: ForwardInput, options: ForwardOptions, withProbabilities: boolean): Generator<LayerDone, AttentionOutput | ForwardOutput, void> {
  const w = weightsOf(model);
  const pass = new Pass(model.config, input, options); // checks the input, uploads its masks (device/pass.ts)
  const { B, masks, stack } = pass;
  try {
    const pe = positionalEncoding(pass, w.positions, options.positionalEncoding !== false);
    // Inputs: Input Embedding + Positional Encoding, then the encoder, N layers.
    const src = embed(pass, w.srcEmbed, input.src, pe, 'the source embeddings');
    const encoder = pass.hold(yield* encode(src, B, w.encoder, w.encoderNorm, masks.encoder, stack));
    // Outputs (the target, shifted right by the caller): Output Embedding + Positional Encoding, then
    // the decoder, N layers, each attending to the encoder's output.
    const tgt = embed(pass, w.tgtEmbed, input.tgt, pe, 'the target embeddings');
    const decoder = pass.hold(yield* decode(tgt, encoder.memory, B, w.decoder, w.decoderNorm, masks.decoder, stack));
    // Linear + Softmax: the output probabilities.
    const probabilities = withProbabilities ? outputProbabilities(pass, decoder.output, w.generator) : undefined;
    return pass.output({ encoder, decoder, positionalEncoding: pe, probabilities });
  } finally {
    pass.dispose();
  }
}

/** PE(pos) for pos < max(nSrc, nTgt), `[max(nSrc, nTgt), dModel]` (section 3.5); zeros when switched off. */
function positionalEncoding(pass: Pass, table: PositionalEncodingRows, on: boolean): Tensor2D {
  const nMax = Math.max(pass.nSrc, pass.nTgt);
  const d = pass.config.dModel;
  return pass.keep(on ? tensor2d(table.rows(nMax), [nMax, d]) : zeros([nMax, d]));
}

/** Embedding(ids) · √dModel + PE, `[B * n, dModel]`: the bottom of a stack (sections 3.4 and 3.5). */
function embed(pass: Pass, table: Float32Array, ids: number[][], pe: Tensor2D, where: string): Tensor2D {
  const { B } = pass;
  const d = pass.config.dModel;
  const n = ids[0].length;
  return pass.keep(tidy(() => {
    const e = tensor3d(embedTokens(table, d, ids), [B, n, d]);
    const x = reshape(add(e, slice(pe, [0, 0], [n, d])), [B * n, d]) as Tensor2D;
    pass.check(where, x);
    return x;
  }));
}

/** Linear + Softmax on the decoder's output: next-token probabilities `[B, nTgt, vocabSize]` (section 3.4). */
function outputProbabilities(pass: Pass, x: Tensor2D, g: GeneratorWeights): Tensor3D {
  const p = pass.keep(tidy(() => reshape(generate(x, g), [pass.B, pass.nTgt, pass.config.vocabSize]) as Tensor3D));
  pass.check('the output layer (generator and softmax)', p);
  return p;
}

// Running a pass.

/**
 * Runs the model on one batch: embeddings + positional encoding, encoder, decoder, generator.
 * Returns every attention weight and the probabilities; all intermediates are released. The caller
 * owns the output and frees it with `output.dispose()`.
 */
export function forward(model: TransformerModel, input: ForwardInput, options: ForwardOptions = {}): ForwardOutput {
  return finish(forwardSteps(model, input, options));
}

/** Runs the steps of a pass to the end and returns its output. */
export function finish<T>(steps: Generator<LayerDone, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * {@link forward} one layer at a time: yields after each encoder and decoder layer, so that a
 * caller can show progress, let the page breathe between layers, or stop (`return()` frees every
 * tensor made so far). The input is checked before anything is computed.
 */
export function forwardSteps(model: TransformerModel, input: ForwardInput, options: ForwardOptions = {}): Generator<LayerDone, ForwardOutput, void> {
  return transformer(model, input, options, true) as Generator<LayerDone, ForwardOutput, void>;
}

/**
 * {@link forwardSteps} without the output layer: the attention views need no next-token
 * probabilities, whose linear layer and softmax over the vocabulary are a large part of a pass.
 */
export function attentionSteps(model: TransformerModel, input: ForwardInput, options: ForwardOptions = {}): Generator<LayerDone, AttentionOutput, void> {
  return transformer(model, input, options, false);
}

/** {@link forward}, then downloads every output to arrays and frees the tensors. */
export async function forwardToArrays(model: TransformerModel, input: ForwardInput, options: ForwardOptions = {}): Promise<ForwardArrays> {
  const out = forward(model, input, options);
  try {
    const all = (ts: Tensor4D[]): Promise<Float32Array[]> => Promise.all(ts.map((t) => t.data() as Promise<Float32Array>));
    const [enc, dec, cross, pe, probabilities] = await Promise.all([
      all(out.encoderSelfAttention), all(out.decoderSelfAttention), all(out.crossAttention),
      out.positionalEncoding.data() as Promise<Float32Array>, out.probabilities.data() as Promise<Float32Array>,
    ]);
    return {
      encoderSelfAttention: enc, decoderSelfAttention: dec, crossAttention: cross, positionalEncoding: pe, probabilities,
      batch: input.src.length, nSrc: input.src[0].length, nTgt: input.tgt[0].length, h: model.config.h, N: model.config.N,
    };
  } finally {
    out.dispose();
  }
}

// The model: configuration and weights on the device.

/** A model whose weights live on the current tfjs backend. */
export interface TransformerModel {
  readonly config: TransformerConfig;
  /** Frees the weights' device memory; the model cannot be used afterwards. */
  dispose(): void;
}

/** Choices for building a model. */
export interface BuildOptions {
  /**
   * How attention heads are laid out on the device (see {@link AttentionStrategy}); default
   * 'per-head' when the current backend is wasm, 'batched' otherwise.
   */
  attention?: AttentionStrategy;
  /**
   * Most vocabulary entries per block of the output layer. Default on webgl: 2048 (at most half the
   * texture size limit; wider matrices are stored folded, and with SwiftShader 2048-wide blocks
   * ran the base model's output layer about 1.5x faster than one block); elsewhere the whole
   * vocabulary (on wasm one product was fastest).
   */
  generatorBlock?: number;
}

/**
 * Validates the configuration and the weights, and uploads the weights to the current backend
 * (set the backend and await `tf.ready()` first). Linear weights are transposed once here.
 */
export function buildModel(config: TransformerConfig, params: Parameters, options: BuildOptions = {}): TransformerModel {
  validateConfig(config);
  validateParameters(config, params);
  const frozen = Object.freeze({ ...config });
  const backend = getBackend();
  const layout: WeightLayout = {
    attention: options.attention ?? (backend === 'wasm' ? 'per-head' : 'batched'),
    generatorBlock: options.generatorBlock ?? (backend === 'webgl' ? Math.min(2048, env().getNumber('WEBGL_MAX_TEXTURE_SIZE') / 2) : config.vocabSize),
  };
  return new Model(frozen, uploadWeights(frozen, params, layout));
}

class Model implements TransformerModel {
  private disposed = false;
  constructor(readonly config: TransformerConfig, private readonly w: ModelWeights) {}
  get weights(): ModelWeights {
    if (this.disposed) throw new Error('This TransformerModel has been disposed.');
    return this.w;
  }
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeWeights(this.w);
  }
}

function weightsOf(model: TransformerModel): ModelWeights {
  if (!(model instanceof Model)) throw new Error('forward() needs a model made by buildModel().');
  return model.weights;
}

// The pass's input, options and output (forward-io.ts), for callers that import them from here.
export { inputProblems } from './forward-io';
export type { AttentionOutput, ForwardArrays, ForwardInput, ForwardOptions, ForwardOutput, PerKind } from './forward-io';
