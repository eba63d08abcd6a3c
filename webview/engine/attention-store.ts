/**
 * The attention maps of one run, kept where they were computed (on the GPU with WebGL) and
 * downloaded view by view: layers x heads x n^2 floats would be hundreds of MB at n = 1024 for a
 * big model, so only what a view shows is copied to JavaScript, and cached while the run is current.
 *
 * Memory (issue 8, docs/benchmarks.md): the pass stops before the next-token probabilities [n, vocab]
 * (no view reads them; 151 MB for the base model at n = 1024). The maps are
 * held per (kind, layer) within a budget; beyond it the least recently used layers are freed and a
 * view that asks for one again re-runs the forward pass (same inputs, same options) to get it back.
 * Small runs (the shipped model up to its 512 tokens: 38 MB) are never trimmed and never re-run.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AttentionOutput, TransformerConfig } from '../../src/model';
import { matrixShape, type RunInputs } from './run-inputs';
import { ATTENTION_KINDS, type AttentionKind } from '../../src/shared/vocabulary';
import type { AttentionMaps, MatrixShape } from './engine-client';
import { RolloutCache } from './attention-rollout';

/**
 * Most bytes of attention maps a run keeps on the device after it finished. 224 MiB keeps the six
 * layers of one kind of the base model at n = 1024 (6 x 33.5 MB: what the all-heads overview needs)
 * and stays under the 256 MB target with the positional encoding and a few downloads.
 */
export const ATTENTION_BUDGET_BYTES = 224 * 2 ** 20;

/** Runs the same forward pass again (to recover maps freed to stay within the budget). */
export type Rerun = () => AttentionOutput;

export type { MatrixShape } from './engine-client';

const key = (kind: AttentionKind, layer: number): string => `${kind}/${layer}`;

function outputLayers(output: AttentionOutput, kind: AttentionKind): tf.Tensor4D[] {
  if (kind === 'encoderSelf') return output.encoderSelfAttention;
  if (kind === 'decoderSelf') return output.decoderSelfAttention;
  return output.crossAttention;
}

/** Waits until the device has computed an output (a tiny download of the last tensor produced). */
async function settle(output: AttentionOutput): Promise<void> {
  const last = tf.tidy(() => tf.slice(output.crossAttention[output.crossAttention.length - 1], [0, 0, 0, 0], [1, 1, 1, 1]));
  try {
    await last.data();
  } finally {
    last.dispose();
  }
}

export class AttentionStore implements AttentionMaps {
  private readonly rollouts = new RolloutCache(this);
  private readonly cache = new Map<string, Promise<Float32Array>>();
  /** Attention tensors held, per (kind, layer); Map order = least recently used first. */
  private readonly held = new Map<string, tf.Tensor4D>();
  private refilling: Promise<void> | undefined;
  private trimTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(
    private readonly output: AttentionOutput,
    readonly config: TransformerConfig,
    readonly inputs: RunInputs,
    private readonly rerun?: Rerun,
    private readonly budgetBytes = ATTENTION_BUDGET_BYTES,
  ) {
    // Encoder self-attention is what a panel shows first and what the editor's token hovers read.
    this.adopt(output, 'encoderSelf');
  }

  shape(kind: AttentionKind): MatrixShape {
    return matrixShape(kind, this.inputs);
  }

  /** Takes the attention tensors of an output (ones already held are freed). */
  private adopt(output: AttentionOutput, preferred?: AttentionKind): void {
    const order = preferred ? [...ATTENTION_KINDS.filter((k) => k !== preferred), preferred] : ATTENTION_KINDS;
    for (const kind of order) {
      outputLayers(output, kind).forEach((t, layer) => {
        if (this.held.has(key(kind, layer))) t.dispose();
        else this.held.set(key(kind, layer), t);
      });
    }
    if (output !== this.output) {
      output.positionalEncoding.dispose();
      // Value norms are tiny ([B, h, n] per layer) and kept from the first pass, never trimmed.
      if (output.valueNorms) for (const kind of ATTENTION_KINDS) output.valueNorms[kind].forEach((t) => t.dispose());
    }
  }

  /** Waits until the device has computed everything, then frees what no view needs. */
  async settled(): Promise<void> {
    await settle(this.output);
    this.scheduleTrim();
  }

  /** Frees least recently used layers until the held maps fit the budget (only when a re-run can recover them). */
  private trim(): void {
    if (!this.rerun || this.disposed) return;
    let bytes = this.bytesHeld - this.output.positionalEncoding.size * 4;
    for (const [k, t] of this.held) {
      if (bytes <= this.budgetBytes) break;
      bytes -= t.size * 4;
      t.dispose();
      this.held.delete(k);
    }
  }

  /** Trims after the current task: requests served by a refill slice their tensors first. */
  private scheduleTrim(): void {
    clearTimeout(this.trimTimer);
    this.trimTimer = setTimeout(() => this.trim(), 0);
  }

  private tensor(kind: AttentionKind, layer: number): tf.Tensor4D | undefined {
    if (this.disposed) throw new Error('This run was replaced by a newer one.');
    if (layer < 0 || layer >= this.config.N) throw new Error(`No layer ${layer} in ${kind} attention.`);
    const k = key(kind, layer);
    const t = this.held.get(k);
    if (t) {
      this.held.delete(k);
      this.held.set(k, t);
    }
    return t;
  }

  /** The tensor of one layer, re-running the forward pass when it was freed. */
  private async layer(kind: AttentionKind, layer: number): Promise<tf.Tensor4D> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const t = this.tensor(kind, layer);
      if (t) return t;
      if (!this.rerun) break;
      this.refilling ??= (async () => {
        const fresh = this.rerun!();
        try {
          await settle(fresh);
        } catch (e) {
          fresh.dispose();
          throw e;
        } finally {
          this.refilling = undefined;
        }
        if (this.disposed) fresh.dispose();
        else this.adopt(fresh, kind);
        this.scheduleTrim();
      })();
      await this.refilling;
    }
    throw new Error(`The ${kind} attention of layer ${layer + 1} is no longer held.`);
  }

  /** One head's map, or the mean over heads, `[nQueries * nKeys]` row-major (rows = queries). */
  matrix(kind: AttentionKind, layer: number, head: number | 'mean'): Promise<Float32Array> {
    const cacheKey = `${kind}/${layer}/${head}`;
    let cached = this.cache.get(cacheKey);
    if (!cached) {
      const { nQueries, nKeys } = this.shape(kind);
      const pick = (t: tf.Tensor4D): Promise<Float32Array> => {
        // Synchronous from here to the op: the source cannot be trimmed in between.
        // The run may be padded (run-inputs.ts paddedLength): only the first nQueries x nKeys are real.
        const picked = tf.tidy(() => (head === 'mean'
          ? tf.slice(tf.mean(t, 1), [0, 0, 0], [1, nQueries, nKeys])
          : tf.slice(t, [0, head, 0, 0], [1, 1, nQueries, nKeys])));
        return picked.data().then((d) => d as Float32Array).finally(() => picked.dispose());
      };
      const t = this.tensor(kind, layer);
      cached = t ? pick(t) : this.layer(kind, layer).then(pick);
      cached.catch(() => this.cache.delete(cacheKey));
      this.cache.set(cacheKey, cached);
    }
    return cached;
  }

  /** Every head of every layer of one kind, for the overview: `[layer][head]`. */
  async all(kind: AttentionKind): Promise<Float32Array[][]> {
    const { nQueries, nKeys } = this.shape(kind);
    const size = nQueries * nKeys;
    return Promise.all(
      Array.from({ length: this.config.N }, async (_, layer) => {
        // A clone shares the data and keeps it alive while the download runs, even if trimmed.
        // (A slice to the real, unpadded part; a clone when nothing is padded.)
        const t = this.tensor(kind, layer) ?? (await this.layer(kind, layer));
        const copy = t.shape[2] === nQueries && t.shape[3] === nKeys ? tf.clone(t) : tf.slice(t, [0, 0, 0, 0], [1, this.config.h, nQueries, nKeys]);
        try {
          const flat = (await copy.data()) as Float32Array;
          return Array.from({ length: this.config.h }, (_, head) => flat.subarray(head * size, (head + 1) * size));
        } finally {
          copy.dispose();
        }
      }),
    );
  }

  /** Whether the pass computed value norms (ForwardOptions.valueNorms). */
  get hasValueNorms(): boolean {
    return this.output.valueNorms !== undefined;
  }

  /**
   * ‖f_h(x_j)‖ of every head for the keys of one layer and kind, `[h * nKeys]` (head-major), for
   * value-weighted attention (src/model/attention-probes.ts).
   */
  valueNorms(kind: AttentionKind, layer: number): Promise<Float32Array> {
    const cacheKey = `norms/${kind}/${layer}`;
    let cached = this.cache.get(cacheKey);
    if (!cached) {
      if (this.disposed) throw new Error('This run was replaced by a newer one.');
      const norms = this.output.valueNorms?.[kind][layer];
      if (!norms) return Promise.reject(new Error(`No value norms for ${kind} layer ${layer + 1}: the pass ran without them.`));
      const { nKeys } = this.shape(kind);
      const picked = tf.tidy(() => tf.slice(norms, [0, 0, 0], [1, this.config.h, nKeys]));
      cached = picked.data().then((d) => d as Float32Array).finally(() => picked.dispose());
      cached.catch(() => this.cache.delete(cacheKey));
      this.cache.set(cacheKey, cached);
    }
    return cached;
  }

  rollout(kind: AttentionKind): Promise<Float32Array> {
    if (this.disposed) return Promise.reject(new Error('This run was replaced by a newer one.'));
    return this.rollouts.get(kind);
  }

  async positionalEncoding(): Promise<Float32Array> {
    return (await this.output.positionalEncoding.data()) as Float32Array;
  }

  /** Bytes held on the device by this run: the attention maps kept and the positional encoding. */
  get bytesHeld(): number {
    let bytes = this.output.positionalEncoding.size * 4;
    for (const t of this.held.values()) bytes += t.size * 4;
    return bytes;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.trimTimer);
    this.cache.clear();
    for (const t of this.held.values()) t.dispose();
    this.held.clear();
    this.output.dispose();
  }
}
