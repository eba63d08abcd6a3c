/**
 * The attention maps of one run, kept where they were computed (on the GPU with WebGL) and
 * downloaded view by view: layers x heads x n^2 floats would be hundreds of MB at n = 1024 for a
 * big model, so only what a view shows is copied to JavaScript, and cached while the run is current.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ForwardOutput, TransformerConfig } from '../../src/model';
import type { RunInputs } from './model-session';

export type AttentionKind = 'encoderSelf' | 'decoderSelf' | 'cross';

export interface MatrixShape {
  nQueries: number;
  nKeys: number;
}

export class AttentionStore {
  private readonly cache = new Map<string, Promise<Float32Array>>();
  private disposed = false;

  constructor(
    private readonly output: ForwardOutput,
    readonly config: TransformerConfig,
    readonly inputs: RunInputs,
  ) {}

  shape(kind: AttentionKind): MatrixShape {
    const nSrc = this.inputs.src.length;
    const nTgt = this.inputs.tgt.length;
    if (kind === 'encoderSelf') return { nQueries: nSrc, nKeys: nSrc };
    if (kind === 'decoderSelf') return { nQueries: nTgt, nKeys: nTgt };
    return { nQueries: nTgt, nKeys: nSrc };
  }

  private layers(kind: AttentionKind): tf.Tensor4D[] {
    if (this.disposed) throw new Error('This run was replaced by a newer one.');
    if (kind === 'encoderSelf') return this.output.encoderSelfAttention;
    if (kind === 'decoderSelf') return this.output.decoderSelfAttention;
    return this.output.crossAttention;
  }

  /** Waits until the device has computed everything (a tiny download of the last output). */
  async settled(): Promise<void> {
    const last = tf.tidy(() => tf.slice(this.output.probabilities, [0, 0, 0], [1, 1, 1]));
    try {
      await last.data();
    } finally {
      last.dispose();
    }
  }

  /** One head's map, or the mean over heads, `[nQueries * nKeys]` row-major (rows = queries). */
  matrix(kind: AttentionKind, layer: number, head: number | 'mean'): Promise<Float32Array> {
    const key = `${kind}/${layer}/${head}`;
    let cached = this.cache.get(key);
    if (!cached) {
      const t = this.layers(kind)[layer];
      if (!t) throw new Error(`No layer ${layer} in ${kind} attention.`);
      const { nQueries, nKeys } = this.shape(kind);
      const picked = tf.tidy(() =>
        head === 'mean' ? tf.mean(t, 1) : tf.slice(t, [0, head, 0, 0], [1, 1, nQueries, nKeys]),
      );
      cached = picked.data().then((d) => d as Float32Array).finally(() => picked.dispose());
      this.cache.set(key, cached);
    }
    return cached;
  }

  /** Every head of every layer of one kind, for the overview: `[layer][head]`. */
  async all(kind: AttentionKind): Promise<Float32Array[][]> {
    const { nQueries, nKeys } = this.shape(kind);
    const size = nQueries * nKeys;
    return Promise.all(
      this.layers(kind).map(async (t) => {
        const flat = (await t.data()) as Float32Array;
        return Array.from({ length: this.config.h }, (_, head) => flat.subarray(head * size, (head + 1) * size));
      }),
    );
  }

  async positionalEncoding(): Promise<Float32Array> {
    return (await this.output.positionalEncoding.data()) as Float32Array;
  }

  /** Bytes held on the device by this run's attention maps. */
  get bytesHeld(): number {
    const count = (ts: tf.Tensor[]) => ts.reduce((s, t) => s + t.size * 4, 0);
    return count(this.output.encoderSelfAttention) + count(this.output.decoderSelfAttention) + count(this.output.crossAttention) + this.output.probabilities.size * 4;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.cache.clear();
    this.output.dispose();
  }
}
