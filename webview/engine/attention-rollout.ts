/**
 * Attention rollout over the maps of one run (Abnar & Zuidema 2020; the rules are in
 * src/model/rollout.ts), computed where the maps are: its n × n products run on the engine's tfjs
 * backend, in the worker when the model runs there (three 512 × 512 products took about 1 s in
 * plain JavaScript, on wasm a few milliseconds).
 */
import * as tf from '@tensorflow/tfjs-core';
import { attentionRollout, crossAttentionRollout, matrixProduct, type MatrixProduct } from '../../src/model/rollout';
import type { AttentionKind } from '../../src/shared/vocabulary';
import type { AttentionMaps } from './engine-client';

/** The rollout's n × n products on the tfjs backend (float32). */
export const backendProduct: MatrixProduct = (a, b, rows, inner, cols) => (tf.getBackend() === 'cpu'
  // tfjs's cpu matMul was no faster than the plain loop (1.2 s against 0.9 s at 512 tokens).
  ? matrixProduct(a, b, rows, inner, cols)
  : tf.tidy(() => tf.matMul(tf.tensor2d(Float32Array.from(a), [rows, inner]), tf.tensor2d(Float32Array.from(b), [inner, cols])).dataSync() as Float32Array));

type Maps = Pick<AttentionMaps, 'config' | 'shape' | 'matrix'>;

/** Rollout of self-attention, or of encoder-decoder attention through the encoder rollout. */
export async function rolloutOf(maps: Maps, kind: AttentionKind, encoderRollout: () => Promise<Float32Array>): Promise<Float32Array> {
  const N = maps.config.N;
  const means = (k: AttentionKind) => Promise.all(Array.from({ length: N }, (_, l) => maps.matrix(k, l, 'mean')));
  if (kind !== 'cross') {
    const { nQueries } = maps.shape(kind);
    return Float32Array.from(attentionRollout(await means(kind), nQueries, backendProduct));
  }
  const { nQueries: nTgt, nKeys: nSrc } = maps.shape('cross');
  const [encoder, lastCross] = await Promise.all([encoderRollout(), maps.matrix('cross', N - 1, 'mean')]);
  return Float32Array.from(crossAttentionRollout(lastCross, encoder, nTgt, nSrc, backendProduct));
}

/** Caches the rollout per kind (a failed one is tried again next time). */
export class RolloutCache {
  private readonly rollouts = new Map<AttentionKind, Promise<Float32Array>>();

  constructor(private readonly maps: Maps) {}

  get(kind: AttentionKind): Promise<Float32Array> {
    let r = this.rollouts.get(kind);
    if (!r) {
      r = rolloutOf(this.maps, kind, () => this.get('encoderSelf'));
      r.catch(() => this.rollouts.delete(kind));
      this.rollouts.set(kind, r);
    }
    return r;
  }
}
