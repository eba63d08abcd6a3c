/**
 * Passes of the current run that only some views ask for, run on demand with the run's own input
 * and options: the query and key vectors of one attention (the q·k steps view), and the output
 * layer's next-token probabilities (the Predictions view: the plain pass stops before it).
 */
import * as tf from '@tensorflow/tfjs-core';
import { attentionSteps, finish, forward, type ForwardInput, type ForwardOptions, type TransformerModel } from '../../src/model';
import type { AttentionKind } from '../../src/shared/vocabulary';

/** q `[h, nq, dK]` (unscaled) and k `[h, nk, dK]` of one attention, the real (unpadded) part. */
export interface QueryKeys {
  kind: AttentionKind;
  layer: number;
  h: number;
  nq: number;
  nk: number;
  dK: number;
  q: Float32Array;
  k: Float32Array;
}

/** The model's top guesses for the token after each decoder position. */
export interface Predictions {
  /** Per decoder position: the top `k` token ids and their probabilities, best first. */
  top: { ids: number[]; probabilities: number[] }[];
  /** Per decoder position: the real next token (the source token at that position) and its probability. */
  real: { id: number; probability: number }[];
  /** Positions whose best guess is the real next token, over all positions. */
  accuracy: number;
}

export class RunProbes {
  private readonly queryKeyCache = new Map<string, Promise<QueryKeys>>();
  private predictionCache: Promise<Predictions> | undefined;

  constructor(
    private readonly model: TransformerModel,
    private readonly input: ForwardInput,
    private readonly options: ForwardOptions,
    /** Real (unpadded) source length; the decoder input has the same length. */
    private readonly n: number,
    /** The real source tokens (before masking): the next token of decoder position i is source token i. */
    private readonly realIds: readonly number[],
  ) {}

  queryKeys(kind: AttentionKind, layer: number): Promise<QueryKeys> {
    const cacheKey = `${kind}/${layer}`;
    let cached = this.queryKeyCache.get(cacheKey);
    if (!cached) {
      cached = (async () => {
        const out = finish(attentionSteps(this.model, this.input, { ...this.options, valueNorms: false, queryKeys: { kind, layer } }));
        try {
          const { h, dK } = this.model.config;
          const n = this.n;
          const q = tf.slice(out.queryKeys!.q, [0, 0, 0], [h, n, dK]);
          const k = tf.slice(out.queryKeys!.k, [0, 0, 0], [h, n, dK]);
          try {
            const [qd, kd] = await Promise.all([q.data(), k.data()]);
            return { kind, layer, h, nq: n, nk: n, dK, q: qd as Float32Array, k: kd as Float32Array };
          } finally {
            q.dispose();
            k.dispose();
          }
        } finally {
          out.dispose();
        }
      })();
      cached.catch(() => this.queryKeyCache.delete(cacheKey));
      this.queryKeyCache.set(cacheKey, cached);
    }
    return cached;
  }

  /** The whole pass with the output layer; only the top `k` per position is downloaded. */
  predictions(k = 5): Promise<Predictions> {
    this.predictionCache ??= (async () => {
      const out = forward(this.model, this.input, { ...this.options, valueNorms: false });
      const n = this.n;
      const realIds = this.realIds.slice(0, n);
      const picked = tf.tidy(() => {
        const p = tf.reshape(tf.slice(out.probabilities, [0, 0, 0], [1, n, this.model.config.vocabSize]), [n, this.model.config.vocabSize]) as tf.Tensor2D;
        const top = tf.topk(p, k);
        const real = tf.sum(tf.mul(p, tf.oneHot(tf.tensor1d(realIds, 'int32'), this.model.config.vocabSize)), -1);
        return [top.values, top.indices, real];
      });
      try {
        const [values, indices, real] = await Promise.all(picked.map((t) => t.data()));
        const top = Array.from({ length: n }, (_, i) => ({
          ids: Array.from(indices.subarray(i * k, (i + 1) * k)),
          probabilities: Array.from(values.subarray(i * k, (i + 1) * k)),
        }));
        const hits = top.filter((t, i) => t.ids[0] === realIds[i]).length;
        return { top, real: realIds.map((id, i) => ({ id, probability: real[i] })), accuracy: n === 0 ? 0 : hits / n };
      } finally {
        tf.dispose(picked);
        out.dispose();
      }
    })();
    this.predictionCache.catch(() => (this.predictionCache = undefined));
    return this.predictionCache;
  }
}
