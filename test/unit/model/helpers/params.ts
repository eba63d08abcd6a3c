/** Test configurations and weights with every parameter non-trivial (biases and LayerNorms included). */
import type { TransformerConfig } from '../../../../src/model/config';
import { initParameters } from '../../../../src/model/init';
import type { Parameters } from '../../../../src/model/parameters';
import { Prng } from '../../../../src/model/prng';

/** A tiny configuration that a float64 reference runs in milliseconds. */
export function tinyConfig(over: Partial<TransformerConfig> = {}): TransformerConfig {
  return {
    N: 2, dModel: 8, dFF: 16, h: 2, dK: 4, dV: 4, vocabSize: 13, maxLength: 16,
    norm: 'post', finalNorm: false, sharedEmbeddings: true, layerNormEps: 1e-5, pDrop: 0.1, ...over,
  };
}

/**
 * Xavier-initialised weights, then every value (bias and LayerNorm included) shifted by seeded noise
 * of size `noise`, so that no parameter is a no-op a bug could hide behind.
 */
export function randomParameters(c: TransformerConfig, seed: number, noise = 0.2): Parameters {
  const params = initParameters(c, seed);
  const rng = new Prng(seed + 1000, 7);
  for (const t of params.values()) {
    for (let i = 0; i < t.data.length; i++) t.data[i] += noise * (2 * rng.nextFloat() - 1);
  }
  return params;
}

/** Deterministic token ids in [lo, vocab). */
export function tokens(batch: number, n: number, vocab: number, seed: number, lo = 0): number[][] {
  const rng = new Prng(seed, 99);
  return Array.from({ length: batch }, () => Array.from({ length: n }, () => lo + (rng.nextUint32() % (vocab - lo))));
}
