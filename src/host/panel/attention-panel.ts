import * as vscode from 'vscode';
import { validateWebviewMessage, type HostMessage, type WebviewMessage } from '../../shared/protocol';
import { makeNonce, webviewHtml } from './html';
import { Disposable } from '../../shared/lifecycle';
import { readSettings } from '../settings';
import type { ShippedWeights } from '../model-assets';

export const VIEW_TYPE = 'transformerXray.attention';

/** The model a run sends; its checkpoint and vocabulary cross to a webview once. */
export interface SentModel {
  id: string;
  checkpoint?: Uint8Array;
  shippedWeights?: ShippedWeights;
  vocabulary(): string[];
}

/** The shipped model, when the settings name no other: its page starts fetching the weights at once. */
export interface Prefetch {
  modelId: string;
  file: vscode.Uri;
}

type Analyze = Extract<HostMessage, { type: 'analyze' }>;

/**
 * One attention panel beside the editor: its webview's HTML (strict CSP), the validated messages
 * from it, and what its webview already holds. The attention session (../attention-session.ts)
 * decides when one is created, revealed or restored; the panel only speaks to its webview.
 */
export class AttentionPanel extends Disposable {
  private readonly messages = this.register(new vscode.EventEmitter<WebviewMessage>());
  private readonly disposed = this.register(new vscode.EventEmitter<void>());
  /** Validated messages from the webview. */
  readonly onMessage = this.messages.event;
  readonly onDidDispose = this.disposed.event;
  /** Models whose checkpoint, and whose vocabulary texts, this webview already holds. */
  private readonly checkpointsHeld = new Set<string>();
  private readonly vocabulariesHeld = new Set<string>();
  private markReady!: () => void;
  private readonly ready = new Promise<void>((resolve) => (this.markReady = resolve));

  /** A new panel in `column`; it keeps the editor focused. */
  static create(extensionUri: vscode.Uri, log: vscode.LogOutputChannel, column: vscode.ViewColumn, prefetch?: Prefetch): AttentionPanel {
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      'Transformer X-Ray',
      { viewColumn: column, preserveFocus: true },
      AttentionPanel.options(extensionUri),
    );
    return new AttentionPanel(panel, extensionUri, log, prefetch);
  }

  /** A panel VS Code restored after a restart (the serializer's). */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, log: vscode.LogOutputChannel, prefetch?: Prefetch): AttentionPanel {
    panel.webview.options = AttentionPanel.options(extensionUri);
    return new AttentionPanel(panel, extensionUri, log, prefetch);
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
    prefetch: Prefetch | undefined,
  ) {
    super();
    const webview = panel.webview;
    const asUri = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
    webview.html = webviewHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: asUri('dist', 'webview.js'),
      styleUri: asUri('dist', 'webview.css'),
      wasmBaseUri: asUri('dist') + '/',
      workerUri: asUri('dist', 'engine-worker.js'),
      pageEngineUri: asUri('dist', 'page-engine.js'),
      backend: readSettings(vscode.workspace.getConfiguration('transformerXray')).settings.backend,
      ...(prefetch ? { shippedWeights: { modelId: prefetch.modelId, uri: webview.asWebviewUri(prefetch.file).toString() } } : {}),
    });
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)));
  }

  private receive(raw: unknown): void {
    const checked = validateWebviewMessage(raw);
    if (!checked.ok) {
      this.log.warn(`Rejected a message from the webview: ${checked.reason}`);
      return;
    }
    if (checked.value.type === 'ready') this.markReady();
    this.messages.fire(checked.value);
  }

  /** Resolves once the webview's script runs and listens, or the panel is disposed. */
  whenReady(): Promise<void> {
    return this.ready;
  }

  /**
   * Sends a run; its model's checkpoint and vocabulary go along only if this webview does not hold
   * them yet. False when the panel is gone.
   */
  async postAnalysis(message: Omit<Analyze, 'checkpoint' | 'vocabulary' | 'shippedWeights'>, model: SentModel): Promise<boolean> {
    const checkpoint = model.checkpoint !== undefined && !this.checkpointsHeld.has(model.id) ? model.checkpoint : undefined;
    const vocabulary = this.vocabulariesHeld.has(model.id) ? undefined : model.vocabulary();
    const shipped = model.shippedWeights;
    const shippedWeights = shipped && { url: this.panel.webview.asWebviewUri(shipped.file).toString(), byteLength: shipped.byteLength };
    const posted = await this.post({ ...message, checkpoint, vocabulary, ...(shippedWeights ? { shippedWeights } : {}) });
    if (posted && checkpoint) this.checkpointsHeld.add(model.id);
    if (posted && vocabulary) this.vocabulariesHeld.add(model.id);
    return posted;
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

  /** Shows the panel again in `column`, keeping the editor focused. */
  reveal(column: vscode.ViewColumn): void {
    this.panel.reveal(column, true);
  }

  /** The editor column the panel is in (for runs started from the panel itself). */
  get viewColumn(): vscode.ViewColumn | undefined {
    return this.panel.viewColumn;
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.markReady(); // a run waiting for the webview's start sees the panel gone
    this.disposed.fire();
    super.dispose();
    this.panel.dispose();
  }
}
