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
  add, dispose, env, getBackend, keep as keepTensor, reshape, slice, tensor2d, tensor3d, tidy, zeros, type Tensor, type Tensor2D, type Tensor3D, type Tensor4D,
} from '@tensorflow/tfjs-core';
import type { AttentionStrategy } from './device/head-layouts';
import { FiniteWatch } from './finite-watch';
import { queryKeyVectors, valueNorms, type AttentionObserver } from './attention-probes';
import type { AttentionKind } from '../shared/vocabulary';
import { ConfigError, lengthProblems, validateConfig, type TransformerConfig } from './config';
import { decode } from './decoder';
import { embedTokens } from './embeddings';
import { encode } from './encoder';
import type { LayerDone, StackOptions } from './stack';
import { generate } from './generator';
import { disposeMask, maskTensors, type AttentionMask } from './device/masked-softmax';
import { allowedMask } from './masks';
import { validateParameters, type Parameters } from './parameters';
import { disposeWeights, uploadWeights, type ModelWeights, type WeightLayout } from './weights';

/** One batch of token ids. `[batch][n]`; padding true = padded position. */
export interface ForwardInput {
  src: number[][];
  tgt: number[][];
  srcPadding?: boolean[][];
  tgtPadding?: boolean[][];
}

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

/** Choices for one forward pass. */
export interface ForwardOptions {
  /**
   * Add the positional encoding to the embeddings (default true). False runs the same input without
   * any information about token order (a walkthrough compares both).
   */
  positionalEncoding?: boolean;
  /**
   * Also return, per layer and attention kind, every head's value norms ‖f_h(x_j)‖ (`[B, h, nk]`,
   * src/model/attention-probes.ts) for value-weighted attention. Default false: the plain pass.
   */
  valueNorms?: boolean;
  /** Also return the query and key vectors of every head of one attention (the q·k steps view). */
  queryKeys?: { kind: AttentionKind; layer: number };
}

/** Per attention kind, one tensor per layer. */
export interface PerKind<T> {
  encoderSelf: T[];
  decoderSelf: T[];
  cross: T[];
}

/** Everything the views show from one forward pass, on the device. */
export interface AttentionOutput {
  /** Per encoder layer, `[B, h, nSrc (queries), nSrc (keys)]`. */
  encoderSelfAttention: Tensor4D[];
  /** Per decoder layer, `[B, h, nTgt (queries), nTgt (keys)]`; entries above the diagonal are exactly 0. */
  decoderSelfAttention: Tensor4D[];
  /** Per decoder layer, `[B, h, nTgt (queries: target tokens), nSrc (keys: source tokens)]`. */
  crossAttention: Tensor4D[];
  /**
   * The positional-encoding rows added to the embeddings, `[max(nSrc, nTgt), dModel]`: the first
   * nSrc rows went to the source, the first nTgt to the target. All zeros when the forward pass ran
   * with `positionalEncoding: false`.
   */
  positionalEncoding: Tensor2D;
  /** With `valueNorms: true`: ‖f_h(x_j)‖, `[B, h, nk]` per layer and kind. */
  valueNorms?: PerKind<Tensor3D>;
  /** With `queryKeys`: that attention's q `[h, nq, dK]` and k `[h, nk, dK]` (first sequence, unscaled q). */
  queryKeys?: { q: Tensor3D; k: Tensor3D };
  /** Frees every tensor of the output. */
  dispose(): void;
}

/** The whole forward pass's output: the attention, and the next-token probabilities. */
export interface ForwardOutput extends AttentionOutput {
  /** Next-token probabilities `[B, nTgt, vocabSize]`. */
  probabilities: Tensor3D;
}

/** {@link ForwardOutput} downloaded to row-major arrays of the same shapes. */
export interface ForwardArrays {
  encoderSelfAttention: Float32Array[];
  decoderSelfAttention: Float32Array[];
  crossAttention: Float32Array[];
  positionalEncoding: Float32Array;
  probabilities: Float32Array;
  batch: number;
  nSrc: number;
  nTgt: number;
  h: number;
  N: number;
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

function weightsOf(model: TransformerModel): ModelWeights {
  if (!(model instanceof Model)) throw new Error('forward() needs a model made by buildModel().');
  return model.weights;
}

/** Problems with an input for this configuration; empty when it can run. */
export function inputProblems(c: TransformerConfig, input: ForwardInput): string[] {
  const problems: string[] = [];
  const ids = (name: 'src' | 'tgt'): number => {
    const rows = input[name];
    if (!Array.isArray(rows) || rows.length === 0 || !rows.every((r) => Array.isArray(r))) {
      problems.push(`${name} must be a non-empty array of token-id arrays, [batch][n].`);
      return 0;
    }
    const n = rows[0].length;
    rows.forEach((r, b) => {
      if (r.length !== n) problems.push(`${name}[${b}] has ${r.length} tokens but ${name}[0] has ${n}: pad every sequence of a batch to the same length and mark the padding in ${name}Padding.`);
      const bad = r.findIndex((t) => !Number.isInteger(t) || t < 0 || t >= c.vocabSize);
      if (bad >= 0) problems.push(`${name}[${b}][${bad}] = ${r[bad]} is not a token id in [0, ${c.vocabSize}).`);
    });
    return n;
  };
  const nSrc = ids('src');
  const nTgt = ids('tgt');
  if (problems.length > 0) return problems;
  if (input.src.length !== input.tgt.length) problems.push(`src has ${input.src.length} sequences but tgt has ${input.tgt.length}: the batch sizes must match.`);
  problems.push(...lengthProblems(c, nSrc, nTgt));
  const padding = (name: 'srcPadding' | 'tgtPadding', n: number): void => {
    const p = input[name];
    if (p === undefined) return;
    if (!Array.isArray(p) || p.length !== input.src.length || p.some((r) => !Array.isArray(r) || r.length !== n || r.some((v) => typeof v !== 'boolean'))) {
      problems.push(`${name} must be [batch][${n}] booleans, the shape of ${name === 'srcPadding' ? 'src' : 'tgt'}.`);
      return;
    }
    p.forEach((r, b) => {
      if (name === 'srcPadding' && r.every((v) => v)) problems.push(`srcPadding[${b}] pads every source position: a sequence needs at least one real token.`);
      if (name === 'tgtPadding' && r[0]) problems.push(`tgtPadding[${b}][0] is true: the first target position must be a real token (the causal mask leaves it only itself to attend to); pad on the right.`);
    });
  };
  padding('srcPadding', nSrc);
  padding('tgtPadding', nTgt);
  return problems;
}

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
  return passSteps(model, input, options, true) as Generator<LayerDone, ForwardOutput, void>;
}

/**
 * {@link forwardSteps} without the output layer: the attention views need no next-token
 * probabilities, whose linear layer and softmax over the vocabulary are a large part of a pass.
 */
export function attentionSteps(model: TransformerModel, input: ForwardInput, options: ForwardOptions = {}): Generator<LayerDone, AttentionOutput, void> {
  return passSteps(model, input, options, false);
}

function* passSteps(model: TransformerModel, input: ForwardInput, options: ForwardOptions, withProbabilities: boolean): Generator<LayerDone, AttentionOutput | ForwardOutput, void> {
  const w = weightsOf(model);
  const c = model.config;
  const problems = inputProblems(c, input);
  if (problems.length > 0) throw new ConfigError(problems);
  const B = input.src.length;
  const nSrc = input.src[0].length;
  const nTgt = input.tgt[0].length;
  // Every tensor made here, freed at the end unless it is part of the output.
  const made: Tensor[] = [];
  const keep = <T extends Tensor>(t: T): T => (made.push(t), t);
  const norms: PerKind<Tensor3D> | undefined = options.valueNorms ? { encoderSelf: [], decoderSelf: [], cross: [] } : undefined;
  let queryKeys: { q: Tensor3D; k: Tensor3D } | undefined;
  const wanted = options.queryKeys;
  const observe: AttentionObserver | undefined = norms || wanted ? (seen) => {
    // Inside the layer's tidy: tf's keep() saves the result from it, `made` frees it on an early stop.
    if (norms) norms[seen.kind][seen.layer] = keep(keepTensor(valueNorms(seen.keysValues, seen.B, seen.weights)));
    if (wanted && wanted.kind === seen.kind && wanted.layer === seen.layer) {
      const qk = queryKeyVectors(seen.queries, seen.keysValues, seen.B, seen.weights);
      queryKeys = { q: keep(keepTensor(qk.q)), k: keep(keepTensor(qk.k)) };
    }
  } : undefined;
  // Each sub-layer's output is watched for overflow: the pass stops naming the first, rather than return NaN.
  const watch = new FiniteWatch();
  const o: StackOptions = { norm: c.norm, eps: c.layerNormEps, check: (where, t) => watch.check(where, t), ...(observe ? { observe } : {}) };
  const upload = (a: Uint8Array | null, nq: number, nk: number): AttentionMask | null => (a ? maskTensors(a, B, nq, nk) : null);
  const encoderMask = upload(allowedMask({ batch: B, nQueries: nSrc, nKeys: nSrc, keyPadding: input.srcPadding }), nSrc, nSrc);
  const selfMask = upload(allowedMask({ batch: B, nQueries: nTgt, nKeys: nTgt, keyPadding: input.tgtPadding, causal: true }), nTgt, nTgt);
  const crossMask = upload(allowedMask({ batch: B, nQueries: nTgt, nKeys: nSrc, keyPadding: input.srcPadding }), nTgt, nSrc);
  /** The tensors handed to the caller, once the pass has finished. */
  let returned = new Set<Tensor>();
  try {
    const nMax = Math.max(nSrc, nTgt);
    const pe: Tensor2D = keep(options.positionalEncoding === false
      ? zeros([nMax, c.dModel])
      : tensor2d(w.positions.rows(nMax), [nMax, c.dModel]));
    const bottom = (table: Float32Array, ids: number[][], n: number, where: string): Tensor2D => keep(tidy(() => {
      const e = tensor3d(embedTokens(table, c.dModel, ids), [B, n, c.dModel]);
      const x = reshape(add(e, slice(pe, [0, 0], [n, c.dModel])), [B * n, c.dModel]) as Tensor2D;
      watch.check(where, x);
      return x;
    }));
    const enc = yield* encode(bottom(w.srcEmbed, input.src, nSrc, 'the source embeddings'), B, w.encoder, w.encoderNorm, encoderMask, o);
    keep(enc.memory);
    enc.selfAttention.forEach(keep);
    const dec = yield* decode(bottom(w.tgtEmbed, input.tgt, nTgt, 'the target embeddings'), enc.memory, B, w.decoder, w.decoderNorm,
      { self: selfMask, cross: crossMask }, o);
    keep(dec.output);
    [...dec.selfAttention, ...dec.crossAttention].forEach(keep);
    const probabilities = withProbabilities
      ? keep(tidy(() => reshape(generate(dec.output, w.generator), [B, nTgt, c.vocabSize]) as Tensor3D))
      : undefined;
    if (probabilities) watch.check('the output layer (generator and softmax)', probabilities);
    watch.throwIfNonFinite();
    const parts = {
      encoderSelfAttention: enc.selfAttention, decoderSelfAttention: dec.selfAttention,
      crossAttention: dec.crossAttention, positionalEncoding: pe, ...(probabilities ? { probabilities } : {}),
      ...(norms ? { valueNorms: norms } : {}), ...(queryKeys ? { queryKeys } : {}),
    };
    const outputs = [...parts.encoderSelfAttention, ...parts.decoderSelfAttention, ...parts.crossAttention, pe, ...(probabilities ? [probabilities] : []),
      ...(norms ? [...norms.encoderSelf, ...norms.decoderSelf, ...norms.cross] : []), ...(queryKeys ? [queryKeys.q, queryKeys.k] : [])];
    returned = new Set(outputs);
    return { ...parts, dispose: () => dispose(outputs) };
  } finally {
    watch.dispose();
    dispose(made.filter((t) => !returned.has(t)));
    disposeMask(encoderMask);
    disposeMask(selfMask);
    disposeMask(crossMask);
  }
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
