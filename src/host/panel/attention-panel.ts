import * as vscode from 'vscode';
import { validateWebviewMessage, type HostMessage, type WebviewMessage } from '../../shared/protocol';
import { makeNonce, webviewHtml } from './html';

export const VIEW_TYPE = 'transformerXray.attention';

/**
 * Owns the one attention panel: creates it beside the editor (the editor keeps focus), reveals it
 * again on later runs, restores it after a restart, and disposes everything it registered.
 * Messages from the webview are validated before anyone hears of them.
 */
export class AttentionPanel implements vscode.Disposable {
  private static current: AttentionPanel | undefined;
  private static readonly created = new vscode.EventEmitter<AttentionPanel>();
  /** Fires for every new panel, whether opened by the command or restored after a restart. */
  static readonly onDidCreate = AttentionPanel.created.event;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly messages = new vscode.EventEmitter<WebviewMessage>();
  private readonly disposed = new vscode.EventEmitter<void>();
  /** Validated messages from the webview. */
  readonly onMessage = this.messages.event;
  readonly onDidDispose = this.disposed.event;
  /** Models whose checkpoint this webview already holds, so bytes cross only once. */
  readonly modelsSent = new Set<string>();
  /** Models whose vocabulary texts this webview already holds (the Predictions view names token ids). */
  readonly vocabulariesSent = new Set<string>();
  private isDisposed = false;
  private readyWaiters: (() => void)[] = [];
  private ready = false;

  static get instance(): AttentionPanel | undefined {
    return AttentionPanel.current;
  }

  /** `column`: where the panel goes (beside the analysed editor); it keeps the editor focused. */
  static createOrReveal(extensionUri: vscode.Uri, log: vscode.LogOutputChannel, column: vscode.ViewColumn): AttentionPanel {
    if (AttentionPanel.current) {
      AttentionPanel.current.panel.reveal(column, true);
      return AttentionPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      'Transformer X-Ray',
      { viewColumn: column, preserveFocus: true },
      AttentionPanel.options(extensionUri),
    );
    return (AttentionPanel.current = new AttentionPanel(panel, extensionUri, log));
  }

  /** Called by the serializer after VS Code restarts with the panel open. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, log: vscode.LogOutputChannel): AttentionPanel {
    AttentionPanel.current?.dispose();
    panel.webview.options = AttentionPanel.options(extensionUri);
    return (AttentionPanel.current = new AttentionPanel(panel, extensionUri, log));
  }

  private static options(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return {
      enableScripts: true,
      // Only the built bundle and the static media: no user file is reachable from the webview.
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
      // The WebGL context and uploaded weights survive the panel being hidden behind another tab.
      retainContextWhenHidden: true,
    };
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const webview = panel.webview;
    const asUri = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
    webview.html = webviewHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: asUri('dist', 'webview.js'),
      styleUri: asUri('dist', 'webview.css'),
      wasmBaseUri: asUri('dist') + '/',
    });
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    this.disposables.push(
      this.messages,
      this.disposed,
      panel.onDidDispose(() => this.dispose()),
      webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
    );
    queueMicrotask(() => AttentionPanel.created.fire(this));
  }

  private receive(raw: unknown): void {
    const checked = validateWebviewMessage(raw);
    if (!checked.ok) {
      this.log.warn(`Rejected a message from the webview: ${checked.reason}`);
      return;
    }
    if (checked.value.type === 'ready') {
      this.ready = true;
      this.readyWaiters.splice(0).forEach((w) => w());
    }
    this.messages.fire(checked.value);
  }

  /** Resolves once the webview's script runs and listens (or at once if it already does). */
  whenReady(): Promise<void> {
    return this.ready ? Promise.resolve() : new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Sends a message; false when the panel is gone (closed by the user mid-run). */
  async post(message: HostMessage): Promise<boolean> {
    if (this.isDisposed) return false;
    try {
      return await this.panel.webview.postMessage(message);
    } catch (e) {
      this.log.warn(`Could not post to the webview: ${String(e)}`);
      return false;
    }
  }

  get isAlive(): boolean {
    return !this.isDisposed;
  }

  /** The editor column the panel is in (for runs started from the panel itself). */
  get viewColumn(): vscode.ViewColumn | undefined {
    return this.panel.viewColumn;
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    if (AttentionPanel.current === this) AttentionPanel.current = undefined;
    this.readyWaiters.splice(0).forEach((w) => w());
    this.disposed.fire();
    this.panel.dispose();
    this.disposables.splice(0).forEach((d) => d.dispose());
  }
}
