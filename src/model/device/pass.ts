/**
 * The bookkeeping of one forward pass, kept out of the pass itself (../transformer.ts reads like the
 * paper's figure 1): the input checked, the masks uploaded, every sub-layer's output watched for
 * overflow, the opt-in probes recorded, and every tensor made freed at the end unless it is part of
 * the output.
 */
import { dispose, keep as keepTensor, type Tensor, type Tensor2D, type Tensor3D, type Tensor4D } from '@tensorflow/tfjs-core';
import { queryKeyVectors, valueNorms, type AttentionObserver } from '../attention-probes';
import { ConfigError, type TransformerConfig } from '../config';
import type { DecoderMasks } from '../decoder';
import { inputProblems, type AttentionOutput, type ForwardInput, type ForwardOptions, type ForwardOutput, type PerKind } from '../forward-io';
import { allowedMask } from '../masks';
import type { StackOptions } from '../stack';
import { FiniteWatch } from './finite-watch';
import { disposeMask, maskTensors, type AttentionMask } from './masked-softmax';

/** The tensors of a stack's result (`{ memory, selfAttention }`, `{ output, selfAttention, crossAttention }`). */
type StackResult = Record<string, Tensor | readonly Tensor[]>;

/** One forward pass's state. Make it inside the pass, use it in a `try`, and `dispose()` it in the `finally`. */
export class Pass {
  readonly B: number;
  readonly nSrc: number;
  readonly nTgt: number;
  /** The masks on the device: encoder self-attention, and the decoder's two attentions. */
  readonly masks: { readonly encoder: AttentionMask | null; readonly decoder: DecoderMasks };
  /** How the stacks run their layers: norm placement, eps, the overflow check and the probes. */
  readonly stack: StackOptions;
  /** Every tensor made here, freed at the end unless it is part of the output. */
  private readonly made: Tensor[] = [];
  /** The tensors handed to the caller, once the pass has finished. */
  private returned = new Set<Tensor>();
  // Each sub-layer's output is watched for overflow: the pass stops naming the first, rather than return NaN.
  private readonly watch = new FiniteWatch();
  private readonly norms: PerKind<Tensor3D> | undefined;
  private queryKeys: { q: Tensor3D; k: Tensor3D } | undefined;

  /** Checks the input (throws a ConfigError listing every problem) and uploads its masks. */
  constructor(readonly config: TransformerConfig, readonly input: ForwardInput, options: ForwardOptions) {
    const c = config;
    const problems = inputProblems(c, input);
    if (problems.length > 0) throw new ConfigError(problems);
    const B = input.src.length;
    const nSrc = input.src[0].length;
    const nTgt = input.tgt[0].length;
    this.B = B;
    this.nSrc = nSrc;
    this.nTgt = nTgt;
    const norms: PerKind<Tensor3D> | undefined = options.valueNorms ? { encoderSelf: [], decoderSelf: [], cross: [] } : undefined;
    this.norms = norms;
    const wanted = options.queryKeys;
    const observe: AttentionObserver | undefined = norms || wanted ? (seen) => {
      // Inside the layer's tidy: tf's keep() saves the result from it, `made` frees it on an early stop.
      if (norms) norms[seen.kind][seen.layer] = this.keep(keepTensor(valueNorms(seen.keysValues, seen.B, seen.weights)));
      if (wanted && wanted.kind === seen.kind && wanted.layer === seen.layer) {
        const qk = queryKeyVectors(seen.queries, seen.keysValues, seen.B, seen.weights);
        this.queryKeys = { q: this.keep(keepTensor(qk.q)), k: this.keep(keepTensor(qk.k)) };
      }
    } : undefined;
    this.stack = { norm: c.norm, eps: c.layerNormEps, check: (where, t) => this.watch.check(where, t), ...(observe ? { observe } : {}) };
    const upload = (a: Uint8Array | null, nq: number, nk: number): AttentionMask | null => (a ? maskTensors(a, B, nq, nk) : null);
    const encoder = upload(allowedMask({ batch: B, nQueries: nSrc, nKeys: nSrc, keyPadding: input.srcPadding }), nSrc, nSrc);
    const self = upload(allowedMask({ batch: B, nQueries: nTgt, nKeys: nTgt, keyPadding: input.tgtPadding, causal: true }), nTgt, nTgt);
    const cross = upload(allowedMask({ batch: B, nQueries: nTgt, nKeys: nSrc, keyPadding: input.srcPadding }), nTgt, nSrc);
    this.masks = { encoder, decoder: { self, cross } };
  }

  /** Keeps `t` until the end of the pass (freed then unless it is part of the output). */
  keep<T extends Tensor>(t: T): T {
    this.made.push(t);
    return t;
  }

  /** {@link keep}s every tensor of a stack's result. */
  hold<R extends StackResult>(r: R): R {
    for (const t of Object.values(r).flat()) this.keep(t);
    return r;
  }

  /** Watches `t` for overflow under the name `where` (finite-watch.ts). */
  check(where: string, t: Tensor): void {
    this.watch.check(where, t);
  }

  /**
   * The pass's output: every attention weight, the positional encoding, the probabilities when
   * computed, and the probes asked for. Throws a NonFiniteError naming the first sub-layer that
   * overflowed.
   */
  output(r: {
    encoder: { selfAttention: Tensor4D[] };
    decoder: { selfAttention: Tensor4D[]; crossAttention: Tensor4D[] };
    positionalEncoding: Tensor2D;
    probabilities?: Tensor3D;
  }): AttentionOutput | ForwardOutput {
    this.watch.throwIfNonFinite();
    const { norms, queryKeys } = this;
    const { probabilities, positionalEncoding: pe } = r;
    const parts = {
      encoderSelfAttention: r.encoder.selfAttention, decoderSelfAttention: r.decoder.selfAttention,
      crossAttention: r.decoder.crossAttention, positionalEncoding: pe, ...(probabilities ? { probabilities } : {}),
      ...(norms ? { valueNorms: norms } : {}), ...(queryKeys ? { queryKeys } : {}),
    };
    const outputs = [...parts.encoderSelfAttention, ...parts.decoderSelfAttention, ...parts.crossAttention, pe, ...(probabilities ? [probabilities] : []),
      ...(norms ? [...norms.encoderSelf, ...norms.decoderSelf, ...norms.cross] : []), ...(queryKeys ? [queryKeys.q, queryKeys.k] : [])];
    this.returned = new Set(outputs);
    return { ...parts, dispose: () => dispose(outputs) };
  }

  /** Frees every tensor the pass made that is not part of its output, and the masks. */
  dispose(): void {
    this.watch.dispose();
    dispose(this.made.filter((t) => !this.returned.has(t)));
    disposeMask(this.masks.encoder);
    disposeMask(this.masks.decoder.self);
    disposeMask(this.masks.decoder.cross);
  }
}
