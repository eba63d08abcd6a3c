/**
 * Shared by the benchmark suite (scripts/bench/run.ts): the models measured (shipped, base, big),
 * the lengths and repetitions per backend, and the accounting of where the quadratic term dominates.
 * Timing itself reuses scripts/bench-model.common.ts (benchLength, matMulSamples).
 */
import { forwardMultiplyAdds } from '../../src/model/accounting';
import { BASE, BIG, SHIPPED, type TransformerConfig } from '../../src/model/config';

export const MODELS: Record<string, TransformerConfig> = { shipped: SHIPPED, base: BASE, big: BIG };

/** Lengths measured per model (the shipped model's maxLength is 512). */
export function lengthsFor(model: string, backend: string): number[] {
  const all = [32, 128, 512, 1024].filter((n) => n <= MODELS[model].maxLength);
  // Plain-JS cpu and software WebGL take minutes per call on the base model at n >= 512
  // (bench-model measured 198 s and 79 s at n = 512): skipped, with the reason in the report.
  if (model === 'base' && (backend === 'cpu' || backend === 'webgl')) return all.filter((n) => n <= 128);
  return all;
}

/** Warm repetitions: fewer where one call takes seconds. */
export function repsFor(model: string, backend: string, n: number): number {
  const heavy = model !== 'shipped';
  if (backend === 'cpu') return heavy ? 1 : n >= 512 ? 1 : n >= 128 ? 3 : 5;
  if (backend === 'webgl') return heavy ? (n >= 128 ? 1 : 3) : n >= 512 ? 3 : 5;
  return heavy ? (n >= 1024 ? 1 : n >= 512 ? 2 : 3) : 7;
}

/** Share of multiply-adds in the n² terms (Q·Kᵀ and weights·V) at n source = n target tokens. */
export function quadraticShare(c: TransformerConfig, n: number): number {
  const m = forwardMultiplyAdds(c, n, n);
  const q = (a: { scores: number; weightedValues: number }): number => a.scores + a.weightedValues;
  const quad = c.N * (q(m.encoderLayer.selfAttention) + q(m.decoderLayer.selfAttention) + q(m.decoderLayer.crossAttention));
  return quad / m.total;
}

/** Smallest n at which the n² attention terms exceed the rest (of the layers alone, and of the whole pass with the generator). */
export function crossover(c: TransformerConfig): { layers: number; whole: number } {
  const find = (withGenerator: boolean): number => {
    for (let n = 1; n <= 1 << 20; n++) {
      const m = forwardMultiplyAdds(c, n, n);
      const quad = quadraticShare(c, n) * m.total;
      const rest = m.total - quad - (withGenerator ? 0 : m.generator);
      if (quad > rest) return n;
    }
    return Infinity;
  };
  return { layers: find(false), whole: find(true) };
}

/**
 * Largest |a[i] - b[i]| of two arrays of the same length: Infinity when either holds a NaN or an
 * infinity the other does not match exactly (so that a broken map never passes for a small difference).
 */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`cannot compare arrays of ${a.length} and ${b.length} values`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    const d = Math.abs(a[i] - b[i]);
    if (!Number.isFinite(d)) return Infinity;
    if (d > worst) worst = d;
  }
  return worst;
}

/** A flat array of `count` maps of `size` values each, back to back, cut into the maps. */
export function splitMaps(flat: Float32Array, count: number, size: number): Float32Array[] {
  if (flat.length !== count * size) throw new Error(`expected ${count} maps of ${size} values (${count * size}), got ${flat.length} values`);
  return Array.from({ length: count }, (_, i) => flat.subarray(i * size, (i + 1) * size));
}

/** How far a peer's attention maps are from ours: the largest |difference| per map (named by `labels`) and over all. */
export function attentionDifference(ours: readonly Float32Array[], peer: readonly Float32Array[], labels: readonly string[]): { max: number; worst: string; perMap: Record<string, number> } {
  if (ours.length !== labels.length || peer.length !== labels.length) throw new Error(`expected ${labels.length} maps, ours has ${ours.length}, the peer ${peer.length}`);
  const perMap: Record<string, number> = {};
  let max = -1;
  let worst = '';
  labels.forEach((label, i) => {
    const d = maxAbsDifference(ours[i], peer[i]);
    perMap[label] = d;
    if (d > max) { max = d; worst = label; }
  });
  return { max, worst, perMap };
}
