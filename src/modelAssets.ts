import * as vscode from 'vscode';
import { SHIPPED, type TransformerConfig } from './model/config';
import { Tokenizer } from './model/tokenizer';
import { loadCheckpoint } from './model/checkpoint';

/** The model the host holds: configuration, tokenizer and (when shipped) the checkpoint bytes. */
export interface HostModel {
  id: string;
  config: TransformerConfig;
  tokenizer: Tokenizer;
  /** Safetensors bytes sent to the webview; absent means seeded random weights. */
  checkpoint?: Uint8Array;
}

async function readIfPresent(uri: vscode.Uri): Promise<Uint8Array | undefined> {
  try {
    return await vscode.workspace.fs.readFile(uri);
  } catch (e) {
    if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return undefined;
    throw e;
  }
}

/** Loads the model shipped in media/model/, validating the checkpoint on the host before any webview sees it. */
export async function loadShippedModel(extensionUri: vscode.Uri): Promise<HostModel> {
  const dir = vscode.Uri.joinPath(extensionUri, 'media', 'model');
  const tokenizerBytes = await readIfPresent(vscode.Uri.joinPath(dir, 'tokenizer.json'));
  if (!tokenizerBytes) throw new Error('The shipped tokenizer (media/model/tokenizer.json) is missing: reinstall Transformer X-Ray.');
  const tokenizer = Tokenizer.fromJSON(JSON.parse(new TextDecoder().decode(tokenizerBytes)));
  const checkpoint = await readIfPresent(vscode.Uri.joinPath(dir, 'model.safetensors'));
  if (!checkpoint) return { id: 'shipped-random', config: { ...SHIPPED }, tokenizer };
  const { config } = loadCheckpoint(checkpoint);
  return { id: 'shipped', config, tokenizer, checkpoint };
}
