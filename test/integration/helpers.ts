import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { XrayApi } from '../../src/host/extension';
import type { WebviewMessage } from '../../src/shared/protocol';

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

/**
 * Runs Visualize Attention and waits for the webview to show that very run (matched by run id, so
 * a late message from an earlier run cannot be taken for it).
 */
export async function visualizeAndWait(api: XrayApi, ms = 60_000): Promise<{ runId: number; notices: string[]; tokens: { id: number; text: string; start: number; end: number }[] }> {
  const seen = new Map<number, Extract<WebviewMessage, { type: 'tokensShown' }>>();
  let wake: () => void = () => undefined;
  const sub = api.onWebviewMessage((m) => {
    if (m.type === 'tokensShown') {
      seen.set(m.runId, m);
      wake();
    }
  });
  try {
    const outcome = (await vscode.commands.executeCommand('transformerXray.visualizeAttention')) as { runId?: number; notices?: string[]; refused?: string };
    if (outcome.runId === undefined) throw new Error(`the run was refused: ${outcome.refused}`);
    const runId = outcome.runId;
    const end = Date.now() + ms;
    while (!seen.has(runId)) {
      if (Date.now() > end) throw new Error(`run ${runId} was not shown within ${ms} ms`);
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 250);
      });
    }
    return { runId, notices: outcome.notices ?? [], tokens: seen.get(runId)!.tokens };
  } finally {
    sub.dispose();
  }
}
