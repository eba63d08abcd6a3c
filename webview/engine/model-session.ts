/**
 * The models this webview holds on its backend, and the forward pass of one run.
 *
 * The encoder reads the selection; the decoder reads the selection shifted right by one start token
 * (teacher forcing), so all three attentions are shown on the same code.
 */
import * as tf from '@tensorflow/tfjs-core';
import { buildModel, forward, initParameters, type ForwardOptions, type TransformerConfig, type TransformerModel } from '../../src/model';
import { loadCheckpoint } from '../../src/model/checkpoint';
import { BOS_ID } from '../../src/model/tokenizer';
import type { WireToken } from '../../src/protocol';
import { AttentionStore } from './attention-store';

/** Seed of the random weights used when no trained checkpoint is available. */
export const RANDOM_WEIGHTS_SEED = 1;

export interface RunInputs {
  src: number[];
  /** `<s>` followed by the source without its last token. */
  tgt: number[];
}

export function teacherForcedInputs(tokens: WireToken[]): RunInputs {
  const src = tokens.map((t) => t.id);
  return { src, tgt: [BOS_ID, ...src.slice(0, -1)] };
}

export class ModelSession {
  private model: TransformerModel | undefined;
  private modelId: string | undefined;

  /** Builds (or keeps) the model; a checkpoint is needed only the first time a model id is seen. */
  ensureModel(id: string, config: TransformerConfig, checkpoint: Uint8Array | undefined): TransformerModel {
    if (this.model && this.modelId === id) return this.model;
    const params = checkpoint ? loadCheckpoint(checkpoint).params : id.endsWith('random') ? initParameters(config, RANDOM_WEIGHTS_SEED) : undefined;
    if (!params) throw new Error(`The webview has no weights for model "${id}". Run Visualize Attention again.`);
    this.dispose();
    this.model = buildModel(config, params);
    this.modelId = id;
    return this.model;
  }

  /** Runs the forward pass and waits for the device to finish, so the time measured is real. */
  async run(model: TransformerModel, tokens: WireToken[], options: ForwardOptions = {}): Promise<{ store: AttentionStore; millis: number }> {
    const inputs = teacherForcedInputs(tokens);
    const started = performance.now();
    const output = forward(model, { src: [inputs.src], tgt: [inputs.tgt] }, options);
    const store = new AttentionStore(output, model.config, inputs);
    await store.settled();
    return { store, millis: performance.now() - started };
  }

  dispose(): void {
    this.model?.dispose();
    this.model = undefined;
    this.modelId = undefined;
  }

  /** Drops the model without freeing it: after a lost WebGL context its tensors are gone already. */
  forget(): void {
    this.model = undefined;
    this.modelId = undefined;
  }

  get tensorCount(): number {
    return tf.memory().numTensors;
  }
}
