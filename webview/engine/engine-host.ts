/**
 * The engine's side of engine-protocol.ts: answers the page's requests with the same parts the page
 * engine uses (backend.ts, ModelSession, AttentionStore, RunProbes). engine-worker.ts runs it in the
 * Web Worker; the unit tests run it in Node behind a fake worker.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AttentionStore } from './attention-store';
import { configureWasm, initBackend, loseWebglContext, watchContextLoss } from './backend';
import { RunCancelled } from './engine-client';
import { transferables, type AskedRequest, type EngineMessage, type EngineRequest } from './engine-protocol';
import { ModelSession, WORKER_PACING } from './model-session';
import type { RunProbes } from './run-probes';

export type Post = (message: EngineMessage, transfer?: ArrayBuffer[]) => void;

/** A copy that owns its buffer: what the store caches stays usable after the copy is transferred. */
const own = (a: Float32Array): Float32Array => a.slice();

export class EngineHost {
  private readonly session = new ModelSession(WORKER_PACING);
  private readonly runs = new Map<number, { store: AttentionStore; probes: RunProbes }>();
  /** Passes running now, and those of them the page cancelled (a cancel for a finished pass is ignored). */
  private readonly active = new Set<number>();
  private readonly cancelled = new Set<number>();

  /** `scriptMillis`: how long the worker took to load and run its script before this host existed. */
  constructor(private readonly post: Post, private readonly scriptMillis = 0) {}

  /** One message from the page. */
  handle(request: EngineRequest): void {
    if (request.type === 'ping') {
      this.post({ type: 'pong' });
      return;
    }
    if (request.type === 'cancel') {
      if (this.active.has(request.run)) this.cancelled.add(request.run);
      return;
    }
    if (request.type === 'disposeRun') {
      this.runs.get(request.run)?.store.dispose();
      this.runs.delete(request.run);
      return;
    }
    const id = request.id;
    this.answer(request).then(
      ({ value, transfer }) => this.post({ type: 'reply', id, ok: true, value }, transfer),
      (e: unknown) => this.post({ type: 'reply', id, ok: false, error: e instanceof Error ? e.message : String(e), cancelled: e instanceof RunCancelled }),
    );
  }

  private run(id: number): { store: AttentionStore; probes: RunProbes } {
    const r = this.runs.get(id);
    if (!r) throw new Error('This run is no longer held by the engine (it was replaced, or the engine restarted).');
    return r;
  }

  private async answer(r: AskedRequest): Promise<{ value: unknown; transfer?: ArrayBuffer[] }> {
    switch (r.type) {
      case 'init': {
        const starting = performance.now();
        configureWasm(r.wasmBase, r.wasm);
        const report = await initBackend(r.preference, r.exclude);
        watchContextLoss(() => this.contextLost());
        return { value: { report, scriptMillis: this.scriptMillis, backendMillis: performance.now() - starting } };
      }
      case 'prepare': {
        const building = performance.now();
        this.session.ensureModel(r.modelId, undefined, r.checkpoint);
        return { value: performance.now() - building };
      }
      case 'run': {
        this.active.add(r.run);
        try {
          const building = performance.now();
          const model = this.session.ensureModel(r.modelId, r.config, r.checkpoint);
          const buildMillis = performance.now() - building;
          const { store, millis, probes } = await this.session.run(model, r.tokens, { positionalEncoding: r.positionalEncoding }, {
            onLayer: ({ stack, layer, of }) => this.post({ type: 'layer', run: r.run, stack, layer, of }),
            cancelled: () => this.cancelled.has(r.run),
          }, r.masked);
          this.runs.set(r.run, { store, probes });
          return { value: { millis, buildMillis, hasValueNorms: store.hasValueNorms } };
        } finally {
          this.active.delete(r.run);
          this.cancelled.delete(r.run);
        }
      }
      case 'matrix': {
        const m = own(await this.run(r.run).store.matrix(r.kind, r.layer, r.head));
        return { value: m, transfer: transferables(m) };
      }
      case 'all': {
        const layers = await this.run(r.run).store.all(r.kind);
        // One buffer per layer, heads one after the other.
        const flat = layers.map((heads) => {
          const size = heads[0]?.length ?? 0;
          const f = new Float32Array(heads.length * size);
          heads.forEach((m, i) => f.set(m, i * size));
          return f;
        });
        return { value: flat, transfer: transferables(...flat) };
      }
      case 'valueNorms': {
        const m = own(await this.run(r.run).store.valueNorms(r.kind, r.layer));
        return { value: m, transfer: transferables(m) };
      }
      case 'positionalEncoding': {
        const m = own(await this.run(r.run).store.positionalEncoding());
        return { value: m, transfer: transferables(m) };
      }
      case 'rollout': {
        const m = own(await this.run(r.run).store.rollout(r.kind));
        return { value: m, transfer: transferables(m) };
      }
      case 'queryKeys': {
        const qk = await this.run(r.run).probes.queryKeys(r.kind, r.layer);
        const value = { ...qk, q: own(qk.q), k: own(qk.k) };
        return { value, transfer: transferables(value.q, value.k) };
      }
      case 'predictions':
        return { value: await this.run(r.run).probes.predictions(r.k) };
      case 'memory':
        return { value: tf.memory().numTensors };
      case 'loseContext':
        return { value: loseWebglContext() };
    }
  }

  /** The WebGL context is gone, and every tensor with it: forget them, and tell the page. */
  private contextLost(): void {
    this.session.forget();
    this.runs.clear();
    this.post({ type: 'contextLost' });
  }
}
