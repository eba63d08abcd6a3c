/**
 * The webview's runs: takes the host's messages, starts TensorFlow.js on the best backend it really
 * gets, runs the model on the tokens sent, shows the result in the panel and tells the host what it
 * needs (results for its hovers, rows for the editor's shading, what the panel shows).
 *
 * It lives in app/, not engine/: it decides what the panel shows and what the host hears, and drives
 * the engine only through engine/engine-client.ts, whose calls a Web Worker answers
 * (engine/engine-choice.ts: the worker, or the page's own thread as the fallback).
 *
 * Stale work is dropped one way (latest-work.ts): each pass and each results message takes a token,
 * and checks it wherever a result would be shown or sent. A newer run or the Cancel button makes a
 * pass stale (an engine in a worker is told at once); a lost WebGL context falls back to another
 * backend and runs again; a worker that died is replaced by a new one, which runs again (once).
 */
import type { BackendReport, HostMessage, WebviewMessage } from '../../src/shared/protocol';
import type { ExportFormat } from '../../src/shared/vocabulary';
import { BOS_ID } from '../../src/model/tokenizer/special-tokens';
import { RunCancelled, type EngineClient, type EngineLoss, type EngineRun } from '../engine/engine-client';
import { PanelApp } from './panel-app';
import { restoreView, type ViewState } from './view-state';
import { baseName, exportCsv, exportJson, exportPng, exportSvg, exportViewData, type ExplainedMaps } from './exports';
import { runLabels } from './run-labels';
import { LatestWork } from './latest-work';
import { markStartup } from '../startup-marks';
import { ShippedWeights } from '../engine/shipped-weights';

export type Analyze = Extract<HostMessage, { type: 'analyze' }>;

/** What a restored panel needs to show the same analysis again (saved with setState). */
export interface SavedState {
  view?: ViewState;
  last?: Omit<Analyze, 'checkpoint' | 'vocabulary'>;
}

/** The host's side as the controller sees it (webview/host.ts in the panel, a fake in a test). */
export interface HostConnection {
  send(message: WebviewMessage): void;
  state: { get<T>(): T | undefined; set(state: unknown): void };
}

export class RunController {
  readonly app: PanelApp;
  private backend: Promise<BackendReport> | undefined;
  /** Backends that failed here (a lost WebGL context): not tried again in this panel. */
  private readonly failedBackends: BackendReport['backend'][] = [];
  /** Why the backend changed (a lost context): said in every later backend report. */
  private lossNote: string | undefined;
  /** A worker that died and was replaced: said in the next backend report only. */
  private deathNote: string | undefined;
  /** A re-run after a worker died is in flight: another death then is reported, not re-run. */
  private rerunAfterDeath = false;
  private lastRequest: Analyze | undefined;
  /** Token texts per model id (sent once per model), for the Predictions view. */
  private readonly vocabularies = new Map<string, string[]>();
  private readonly saved: SavedState;
  private readonly runs = new LatestWork();
  private readonly results = new LatestWork();
  /** The model built while the page started (warmUp), before the first run asked for it. */
  private prepared: Promise<void> = Promise.resolve();

  /** `shipped`: the shipped model the HTML names, whose weights the page fetches and builds at once. */
  constructor(
    root: HTMLElement,
    private readonly host: HostConnection,
    readonly engine: EngineClient,
    private readonly shipped?: { modelId: string; url: string },
    private readonly weights = new ShippedWeights(),
  ) {
    engine.onLost((loss) => this.onEngineLost(loss));
    this.saved = host.state.get<SavedState>() ?? {};
    this.app = new PanelApp(root, {
      onHighlight: (runId, kind, query, weights) => host.send({ type: 'highlight', runId, kind, query, weights }),
      onPin: (pinned) => host.send({ type: 'pin', pinned }),
      onViewChange: (view) => {
        this.save({ view });
        this.reportView();
        void this.sendResults();
      },
      onRerun: () => this.lastRequest && void this.analyze({ ...this.lastRequest, checkpoint: undefined, notices: this.lastRequest.notices }),
      onExport: (format) => void this.exportView(format),
      onMaskChange: () => this.lastRequest && void this.analyze({ ...this.lastRequest, checkpoint: undefined, notices: this.lastRequest.notices }),
      onMoveWindow: (move) => this.app.current && host.send({ type: 'moveWindow', runId: this.app.current.runId, ...move }),
    });
  }

  /** One message from the host. */
  handle(message: HostMessage | undefined): void {
    const app = this.app;
    if (message?.type === 'analyze') {
      markStartup('analyzeReceived');
      this.analyze(message).catch((e) => this.fail(message.runId, e));
    }
    if (message?.type === 'focus' && app.current?.runId === message.runId) app.focusSourceToken(message.index).catch((e) => this.fail(message.runId, e));
    if (message?.type === 'showView') app.applyView(message.view).catch((e) => this.fail(undefined, e));
    if (message?.type === 'mask' && app.current?.runId === message.runId && this.lastRequest) {
      // Masks from the editor's selection: added to those already masked, then the pass runs again.
      const n = app.current.tokens.length;
      app.masked = [...new Set([...app.masked, ...message.indices.filter((i) => Number.isInteger(i) && i >= 0 && i < n)])].sort((a, b) => a - b);
      this.analyze({ ...this.lastRequest, checkpoint: undefined }).catch((e) => this.fail(message.runId, e));
    }
  }

  /**
   * Starts the engine before the first run asks for it, so that its start (the worker, the backend,
   * compiling wasm) overlaps the page's and the host's. A failure here is retried by that run.
   */
  warmUp(preference: Analyze['backend']): void {
    markStartup('engineWarming');
    const started = this.startBackend(preference);
    started.catch(() => undefined);
    const shipped = this.shipped;
    if (!shipped) return;
    // Built in the engine meanwhile; should this fail, the first run sends the weights as usual.
    this.prepared = Promise.all([started, this.weights.get(shipped.url)])
      .then(([, bytes]) => this.engine.prepare(shipped.modelId, bytes))
      .catch((e: unknown) => console.warn(`Transformer X-Ray: the shipped model was not built ahead: ${String(e)}`));
  }

  private save(patch: Partial<SavedState>): void {
    Object.assign(this.saved, patch);
    this.host.state.set(this.saved);
  }

  private startBackend(preference: Analyze['backend']): Promise<BackendReport> {
    const backend = (this.backend ??= this.engine.start(preference, this.failedBackends).then((report) => {
      const notes = [this.lossNote, this.deathNote, report.fallbackNote].filter(Boolean);
      this.deathNote = undefined;
      if (notes.length) report = { ...report, fallbackNote: notes.join(' ') };
      this.host.send({ type: 'backend', ...report });
      return report;
    }));
    backend.catch(() => (this.backend = undefined));
    return backend;
  }

  /**
   * The engine lost its tensors. A lost GPU context: fall back to another backend and run again. A
   * worker that died: a new worker runs again, once; dying again, the panel says so and the next
   * run (a new selection, Re-run) starts another.
   */
  private onEngineLost(loss: EngineLoss): void {
    if (loss.kind === 'contextLost') {
      this.failedBackends.push('webgl');
      this.lossNote = 'The WebGL context was lost (the GPU was reset or reclaimed), so the model now runs on another backend.';
    } else {
      this.deathNote = `The engine's Web Worker stopped (${loss.message}), so a new one was started.`;
    }
    this.backend = undefined;
    this.app.forgetRun();
    const last = this.lastRequest;
    if (loss.kind === 'workerDied' && this.rerunAfterDeath) {
      this.rerunAfterDeath = false;
      this.runs.start();
      this.fail(last?.runId, new Error(`The engine's Web Worker stopped again (${loss.message}). Run Visualize Attention again to start a new one.`));
      return;
    }
    this.rerunAfterDeath = loss.kind === 'workerDied';
    if (last) void this.analyze({ ...last, runId: last.runId }).catch((e) => this.fail(this.lastRequest?.runId, e));
  }

  private async analyze(message: Analyze): Promise<void> {
    const { app, host } = this;
    const runId = message.runId;
    const token = this.runs.start();
    // A restored view applies once: re-runs (Re-run, a lost context) keep what the user chose since.
    const request: Analyze = { ...message, checkpoint: message.checkpoint ?? this.lastRequest?.checkpoint, vocabulary: undefined, view: undefined };
    this.lastRequest = request;
    app.showStatus(`Running the forward pass on ${message.tokens.length} tokens…`, () => {
      token.cancel();
      app.showStatus('Cancelling…');
    });
    let lastLayer = '';
    /** Says where a run stopped once it really has (the pass checks between layers); a run replaced by a newer one says nothing. */
    const stopped = (): void => {
      if (!token.cancelledByUser) return;
      const text = `Run cancelled${lastLayer ? ` after ${lastLayer}` : ''}.`;
      app.showStatus(text);
      host.send({ type: 'error', runId, message: text });
    };
    const report = await this.startBackend(message.backend);
    markStartup('engineStarted');
    if (token.isStale) return stopped();
    const shipped = message.shippedWeights;
    if (request.checkpoint === undefined && shipped) {
      if (typeof shipped.url !== 'string' || !Number.isInteger(shipped.byteLength)) throw new Error('The model weights were named in an unexpected form. Close the panel and run Visualize Attention again.');
      request.checkpoint = await this.weights.checked(shipped.url, shipped.byteLength);
      await this.prepared;
      if (token.isStale) return stopped();
    }
    if (request.checkpoint !== undefined && !(request.checkpoint instanceof Uint8Array)) {
      throw new Error('The model weights arrived in an unexpected form. Close the panel and run Visualize Attention again.');
    }
    const config = message.model.config;
    app.setView(restoreView({ ...(this.saved.view ?? app.state), ...message.view }, config.N, config.h));
    const layers = 2 * config.N;
    // A re-run of the same tokens (masks, positional encoding) keeps masks; a new selection starts unmasked.
    const sameTokens = app.current?.runId === runId;
    if (!sameTokens) app.masked = [];
    const masked = [...app.masked];
    let run: EngineRun;
    try {
      run = await this.engine.run({
        modelId: message.model.id, config, checkpoint: request.checkpoint, tokens: message.tokens, masked, positionalEncoding: app.state.positionalEncoding,
      }, {
        cancelled: () => token.isStale,
        whenCancelled: (listener) => token.whenStale(listener),
        onLayer: ({ stack, layer, of }) => {
          lastLayer = `${stack} layer ${layer} of ${of}`;
          if (!token.isStale) app.updateStatus(`Forward pass on ${message.tokens.length} tokens: ${lastLayer} done`, ((stack === 'encoder' ? 0 : of) + layer) / layers);
        },
      });
    } catch (e) {
      // A pass made stale meanwhile (cancelled, replaced, or re-run after its engine was lost) says nothing more.
      if (e instanceof RunCancelled || token.isStale) return stopped();
      throw e;
    }
    markStartup('passDone');
    const { maps: store, millis, probes } = run;
    this.rerunAfterDeath = false;
    if (message.vocabulary) this.vocabularies.set(message.model.id, message.vocabulary);
    if (token.isStale) {
      store.dispose();
      return stopped();
    }
    app.clearStatus();
    // The run this one is compared with: the first run of these tokens, while masks or the positional encoding differ from it.
    const first = sameTokens ? (app.current?.baseline ?? app.current) : undefined;
    const positionalEncoding = app.state.positionalEncoding;
    const differs = first && ((first.masked ?? []).join() !== masked.join() || first.positionalEncoding !== positionalEncoding);
    try {
      await app.showRun({
        masked, positionalEncoding, ...(differs ? { baseline: first } : {}),
        runId, sourceLabel: message.sourceLabel, notices: message.notices, tokens: message.tokens, config,
        weightsTrained: message.model.weightsTrained, trainedLength: message.model.trainedLength, bosId: BOS_ID, store, probes, millis, backend: report, window: message.window,
        vocabulary: this.vocabularies.get(message.model.id),
      });
      markStartup('firstPicture');
      const { checkpoint: _bytes, vocabulary: _vocabulary, ...rest } = message;
      this.save({ last: rest });
      this.reportView();
      await this.sendResults();
      markStartup('resultsSent');
      host.send({ type: 'tokensShown', runId, tokens: message.tokens });
      host.send({ type: 'runFinished', runId, millis, tensors: await this.engine.tensorCount() });
    } catch (e) {
      // The engine lost these maps while they were drawn (a worker that died): its re-run says what happened.
      if (token.isStale) return;
      throw e;
    }
  }

  /** Tells the host what the panel shows (tests and the tour check it). */
  private reportView(): void {
    const run = this.app.current;
    if (!run) return;
    const { tab, kind, layer, head, positionalEncoding, measure } = this.app.state;
    // measure is sent only when it is not the raw weights (what panels sent before it existed).
    this.host.send({ type: 'viewChanged', runId: run.runId, view: { tab, kind, layer, head, positionalEncoding, ...(measure === 'weighted' ? { measure } : {}) } });
  }

  /**
   * Sends the host what its token hovers show: encoder self-attention of the focused layer and head
   * (or the mean), the mean over heads, and the positional encodings added to the source.
   */
  private async sendResults(): Promise<void> {
    const { app } = this;
    const run = app.current;
    if (!run) return;
    const token = this.results.start();
    const { layer, head, measure } = app.state;
    // The hovers follow what the panel shows (value-weighted, rollout); their mean is of the raw weights.
    const meanLayer = layer === 'rollout' ? run.config.N - 1 : layer;
    const [focused, mean, peAll] = await Promise.all([
      app.matrix('encoderSelf', layer, head, measure).then((m) => m.weights),
      run.store.matrix('encoderSelf', meanLayer, 'mean'),
      run.store.positionalEncoding(),
    ]);
    // A newer view or run asked meanwhile: its results, not these, match what the panel shows.
    if (token.isStale) return;
    const dModel = run.config.dModel;
    const headText = head === 'mean' ? 'mean over heads' : `Head ${head + 1}`;
    const focusedText = layer === 'rollout' ? 'Rollout over all layers' : `Layer ${layer + 1} · ${headText}${measure === 'weighted' ? ' · value-weighted ‖α·f(x)‖' : ''}`;
    this.host.send({
      type: 'results', runId: run.runId,
      label: `Encoder self-attention · ${focusedText}`,
      meanLabel: `Encoder self-attention · Layer ${meanLayer + 1} · mean over heads`,
      focused, mean, dModel, pe: peAll.slice(0, run.tokens.length * dModel),
    });
  }

  private async exportView(format: ExportFormat): Promise<void> {
    const { app } = this;
    const run = app.current;
    const view = app.exportable;
    if (!run || !view) return;
    try {
      const name = baseName(app.state);
      const labels = runLabels(run.tokens, run.bosId);
      const own = view.toData?.();
      const explained = own ? undefined : await this.explainedMaps();
      const payload =
        format === 'png' ? await exportPng(view, name, app.exportExtent)
        : format === 'svg' ? exportSvg(view, name, app.exportExtent)
        : own ? exportViewData(own, format)
        : format === 'json' ? await exportJson(run, labels, app.state, explained)
        : await exportCsv(run, labels, app.state, explained);
      this.host.send({ type: 'export', format, ...payload });
    } catch (e) {
      app.showError(e instanceof Error ? e.message : String(e));
    }
  }

  /** What JSON and CSV export when the panel shows value-weighted maps or the rollout (undefined: raw weights). */
  private async explainedMaps(): Promise<ExplainedMaps | undefined> {
    const { app } = this;
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

  private fail(runId: number | undefined, e: unknown): void {
    const text = e instanceof Error ? e.message : String(e);
    this.app.showError(text);
    this.host.send({ type: 'error', runId, message: text.slice(0, 2000) });
  }
}
