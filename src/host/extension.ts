import * as vscode from 'vscode';
import { AttentionPanel, VIEW_TYPE } from './panel/attention-panel';
import { ModelSource } from './model-source';
import { VisualizeCommand, type RunInfo, type RunRefusal } from './visualize-command';
import { AnalysedRangeMarker } from './editor/analysed-range-marker';
import { AttentionDecorations } from './editor/attention-decorations';
import { SelectionFollower } from './editor/selection-follower';
import type { AnalysedRun } from './editor/analysed-run';
import { saveExport } from './export-file';
import { InsightsStore } from './editor/insights-store';
import { readHoverSettings, registerHovers } from './hover';
import { FOCUS_TOKEN_COMMAND, SHOW_VIEW_COMMAND, VISUALIZE_COMMAND } from './hover/command-links';
import { registerTour } from './tour';
import { readSettings } from './settings';
import { validateSavedRun, validateViewRequest, type WebviewMessage, type WindowMove } from '../shared/protocol';
import { MASK_SELECTION_COMMAND, tokensOverlapping } from './editor/mask-selection';

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
  readonly lastView: Extract<WebviewMessage, { type: 'viewChanged' }> | undefined;
}

/** Where the host keeps the panel's last view (workspace state), for a panel restored after a restart. */
const LAST_VIEW_KEY = 'transformerXray.lastView';

export function activate(context: vscode.ExtensionContext): XrayApi {
  const log = vscode.window.createOutputChannel('Transformer X-Ray', { log: true });
  const messages = new vscode.EventEmitter<WebviewMessage>();
  const highlighted = new vscode.EventEmitter<number>();
  const exported = new vscode.EventEmitter<vscode.Uri>();
  const decorations = new AttentionDecorations();
  const rangeMarker = new AnalysedRangeMarker();
  const insights = new InsightsStore();
  context.subscriptions.push(log, messages, highlighted, exported, decorations, rangeMarker);

  const models = new ModelSource(context.extensionUri);
  context.subscriptions.push(models);
  const getModel = () => models.get();
  let currentRun: AnalysedRun | undefined;
  let lastView: Extract<WebviewMessage, { type: 'viewChanged' }> | undefined;
  let follower: SelectionFollower | undefined;
  const command = new VisualizeCommand(
    context.extensionUri,
    getModel,
    log,
    (run) => {
      currentRun = run;
      decorations.clear();
      rangeMarker.show(run);
    },
    () => follower?.cancelPending(),
  );
  follower = new SelectionFollower(
    () => (AttentionPanel.instance?.isAlive ? currentRun : undefined),
    () => readSettings(vscode.workspace.getConfiguration('transformerXray')).settings.followSelection,
    () => void command.run(),
    (run, index) => void AttentionPanel.instance?.post({ type: 'focus', runId: run.runId, index }),
    (document, selection) => command.hasRequested(document, selection),
  );
  context.subscriptions.push(follower);

  const handle = async (m: WebviewMessage) => {
    switch (m.type) {
      case 'backend':
        log.info(`Webview backend: ${m.backend} (${m.renderer})${m.fallbackNote ? ` — ${m.fallbackNote}` : ''}`);
        break;
      case 'error':
        log.error(`Webview: ${m.message}`);
        break;
      case 'highlight':
        if (currentRun && m.runId === currentRun.runId) highlighted.fire(decorations.show(currentRun, m.kind, m.query, m.weights));
        break;
      case 'viewChanged':
        lastView = m;
        void context.workspaceState.update(LAST_VIEW_KEY, m.view);
        break;
      case 'results':
        insights.accept(currentRun, m);
        break;
      case 'pin':
        follower.pinned = m.pinned;
        break;
      case 'moveWindow':
        if (currentRun && m.runId === currentRun.runId) await command.moveWindow(m);
        break;
      case 'export': {
        const bytes = m.bytes ?? new TextEncoder().encode(m.text ?? '');
        const uri = await saveExport(m.format, m.suggestedName, bytes);
        if (uri) {
          log.info(`Exported ${m.format.toUpperCase()} to ${uri.toString()}`);
          exported.fire(uri);
        }
        break;
      }
    }
    messages.fire(m);
  };

  const watch = (panel: AttentionPanel) => {
    const sub = panel.onMessage((m) => handle(m).catch((e) => log.error(`Handling "${m.type}" failed: ${String(e)}`)));
    panel.onDidDispose(() => {
      sub.dispose();
      decorations.clear();
      rangeMarker.clear();
      insights.clear();
      currentRun = undefined;
    });
  };

  registerHovers(context, { insights, enabled: () => readHoverSettings(vscode.workspace.getConfiguration('transformerXray')) });
  registerTour(context, { messages: messages.event, log });

  context.subscriptions.push(
    AttentionPanel.onDidCreate(watch),
    vscode.commands.registerCommand(VISUALIZE_COMMAND, () => command.run()),
    // From hover links and the walkthrough: arguments are checked like any outside input.
    vscode.commands.registerCommand(SHOW_VIEW_COMMAND, async (args: unknown) => {
      const view = validateViewRequest(args);
      if (!view) {
        log.warn(`showView: ignored malformed arguments ${JSON.stringify(args)?.slice(0, 200)}`);
        return false;
      }
      if (!AttentionPanel.instance) await command.run();
      return (await AttentionPanel.instance?.post({ type: 'showView', view })) ?? false;
    }),
    vscode.commands.registerCommand('transformerXray.openCheckpoint', async () => {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false,
        filters: { 'safetensors checkpoint': ['safetensors'] },
        openLabel: 'Show its attention',
        title: 'Transformer X-Ray: open a checkpoint',
      });
      if (!picked?.[0]) return undefined;
      await vscode.workspace.getConfiguration('transformerXray').update('checkpointPath', picked[0].fsPath, vscode.ConfigurationTarget.Global);
      return command.run();
    }),
    vscode.commands.registerCommand(MASK_SELECTION_COMMAND, async () => {
      const editor = vscode.window.activeTextEditor;
      if (!currentRun || !AttentionPanel.instance || !editor || editor.document !== currentRun.document || !currentRun.isCurrent) {
        void vscode.window.showInformationMessage('Transformer X-Ray: select tokens of the analysed code (unchanged since Visualize Attention) to mask them.');
        return false;
      }
      const start = editor.document.offsetAt(editor.selection.start) - currentRun.baseOffset;
      const end = editor.document.offsetAt(editor.selection.end) - currentRun.baseOffset;
      const indices = tokensOverlapping(currentRun.tokens, start, end);
      if (indices.length === 0) return false;
      return (await AttentionPanel.instance.post({ type: 'mask', runId: currentRun.runId, indices })) ?? false;
    }),
    vscode.commands.registerCommand(FOCUS_TOKEN_COMMAND, async (args: unknown) => {
      const a = args as { runId?: unknown; index?: unknown } | undefined;
      if (!currentRun || a?.runId !== currentRun.runId || !Number.isInteger(a.index) || (a.index as number) < 0 || (a.index as number) >= currentRun.tokens.length) return false;
      return (await AttentionPanel.instance?.post({ type: 'focus', runId: currentRun.runId, index: a.index as number })) ?? false;
    }),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        const revived = AttentionPanel.revive(panel, context.extensionUri, log);
        const saved = validateSavedRun(state);
        if (saved) void command.restore(revived, saved, validateViewRequest(context.workspaceState.get(LAST_VIEW_KEY)));
      },
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (currentRun && e.document === currentRun.document && e.contentChanges.length > 0) {
        decorations.clear();
        rangeMarker.clear();
      }
    }),
    { dispose: () => AttentionPanel.instance?.dispose() },
  );

  return {
    visualize: () => command.run(),
    moveWindow: (move) => command.moveWindow(move),
    onWebviewMessage: messages.event,
    onDidHighlight: highlighted.event,
    onDidExport: exported.event,
    get panel() {
      return AttentionPanel.instance;
    },
    get currentRun() {
      return currentRun;
    },
    get lastView() {
      return lastView;
    },
  };
}

export function deactivate(): void {}
