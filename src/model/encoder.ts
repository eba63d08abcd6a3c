/**
 * The encoder (paper, section 3.1): a stack of N identical layers, each with two sub-layers,
 * multi-head self-attention and then the position-wise feed-forward network, each wrapped in a
 * residual connection and LayerNorm. Every position attends to every (non-padded) position.
 */
import { dispose, tidy, type Tensor2D, type Tensor4D } from '@tensorflow/tfjs-core';
import { multiHeadAttention } from './attention';
import type { MultiHeadAttentionWeights } from './device/head-layouts';
import type { AttentionObserver } from './attention-probes';
import { feedForward, type FeedForwardWeights } from './feed-forward';
import { layerNorm, type LayerNormWeights } from './layer-norm';
import type { AttentionMask } from './device/masked-softmax';
import { residual, type NormPlacement } from './sublayer';

/** Weights of one encoder layer, named as in `torch.nn.TransformerEncoderLayer`. */
export interface EncoderLayerWeights {
  readonly selfAttention: MultiHeadAttentionWeights;
  readonly feedForward: FeedForwardWeights;
  /** Around self-attention. */
  readonly norm1: LayerNormWeights;
  /** Around the feed-forward network. */
  readonly norm2: LayerNormWeights;
}

/** How the layers are run (shared by the encoder and the decoder). */
export interface StackOptions {
  readonly norm: NormPlacement;
  readonly eps: number;
  /**
   * Called inside each layer with the inputs of each multi-head attention (opt-in: value norms and
   * the q·k steps are computed from them, src/model/attention-probes.ts). Absent: the plain pass.
   */
  readonly observe?: AttentionObserver;
  /** Told each sub-layer's output, named (`encoder layer 2, feed-forward`), to watch for overflow (finite-watch.ts). */
  readonly check?: SublayerCheck;
}

/** Receives a sub-layer's output and where it came from. */
export type SublayerCheck = (where: string, output: Tensor2D) => void;

/** The check of one layer of a stack: the layer's name put in front of the sub-layer's. */
export function layerCheck(o: StackOptions, stack: 'encoder' | 'decoder', index: number): SublayerCheck | undefined {
  const check = o.check;
  return check && ((sublayer, output) => check(`${stack} layer ${index + 1}, ${sublayer}`, output));
}

/**
 * One encoder layer on `x` (`[B * n, dModel]`). `mask` hides padded source keys (null: none).
 * Returns the layer's output and its self-attention weights `[B, h, n, n]`.
 */
export function encoderLayer(
  x: Tensor2D, B: number, w: EncoderLayerWeights, mask: AttentionMask | null, o: StackOptions, layer = 0,
): { output: Tensor2D; selfAttention: Tensor4D } {
  const check = layerCheck(o, 'encoder', layer);
  return tidy(() => {
    let selfAttention: Tensor4D | undefined;
    const afterAttention = residual(x, (y) => {
      o.observe?.({ kind: 'encoderSelf', layer, queries: y, keysValues: y, B, weights: w.selfAttention });
      const r = multiHeadAttention(y, y, B, w.selfAttention, mask);
      selfAttention = r.weights;
      return r.output;
    }, w.norm1, o.norm, o.eps);
    check?.('self-attention', afterAttention);
    const output = residual(afterAttention, (y) => feedForward(y, w.feedForward), w.norm2, o.norm, o.eps);
    check?.('feed-forward', output);
    return { output, selfAttention: selfAttention as Tensor4D };
  });
}

/** Reported after each layer of a stack, so that long passes can show progress and be stopped. */
export interface LayerDone {
  readonly stack: 'encoder' | 'decoder';
  /** 1-based. */
  readonly layer: number;
  readonly of: number;
  /** This layer's (self-)attention weights: awaiting a read of them waits for the layer on the device. */
  readonly weights: Tensor4D;
}

/**
 * The encoder stack: N layers, then the optional final LayerNorm. Yields after each layer and
 * returns the encoder's output (the "memory" every decoder layer attends to) and each layer's
 * self-attention weights. `x` stays the caller's. Stopped early (`return()`), it frees what it made.
 */
export function* encode(
  x: Tensor2D, B: number, layers: readonly EncoderLayerWeights[], finalNorm: LayerNormWeights | undefined,
  mask: AttentionMask | null, o: StackOptions,
): Generator<LayerDone, { memory: Tensor2D; selfAttention: Tensor4D[] }, void> {
  const selfAttention: Tensor4D[] = [];
  let h = x;
  let finished = false;
  try {
    for (const [i, layer] of layers.entries()) {
      const r = encoderLayer(h, B, layer, mask, o, i);
      // Free each layer's input as soon as the next exists: peak memory stays at about one layer.
      if (h !== x) h.dispose();
      h = r.output;
      selfAttention.push(r.selfAttention);
      yield { stack: 'encoder', layer: i + 1, of: layers.length, weights: r.selfAttention };
    }
    const memory = finalNorm ? layerNorm(h, finalNorm, o.eps) : h;
    if (memory !== h && h !== x) h.dispose();
    finished = true;
    return { memory, selfAttention };
  } finally {
    if (!finished) dispose([...selfAttention, ...(h !== x ? [h] : [])]);
  }
}
