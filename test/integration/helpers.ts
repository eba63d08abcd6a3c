import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { XrayApi } from '../../src/extension';
import type { WebviewMessage } from '../../src/protocol';

export const EXTENSION_ID = 'transformer-xray.transformer-xray';

export async function activateExtension(): Promise<XrayApi> {
  const ext = vscode.extensions.getExtension<XrayApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
  return ext.activate();
}

/** The sample workspace shipped with the extension (media/samples). */
export function sampleUri(name: string): vscode.Uri {
  const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
  return vscode.Uri.joinPath(ext.extensionUri, 'media', 'samples', name);
}

export async function openSample(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(sampleUri(name));
  return vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
}

/** Resolves with the first validated webview message that matches, or rejects after `ms`. */
export function nextMessage<T extends WebviewMessage['type']>(
  api: XrayApi,
  type: T,
  where: (m: Extract<WebviewMessage, { type: T }>) => boolean = () => true,
  ms = 45_000,
): Promise<Extract<WebviewMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`no "${type}" message from the webview within ${ms} ms`));
    }, ms);
    const sub = api.onWebviewMessage((m) => {
      if (m.type === type && where(m as Extract<WebviewMessage, { type: T }>)) {
        clearTimeout(timer);
        sub.dispose();
        resolve(m as Extract<WebviewMessage, { type: T }>);
      }
    });
  });
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export const basename = (u: vscode.Uri) => path.posix.basename(u.path);
