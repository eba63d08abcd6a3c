import * as vscode from 'vscode';
import { loadShippedModel, loadUserModel, type HostModel } from './model-assets';

/** Resolves the checkpointPath setting: absolute, ~, or relative to the first workspace folder. */
export function checkpointUri(setting: string): vscode.Uri | undefined {
  const path = setting.trim();
  if (!path) return undefined;
  if (path.startsWith('~/') && process.env.HOME) return vscode.Uri.file(process.env.HOME + path.slice(1));
  if (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path)) return vscode.Uri.file(path);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return folder ? vscode.Uri.joinPath(folder, path) : undefined;
}

/**
 * Which model the host holds: the user's checkpoint when `transformerXray.checkpointPath` names one,
 * else the shipped model. Loaded once and kept until the setting changes. In an untrusted workspace
 * VS Code withholds the workspace's value of that setting (restrictedConfigurations in package.json).
 */
export class ModelSource implements vscode.Disposable {
  private cached: Promise<HostModel> | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly extensionUri: vscode.Uri) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('transformerXray.checkpointPath')) this.cached = undefined;
    });
  }

  get(): Promise<HostModel> {
    this.cached ??= this.load().catch((e) => {
      this.cached = undefined; // the next run tries again, after the user fixed the file or the setting
      throw e;
    });
    return this.cached;
  }

  /** The user's checkpoint the settings name, if any. */
  private userCheckpoint(): vscode.Uri | undefined {
    const setting = vscode.workspace.getConfiguration('transformerXray').get<unknown>('checkpointPath');
    return typeof setting === 'string' ? checkpointUri(setting) : undefined;
  }

  /** True when the next model is the shipped one (no checkpoint set): a new panel may fetch its weights at once. */
  get usesShipped(): boolean {
    return this.userCheckpoint() === undefined;
  }

  private load(): Promise<HostModel> {
    const uri = this.userCheckpoint();
    return uri ? loadUserModel(this.extensionUri, uri) : loadShippedModel(this.extensionUri);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
