/**
 * What goes into a forward pass and what comes out of it: the batch of token ids and its check,
 * the options, and the output tensors (every attention weight, the positional encoding, the
 * probabilities). The pass itself is in transformer.ts.
 */
import type { Tensor2D, Tensor3D, Tensor4D } from '@tensorflow/tfjs-core';
import type { AttentionKind } from './attention-kinds';
import { lengthProblems, type TransformerConfig } from './config';

/** One batch of token ids. `[batch][n]`; padding true = padded position. */
export interface ForwardInput {
  src: number[][];
  tgt: number[][];
  srcPadding?: boolean[][];
  tgtPadding?: boolean[][];
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
