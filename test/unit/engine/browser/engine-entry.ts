/**
 * Bundled into the page of worker.browser.test.ts (and of the long-task benchmark): the engine's
 * client, its page fallback and a real dedicated Worker running dist/engine-worker.js, driven from
 * `window.engineTest`. Not a test itself (no .test. in the name).
 */
import { SHIPPED, type TransformerConfig } from '../../../../src/model/config';
import { Prng } from '../../../../src/model/prng';
import { configureWasm } from '../../../../webview/engine/backend';
import { EngineChoice } from '../../../../webview/engine/engine-choice';
import { RunCancelled, type AttentionMaps, type EngineClient, type EngineLoss, type RunRequest } from '../../../../webview/engine/engine-client';
import { PageEngine } from '../../../../webview/engine/page-engine';
import { fetchWasmBinaries, startEngineWorker, WorkerEngine } from '../../../../webview/engine/worker-engine';
import { ATTENTION_KINDS, type BackendPreference } from '../../../../src/shared/vocabulary';

const body = document.body.dataset;
const wasmBase = body.wasmBase!;
const workerScript = body.engineWorker!;
configureWasm(wasmBase);
/**
 * The panel's way: the page fetches the wasm binaries and hands them to the worker. The worker is
 * told an unreachable folder (port 1 refuses), as a worker in a VS Code webview cannot reach the
 * resource origin: wasm runs there only with the page's copy.
 */
const workerWasmBase = 'http://127.0.0.1:1/dist/';
const binaries = () => fetchWasmBinaries(wasmBase);
const newWorkerEngine = async () => new WorkerEngine(await startEngineWorker(workerScript), workerWasmBase, binaries);
const newChoice = () => new EngineChoice({ wasmBase: workerWasmBase, wasmBinaries: binaries, startWorker: () => startEngineWorker(workerScript), createPage: async () => new PageEngine() });

function request(n: number, config: TransformerConfig = SHIPPED, seed = 7): RunRequest {
  const r = new Prng(seed);
  const tokens = Array.from({ length: n }, (_, i) => ({ id: 4 + (r.nextUint32() % (config.vocabSize - 4)), text: `t${i}`, start: i, end: i + 1 }));
  // Random (seeded) weights: the model id ends with "random", no checkpoint needed.
  return { modelId: 'shipped-random', config, tokens, masked: [], positionalEncoding: true };
}

async function everyMap(maps: AttentionMaps): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (const kind of ATTENTION_KINDS) {
    for (let l = 0; l < maps.config.N; l++) for (let h = 0; h < maps.config.h; h++) out.push(await maps.matrix(kind, l, h));
    out.push(await maps.rollout(kind));
  }
  return out;
}

function maxDiff(a: Float32Array[], b: Float32Array[]): number {
  let d = 0;
  a.forEach((m, i) => m.forEach((x, j) => (d = Math.max(d, Math.abs(x - b[i][j])))));
  return d;
}

/** Long tasks (> 50 ms) on this page while `work` runs, in ms each. */
async function longTasksDuring<T>(work: () => Promise<T>): Promise<{ value: T; longTasksMs: number[] }> {
  const seen: number[] = [];
  const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => seen.push(e.duration)));
  observer.observe({ type: 'longtask', buffered: false });
  const value = await work();
  // Entries are delivered after the task ends: give them a moment.
  await new Promise((r) => setTimeout(r, 200));
  observer.takeRecords().forEach((e) => seen.push(e.duration));
  observer.disconnect();
  return { value, longTasksMs: seen };
}

const engineTest = {
  /** The worker's maps (every head, layer and kind, and the rollouts) against the page engine's, on one backend. */
  async compare(backend: BackendPreference, n: number) {
    const worker = await newWorkerEngine();
    const page = new PageEngine();
    try {
      const workerReport = await worker.start(backend, []);
      const pageReport = await page.start(backend, []);
      const req = request(n);
      const [w, p] = [await worker.run(req), await page.run(req)];
      const [a, b] = [await everyMap(w.maps), await everyMap(p.maps)];
      const qk = [await w.probes.queryKeys('cross', 2), await p.probes.queryKeys('cross', 2)];
      const qkDiff = maxDiff([qk[0].q, qk[0].k], [qk[1].q, qk[1].k]);
      return { workerReport, pageReport, maps: a.length, sizes: a.length === b.length && a.every((m, i) => m.length === b[i].length), maxDiff: maxDiff(a, b), qkDiff, workerTensors: await worker.tensorCount() };
    } finally {
      worker.dispose();
      page.dispose();
    }
  },

  /** The control of the above: without the page's copy of the binaries, wasm does not start in that worker. */
  async wasmWithoutBinaries() {
    const worker = new WorkerEngine(await startEngineWorker(workerScript), workerWasmBase);
    try {
      return await worker.start('wasm', []);
    } finally {
      worker.dispose();
    }
  },

  /** What the panel's engine does where `Worker` does not exist. */
  async withoutWorker(backend: BackendPreference) {
    const saved = globalThis.Worker;
    (globalThis as { Worker?: unknown }).Worker = undefined;
    try {
      const choice = newChoice();
      const report = await choice.start(backend, []);
      const { maps } = await choice.run(request(32));
      const m = await maps.matrix('encoderSelf', 0, 0);
      const where = choice.where;
      choice.dispose();
      return { where, report, size: m.length };
    } finally {
      globalThis.Worker = saved;
    }
  },

  /** The panel's engine: a run in the worker, the worker terminated, then the next start and run. */
  async terminateAndRecover(backend: BackendPreference) {
    const choice = newChoice();
    const losses: EngineLoss[] = [];
    choice.onLost((l) => losses.push(l));
    const first = await choice.start(backend, []);
    const whereFirst = choice.where;
    const { maps } = await choice.run(request(24));
    await maps.matrix('cross', 0, 0);
    const terminated = choice.terminateWorker();
    const oldMaps = await maps.matrix('cross', 1, 0).then(() => 'answered', (e: Error) => e.message);
    const second = await choice.start(backend, []);
    const { maps: again } = await choice.run(request(24));
    const m = await again.matrix('cross', 1, 0);
    const where = choice.where;
    choice.dispose();
    return { first, whereFirst, terminated, losses, oldMaps, second, where, size: m.length };
  },

  /** WebGL in the worker (OffscreenCanvas), its context lost: the panel hears, the same worker restarts without webgl. */
  async contextLoss() {
    const choice = newChoice();
    const losses: EngineLoss[] = [];
    choice.onLost((l) => losses.push(l));
    const first = await choice.start('webgl', []);
    await (await choice.run(request(16))).maps.matrix('encoderSelf', 0, 0);
    const lost = await choice.loseContext();
    for (let i = 0; i < 100 && !losses.length; i++) await new Promise((r) => setTimeout(r, 50));
    const second = await choice.start('webgl', ['webgl']);
    const { maps } = await choice.run(request(16));
    const size = (await maps.matrix('cross', 2, 'mean')).length;
    const where = choice.where;
    choice.dispose();
    return { first, lost, losses, second, where, size };
  },

  /** Cancel after the first layer: the pass stops at a layer boundary, then a new pass runs. */
  async cancel(backend: BackendPreference) {
    const engine: EngineClient = await newWorkerEngine();
    try {
      await engine.start(backend, []);
      (await engine.run(request(64))).maps.dispose();
      const tensors = await engine.tensorCount();
      let stale = false;
      let cancel: (() => void) | undefined;
      const heard: string[] = [];
      const outcome = await engine.run(request(128), {
        onLayer: (p) => {
          heard.push(`${p.stack} ${p.layer}`);
          if (!stale) {
            stale = true;
            cancel?.();
          }
        },
        cancelled: () => stale,
        whenCancelled: (l) => (cancel = l),
      }).then(() => 'finished', (e) => (e instanceof RunCancelled ? 'cancelled' : String(e)));
      const tensorsAfter = await engine.tensorCount();
      const { maps } = await engine.run(request(64));
      const size = (await maps.matrix('decoderSelf', 2, 'mean')).length;
      return { outcome, heard, tensors, tensorsAfter, size };
    } finally {
      engine.dispose();
    }
  },

  /**
   * A pass of n tokens and the first map a view draws, with the model in the worker or on the page,
   * and the long tasks this page had meanwhile (the second pass: the first builds the model, and on
   * webgl compiles its shaders).
   */
  async longTasks(where: 'worker' | 'page', backend: BackendPreference, n: number, passes = 2) {
    const engine: EngineClient = where === 'worker' ? await newWorkerEngine() : new PageEngine();
    try {
      const report = await engine.start(backend, []);
      const runs: { millis: number; longTasksMs: number[] }[] = [];
      for (let i = 0; i < passes; i++) {
        const { value, longTasksMs } = await longTasksDuring(async () => {
          const started = performance.now();
          const { maps } = await engine.run(request(n, SHIPPED, 11 + i));
          await maps.matrix('encoderSelf', 0, 0);
          maps.dispose();
          return performance.now() - started;
        });
        runs.push({ millis: value, longTasksMs });
      }
      return { where, report, runs };
    } finally {
      engine.dispose();
    }
  },
};

Object.assign(window, { engineTest });
