/**
 * The engine in a dedicated Web Worker, seen from the page (issue 15): every call of
 * engine-client.ts becomes a request of engine-protocol.ts; the maps stay in the worker and only
 * what a view asks for crosses, as transferred Float32Arrays, checked against the shape asked for.
 * A worker that dies (an error event, out of memory, terminated) rejects what was pending and is
 * reported once through onLost; it is never used again (engine-choice.ts starts a new one).
 */
import type { TransformerConfig } from '../../src/model/config';
import type { BackendReport } from '../../src/shared/protocol';
import type { AttentionKind, BackendPreference } from '../../src/shared/vocabulary';
import {
  RunCancelled, type AttentionMaps, type Backend, type EngineClient, type EngineLoss, type EngineRun, type LayerProgress, type MatrixShape, type PassControl, type RunQueries, type RunRequest,
} from './engine-client';
import {
  count, duration, flag, float32, layers, parseEngineMessage, predictions, queryKeys, runDone, initDone, type AskedRequest, type Check, type EngineRequest, type WasmBinaries,
} from './engine-protocol';
import type { Predictions, QueryKeys } from './run-probes';
import { markStartup, noteStartupDuration } from '../startup-marks';
import { WASM_PLAIN_FILE, WASM_SIMD_FILE } from '../../src/shared/engine-files';
import { matrixShape, teacherForcedInputs, type RunInputs } from './run-inputs';
import { AnswerCache } from './answer-cache';

/** What the client needs of a Worker (a fake one in the unit tests). */
export interface WorkerLike {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message' | 'error' | 'messageerror', listener: (event: { data?: unknown; message?: string; preventDefault?(): void }) => void): void;
  terminate(): void;
}

/** Why a call failed: the worker is gone. */
export class WorkerDied extends Error {}

/** A request before it is numbered. */
type Unnumbered<T> = T extends unknown ? Omit<T, 'id'> : never;

type Pending = { resolve(value: unknown): void; reject(e: Error): void; check: Check<unknown> };

/**
 * Starts dist/engine-worker.js in a dedicated worker. A VS Code webview cannot start a worker from
 * its resource origin directly, so the page fetches the script (connect-src allows the extension's
 * own files) and starts it from a blob: URL (worker-src blob:), released with the worker.
 */
export async function startEngineWorker(scriptUrl: string): Promise<WorkerLike> {
  if (typeof Worker !== 'function') throw new Error('this webview has no Web Workers');
  const response = await fetch(scriptUrl);
  if (!response.ok) throw new Error(`the worker script did not load (HTTP ${response.status})`);
  const url = URL.createObjectURL(new Blob([await response.text()], { type: 'text/javascript' }));
  let worker: Worker;
  try {
    worker = new Worker(url, { name: 'transformer-xray-engine' });
  } catch (e) {
    URL.revokeObjectURL(url);
    throw e;
  }
  return {
    postMessage: (m, t) => worker.postMessage(m, t),
    addEventListener: (type, listener) => worker.addEventListener(type, listener as EventListener),
    terminate: () => {
      worker.terminate();
      URL.revokeObjectURL(url);
    },
  };
}

/** A module with one SIMD instruction: tfjs-backend-wasm's own test of whether to load its SIMD build. */
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 9, 1, 7, 0, 65, 0, 253, 15, 26, 11]);

/** The binary the wasm backend loads here: the SIMD build where WebAssembly SIMD validates. */
export function wasmFileHere(): string {
  try {
    return WebAssembly.validate(SIMD_PROBE) ? WASM_SIMD_FILE : WASM_PLAIN_FILE;
  } catch {
    return WASM_PLAIN_FILE;
  }
}

/**
 * The page's copy of the wasm binary the backend will load, for the worker: a VS Code webview
 * serves its resource URLs through a service worker that answers the page's requests, not a worker's.
 */
export async function fetchWasmBinaries(baseUri: string): Promise<WasmBinaries> {
  const file = wasmFileHere();
  const response = await fetch(baseUri + file);
  if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
  return { [file]: await response.arrayBuffer() };
}

/**
 * How the page tells a worker that died without a word (no error event: a crash of its thread, a
 * hang) from one that is busy: while a request waits, it pings every `pingMs`; a worker that sends
 * nothing at all (no reply, no layer, no pong) for `silenceMs` is taken for dead. A pass answers
 * pings between layers, so the limit must exceed the longest single layer or model build of a
 * large checkpoint on the cpu backend (the base model's layers take about 16 s each there).
 */
export interface Watchdog {
  pingMs: number;
  silenceMs: number;
}

export const WATCHDOG: Watchdog = { pingMs: 10_000, silenceMs: 180_000 };

export class WorkerEngine implements EngineClient {
  readonly where = 'worker';
  private nextId = 1;
  private nextRun = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly progress = new Map<number, (p: LayerProgress) => void>();
  private readonly lost: ((loss: EngineLoss) => void)[] = [];
  private deadBecause: string | undefined;
  /** The model id whose weights this worker was sent (weights cross once per model, not per run). */
  private modelSent: string | undefined;

  /** Whether the worker has been given the wasm binaries (it keeps them for its lifetime). */
  private wasmSent = false;

  /** When the worker last sent anything, or when a request started waiting after a quiet spell. */
  private lastHeard = Date.now();
  private watching: ReturnType<typeof setInterval> | undefined;

  /** `wasm`: gets the binaries for the worker (the panel: fetchWasmBinaries); without, the worker fetches them itself. */
  constructor(
    private readonly worker: WorkerLike,
    private readonly wasmBase: string,
    private readonly wasm?: () => Promise<WasmBinaries>,
    private readonly watchdog: Watchdog = WATCHDOG,
  ) {
    worker.addEventListener('message', (e) => this.receive(e.data));
    worker.addEventListener('error', (e) => {
      e.preventDefault?.();
      this.die(`it failed: ${e.message || 'no reason given'}`);
    });
    worker.addEventListener('messageerror', () => this.die('a message from it could not be read'));
  }

  get alive(): boolean {
    return this.deadBecause === undefined;
  }

  /** Ends the worker as if it had died (the test hook, and when the panel gives the worker up). */
  terminate(why = 'it was terminated'): void {
    this.die(why);
  }

  private die(why: string): void {
    if (this.deadBecause !== undefined) return;
    this.deadBecause = why;
    this.stopWatching();
    this.worker.terminate();
    this.progress.clear();
    // The panel hears first, so that its re-run makes the pass that fails below stale.
    for (const l of this.lost) l({ kind: 'workerDied', message: why });
    const error = new WorkerDied(`The engine's Web Worker stopped (${why}).`);
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  /** Pings while requests wait; a worker silent for too long is given up (see {@link Watchdog}). */
  private watch(): void {
    if (this.watching !== undefined) return;
    this.lastHeard = Date.now();
    this.watching = setInterval(() => {
      if (this.pending.size === 0) return this.stopWatching();
      const silent = Date.now() - this.lastHeard;
      if (silent >= this.watchdog.silenceMs) this.die(`it stopped answering: nothing for ${Math.round(silent / 1000)} s while a request waited`);
      else this.post({ type: 'ping' });
    }, this.watchdog.pingMs);
  }

  private stopWatching(): void {
    clearInterval(this.watching);
    this.watching = undefined;
  }

  private receive(raw: unknown): void {
    this.lastHeard = Date.now();
    const m = parseEngineMessage(raw);
    if (typeof m === 'string') {
      console.warn(`Transformer X-Ray: ignored a message from the engine's worker: ${m}`);
      return;
    }
    if (m.type === 'pong') return;
    if (m.type === 'contextLost') {
      this.modelSent = undefined;
      for (const l of this.lost) l({ kind: 'contextLost' });
      return;
    }
    if (m.type === 'layer') {
      this.progress.get(m.run)?.({ stack: m.stack, layer: m.layer, of: m.of });
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (!m.ok) {
      p.reject(m.cancelled ? new RunCancelled() : new Error(m.error));
      return;
    }
    try {
      p.resolve(p.check(m.value));
    } catch (e) {
      p.reject(e as Error);
    }
  }

  private post(message: EngineRequest, transfer: Transferable[] = []): void {
    if (this.deadBecause === undefined) this.worker.postMessage(message, transfer);
  }

  /** One request and its checked reply. */
  ask<T>(request: Unnumbered<AskedRequest>, check: Check<T>, transfer: Transferable[] = []): Promise<T> {
    if (this.deadBecause !== undefined) return Promise.reject(new WorkerDied(`The engine's Web Worker stopped (${this.deadBecause}).`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, check });
      this.watch();
      this.post({ ...request, id } as AskedRequest, transfer);
    });
  }

  tell(message: Extract<EngineRequest, { type: 'cancel' | 'disposeRun' | 'ping' }>): void {
    this.post(message);
  }

  async start(preference: BackendPreference, exclude: readonly Backend[]): Promise<BackendReport> {
    let wasm: WasmBinaries | undefined;
    if (!this.wasmSent && this.wasm && !exclude.includes('wasm')) {
      // Without them the worker tries its own fetch: wasm may fail there, and the report says so.
      wasm = await this.wasm().catch((e: unknown) => (console.warn(`Transformer X-Ray: the wasm binaries did not load for the worker: ${String(e)}`), undefined));
      this.wasmSent = wasm !== undefined;
      markStartup('wasmFetched');
    }
    const request = { type: 'init' as const, wasmBase: this.wasmBase, preference, exclude: [...exclude], ...(wasm ? { wasm } : {}) };
    const done = await this.ask(request, initDone, wasm ? Object.values(wasm) : []);
    noteStartupDuration('workerScriptMs', done.scriptMillis);
    noteStartupDuration('backendMs', done.backendMillis);
    return done.report;
  }

  async prepare(modelId: string, checkpoint: Uint8Array): Promise<void> {
    this.modelSent = modelId;
    try {
      noteStartupDuration('modelBuildMs', await this.ask({ type: 'prepare', modelId, checkpoint }, duration));
    } catch (e) {
      if (this.modelSent === modelId) this.modelSent = undefined;
      throw e;
    }
  }

  async run(request: RunRequest, control: PassControl = {}): Promise<EngineRun> {
    const run = this.nextRun++;
    let cancelSent = false;
    const cancel = (): void => {
      if (cancelSent) return;
      cancelSent = true;
      this.tell({ type: 'cancel', run });
    };
    this.progress.set(run, (p) => {
      control.onLayer?.(p);
      if (control.cancelled?.()) cancel();
    });
    const sendWeights = this.modelSent !== request.modelId;
    this.modelSent = request.modelId;
    try {
      const pass = this.ask({
        type: 'run', run, modelId: request.modelId, config: request.config, tokens: request.tokens, masked: [...request.masked], positionalEncoding: request.positionalEncoding,
        ...(sendWeights && request.checkpoint ? { checkpoint: request.checkpoint } : {}),
      }, runDone);
      // After the run request: a cancel the worker gets before it would be ignored.
      control.whenCancelled?.(cancel);
      const done = await pass;
      if (sendWeights) noteStartupDuration('modelBuildMs', done.buildMillis);
      noteStartupDuration('passMs', done.millis);
      const maps = new RemoteMaps(this, run, request.config, teacherForcedInputs(request.tokens, request.masked), done.hasValueNorms);
      // Cancelled while the reply was on its way: the maps are not wanted.
      if (control.cancelled?.()) {
        maps.dispose();
        throw new RunCancelled();
      }
      return { maps, probes: new RemoteProbes(this, run, request.config, request.tokens.length), millis: done.millis };
    } catch (e) {
      if (!(e instanceof RunCancelled)) this.modelSent = undefined;
      throw e;
    } finally {
      this.progress.delete(run);
    }
  }

  tensorCount(): Promise<number> {
    return this.ask({ type: 'memory' }, count);
  }

  loseContext(): Promise<boolean> {
    return this.ask({ type: 'loseContext' }, flag);
  }

  onLost(listener: (loss: EngineLoss) => void): void {
    this.lost.push(listener);
  }

  dispose(): void {
    this.lost.length = 0;
    this.die('the panel closed it');
  }
}

/** The maps of one pass, held in the worker; what a view asked for is kept here while the run is current. */
class RemoteMaps implements AttentionMaps {
  private readonly cache = new AnswerCache();
  private disposed = false;

  constructor(
    private readonly engine: WorkerEngine,
    private readonly run: number,
    readonly config: TransformerConfig,
    private readonly inputs: RunInputs,
    readonly hasValueNorms: boolean,
  ) {}

  shape(kind: AttentionKind): MatrixShape {
    return matrixShape(kind, this.inputs);
  }

  private cached<T>(key: string, ask: () => Promise<T>): Promise<T> {
    if (this.disposed) return Promise.reject(new Error('This run was replaced by a newer one.'));
    return this.cache.get(key, ask);
  }

  private checkLayer(kind: AttentionKind, layer: number): void {
    if (!Number.isInteger(layer) || layer < 0 || layer >= this.config.N) throw new Error(`No layer ${layer} in ${kind} attention.`);
  }

  matrix(kind: AttentionKind, layer: number, head: number | 'mean'): Promise<Float32Array> {
    return this.cached(`${kind}/${layer}/${head}`, () => {
      this.checkLayer(kind, layer);
      const { nQueries, nKeys } = this.shape(kind);
      return this.engine.ask({ type: 'matrix', run: this.run, kind, layer, head }, float32(nQueries * nKeys));
    });
  }

  async all(kind: AttentionKind): Promise<Float32Array[][]> {
    const shape = this.shape(kind);
    const size = shape.nQueries * shape.nKeys;
    const { N, h } = this.config;
    if (this.disposed) throw new Error('This run was replaced by a newer one.');
    const flat = await this.engine.ask({ type: 'all', run: this.run, kind }, layers(N, h, shape));
    return flat.map((f) => Array.from({ length: h }, (_, head) => f.subarray(head * size, (head + 1) * size)));
  }

  valueNorms(kind: AttentionKind, layer: number): Promise<Float32Array> {
    return this.cached(`norms/${kind}/${layer}`, () => {
      this.checkLayer(kind, layer);
      return this.engine.ask({ type: 'valueNorms', run: this.run, kind, layer }, float32(this.config.h * this.shape(kind).nKeys, 'value norms'));
    });
  }

  positionalEncoding(): Promise<Float32Array> {
    const { dModel } = this.config;
    const n = this.inputs.src.length;
    return this.cached('pe', () => this.engine.ask({ type: 'positionalEncoding', run: this.run }, (v) => {
      // The pass may be padded (run-inputs.ts): at least the real rows, whole rows only.
      if (v instanceof Float32Array && v.length >= n * dModel && v.length % dModel === 0) return v;
      throw new Error('The engine\'s worker sent a positional encoding of the wrong size.');
    }));
  }

  rollout(kind: AttentionKind): Promise<Float32Array> {
    const { nQueries, nKeys } = this.shape(kind);
    return this.cached(`rollout/${kind}`, () => this.engine.ask({ type: 'rollout', run: this.run, kind }, float32(nQueries * nKeys, 'a rollout')));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.cache.forget();
    this.engine.tell({ type: 'disposeRun', run: this.run });
  }
}

class RemoteProbes implements RunQueries {
  private readonly cache = new AnswerCache();

  constructor(private readonly engine: WorkerEngine, private readonly run: number, private readonly config: TransformerConfig, private readonly n: number) {}

  private cached<T>(key: string, ask: () => Promise<T>): Promise<T> {
    return this.cache.get(key, ask);
  }

  queryKeys(kind: AttentionKind, layer: number): Promise<QueryKeys> {
    return this.cached(`qk/${kind}/${layer}`, () => this.engine.ask({ type: 'queryKeys', run: this.run, kind, layer }, queryKeys(kind, layer, this.config, this.n)));
  }

  predictions(k = 5): Promise<Predictions> {
    return this.cached(`p/${k}`, () => this.engine.ask({ type: 'predictions', run: this.run, k }, predictions(this.n, k)));
  }
}
