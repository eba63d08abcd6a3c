import * as vscode from 'vscode';
import { type AnalysedRange, chooseRange, lastLineOf, rangeLabel, wholeDocument } from './analysis/selection';
import { prepareTokens, untrainedPositionsNotice } from './analysis/prepare';
import { type TokenWindow, type WindowPlacement, nextWindow, previousWindow } from './analysis/token-window';
import type { AttentionPanel } from './panel/attention-panel';
import { Disposable, Emitter } from '../shared/lifecycle';
import { readSettings } from './settings';
import { hasTrainedWeights, type HostModel } from './model-assets';
import type { Tokenizer } from '../model/tokenizer';
import type { RunWindow, ViewRequest, WindowMove, WireToken } from '../shared/protocol';
import { AnalysedRun } from './editor/analysed-run';
import { type BackendPreference } from '../shared/vocabulary';

/** How long a run waits for a new webview's script to start before it gives up with a message. */
const READY_TIMEOUT_MS = 60_000;

/** Why a run did not happen, as the message the user was shown. */
export interface RunRefusal {
  refused: string;
}

export interface RunInfo {
  runId: number;
  tokenCount: number;
  notices: string[];
  /** Set when the run is a window of a longer text. */
  window?: RunWindow;
}

/** Where runs are shown: the attention session owns the one panel. */
export interface PanelPlace {
  /** The panel, created in `column` or revealed there. */
  showPanel(column: vscode.ViewColumn): AttentionPanel;
  /** The panel if one is open. */
  readonly panel: AttentionPanel | undefined;
}

export interface VisualizeOptions {
  /** The model to run (the shipped one, or the user's checkpoint), loaded on first use. */
  model: () => Promise<HostModel>;
  panels: PanelPlace;
  log: vscode.LogOutputChannel;
}

/**
 * Visualize Attention: choose the range, tokenise it on the host, and hand tokens and model to the
 * panel's webview, which runs the forward pass. Never throws: problems become messages.
 */
export class VisualizeCommand extends Disposable {
  private readonly willRun = this.register(new Emitter<void>());
  private readonly didRun = this.register(new Emitter<AnalysedRun>());
  /** A run starts (the selection follower drops a re-run it had scheduled). */
  readonly onWillRun = this.willRun.event;
  /** A run's tokens were sent: where they are in the editor. */
  readonly onDidRun = this.didRun.event;
  private nextRunId = 1;
  /** The range the latest run chose, so that a selection it already covers is not run twice. */
  private requested: { document: vscode.TextDocument; start: number; end: number } | undefined;
  private reportedSettings = new Set<string>();
  /** The text the latest run read a window of, and that window (undefined: the text fitted whole). */
  private source: { range: AnalysedRange; version: number; window?: TokenWindow; maxTokens: number } | undefined;

  private readonly model: () => Promise<HostModel>;
  private readonly panels: PanelPlace;
  private readonly log: vscode.LogOutputChannel;

  constructor(options: VisualizeOptions) {
    super();
    ({ model: this.model, panels: this.panels, log: this.log } = options);
  }

  async run(): Promise<RunInfo | RunRefusal> {
    try {
      return await this.runUnguarded();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.log.error(`Visualize Attention failed: ${message}`);
      void vscode.window.showErrorMessage(`Transformer X-Ray: ${message}`);
      return { refused: message };
    }
  }

  private async runUnguarded(): Promise<RunInfo | RunRefusal> {
    const started = Date.now();
    this.willRun.fire();
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      const refused = 'open a file and select some code, then run Visualize Attention.';
      void vscode.window.showInformationMessage(`Transformer X-Ray: ${refused}`);
      return { refused };
    }
    const beside = editor.viewColumn !== undefined ? editor.viewColumn + 1 : vscode.ViewColumn.Beside;
    const { settings, problems } = readSettings(vscode.workspace.getConfiguration('transformerXray'));
    for (const p of problems) {
      if (this.reportedSettings.has(p)) continue;
      this.reportedSettings.add(p);
      void vscode.window.showWarningMessage(`Transformer X-Ray: ${p}`);
    }
    const choice = chooseRange(editor);
    if (!choice.ok) {
      void vscode.window.showInformationMessage(`Transformer X-Ray: ${choice.message}`);
      return { refused: choice.message };
    }
    // Beside the analysed editor, fixed now: loading the model gives focus time to move elsewhere.
    return this.analyse(choice.value, { first: 0 }, settings.backend, settings.maxTokens, beside, started);
  }

  /**
   * Runs the model on the window `placement` asks for of `source`: the whole of it when it fits.
   * The editor's decorations and cursor sync then work on the window's range of the document.
   */
  private async analyse(source: AnalysedRange, placement: WindowPlacement, backend: BackendPreference, maxSetting: number, beside: vscode.ViewColumn, started = Date.now()): Promise<RunInfo | RunRefusal> {
    const { document, range, text } = source;
    const start = document.offsetAt(range.start);
    const version = document.version;
    this.requested = { document, start, end: document.offsetAt(range.end) };
    // The panel starts first: its page loads the engine and the shipped weights while the model loads here.
    const loading = this.model();
    const opened = this.panels.panel === undefined;
    const panel = this.panels.showPanel(beside);
    const timings: RunTimings = { started, panel: Date.now(), model: 0 };
    let model: HostModel;
    try {
      model = await loading;
    } catch (e) {
      // A panel opened for this run only would show nothing: close it (the error is shown as a message).
      if (opened) panel.dispose();
      throw e;
    }
    timings.model = Date.now();
    const maxTokens = Math.min(maxSetting, model.config.maxLength);
    const prepared = prepareTokens(model.tokenizer, text, maxTokens, placement);
    const untrained = untrainedPositionsNotice(prepared.tokens.length, model.trainedLength);
    const notices = [...source.notices, ...prepared.notices, ...(untrained ? [untrained] : [])];
    const w = prepared.window;
    this.source = { range: source, version, window: w, maxTokens };
    // Where the tokens were read: an edit while the model loads then marks the run stale.
    const where = { document, version, baseOffset: start + (w?.startChar ?? 0), endOffset: w ? start + w.endChar : this.requested.end };
    const shown = w ? new vscode.Range(document.positionAt(where.baseOffset), document.positionAt(where.endOffset)) : range;
    const window: RunWindow | undefined = w && {
      first: w.first,
      count: w.count,
      total: w.total,
      firstLine: shown.start.line + 1,
      lastLine: lastLineOf(shown) + 1,
      textFirstLine: range.start.line + 1,
      textLastLine: lastLineOf(range) + 1,
    };
    const label = w ? rangeLabel(document, shown) : source.label;
    return this.send(panel, model, backend, { label, notices, tokens: prepared.tokens, window }, where, { timings });
  }

  /**
   * Moves the window of the latest long text: back or on by a window less the overlap, centred on
   * the editor's cursor, or starting at a line. A cursor or line outside that text (or a text of
   * one line, analysed with nothing selected) makes the whole document the text.
   */
  async moveWindow(move: WindowMove): Promise<RunInfo | RunRefusal> {
    const s = this.source;
    const panel = this.panels.panel;
    if (!s || !panel?.isAlive) return { refused: 'nothing to move: run Visualize Attention first.' };
    this.willRun.fire();
    const { document } = s.range;
    if (document.isClosed || document.version !== s.version) {
      const refused = 'the document changed since this analysis: run Visualize Attention again.';
      void vscode.window.showInformationMessage(`Transformer X-Ray: ${refused}`);
      return { refused };
    }
    const { settings } = readSettings(vscode.workspace.getConfiguration('transformerXray'));
    const column = panel.viewColumn ?? vscode.ViewColumn.Beside;
    if (move.to === 'previous' || move.to === 'next') {
      if (!s.window) return { refused: 'the whole text is analysed already.' };
      const placement = move.to === 'next' ? nextWindow(s.window, s.maxTokens) : previousWindow(s.window, s.maxTokens);
      return this.analyse(s.range, placement, settings.backend, settings.maxTokens, column);
    }
    let offset: number;
    if ('line' in move) {
      offset = document.offsetAt(new vscode.Position(Math.min(move.line, document.lineCount) - 1, 0));
    } else {
      const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
      if (!editor) return { refused: 'the analysed document is not open in an editor.' };
      offset = document.offsetAt(editor.selection.active);
    }
    const start = document.offsetAt(s.range.range.start);
    const end = document.offsetAt(s.range.range.end);
    const inside = s.window !== undefined && offset >= start && offset <= end;
    const source = inside ? s.range : wholeDocument(document);
    const base = inside ? start : 0;
    const placement: WindowPlacement = 'line' in move ? { atOffset: offset - base } : { aroundOffset: offset - base };
    return this.analyse(source, placement, settings.backend, settings.maxTokens, column);
  }

  /** True when the latest run (finished or still starting) analyses exactly this selection. */
  hasRequested(document: vscode.TextDocument, selection: vscode.Selection): boolean {
    const r = this.requested;
    return r !== undefined && r.document === document && r.start === document.offsetAt(selection.start) && r.end === document.offsetAt(selection.end);
  }

  /**
   * Shows a saved analysis again in a panel VS Code restored after a restart. The tokens come from
   * the webview's saved state, so they are checked against the model before anything is sent.
   */
  async restore(panel: AttentionPanel, saved: { label: string; notices: string[]; tokens: WireToken[] }, view?: ViewRequest): Promise<RunInfo | RunRefusal | undefined> {
    try {
      const model = await this.model();
      if (saved.tokens.length === 0 || saved.tokens.length > model.config.maxLength || saved.tokens.some((t) => t.id >= model.config.vocabSize)) return undefined;
      const { settings } = readSettings(vscode.workspace.getConfiguration('transformerXray'));
      const notices = [...saved.notices.filter((n) => !n.startsWith('Restored')), 'Restored after VS Code restarted: run Visualize Attention again to link it to the editor.'];
      // A restored window may take long to start its webviews: wait as long as the panel lives.
      return await this.send(panel, model, settings.backend, { ...saved, notices, view }, undefined, { readyTimeoutMs: Infinity });
    } catch (e) {
      this.log.warn(`Could not restore the attention panel: ${String(e)}`);
      return undefined;
    }
  }

  private async send(
    panel: AttentionPanel,
    model: HostModel,
    backend: BackendPreference,
    what: { label: string; notices: string[]; tokens: WireToken[]; view?: ViewRequest; window?: RunWindow },
    where?: { document: vscode.TextDocument; version: number; baseOffset: number; endOffset: number },
    { readyTimeoutMs = READY_TIMEOUT_MS, timings }: { readyTimeoutMs?: number; timings?: RunTimings } = {},
  ): Promise<RunInfo | RunRefusal> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ready = await Promise.race([
      panel.whenReady().then(() => true),
      new Promise<boolean>((r) => {
        if (Number.isFinite(readyTimeoutMs)) timer = setTimeout(() => r(false), readyTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (timings) timings.ready = Date.now();
    if (!panel.isAlive) return { refused: 'the attention panel was closed before the run started.' };
    if (!ready) throw new Error(`the attention panel did not start within ${readyTimeoutMs / 1000} s. Close it and run Visualize Attention again.`);

    const runId = this.nextRunId++;
    const posted = await panel.postAnalysis({
      type: 'analyze',
      runId,
      sourceLabel: what.label,
      notices: what.notices,
      tokens: what.tokens,
      model: { id: model.id, name: model.name, config: model.config, weightsTrained: hasTrainedWeights(model), trainedLength: model.trainedLength },
      backend,
      view: what.view,
      window: what.window,
    }, { id: model.id, checkpoint: model.checkpoint, shippedWeights: model.shippedWeights, vocabulary: () => vocabularyTexts(model.tokenizer) });
    if (posted && where) this.didRun.fire(new AnalysedRun(runId, where.document, where.version, where.baseOffset, where.endOffset, what.tokens, what.window !== undefined));
    if (timings) timings.sent = Date.now();
    this.log.info(`Run ${runId}: ${what.tokens.length} tokens from ${what.label}${posted ? '' : ' (panel closed before sending)'}${timings ? ` (${describeTimings(timings)})` : ''}`);
    return { runId, tokenCount: what.tokens.length, notices: what.notices, ...(what.window ? { window: what.window } : {}) };
  }
}

/** When a run's stages ended on the host (Date.now()), logged so that a slow start can be told apart. */
interface RunTimings {
  started: number;
  panel: number;
  model: number;
  ready?: number;
  sent?: number;
}

/** "panel 3 ms, model 212 ms, webview ready 900 ms, sent 1200 ms after the command". */
function describeTimings(t: RunTimings): string {
  const after = (at: number | undefined, what: string) => (at === undefined ? [] : [`${what} ${at - t.started} ms`]);
  return [...after(t.panel, 'panel'), ...after(t.model, 'model'), ...after(t.ready, 'webview ready'), ...after(t.sent, 'sent')].join(', ') + ' after the command';
}

/** Every id's display text (`<s>`, `<mask>`, the token's characters), for the Predictions view. */
function vocabularyTexts(tokenizer: Tokenizer): string[] {
  return Array.from({ length: tokenizer.vocabSize }, (_, id) => tokenizer.idToText(id));
}
