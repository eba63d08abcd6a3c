/**
 * The webview's entry: starts TensorFlow.js on the best backend it really gets, runs the model on
 * the tokens the host sends, and draws the views. Newer runs cancel older ones; a lost WebGL
 * context falls back to another backend and says so.
 */
import './styles/views.css';
import './styles.css';
import './styles/explain.css';
import type { BackendReport, HostMessage } from '../src/shared/protocol';
import type { ExportFormat } from '../src/shared/vocabulary';
import { BOS_ID } from '../src/model/tokenizer/special-tokens';
import * as tf from '@tensorflow/tfjs-core';
import { configureWasm, initBackend, loseWebglContext, watchContextLoss } from './engine/backend';
import { ModelSession, RunCancelled } from './engine/model-session';
import { acquiredApi, send, state } from './host';
import { PanelApp } from './app/panel-app';
import { restoreView, type ViewState } from './app/view-state';
import { baseName, exportCsv, exportJson, exportPng, exportSvg, exportViewData, type ExplainedMaps } from './app/exports';
import { runLabels } from './app/run-labels';

type Analyze = Extract<HostMessage, { type: 'analyze' }>;

/** What a restored panel needs to show the same analysis again (saved with setState). */
interface SavedState {
  view?: ViewState;
  last?: Omit<Analyze, 'checkpoint' | 'vocabulary'>;
}

let backend: Promise<BackendReport> | undefined;
/** Backends that failed here (a lost WebGL context): not tried again in this panel. */
const failedBackends: BackendReport['backend'][] = [];
let contextLostNote: string | undefined;
/** Each analysis gets a ticket; only the newest ticket's result is shown (host run ids may repeat). */
let latestTicket = 0;
let cancelledTicket = 0;
let lastRequest: Analyze | undefined;
const session = new ModelSession();
/** Token texts per model id (sent once per model), for the Predictions view. */
const vocabularies = new Map<string, string[]>();
const saved = state.get<SavedState>() ?? {};

const app = new PanelApp(document.getElementById('app') as HTMLElement, {
  onHighlight: (runId, kind, query, weights) => send({ type: 'highlight', runId, kind, query, weights }),
  onPin: (pinned) => send({ type: 'pin', pinned }),
  onViewChange: (view) => {
    save({ view });
    reportView();
    void sendResults();
  },
  onRerun: () => lastRequest && void analyze({ ...lastRequest, checkpoint: undefined, notices: lastRequest.notices }),
  onExport: (format) => void exportView(format),
  onMaskChange: () => lastRequest && void analyze({ ...lastRequest, checkpoint: undefined, notices: lastRequest.notices }),
  onMoveWindow: (move) => app.current && send({ type: 'moveWindow', runId: app.current.runId, ...move }),
});

function save(patch: Partial<SavedState>): void {
  Object.assign(saved, patch);
  state.set(saved);
}

function startBackend(preference: Analyze['backend']): Promise<BackendReport> {
  backend ??= initBackend(preference, failedBackends).then((report) => {
    if (contextLostNote) report = { ...report, fallbackNote: [contextLostNote, report.fallbackNote].filter(Boolean).join(' ') };
    send({ type: 'backend', ...report });
    watchContextLoss(onContextLost);
    return report;
  });
  backend.catch(() => (backend = undefined));
  return backend;
}

/** The GPU context is gone, and every tensor with it: fall back to another backend and run again. */
function onContextLost(): void {
  failedBackends.push('webgl');
  contextLostNote = 'The WebGL context was lost (the GPU was reset or reclaimed), so the model now runs on another backend.';
  backend = undefined;
  session.forget();
  app.forgetRun();
  if (lastRequest) void analyze({ ...lastRequest, runId: lastRequest.runId }).catch((e) => fail(lastRequest?.runId, e));
}

async function analyze(message: Analyze): Promise<void> {
  const runId = message.runId;
  const ticket = ++latestTicket;
  // A restored view applies once: re-runs (Re-run, a lost context) keep what the user chose since.
  lastRequest = { ...message, checkpoint: message.checkpoint ?? lastRequest?.checkpoint, vocabulary: undefined, view: undefined };
  // A newer run, or the Cancel button, makes this one's result unwanted.
  const cancelled = () => ticket !== latestTicket || ticket === cancelledTicket;
  app.showStatus(`Running the forward pass on ${message.tokens.length} tokens…`, () => {
    cancelledTicket = ticket;
    app.showStatus('Cancelling…');
  });
  let lastLayer = '';
  /** Says where a run stopped once it really has (the pass checks between layers). */
  const stopped = (): void => {
    if (ticket !== cancelledTicket) return;
    const text = `Run cancelled${lastLayer ? ` after ${lastLayer}` : ''}.`;
    app.showStatus(text);
    send({ type: 'error', runId, message: text });
  };
  const report = await startBackend(message.backend);
  if (cancelled()) return stopped();
  if (lastRequest.checkpoint !== undefined && !(lastRequest.checkpoint instanceof Uint8Array)) {
    throw new Error('The model weights arrived in an unexpected form. Close the panel and run Visualize Attention again.');
  }
  const model = session.ensureModel(message.model.id, message.model.config, lastRequest.checkpoint);
  app.setView(restoreView({ ...(saved.view ?? app.state), ...message.view }, model.config.N, model.config.h));
  const layers = 2 * model.config.N;
  // A re-run of the same tokens (masks, positional encoding) keeps masks; a new selection starts unmasked.
  const sameTokens = app.current?.runId === runId;
  if (!sameTokens) app.masked = [];
  const masked = [...app.masked];
  let run: Awaited<ReturnType<ModelSession['run']>>;
  try {
    run = await session.run(model, message.tokens, { positionalEncoding: app.state.positionalEncoding }, {
      cancelled,
      onLayer: ({ stack, layer, of }) => {
        lastLayer = `${stack} layer ${layer} of ${of}`;
        if (!cancelled()) app.updateStatus(`Forward pass on ${message.tokens.length} tokens: ${lastLayer} done`, ((stack === 'encoder' ? 0 : of) + layer) / layers);
      },
    }, masked);
  } catch (e) {
    if (e instanceof RunCancelled) return stopped();
    throw e;
  }
  const { store, millis, probes } = run;
  if (message.vocabulary) vocabularies.set(message.model.id, message.vocabulary);
  if (cancelled()) {
    store.dispose();
    return stopped();
  }
  app.clearStatus();
  // The run this one is compared with: the first run of these tokens, while masks or the positional encoding differ from it.
  const first = sameTokens ? (app.current?.baseline ?? app.current) : undefined;
  const positionalEncoding = app.state.positionalEncoding;
  const differs = first && ((first.masked ?? []).join() !== masked.join() || first.positionalEncoding !== positionalEncoding);
  await app.showRun({
    masked, positionalEncoding, ...(differs ? { baseline: first } : {}),
    runId, sourceLabel: message.sourceLabel, notices: message.notices, tokens: message.tokens, config: model.config,
    weightsTrained: message.model.weightsTrained, trainedLength: message.model.trainedLength, bosId: BOS_ID, store, probes, millis, backend: report, window: message.window,
    vocabulary: vocabularies.get(message.model.id),
  });
  const { checkpoint: _bytes, vocabulary: _vocabulary, ...rest } = message;
  save({ last: rest });
  reportView();
  await sendResults();
  send({ type: 'tokensShown', runId, tokens: message.tokens });
  send({ type: 'runFinished', runId, millis, tensors: tf.memory().numTensors });
}

/** Tells the host what the panel shows (tests and the tour check it). */
function reportView(): void {
  const run = app.current;
  if (!run) return;
  const { tab, kind, layer, head, positionalEncoding, measure } = app.state;
  // measure is sent only when it is not the raw weights (what panels sent before it existed).
  send({ type: 'viewChanged', runId: run.runId, view: { tab, kind, layer, head, positionalEncoding, ...(measure === 'weighted' ? { measure } : {}) } });
}

/**
 * Sends the host what its token hovers show: encoder self-attention of the focused layer and head
 * (or the mean), the mean over heads, and the positional encodings added to the source.
 */
async function sendResults(): Promise<void> {
  const run = app.current;
  if (!run) return;
  const { layer, head, measure } = app.state;
  // The hovers follow what the panel shows (value-weighted, rollout); their mean is of the raw weights.
  const meanLayer = layer === 'rollout' ? run.config.N - 1 : layer;
  const [focused, mean, peAll] = await Promise.all([
    app.matrix('encoderSelf', layer, head, measure).then((m) => m.weights),
    run.store.matrix('encoderSelf', meanLayer, 'mean'),
    run.store.positionalEncoding(),
  ]);
  const dModel = run.config.dModel;
  const headText = head === 'mean' ? 'mean over heads' : `Head ${head + 1}`;
  const focusedText = layer === 'rollout' ? 'Rollout over all layers' : `Layer ${layer + 1} · ${headText}${measure === 'weighted' ? ' · value-weighted ‖α·f(x)‖' : ''}`;
  send({
    type: 'results', runId: run.runId,
    label: `Encoder self-attention · ${focusedText}`,
    meanLabel: `Encoder self-attention · Layer ${meanLayer + 1} · mean over heads`,
    focused, mean, dModel, pe: peAll.slice(0, run.tokens.length * dModel),
  });
}

async function exportView(format: ExportFormat): Promise<void> {
  const run = app.current;
  const view = app.exportable;
  if (!run || !view) return;
  try {
    const name = baseName(app.state);
    const labels = runLabels(run.tokens, run.bosId);
    const own = view.toData?.();
    const explained = own ? undefined : await explainedMaps();
    const payload =
      format === 'png' ? await exportPng(view, name, app.exportExtent)
      : format === 'svg' ? exportSvg(view, name, app.exportExtent)
      : own ? exportViewData(own, format)
      : format === 'json' ? await exportJson(run, labels, app.state, explained)
      : await exportCsv(run, labels, app.state, explained);
    send({ type: 'export', format, ...payload });
  } catch (e) {
    app.showError(e instanceof Error ? e.message : String(e));
  }
}

/** What JSON and CSV export when the panel shows value-weighted maps or the rollout (undefined: raw weights). */
async function explainedMaps(): Promise<ExplainedMaps | undefined> {
  const run = app.current!;
  const { kind, layer, measure } = app.state;
  if (layer === 'rollout') {
    return { measure: 'rollout', note: 'rollout[0][0][query][key]: attention rollout over all layers (Abnar & Zuidema 2020); each row sums to 1.', maps: [[(await app.matrix(kind, 'rollout', 'mean')).weights]] };
  }
  if (measure !== 'weighted') return undefined;
  const { N, h } = run.config;
  const maps = await Promise.all(Array.from({ length: N }, (_, l) => Promise.all(Array.from({ length: h }, async (_, hd) => (await app.matrix(kind, l, hd, 'weighted')).weights))));
  return { measure: 'weighted', note: 'weights[layer][head][query][key] = α_ij · ‖f_h(x_j)‖ with f_h(x) = (x W^V_h + b^V_h) W^O_h (Kobayashi et al. 2020); not bounded by 1.', maps };
}

function fail(runId: number | undefined, e: unknown): void {
  const text = e instanceof Error ? e.message : String(e);
  app.showError(text);
  send({ type: 'error', runId, message: text.slice(0, 2000) });
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  if (message?.type === 'analyze') analyze(message).catch((e) => fail(message.runId, e));
  if (message?.type === 'focus' && app.current?.runId === message.runId) app.focusSourceToken(message.index).catch((e) => fail(message.runId, e));
  if (message?.type === 'showView') app.applyView(message.view).catch((e) => fail(undefined, e));
  if (message?.type === 'mask' && app.current?.runId === message.runId && lastRequest) {
    // Masks from the editor's selection: added to those already masked, then the pass runs again.
    const n = app.current.tokens.length;
    app.masked = [...new Set([...app.masked, ...message.indices.filter((i) => Number.isInteger(i) && i >= 0 && i < n)])].sort((a, b) => a - b);
    analyze({ ...lastRequest, checkpoint: undefined }).catch((e) => fail(message.runId, e));
  }
});

/**
 * Hooks for tests that drive the real panel: lose the WebGL context, or post a raw message as a
 * hostile webview would (the host must reject it). Nothing here reaches beyond this page.
 */
(globalThis as { xrayDebug?: unknown }).xrayDebug = {
  loseContext: loseWebglContext,
  post: (raw: unknown) => (acquiredApi() as { postMessage(m: unknown): void }).postMessage(raw),
};

configureWasm(document.body.dataset.wasmBase ?? './');
send({ type: 'ready' });
