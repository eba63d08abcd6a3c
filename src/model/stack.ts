/**
 * A stack of N identical layers (paper, section 3.1), written once for the encoder and the decoder:
 * each layer runs on the previous one's output, then comes the optional final LayerNorm. The stack
 * yields after each layer, so that a long pass can show progress and be stopped.
 */
import { dispose, type Tensor2D, type Tensor4D } from '@tensorflow/tfjs-core';
import type { AttentionObserver } from './attention-probes';
import { layerNorm, type LayerNormWeights } from './layer-norm';
import type { NormPlacement } from './sublayer';

/** One layer's output and the attention weights it computed, by name (`selfAttention`, `crossAttention`). */
export interface LayerOutput<K extends string> {
  readonly output: Tensor2D;
  readonly attention: Readonly<Record<K, Tensor4D>>;
}

/** A stack's output and, by name, every layer's attention weights in layer order. */
export interface StackOutput<K extends string> {
  readonly output: Tensor2D;
  readonly attention: Readonly<Record<K, Tensor4D[]>>;
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

/** One stack: its layers' weights, how to run one layer, and what to record. */
export interface Stack<W, K extends string> {
  readonly name: 'encoder' | 'decoder';
  readonly layers: readonly W[];
  /** Runs layer `index` (0-based) on `x`. */
  readonly layer: (x: Tensor2D, w: W, index: number) => LayerOutput<K>;
  /** The attention weights each layer returns, by name. */
  readonly attention: readonly K[];
  /** The weights reported in {@link LayerDone} after each layer. */
  readonly reported: K;
  readonly finalNorm: LayerNormWeights | undefined;
  readonly eps: number;
}

/**
 * Runs the stack on `x`: N layers, then the optional final LayerNorm. Yields after each layer and
 * returns the stack's output and every layer's attention weights. `x` stays the caller's. Stopped
 * early (`return()`), it frees what it made.
 */
export function* runStack<W, K extends string>(x: Tensor2D, s: Stack<W, K>): Generator<LayerDone, StackOutput<K>, void> {
  const attention = Object.fromEntries(s.attention.map((k) => [k, [] as Tensor4D[]])) as Record<K, Tensor4D[]>;
  let h = x;
  let finished = false;
  try {
    for (const [i, w] of s.layers.entries()) {
      const r = s.layer(h, w, i);
      // Free each layer's input as soon as the next exists: peak memory stays at about one layer.
      if (h !== x) h.dispose();
      h = r.output;
      for (const k of s.attention) attention[k].push(r.attention[k]);
      yield { stack: s.name, layer: i + 1, of: s.layers.length, weights: r.attention[s.reported] };
    }
    const output = s.finalNorm ? layerNorm(h, s.finalNorm, s.eps) : h;
    if (output !== h && h !== x) h.dispose();
    finished = true;
    return { output, attention };
  } finally {
    if (!finished) dispose([...s.attention.flatMap((k) => attention[k]), ...(h !== x ? [h] : [])]);
  }
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
  /** Told each sub-layer's output, named (`encoder layer 2, feed-forward`), to watch for overflow (device/finite-watch.ts). */
  readonly check?: SublayerCheck;
}

/** Receives a sub-layer's output and where it came from. */
export type SublayerCheck = (where: string, output: Tensor2D) => void;

/** The check of one layer of a stack: the layer's name put in front of the sub-layer's. */
export function layerCheck(o: StackOptions, stack: 'encoder' | 'decoder', index: number): SublayerCheck | undefined {
  const check = o.check;
  return check && ((sublayer, output) => check(`${stack} layer ${index + 1}, ${sublayer}`, output));
}
