import * as vscode from 'vscode';
import { AttentionPanel, type Prefetch } from './panel/attention-panel';
import { SHIPPED_MODEL_ID, shippedWeightsFile } from './model-assets';
import { VisualizeCommand, type PanelPlace, type RunInfo, type RunRefusal } from './visualize-command';
import type { ModelSource } from './model-source';
import type { AnalysedRun } from './editor/analysed-run';
import { AnalysedRangeMarker } from './editor/analysed-range-marker';
import { AttentionDecorations } from './editor/attention-decorations';
import { InsightsStore } from './editor/insights-store';
import type { FollowedSession } from './editor/selection-follower';
import { saveExport } from './export-file';
import { Disposable, MutableDisposable } from '../shared/lifecycle';
import { validateSavedRun, validateViewRequest, type HostMessage, type WebviewMessage, type WindowMove } from '../shared/protocol';

type ViewChanged = Extract<WebviewMessage, { type: 'viewChanged' }>;

/** What activate() returns: used by the integration tests, and by nothing that ships. */
export interface XrayApi {
  visualize(): Promise<RunInfo | RunRefusal>;
  /** What the panel's window buttons do: move the window of the latest long text. */
  moveWindow(move: WindowMove): Promise<RunInfo | RunRefusal>;
  /** Validated messages from the current panel's webview. */
  onWebviewMessage: vscode.Event<WebviewMessage>;
  readonly panel: AttentionPanel | undefined;
  readonly currentRun: AnalysedRun | undefined;
  /** Fires after the host has shaded the editor for a highlight message, with the count shaded. */
  onDidHighlight: vscode.Event<number>;
  /** Fires with the file written by an export. */
  onDidExport: vscode.Event<vscode.Uri>;
  /** What the panel showed last (its `viewChanged` message), or undefined before any run. */
  readonly lastView: ViewChanged | undefined;
}

/** Where the host keeps the panel's last view (workspace state), for a panel restored after a restart. */
const LAST_VIEW_KEY = 'transformerXray.lastView';

/**
 * The attention session: the one panel, the run it shows, what it showed last, and the editor's
 * side of that run (shading, the analysed-range bar, the hovers' insights). It routes the
 * webview's messages; the selection follower, the tour and the tests listen to its events.
 */
export class AttentionSession extends Disposable implements XrayApi, FollowedSession, PanelPlace {
  private readonly panelSlot = this.register(new MutableDisposable<AttentionPanel>());
  private readonly panelListeners = this.register(new MutableDisposable<vscode.Disposable>());
  private readonly command: VisualizeCommand;
  private readonly decorations = this.register(new AttentionDecorations());
  private readonly rangeMarker = this.register(new AnalysedRangeMarker());
  /** Encoder self-attention of the current run, for the token hovers. */
  readonly insights = new InsightsStore();
  private run: AnalysedRun | undefined;
  private view: ViewChanged | undefined;

  private readonly messages = this.register(new vscode.EventEmitter<WebviewMessage>());
  private readonly highlighted = this.register(new vscode.EventEmitter<number>());
  private readonly exported = this.register(new vscode.EventEmitter<vscode.Uri>());
  private readonly pinned = this.register(new vscode.EventEmitter<boolean>());
  readonly onWebviewMessage = this.messages.event;
  readonly onDidHighlight = this.highlighted.event;
  readonly onDidExport = this.exported.event;
  readonly onDidPin = this.pinned.event;
  readonly onWillRun: VisualizeCommand['onWillRun'];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly models: ModelSource,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.command = this.register(new VisualizeCommand({ model: () => models.get(), panels: this, log }));
    this.onWillRun = this.command.onWillRun;
    this.register(this.command.onDidRun((run) => {
      this.run = run;
      this.decorations.clear();
      this.rangeMarker.show(run);
    }));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => {
      if (this.run && e.document === this.run.document && e.contentChanges.length > 0) this.clearEditor();
    }));
  }

  get panel(): AttentionPanel | undefined {
    return this.panelSlot.value;
  }

  get currentRun(): AnalysedRun | undefined {
    return this.run;
  }

  get followedRun(): AnalysedRun | undefined {
    return this.panel?.isAlive ? this.run : undefined;
  }

  get lastView(): ViewChanged | undefined {
    return this.view;
  }

  visualize(): Promise<RunInfo | RunRefusal> {
    return this.command.run();
  }

  moveWindow(move: WindowMove): Promise<RunInfo | RunRefusal> {
    return this.command.moveWindow(move);
  }

  hasRequested(document: vscode.TextDocument, selection: vscode.Selection): boolean {
    return this.command.hasRequested(document, selection);
  }

  /** Sends a message to the panel's webview; false when no panel is open. */
  async post(message: HostMessage): Promise<boolean> {
    return (await this.panel?.post(message)) ?? false;
  }

  focus(run: AnalysedRun, index: number): void {
    void this.post({ type: 'focus', runId: run.runId, index });
  }

  /** A panel VS Code restored after a restart, showing its saved analysis again if it had one. */
  revive(webviewPanel: vscode.WebviewPanel, state: unknown): void {
    const panel = this.adopt(AttentionPanel.revive(webviewPanel, this.context.extensionUri, this.log, this.prefetch()));
    const saved = validateSavedRun(state);
    if (saved) void this.command.restore(panel, saved, validateViewRequest(this.context.workspaceState.get(LAST_VIEW_KEY)));
  }

  /** The panel, created in `column` or revealed there. */
  showPanel(column: vscode.ViewColumn): AttentionPanel {
    const open = this.panel;
    if (open) {
      open.reveal(column);
      return open;
    }
    return this.adopt(AttentionPanel.create(this.context.extensionUri, this.log, column, this.prefetch()));
  }

  /** What a new panel fetches as its page loads: the shipped weights, unless the settings name a checkpoint. */
  private prefetch(): Prefetch | undefined {
    return this.models.usesShipped ? { modelId: SHIPPED_MODEL_ID, file: shippedWeightsFile(this.context.extensionUri) } : undefined;
  }

  private adopt(panel: AttentionPanel): AttentionPanel {
    this.panelSlot.value = panel;
    const onMessage = panel.onMessage((m) => this.handle(m).catch((e) => this.log.error(`Handling "${m.type}" failed: ${String(e)}`)));
    const onDispose = panel.onDidDispose(() => {
      if (this.panelSlot.value !== panel) return;
      this.panelSlot.clearAndLeak();
      this.panelListeners.value = undefined;
      this.clearEditor();
      this.insights.clear();
      this.run = undefined;
    });
    this.panelListeners.value = vscode.Disposable.from(onMessage, onDispose);
    return panel;
  }

  private clearEditor(): void {
    this.decorations.clear();
    this.rangeMarker.clear();
  }

  private async handle(m: WebviewMessage): Promise<void> {
    const run = this.run;
    switch (m.type) {
      case 'backend':
        this.log.info(`Webview backend: ${m.backend} (${m.renderer})${m.fallbackNote ? ` — ${m.fallbackNote}` : ''}`);
        break;
      case 'error':
        this.log.error(`Webview: ${m.message}`);
        break;
      case 'highlight':
        if (run && m.runId === run.runId) this.highlighted.fire(this.decorations.show(run, m.kind, m.query, m.weights));
        break;
      case 'viewChanged':
        this.view = m;
        void this.context.workspaceState.update(LAST_VIEW_KEY, m.view);
        break;
      case 'results':
        this.insights.accept(run, m);
        break;
      case 'pin':
        this.pinned.fire(m.pinned);
        break;
      case 'moveWindow':
        if (run && m.runId === run.runId) await this.command.moveWindow(m);
        break;
      case 'export': {
        const bytes = m.bytes ?? new TextEncoder().encode(m.text ?? '');
        const uri = await saveExport(m.format, m.suggestedName, bytes);
        if (uri) {
          this.log.info(`Exported ${m.format.toUpperCase()} to ${uri.toString()}`);
          this.exported.fire(uri);
        }
        break;
      }
    }
    this.messages.fire(m);
  }
}
