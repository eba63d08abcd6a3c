/**
 * What the attention views show for a (kind, layer, head), beyond the raw weights:
 * - measure 'weighted': value-weighted attention α_ij · ‖f_h(x_j)‖ (Kobayashi et al. 2020), the
 *   mean over heads being the mean of the weighted maps;
 * - layer 'rollout': attention rollout over all layers (Abnar & Zuidema 2020), one map per kind
 *   (no heads: it averages them), always from the raw weights.
 * The rules are in src/model/value-weighted.ts and src/model/rollout.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AttentionStore } from '../engine/attention-store';
import { attentionRollout, crossAttentionRollout, matrixProduct, type MatrixProduct } from '../../src/model/rollout';

/**
 * The rollout's n × n products on the tfjs backend (float32): in plain JavaScript three 512 × 512
 * products took about 1 s, on wasm a few milliseconds.
 */
export const backendProduct: MatrixProduct = (a, b, rows, inner, cols) => (tf.getBackend() === 'cpu'
  // tfjs's cpu matMul was no faster than the plain loop (1.2 s against 0.9 s at 512 tokens).
  ? matrixProduct(a, b, rows, inner, cols)
  : tf.tidy(() => tf.matMul(tf.tensor2d(Float32Array.from(a), [rows, inner]), tf.tensor2d(Float32Array.from(b), [inner, cols])).dataSync() as Float32Array));
import { meanValueWeighted, valueWeighted } from '../../src/model/value-weighted';
import type { AttentionKind, Measure } from '../../src/shared/vocabulary';


export type LayerChoice = number | 'rollout';

export class ExplainedAttention {
  private readonly rollouts = new Map<AttentionKind, Promise<Float32Array>>();

  constructor(private readonly store: AttentionStore) {}

  async matrix(kind: AttentionKind, layer: LayerChoice, head: number | 'mean', measure: Measure): Promise<Float32Array> {
    if (layer === 'rollout') return this.rollout(kind);
    if (measure === 'raw' || !this.store.hasValueNorms) return this.store.matrix(kind, layer, head);
    const { nQueries, nKeys } = this.store.shape(kind);
    const norms = await this.store.valueNorms(kind, layer);
    const normsOf = (h: number) => norms.subarray(h * nKeys, (h + 1) * nKeys);
    if (head !== 'mean') return valueWeighted(await this.store.matrix(kind, layer, head), normsOf(head), nQueries, nKeys);
    const h = this.store.config.h;
    const heads = await Promise.all(Array.from({ length: h }, (_, i) => this.store.matrix(kind, layer, i)));
    return meanValueWeighted(heads, heads.map((_, i) => normsOf(i)), nQueries, nKeys);
  }

  /** Rollout of self-attention, or of encoder-decoder attention through the encoder rollout. */
  rollout(kind: AttentionKind): Promise<Float32Array> {
    let r = this.rollouts.get(kind);
    if (!r) {
      r = this.computeRollout(kind);
      r.catch(() => this.rollouts.delete(kind));
      this.rollouts.set(kind, r);
    }
    return r;
  }

  private async computeRollout(kind: AttentionKind): Promise<Float32Array> {
    const N = this.store.config.N;
    const means = (k: AttentionKind) => Promise.all(Array.from({ length: N }, (_, l) => this.store.matrix(k, l, 'mean')));
    if (kind !== 'cross') {
      const { nQueries } = this.store.shape(kind);
      return Float32Array.from(attentionRollout(await means(kind), nQueries, backendProduct));
    }
    const { nQueries: nTgt, nKeys: nSrc } = this.store.shape('cross');
    const [encoder, lastCross] = await Promise.all([this.rollout('encoderSelf'), this.store.matrix('cross', N - 1, 'mean')]);
    return Float32Array.from(crossAttentionRollout(lastCross, encoder, nTgt, nSrc, backendProduct));
  }
}
