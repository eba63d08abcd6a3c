/**
 * The `peers` step of the benchmark suite (issue 15): our attention pass on wasm beside the engines
 * users pick instead, on the same shipped model, the same token ids and the same outputs.
 *
 *   node out/scripts/bench/peers.js [--rounds128 11] [--rounds512 7] [--warm 3]
 *
 * - ours: `attentionSteps` (src/model/transformer.ts) on tfjs-backend-wasm in Node (SIMD binary,
 *   single-threaded: tfjs turns wasm threads off in Node), then every attention map downloaded
 *   (`data()`), the maps freed.
 * - onnxruntime-web on wasm in Node (the engine of Transformer Explainer): the same model exported to
 *   ONNX by scripts/bench/export_onnx.py from media/model/model.safetensors (one graph per n, static
 *   shapes, opset 17), `env.wasm.numThreads = 1` (no worker threads), SIMD on (fixed-width, as ours),
 *   graph optimisation 'all' (its default), `session.run` returning every output as a Float32Array.
 * - PyTorch on the CPU (Debian's python3-torch with OpenBLAS), eager, one thread
 *   (scripts/bench/torch_peer.py, OPENBLAS_NUM_THREADS=1, OMP_NUM_THREADS=1, torch.set_num_threads(1)).
 *
 * All three compute, from the ids: embeddings * sqrt(dModel) + positional encoding, the 3 encoder
 * and 3 decoder layers (the decoder's output included: the peers return it, so ONNX keeps the last
 * feed-forward network), every attention map; none computes the generator or the output softmax.
 * Inputs: test/fixtures/shipped-model-long-sample.json's sourceIds cut to n; encoder = ids, decoder =
 * <s> + ids[:-1] (shiftRight). The peers' maps must equal ours within 1e-4 (max |difference|, every
 * map, each n), or the step fails. Timing: warm-up calls, then rounds of one call of ours and one of
 * onnxruntime-web each (interleaved, so that the shared machine's drift hits both alike), medians;
 * PyTorch runs in its own process just before. The 512³ matMul rate of our wasm backend is sampled
 * before and after each n. Prints one JSON object on the last line of stdout.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import * as ort from 'onnxruntime-web';
import { forwardMultiplyAdds } from '../../src/model/accounting';
import { BOS_ID } from '../../src/model/tokenizer';
import { attentionSteps, finish, type ForwardInput, type TransformerModel } from '../../src/model/transformer';
import { shiftRight } from '../../src/shared/teacher-forcing';
import { matMulSamples, median } from '../bench-model.common';
import { attentionDifference, splitMaps } from './common';
import { shippedModel } from './node';

const root = path.resolve(__dirname, '..', '..', '..');
const work = path.join(root, '.cache', 'bench', 'peers');
const PYTHON = '/usr/bin/python3';
/** Largest |difference| of an attention weight between ours and a peer for the comparison to count. */
export const TOLERANCE = 1e-4;
const MATMUL_FLOP = 2 * 512 ** 3;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const cpuMs = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

function python(script: string, args: string[], env: Record<string, string> = {}): any {
  const r = spawnSync(PYTHON, [path.join(root, 'scripts', 'bench', script), ...args], {
    cwd: root, encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env },
  });
  if (r.status !== 0) throw new Error(`${script} ${args.join(' ')} exited with ${r.status}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

/** Our pass as the webview runs it, to the attention maps in JS memory (encoder self, decoder self, cross, layer by layer). */
function ours(model: TransformerModel, input: ForwardInput): Float32Array[] {
  const out = finish(attentionSteps(model, input));
  try {
    return [...out.encoderSelfAttention, ...out.decoderSelfAttention, ...out.crossAttention].map((t) => t.dataSync() as Float32Array);
  } finally {
    out.dispose();
  }
}

/** A kernel's summed time in one profiled call, and its number of calls. */
type KernelTime = { name: string; ms: number; count: number };

/**
 * Where our pass spends its time: `runs` untimed calls under tf.profile, kernel times (wasm runs each
 * kernel synchronously, so they are wall times) summed per kernel and per kernel and input shapes in
 * each call, then the median over the calls (one call's figures jump wherever the shared machine
 * took the core away). Op-level entries (`...__op`, e.g. fusedMatMul__op around the _FusedMatMul
 * kernel) are left out: they contain the kernels they call.
 */
async function kernelProfile(run: () => void, runs = 3): Promise<{ runs: number; kernelMs: number; matMulKernelMs: number; kernels: number; byKernel: KernelTime[]; byShape: KernelTime[] }> {
  const perRun: { byKernel: Map<string, KernelTime>; byShape: Map<string, KernelTime>; total: number; matMul: number }[] = [];
  for (let r = 0; r < runs; r++) {
    const p = await tf.profile(run);
    const byKernel = new Map<string, KernelTime>();
    const byShape = new Map<string, KernelTime>();
    let total = 0;
    let matMul = 0;
    for (const k of p.kernels) {
      if (k.name.includes('__op')) continue;
      const t = k.kernelTimeMs as number;
      total += t;
      if (k.name === '_FusedMatMul' || k.name === 'BatchMatMul') matMul += t;
      for (const [map, key] of [[byKernel, k.name], [byShape, `${k.name} ${JSON.stringify(k.inputShapes.filter((x) => x))}`]] as const) {
        const e = map.get(key) ?? { name: key, ms: 0, count: 0 };
        e.ms += t;
        e.count++;
        map.set(key, e);
      }
    }
    perRun.push({ byKernel, byShape, total, matMul });
  }
  const merge = (pick: (x: (typeof perRun)[number]) => Map<string, KernelTime>): KernelTime[] => [...pick(perRun[0]).values()]
    .map((k) => ({ name: k.name, count: k.count, ms: median(perRun.map((x) => pick(x).get(k.name)?.ms ?? 0)) }))
    .sort((a, b) => b.ms - a.ms);
  const byKernel = merge((x) => x.byKernel);
  return {
    runs, kernelMs: median(perRun.map((x) => x.total)), matMulKernelMs: median(perRun.map((x) => x.matMul)),
    kernels: byKernel.reduce((s, k) => s + k.count, 0), byKernel, byShape: merge((x) => x.byShape).slice(0, 12),
  };
}

async function main(): Promise<void> {
  const warm = arg('warm', 3);
  const rounds: Record<number, number> = { 128: arg('rounds128', 11), 512: arg('rounds512', 7) };
  const lengths = [128, 512];
  fs.mkdirSync(work, { recursive: true });
  const sample = JSON.parse(fs.readFileSync(path.join(root, 'test', 'fixtures', 'shipped-model-long-sample.json'), 'utf8')) as { sourceIds: number[] };
  const inputs = lengths.map((n) => {
    const src = sample.sourceIds.slice(0, n);
    if (src.length !== n) throw new Error(`the sample has ${sample.sourceIds.length} ids, fewer than ${n}`);
    return { n, src, tgt: shiftRight(src, BOS_ID), warm, reps: rounds[n] };
  });
  const inputsPath = path.join(work, 'inputs.json');
  fs.writeFileSync(inputsPath, JSON.stringify({ lengths: inputs }));

  console.error('peers: exporting the shipped model to ONNX (scripts/bench/export_onnx.py)');
  const exported = python('export_onnx.py', ['--n', lengths.join(','), '--out-dir', work]) as { opset: number; files: Record<string, string> };

  // PyTorch first, in its own process; its maps are compared with ours below.
  console.error('peers: PyTorch (scripts/bench/torch_peer.py)');
  const torch = python('torch_peer.py', [inputsPath, work], { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' }) as {
    torch: string; threads: number; interopThreads: number; blas: string[]; rows: { n: number; ms: number[]; cpuMs: number[] }[];
  };

  if (!(await tf.setBackend('wasm'))) throw new Error('setBackend(wasm) false');
  await tf.ready();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threadsFlag = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.simd = true;
  ort.env.wasm.proxy = false;
  const model = shippedModel();
  const c = model.config;
  const labels = (['encoderSelf', 'decoderSelf', 'cross'] as const).flatMap((k) => Array.from({ length: c.N }, (_, l) => `${k} ${l}`));
  const rows: unknown[] = [];
  try {
    for (const { n, src, tgt } of inputs) {
      const input: ForwardInput = { src: [src], tgt: [tgt] };
      const before = await matMulSamples(5, cpuMs);
      const t0 = performance.now();
      const session = await ort.InferenceSession.create(path.join(root, exported.files[n]), {
        executionProviders: ['wasm'], graphOptimizationLevel: 'all', executionMode: 'sequential',
      });
      const sessionMs = performance.now() - t0;
      const feeds = {
        src: new ort.Tensor('int64', BigInt64Array.from(src, BigInt), [1, n]),
        tgt: new ort.Tensor('int64', BigInt64Array.from(tgt, BigInt), [1, n]),
      };
      const ortMaps = async (): Promise<Float32Array[]> => {
        const out = await session.run(feeds);
        return labels.map((_, i) => out[session.outputNames[i]].data as Float32Array);
      };
      // First calls apart (weight packing, kernel set-up), then the rest of the warm-up.
      const f0 = performance.now();
      ours(model, input);
      const oursFirstMs = performance.now() - f0;
      const f1 = performance.now();
      await ortMaps();
      const ortFirstMs = performance.now() - f1;
      for (let i = 1; i < warm; i++) { ours(model, input); await ortMaps(); }
      // Same work: every map of each peer equals ours within TOLERANCE.
      const mine = ours(model, input);
      const torchMaps = splitMaps(new Float32Array(new Uint8Array(fs.readFileSync(path.join(work, `torch-n${n}.f32`))).buffer), labels.length, c.h * n * n);
      const diff = { onnxruntime: attentionDifference(mine, await ortMaps(), labels), torch: attentionDifference(mine, torchMaps, labels) };
      for (const [peer, d] of Object.entries(diff)) {
        console.error(`peers n=${n}: max |ours - ${peer}| = ${d.max.toExponential(2)} (${d.worst})`);
        if (!(d.max < TOLERANCE)) throw new Error(`n = ${n}: ${peer}'s attention differs from ours by ${d.max} (${d.worst}), not under ${TOLERANCE}: not the same work`);
      }
      const time = { ours: [] as number[], oursCpu: [] as number[], ort: [] as number[], ortCpu: [] as number[] };
      for (let r = 0; r < rounds[n]; r++) {
        let w = performance.now(); let u = cpuMs();
        ours(model, input);
        time.ours.push(performance.now() - w); time.oursCpu.push(cpuMs() - u);
        w = performance.now(); u = cpuMs();
        await ortMaps();
        time.ort.push(performance.now() - w); time.ortCpu.push(cpuMs() - u);
      }
      await session.release();
      const profile = await kernelProfile(() => { ours(model, input); });
      const after = await matMulSamples(5, cpuMs, 0);
      const pt = torch.rows.find((x) => x.n === n)!;
      const [torchMs, torchCpu] = [pt.ms, pt.cpuMs];
      const m = forwardMultiplyAdds(c, n, n);
      const multiplyAdds = m.total - m.generator; // the attention pass stops before the generator
      const oursMs = median(time.ours);
      const matMulGflops = MATMUL_FLOP / (median([...before.wall, ...after.wall]) * 1e6);
      const gflops = (2 * multiplyAdds) / (oursMs * 1e6);
      const row = {
        n, rounds: rounds[n], warm, multiplyAdds,
        ours: { firstMs: oursFirstMs, ms: time.ours, cpuMs: time.oursCpu, medianMs: oursMs, medianCpuMs: median(time.oursCpu) },
        onnxruntime: { sessionMs, firstMs: ortFirstMs, ms: time.ort, cpuMs: time.ortCpu, medianMs: median(time.ort), medianCpuMs: median(time.ortCpu), maxDifference: diff.onnxruntime.max, worst: diff.onnxruntime.worst },
        torch: { ms: torchMs, cpuMs: torchCpu, medianMs: median(torchMs), medianCpuMs: median(torchCpu), maxDifference: diff.torch.max, worst: diff.torch.worst },
        profile, gflops, matMulGflops, ofMatMul: gflops / matMulGflops,
        matMulCpuGflops: MATMUL_FLOP / (median([...before.cpu, ...after.cpu]) * 1e6), cpuOfMatMul: ((2 * multiplyAdds) / (median(time.oursCpu) * 1e6)) / (MATMUL_FLOP / (median([...before.cpu, ...after.cpu]) * 1e6)),
      };
      console.error(`peers n=${n}: ours ${oursMs.toFixed(1)} ms, onnxruntime-web ${row.onnxruntime.medianMs.toFixed(1)} ms, PyTorch ${row.torch.medianMs.toFixed(1)} ms; ours ${gflops.toFixed(2)} GFLOP/s = ${(100 * row.ofMatMul).toFixed(0)} % of matMul 512³ (${matMulGflops.toFixed(2)})`);
      rows.push(row);
    }
  } finally {
    model.dispose();
  }
  console.log(JSON.stringify({
    settings: {
      ours: { tfjs: tf.version_core, backend: tf.getBackend(), simd, wasmThreadsSupported: threadsFlag, threads: getThreadsCount() },
      onnxruntime: { version: ort.env.versions.web, numThreads: ort.env.wasm.numThreads, simd: ort.env.wasm.simd, proxy: ort.env.wasm.proxy, graphOptimizationLevel: 'all', opset: exported.opset, shapes: 'static, one graph per n' },
      torch: { version: torch.torch, threads: torch.threads, interopThreads: torch.interopThreads, blas: torch.blas, env: 'OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1' },
      input: 'test/fixtures/shipped-model-long-sample.json sourceIds[:n]; decoder <s> + ids[:-1]', tolerance: TOLERANCE,
    },
    rows,
  }));
}

if (require.main === module) main().catch((e: unknown) => { console.error(e); process.exit(1); });
