import * as vscode from 'vscode';
import { SHIPPED, type TransformerConfig } from '../model/config';
import { Tokenizer } from '../model/tokenizer';
import { inspectCheckpoint } from '../model/checkpoint';

/** The model the host holds: configuration, tokenizer and (when there is one) the checkpoint bytes. */
export interface HostModel {
  /** Changes whenever the weights change, so the webview knows to load them again. */
  id: string;
  /** Shown in the panel: "shipped code model" or the checkpoint's file name. */
  name: string;
  config: TransformerConfig;
  /** The longest sequence the model was trained on, when its checkpoint says (metadata `trainedLength`). */
  trainedLength?: number;
  tokenizer: Tokenizer;
  /** A user's safetensors bytes, posted to the webview. */
  checkpoint?: Uint8Array;
  /**
   * The shipped weights, which the webview fetches itself from the extension's own folder: it starts
   * when the page loads, while a 7 MB message would wait for the page and then take about a second.
   */
  shippedWeights?: ShippedWeights;
}

/** The shipped checkpoint file, checked on the host, and its length (the webview checks what it fetched). */
export interface ShippedWeights {
  file: vscode.Uri;
  byteLength: number;
}

/** Where the shipped model's weights are, inside the extension. */
export const shippedWeightsFile = (extensionUri: vscode.Uri): vscode.Uri => vscode.Uri.joinPath(extensionUri, 'media', 'model', 'model.safetensors');

/** True when the weights are trained (a checkpoint), not seeded random ones. */
export const hasTrainedWeights = (m: HostModel): boolean => m.checkpoint !== undefined || m.shippedWeights !== undefined;

/** The shipped model's id: the webview builds it from the file it fetched when the page loaded. */
export const SHIPPED_MODEL_ID = 'shipped';

/** Checkpoints larger than this are refused before reading: the webview holds the weights in memory. */
export const MAX_CHECKPOINT_BYTES = 2 * 1024 ** 3;

/** A tokenizer.json larger than this is refused before reading (the shipped one is about 0.3 MB). */
export const MAX_TOKENIZER_BYTES = 64 * 1024 ** 2;

/**
 * A plain Uint8Array copy: readFile may return a Node Buffer, which a remote extension host
 * serialises to the webview as a JSON object instead of bytes.
 */
const plainBytes = (b: Uint8Array): Uint8Array => new Uint8Array(b);

async function readIfPresent(uri: vscode.Uri): Promise<Uint8Array | undefined> {
  try {
    return plainBytes(await vscode.workspace.fs.readFile(uri));
  } catch (e) {
    if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return undefined;
    throw e;
  }
}

/** The tokenizer.json at `uri`, validated (Tokenizer.fromJSON throws a TokenizerError naming the field). */
async function readTokenizer(uri: vscode.Uri): Promise<Tokenizer | undefined> {
  try {
    if ((await vscode.workspace.fs.stat(uri)).size > MAX_TOKENIZER_BYTES) {
      throw new Error(`${uri.fsPath} is larger than ${MAX_TOKENIZER_BYTES / 1024 ** 2} MB: it cannot be a tokenizer.json of at most 2^18 tokens.`);
    }
  } catch (e) {
    if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return undefined;
    throw e;
  }
  const bytes = await readIfPresent(uri);
  return bytes ? Tokenizer.fromJSON(new TextDecoder().decode(bytes)) : undefined;
}

async function readShippedTokenizer(extensionUri: vscode.Uri): Promise<Tokenizer> {
  const tokenizer = await readTokenizer(vscode.Uri.joinPath(extensionUri, 'media', 'model', 'tokenizer.json'));
  if (!tokenizer) throw new Error('The shipped tokenizer (media/model/tokenizer.json) is missing: reinstall Transformer X-Ray.');
  return tokenizer;
}

/** Loads the model shipped in media/model/, validating the checkpoint on the host before any webview sees it. */
export async function loadShippedModel(extensionUri: vscode.Uri): Promise<HostModel> {
  const tokenizer = await readShippedTokenizer(extensionUri);
  const file = shippedWeightsFile(extensionUri);
  const checkpoint = await readIfPresent(file);
  if (!checkpoint) return { id: 'shipped-random', name: 'shipped configuration, random weights', config: { ...SHIPPED }, tokenizer };
  const { config, trainedLength } = inspectCheckpoint(checkpoint);
  return { id: SHIPPED_MODEL_ID, name: 'shipped code model', config, ...(trainedLength ? { trainedLength } : {}), tokenizer, shippedWeights: { file, byteLength: checkpoint.byteLength } };
}

/**
 * Loads the user's own checkpoint. Its token ids must be those of the tokenizer it was trained with:
 * a `tokenizer.json` beside the checkpoint, or else the shipped tokenizer.
 */
export async function loadUserModel(extensionUri: vscode.Uri, file: vscode.Uri): Promise<HostModel> {
  const name = file.path.split('/').pop() ?? file.toString();
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(file);
  } catch {
    throw new Error(`The checkpoint ${file.fsPath} does not exist. Check the transformerXray.checkpointPath setting.`);
  }
  if (stat.size > MAX_CHECKPOINT_BYTES) {
    throw new Error(`The checkpoint ${name} is ${(stat.size / 1024 ** 3).toFixed(1)} GB; at most ${MAX_CHECKPOINT_BYTES / 1024 ** 3} GB can be shown.`);
  }
  const bytes = plainBytes(await vscode.workspace.fs.readFile(file));
  let config: TransformerConfig;
  let trainedLength: number | undefined;
  try {
    // Checked in full, weights included, without decoding them: the webview runs the model.
    ({ config, trainedLength } = inspectCheckpoint(bytes));
  } catch (e) {
    throw new Error(`${name} is not a checkpoint Transformer X-Ray can read: ${e instanceof Error ? e.message : String(e)}`);
  }
  const beside = vscode.Uri.joinPath(file, '..', 'tokenizer.json');
  let own: Tokenizer | undefined;
  try {
    own = await readTokenizer(beside);
  } catch (e) {
    throw new Error(`The tokenizer.json beside ${name} cannot be used: ${e instanceof Error ? e.message : String(e)}`);
  }
  const tokenizer = own ?? (await readShippedTokenizer(extensionUri));
  if (tokenizer.vocabSize > config.vocabSize) {
    throw new Error(`${name} has a vocabulary of ${config.vocabSize} tokens but its tokenizer has ${tokenizer.vocabSize}: put the tokenizer.json the model was trained with beside the checkpoint.`);
  }
  return { id: `user:${file.toString()}:${stat.mtime}:${stat.size}`, name, config, ...(trainedLength ? { trainedLength } : {}), tokenizer, checkpoint: bytes };
}
