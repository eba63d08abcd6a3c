import * as vscode from 'vscode';
import { AttentionPanel, VIEW_TYPE } from './panel/attentionPanel';
import { loadShippedModel, type HostModel } from './modelAssets';
import { VisualizeCommand, type RunInfo } from './visualizeCommand';
import type { WebviewMessage } from './protocol';

/** What activate() returns: used by the integration tests, and by nothing that ships. */
export interface XrayApi {
  visualize(): Promise<RunInfo | undefined>;
  /** Validated messages from the current panel's webview. */
  onWebviewMessage: vscode.Event<WebviewMessage>;
  readonly panel: AttentionPanel | undefined;
}

export function activate(context: vscode.ExtensionContext): XrayApi {
  const log = vscode.window.createOutputChannel('Transformer X-Ray', { log: true });
  const messages = new vscode.EventEmitter<WebviewMessage>();
  context.subscriptions.push(log, messages);

  let model: Promise<HostModel> | undefined;
  const getModel = () => {
    model ??= loadShippedModel(context.extensionUri).catch((e) => {
      model = undefined; // let the next run try again
      throw e;
    });
    return model;
  };
  const command = new VisualizeCommand(context.extensionUri, getModel, log);

  const watch = (panel: AttentionPanel) => {
    const sub = panel.onMessage((m) => {
      if (m.type === 'backend') log.info(`Webview backend: ${m.backend} (${m.renderer})${m.fallbackNote ? ` — ${m.fallbackNote}` : ''}`);
      if (m.type === 'error') log.error(`Webview: ${m.message}`);
      messages.fire(m);
    });
    panel.onDidDispose(() => sub.dispose());
  };

  context.subscriptions.push(
    AttentionPanel.onDidCreate(watch),
    vscode.commands.registerCommand('transformerXray.visualizeAttention', () => command.run()),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel) {
        AttentionPanel.revive(panel, context.extensionUri, log);
      },
    }),
    { dispose: () => AttentionPanel.instance?.dispose() },
  );

  return {
    visualize: () => command.run(),
    onWebviewMessage: messages.event,
    get panel() {
      return AttentionPanel.instance;
    },
  };
}

export function deactivate(): void {}
