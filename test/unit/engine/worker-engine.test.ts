/**
 * Issue 15, the engine in a Web Worker, in Node: the page's client (worker-engine.ts) and the
 * worker's side (engine-host.ts) joined by a fake worker that copies and transfers every message as
 * postMessage does (structuredClone), on the cpu backend. The same calls in real Chromium, with a
 * real Worker: worker.browser.test.ts.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { EngineHost } from '../../../webview/engine/engine-host';
import { WorkerEngine, WorkerDied, type WorkerLike } from '../../../webview/engine/worker-engine';
import { PageEngine } from '../../../webview/engine/page-engine';
import { EngineChoice } from '../../../webview/engine/engine-choice';
import { RunCancelled, type EngineClient, type EngineLoss, type RunRequest } from '../../../webview/engine/engine-client';
import { parseEngineMessage } from '../../../webview/engine/engine-protocol';
import { ATTENTION_KINDS } from '../../../src/shared/vocabulary';
import type { BackendReport, WireToken } from '../../../src/shared/protocol';
import { randomParameters, tinyConfig } from '../model/helpers/params';
import { saveCheckpoint } from '../../../src/model/checkpoint';

/** The real .wasm folder: the worker's init sets the wasm paths of this process. */
const WASM_BASE = `${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'))}/dist/`;

const tokens = (ids: number[]): WireToken[] => ids.map((id, i) => ({ id, text: `t${i}`, start: i, end: i + 1 }));
const config = tinyConfig({ N: 3, vocabSize: 13 });
const request = (ids: number[], over: Partial<RunRequest> = {}): RunRequest => ({ modelId: 'tiny-random', config, tokens: tokens(ids), masked: [], positionalEncoding: true, ...over });

type Listener = (e: { data?: unknown; message?: string }) => void;

/**
 * A worker in this process: messages cross both ways through structuredClone with their transfer
 * lists (a transferred buffer is detached on the sending side, as in a browser). They arrive as soon
 * as the receiving side's code yields (a microtask), as from a thread running beside it.
 */
class FakeWorker implements WorkerLike {
  readonly listeners = new Map<string, Listener[]>();
  terminated = false;
  /** Every request the page sent, by type (`run+weights` when it carried a checkpoint). */
  readonly sent: string[] = [];
  /** Replaces the worker's answer (a confused worker). */
  tamper: ((m: any) => any) | undefined;
  /** While true the worker's thread is gone without a word: nothing it would send arrives. */
  silent = false;
  readonly host = new EngineHost((m, transfer = []) => {
    const copy = structuredClone(m, { transfer });
    queueMicrotask(() => !this.terminated && !this.silent && this.emit('message', { data: this.tamper ? this.tamper(copy) : copy }));
  });

  postMessage(message: unknown, transfer: Transferable[]): void {
    if (this.terminated) return;
    const m = message as { type: string; checkpoint?: unknown };
    this.sent.push(m.checkpoint ? `${m.type}+weights` : m.type);
    const copy = structuredClone(message, { transfer: transfer as ArrayBuffer[] });
    queueMicrotask(() => !this.terminated && this.host.handle(copy as never));
  }

  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  emit(type: string, e: { data?: unknown; message?: string }): void {
    for (const l of this.listeners.get(type) ?? []) l(e);
  }

  terminate(): void {
    this.terminated = true;
  }
}

async function allMaps(engine: EngineClient, ids: number[]): Promise<Float32Array[]> {
  const { maps } = await engine.run(request(ids));
  const out: Float32Array[] = [];
  for (const kind of ATTENTION_KINDS) for (let l = 0; l < config.N; l++) {
    for (const head of [0, 1, 'mean'] as const) out.push(await maps.matrix(kind, l, head));
    out.push(await maps.valueNorms(kind, l));
  }
  for (const kind of ATTENTION_KINDS) out.push(await maps.rollout(kind), ...(await maps.all(kind)).flat());
  maps.dispose();
  return out;
}

describe('webview/engine: the engine in a Web Worker (fake worker in Node, cpu)', () => {
  before(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  it('answers every call of the page engine with the same numbers: maps, value norms, rollout, all heads, q·k, predictions', async () => {
    const fake = new FakeWorker();
    const worker = new WorkerEngine(fake, WASM_BASE);
    const report = await worker.start('cpu', []);
    assert.equal(report.backend, 'cpu');
    const page = new PageEngine();
    await page.start('cpu', []);
    const ids = [5, 7, 9, 11, 6, 8];
    const [a, b] = [await allMaps(worker, ids), await allMaps(page, ids)];
    assert.equal(a.length, b.length);
    a.forEach((m, i) => assert.deepEqual(Array.from(m), Array.from(b[i]), `map ${i}`));
    // What crossed owns its buffer: nothing the worker kept (its store's cache) is shared.
    assert.ok(a.slice(0, 4).every((m) => m.buffer.byteLength === m.byteLength));
    const [w, p] = [await worker.run(request(ids)), await page.run(request(ids))];
    assert.deepEqual(await w.probes.queryKeys('cross', 1), await p.probes.queryKeys('cross', 1));
    assert.deepEqual(await w.probes.predictions(3), await p.probes.predictions(3));
    assert.deepEqual(Array.from(await w.maps.positionalEncoding()), Array.from(await p.maps.positionalEncoding()));
    w.maps.dispose();
    p.maps.dispose();
    worker.dispose();
    page.dispose();
  });

  it('sends the weights once per model, and frees a run in the worker when the page disposes it', async () => {
    const fake = new FakeWorker();
    const worker = new WorkerEngine(fake, WASM_BASE);
    await worker.start('cpu', []);
    const checkpoint = saveCheckpoint(config, randomParameters(config, 3));
    const first = await worker.run(request([5, 6, 7], { modelId: 'tiny-trained', checkpoint }));
    (await worker.run(request([5, 6], { modelId: 'tiny-trained', checkpoint }))).maps.dispose();
    assert.deepEqual(fake.sent.filter((t) => t.startsWith('run')), ['run+weights', 'run'], 'the weights crossed once');
    assert.equal(checkpoint.byteLength > 0, true, 'the page keeps its copy (copied, not transferred)');
    const before = await worker.tensorCount();
    first.maps.dispose();
    const after = await worker.tensorCount();
    assert.ok(after < before, `the worker freed the run's maps (${before} → ${after})`);
    await assert.rejects(first.maps.matrix('encoderSelf', 0, 0), /replaced by a newer one/);
    worker.dispose();
  });

  it('prepare builds a model from its checkpoint alone before the first run, which then sends no weights; a bad checkpoint leaves the weights to the run', async () => {
    const fake = new FakeWorker();
    const worker = new WorkerEngine(fake, WASM_BASE);
    await worker.start('cpu', []);
    const checkpoint = saveCheckpoint(config, randomParameters(config, 3));
    await worker.prepare('tiny-trained', checkpoint);
    const built = await worker.tensorCount();
    assert.ok(built > 0, 'the model\'s tensors are in the worker');
    const { maps } = await worker.run(request([5, 6, 7], { modelId: 'tiny-trained', checkpoint }));
    assert.deepEqual(fake.sent.filter((t) => t.startsWith('prepare') || t.startsWith('run')), ['prepare+weights', 'run'], 'the run found the model built');
    assert.equal((await maps.matrix('encoderSelf', 0, 0)).length, 9);
    maps.dispose();

    await assert.rejects(worker.prepare('broken', new Uint8Array(16)), /safetensors|header/i);
    const again = await worker.run(request([5, 6], { modelId: 'broken-then-fixed', checkpoint }));
    assert.equal(fake.sent.at(-1), 'run+weights');
    again.maps.dispose();
    worker.dispose();
  });

  it('cancel: the worker hears it at once and stops at the next layer; the partial pass leaves no tensor; the next run works', async () => {
    const fake = new FakeWorker();
    const worker = new WorkerEngine(fake, WASM_BASE);
    await worker.start('cpu', []);
    (await worker.run(request([5, 6, 7]))).maps.dispose(); // the model is built
    const base = await worker.tensorCount();
    let stale = false;
    let cancel: (() => void) | undefined;
    const heard: string[] = [];
    await assert.rejects(worker.run(request([5, 6, 7, 8]), {
      onLayer: (p) => {
        heard.push(`${p.stack} ${p.layer}`);
        if (heard.length === 1) {
          stale = true;
          cancel?.();
        }
      },
      cancelled: () => stale,
      whenCancelled: (l) => (cancel = l),
    }), RunCancelled);
    assert.ok(fake.sent.includes('cancel'));
    assert.ok(heard.length <= 2, `stopped at the next layer (heard ${heard.join(', ')})`);
    assert.equal(await worker.tensorCount(), base, 'no tensor left behind');
    const again = await worker.run(request([5, 6, 7, 8]));
    assert.equal((await again.maps.matrix('encoderSelf', 2, 'mean')).length, 16);
    worker.dispose();
  });

  it('a worker that goes silent while a request waits (no error event) is taken for dead after the silence limit; a slow one that answers pings is not', async () => {
    const watchdog = { pingMs: 10, silenceMs: 60 };
    const fake = new FakeWorker();
    const worker = new WorkerEngine(fake, WASM_BASE, undefined, watchdog);
    const losses: EngineLoss[] = [];
    worker.onLost((l) => losses.push(l));
    await worker.start('cpu', []);
    // Idle for longer than the limit: nothing waits, so nothing is wrong.
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(worker.alive, true);
    // Slow but alive: the run's reply is held back past the limit while pongs still come.
    let held: (() => void) | undefined;
    fake.tamper = (m) => {
      if (m.type !== 'reply' || held) return m;
      held = () => fake.emit('message', { data: m });
      return { type: 'layer', run: 0, stack: 'encoder', layer: 1, of: 3 }; // something harmless in its place
    };
    const slow = worker.run(request([5, 6, 7]));
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(worker.alive, true, 'pings were answered');
    assert.ok(fake.sent.filter((t) => t === 'ping').length >= 3);
    fake.tamper = undefined;
    held!();
    (await slow).maps.dispose();
    // Silent: the thread is gone without an error event.
    fake.silent = true;
    const pending = worker.run(request([5, 6, 7, 8]));
    await assert.rejects(pending, /Web Worker stopped \(it stopped answering: nothing for 0 s while a request waited\)/);
    assert.equal(worker.alive, false);
    assert.deepEqual(losses.map((l) => l.kind), ['workerDied']);
    assert.ok(fake.terminated);
  });

  it('checks what the worker sends: a map of the wrong size is an error, not a picture; an unknown message is ignored', async () => {
    const fake = new FakeWorker();
    const worker = new WorkerEngine(fake, WASM_BASE);
    await worker.start('cpu', []);
    const { maps } = await worker.run(request([5, 6, 7]));
    fake.tamper = (m) => (m.type === 'reply' && m.value instanceof Float32Array ? { ...m, value: m.value.subarray(1) } : m);
    await assert.rejects(maps.matrix('cross', 0, 0), /worker sent a map of the wrong size/);
    fake.tamper = (m) => (m.type === 'reply' && Array.isArray(m.value) ? { ...m, value: m.value.slice(1) } : m);
    await assert.rejects(maps.all('cross'), /wrong number of layers/);
    fake.tamper = undefined;
    fake.emit('message', { data: { type: 'surprise' } });
    assert.equal((await maps.matrix('cross', 0, 0)).length, 9);
    assert.equal(typeof parseEngineMessage({ type: 'reply', id: -1, ok: true }), 'string');
    assert.equal(typeof parseEngineMessage({ type: 'layer', run: 1, stack: 'middle', layer: 1, of: 3 }), 'string');
    worker.dispose();
  });

  it('a worker that dies: what was pending rejects, the panel hears once, and the next start runs a new worker', async () => {
    const fakes: FakeWorker[] = [];
    const choice = new EngineChoice({ wasmBase: WASM_BASE, startWorker: async () => { const f = new FakeWorker(); fakes.push(f); return f; }, createPage: async () => new PageEngine() });
    const losses: EngineLoss[] = [];
    choice.onLost((l) => losses.push(l));
    const report = await choice.start('cpu', []);
    assert.match(report.renderer, /\(in a Web Worker\)$/);
    assert.equal(choice.where, 'worker');
    const { maps } = await choice.run(request([5, 6, 7]));
    // Out of memory, a crash: the worker's error event.
    const pending = choice.run(request([5, 6, 7, 8]));
    fakes[0].emit('error', { message: 'out of memory' });
    await assert.rejects(pending, WorkerDied);
    await assert.rejects(maps.matrix('encoderSelf', 0, 0), /Web Worker stopped \(it failed: out of memory\)/);
    assert.deepEqual(losses, [{ kind: 'workerDied', message: 'it failed: out of memory' }]);
    assert.ok(fakes[0].terminated);
    assert.equal(choice.where, 'none');
    await choice.start('cpu', []);
    assert.equal(fakes.length, 2, 'a new worker');
    assert.equal((await (await choice.run(request([5, 6, 7]))).maps.matrix('encoderSelf', 0, 0)).length, 9);
    // The test hook: terminate() is a death too. A second death in one panel gives the worker up.
    assert.equal(choice.terminateWorker(), true);
    assert.equal(losses.length, 2);
    const page = await choice.start('cpu', []);
    assert.equal(choice.where, 'page');
    assert.match(page.renderer, /\(on the page: the worker stopped twice\)$/);
    assert.match(page.fallbackNote ?? '', /stopped twice in this panel/);
    choice.dispose();
  });
});

/** A page engine that reports what it was asked, with a chosen backend. */
function fakePage(backend: BackendReport['backend'], asked: string[]): () => Promise<EngineClient> {
  return async () => ({
    where: 'page',
    start: async (preference) => {
      asked.push(preference);
      return { backend, renderer: `page ${backend}` };
    },
    prepare: () => Promise.reject(new Error('not here')),
    run: () => Promise.reject(new Error('not here')),
    tensorCount: async () => 0,
    loseContext: async () => false,
    onLost: () => undefined,
    dispose: () => undefined,
  });
}

/** A worker whose backend is the one given (or none). */
function workerWith(backend: BackendReport['backend'] | 'none'): () => Promise<WorkerLike> {
  return async () => {
    const f = new FakeWorker();
    // The reply to init (a backend report): the chosen backend, or a failure.
    f.tamper = (m) => (m.type === 'reply' && m.value?.report !== undefined
      ? (backend === 'none' ? { type: 'reply', id: m.id, ok: false, error: 'No TensorFlow.js backend could start (webgl did not initialise).' } : { ...m, value: { ...m.value, report: { backend, renderer: `worker ${backend}`, fallbackNote: backend === 'webgl' ? undefined : 'Using wasm: webgl did not initialise.' } } })
      : m);
    return f;
  };
}

describe('webview/engine/engine-choice: the worker first, the page as the fallback, and the panel says which', () => {
  it('no Worker here: the page runs the model, and the backend line says why', async () => {
    const asked: string[] = [];
    const choice = new EngineChoice({ wasmBase: WASM_BASE, startWorker: () => Promise.reject(new Error('Worker is not defined')), createPage: fakePage('wasm', asked) });
    const r = await choice.start('auto', []);
    assert.equal(choice.where, 'page');
    assert.equal(r.renderer, 'page wasm (on the page: no Web Worker)');
    assert.match(r.fallbackNote ?? '', /no Web Worker starts here \(Worker is not defined\)/);
  });

  it('the worker\'s backend fails: the page runs the model', async () => {
    const choice = new EngineChoice({ wasmBase: WASM_BASE, startWorker: workerWith('none'), createPage: fakePage('cpu', []) });
    const r = await choice.start('auto', []);
    assert.equal(choice.where, 'page');
    assert.match(r.renderer, /\(on the page: the worker's backend failed\)$/);
    assert.match(r.fallbackNote ?? '', /No TensorFlow.js backend could start/);
  });

  it('webgl asked for, none in the worker: WebGL on the page where it has it, else the worker\'s wasm', async () => {
    const asked: string[] = [];
    const choice = new EngineChoice({ wasmBase: WASM_BASE, startWorker: workerWith('wasm'), createPage: fakePage('webgl', asked) });
    const r = await choice.start('webgl', []);
    assert.equal(choice.where, 'page');
    assert.equal(r.backend, 'webgl');
    assert.match(r.renderer, /\(on the page: no WebGL in a worker\)$/);
    const noGl = new EngineChoice({ wasmBase: WASM_BASE, startWorker: workerWith('wasm'), createPage: fakePage('wasm', []) });
    const r2 = await noGl.start('webgl', []);
    assert.equal(noGl.where, 'worker');
    assert.match(r2.renderer, /^worker wasm \(in a Web Worker\)$/);
    // With auto, the worker's choice stands.
    const auto = new EngineChoice({ wasmBase: WASM_BASE, startWorker: workerWith('wasm'), createPage: fakePage('webgl', []) });
    await auto.start('auto', []);
    assert.equal(auto.where, 'worker');
  });

  it('no worker script given: the page, saying so', async () => {
    const choice = new EngineChoice({ wasmBase: WASM_BASE, createPage: fakePage('cpu', []) });
    assert.match((await choice.start('cpu', [])).renderer, /\(on the page: no Web Worker\)$/);
  });
});
