/**
 * Timing helpers shared by the model benchmark in Node (bench-model.ts) and in the browser
 * (bench-model.browser.ts). Runs on whatever tfjs backend is current.
 */
import * as tf from '@tensorflow/tfjs-core';
import { forwardMultiplyAdds } from '../src/model/accounting';
import { BASE, type TransformerConfig } from '../src/model/config';
import { initParameters } from '../src/model/init';
import { Prng } from '../src/model/prng';
import { buildModel, forward, type ForwardOptions, type TransformerModel } from '../src/model/transformer';

/** Timings of one sequence length on one backend. */
export interface LengthResult {
  n: number;
  /** The first call (kernel setup, shader compilation, weight packing), ms. */
  firstMs: number;
  /** Every warm call, ms. */
  warmMs: number[];
  medianMs: number;
  /** 2 x multiply-adds of the forward pass / median time. */
  gflops: number;
  /** The same backend's 512^3 matMul rate, measured right before and after this length's runs. */
  matMulGflops: number;
  /** Share of that matMul rate. */
  ofMatMul: number;
  /** Node only: process CPU time of the warm calls, ms, and the same rates on it. */
  cpuMs?: number[];
  cpuGflops?: number;
  matMulCpuGflops?: number;
  cpuOfMatMul?: number;
}

export interface BackendResult {
  backend: string;
  lengths: LengthResult[];
  /** When and under what load it was measured (filled in by bench-model.ts). */
  measured?: { date: string; loadAverage1m: [number, number] };
  note?: string;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const now = (): number => performance.now();

/** A clock of CPU time spent by this process, ms (Node), or null (browser). */
export type CpuClock = (() => number) | null;

/** Waits until everything queued on the backend has run (reads back one number). */
async function sync(t: tf.Tensor): Promise<void> {
  const s = tf.sum(t);
  await s.data();
  s.dispose();
}

/** Median time and rate of a 512x512x512 matMul after `warm` untimed calls. */
/** Times of 512x512x512 matMuls (wall and CPU ms) after `warm` untimed calls. */
export async function matMulSamples(reps: number, cpu: CpuClock, warm = 2): Promise<{ wall: number[]; cpu: number[] }> {
  const a = tf.randomUniform([512, 512], -1, 1, 'float32', 1);
  const b = tf.randomUniform([512, 512], -1, 1, 'float32', 2);
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let i = 0; i < warm + reps; i++) {
    const t0 = now();
    const c0 = cpu?.() ?? 0;
    const c = tf.matMul(a, b);
    await sync(c);
    const dt = now() - t0;
    const dc = (cpu?.() ?? 0) - c0;
    c.dispose();
    if (i >= warm) { times.push(dt); cpuTimes.push(dc); }
  }
  tf.dispose([a, b]);
  return { wall: times, cpu: cpuTimes };
}

const MATMUL_FLOP = 2 * 512 ** 3;

/** The model benchmarked: the paper's base configuration with seeded random weights. */
export function benchModel(config: TransformerConfig = BASE): TransformerModel {
  return buildModel(config, initParameters(config, 1));
}

/** Times the forward pass at n source and n target tokens: one first call, then `reps` warm calls. */
export async function benchLength(
  model: TransformerModel, n: number, reps: number, matMulReps: number, cpu: CpuClock, options: ForwardOptions = {},
): Promise<LengthResult> {
  const rng = new Prng(n);
  const ids = (): number[][] => [Array.from({ length: n }, () => rng.nextUint32() % model.config.vocabSize)];
  const src = ids();
  const tgt = ids();
  const once = async (): Promise<[number, number]> => {
    const t0 = now();
    const c0 = cpu?.() ?? 0;
    const out = forward(model, { src, tgt }, options);
    await sync(out.probabilities);
    const dt = now() - t0;
    const dc = (cpu?.() ?? 0) - c0;
    out.dispose();
    return [dt, dc];
  };
  // The matMul reference is sampled around this length's runs: the machine's load drifts.
  const before = await matMulSamples(matMulReps, cpu);
  const [firstMs] = await once();
  const warmMs: number[] = [];
  const cpuMs: number[] = [];
  for (let i = 0; i < reps; i++) {
    const [dt, dc] = await once();
    warmMs.push(dt);
    cpuMs.push(dc);
  }
  const after = await matMulSamples(matMulReps, cpu, 0);
  const matMulGflops = MATMUL_FLOP / (median([...before.wall, ...after.wall]) * 1e6);
  const medianMs = median(warmMs);
  const flop = 2 * forwardMultiplyAdds(model.config, n, n).total;
  const gflops = flop / (medianMs * 1e6);
  const r: LengthResult = { n, firstMs, warmMs, medianMs, gflops, matMulGflops, ofMatMul: gflops / matMulGflops };
  if (cpu) {
    r.cpuMs = cpuMs;
    r.cpuGflops = flop / (median(cpuMs) * 1e6);
    r.matMulCpuGflops = MATMUL_FLOP / (median([...before.cpu, ...after.cpu]) * 1e6);
    r.cpuOfMatMul = r.cpuGflops / r.matMulCpuGflops;
  }
  return r;
}

/** Warm repetitions per length: fewer where one call takes seconds. */
export function repsFor(backend: string, n: number): number {
  if (backend === 'cpu') return n >= 512 ? 1 : n >= 128 ? 2 : 3;
  if (backend === 'webgl') return n >= 512 ? 2 : n >= 128 ? 3 : 5;
  return n >= 512 ? 3 : n >= 128 ? 5 : 9;
}

/** The whole benchmark on the current backend. */
export async function benchBackend(lengths: number[], log: (s: string) => void = () => undefined, cpu: CpuClock = null): Promise<BackendResult> {
  const backend = tf.getBackend();
  const model = benchModel();
  const results: LengthResult[] = [];
  try {
    for (const n of lengths) {
      const r = await benchLength(model, n, repsFor(backend, n), backend === 'cpu' ? 3 : 5, cpu);
      log(`${backend}: n=${n} first ${r.firstMs.toFixed(0)} ms, median ${r.medianMs.toFixed(1)} ms of [${r.warmMs.map((x) => x.toFixed(0)).join(', ')}], ${r.gflops.toFixed(2)} GFLOP/s = ${(100 * r.ofMatMul).toFixed(0)} % of matMul (${r.matMulGflops.toFixed(2)})${r.cpuOfMatMul ? `; on CPU time ${r.cpuGflops!.toFixed(2)} GFLOP/s = ${(100 * r.cpuOfMatMul).toFixed(0)} % of matMul (${r.matMulCpuGflops!.toFixed(2)})` : ''}`);
      results.push(r);
    }
  } finally {
    model.dispose();
  }
  return { backend, lengths: results };
}
