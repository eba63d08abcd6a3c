/**
 * The webview's entry: styles, the run controller (app/run-controller.ts) wired to the host's
 * messages, the test hooks, and the "ready" that asks the host for the first run.
 */
import './styles/views.css';
import './styles.css';
import './styles/explain.css';
import type { HostMessage } from '../src/shared/protocol';
import { pageEngineLoader } from './engine/load-page-engine';
import { BACKEND_PREFERENCES, isOneOf } from '../src/shared/vocabulary';
import { EngineChoice } from './engine/engine-choice';
import { fetchWasmBinaries, startEngineWorker } from './engine/worker-engine';
import { acquiredApi, send, state } from './host';
import { RunController } from './app/run-controller';
import { markStartup, startupMarks } from './startup-marks';

markStartup('scriptStart');

const wasmBase = document.body.dataset.wasmBase ?? './';
const { engineWorker: workerScript, pageEngine: pageEngineScript } = document.body.dataset;
// The model runs in a dedicated Web Worker (dist/engine-worker.js); the page's own thread is the fallback.
const wasmUrl = new URL(wasmBase, document.baseURI).href;
const engine = new EngineChoice({
  wasmBase: wasmUrl,
  startWorker: workerScript ? () => startEngineWorker(workerScript) : undefined,
  wasmBinaries: () => fetchWasmBinaries(wasmUrl),
  createPage: pageEngineLoader(pageEngineScript ?? '', wasmBase),
});
const { shippedModel, shippedWeights } = document.body.dataset;
const shipped = shippedModel && shippedWeights ? { modelId: shippedModel, url: shippedWeights } : undefined;
const controller = new RunController(document.getElementById('app') as HTMLElement, { send, state }, engine, shipped);

window.addEventListener('message', (event: MessageEvent<HostMessage>) => controller.handle(event.data));

/**
 * Hooks for tests that drive the real panel: lose the WebGL context (in the worker or on the page),
 * terminate the engine's worker, say where the model runs, or post a raw message as a hostile webview
 * would (the host must reject it). Nothing here reaches beyond this page.
 */
(globalThis as { xrayDebug?: unknown }).xrayDebug = {
  loseContext: () => engine.loseContext(),
  terminateWorker: () => engine.terminateWorker(),
  engine: () => engine.where,
  startupMarks,
  post: (raw: unknown) => (acquiredApi() as { postMessage(m: unknown): void }).postMessage(raw),
};

send({ type: 'ready' });
markStartup('readySent');
// The engine starts now (worker, backend, wasm compile, the shipped model) while the host sends the first run.
const backend = document.body.dataset.backend;
controller.warmUp(isOneOf(BACKEND_PREFERENCES, backend) ? backend : 'auto');
