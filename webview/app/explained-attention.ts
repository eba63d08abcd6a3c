/**
 * What the attention views show for a (kind, layer, head), beyond the raw weights:
 * - measure 'weighted': value-weighted attention α_ij · ‖f_h(x_j)‖ (Kobayashi et al. 2020), the
 *   mean over heads being the mean of the weighted maps;
 * - layer 'rollout': attention rollout over all layers (Abnar & Zuidema 2020), one map per kind
 *   (no heads: it averages them), always from the raw weights.
 * The rules are in src/model/value-weighted.ts and src/model/rollout.ts. The rollout's n × n products
 * are the engine's (engine/attention-rollout.ts: in the worker when the model runs there); the
 * value-weighted maps are n² products, cheap enough for the page.
 */
import type { AttentionMaps } from '../engine/engine-client';
import { meanValueWeighted, valueWeighted } from '../../src/model/value-weighted';
import type { AttentionKind, Measure } from '../../src/shared/vocabulary';


export type LayerChoice = number | 'rollout';

export class ExplainedAttention {
  constructor(private readonly store: AttentionMaps) {}

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

  rollout(kind: AttentionKind): Promise<Float32Array> {
    return this.store.rollout(kind);
  }
}
