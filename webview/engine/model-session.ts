/**
 * The models this webview holds on its backend, and the forward pass of one run (its inputs:
 * run-inputs.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  attentionSteps, buildModel, finish, initParameters, type AttentionOutput, type ForwardOptions, type LayerDone, type TransformerConfig, type TransformerModel,
} from '../../src/model';
import { loadCheckpoint } from '../../src/model/checkpoint';
import { PAD_ID } from '../../src/model/tokenizer';
import type { WireToken } from '../../src/shared/protocol';
import { AttentionStore } from './attention-store';
import { RunProbes } from './run-probes';
import { paddedLength, teacherForcedInputs } from './run-inputs';
import { RunCancelled } from './engine-client';

export { RunCancelled };

/** Seed of the random weights used when no trained checkpoint is available. */
export const RANDOM_WEIGHTS_SEED = 1;

/** What a caller of {@link ModelSession.run} hears and decides between layers. */
export interface RunControl {
  /** After each encoder and decoder layer has been computed. */
  onLayer?(done: LayerDone): void;
  /** Asked after each layer: true stops the pass (its tensors are freed) and run() rejects with {@link RunCancelled}. */
  cancelled?(): boolean;
}

/** Computing longer than this without a break, a pass pauses at the next layer to let the page paint and take input. */
const SLICE_MS = 100;
/** A hidden panel gets no animation frames: the longest a pause waits for one. */
const HIDDEN_PAUSE_MS = 50;

/**
 * Pauses until the next animation frame, so that the progress is painted and queued input handled
 * (a bare turn of the event loop need not include a frame); at most 50 ms for a hidden panel.
 */
function yieldToPage(): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (): void => {
      if (!done) {
        done = true;
        resolve();
      }
    };
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(finish, 0));
    setTimeout(finish, HIDDEN_PAUSE_MS);
  });
}

/** How a pass shares its thread: pause after computing `sliceMs` without a break. */
export interface Pacing {
  sliceMs: number;
  pause(): Promise<void>;
}

/** On the page: pause for a frame after 100 ms (the page paints and takes input meanwhile). */
export const PAGE_PACING: Pacing = { sliceMs: SLICE_MS, pause: yieldToPage };

/**
 * In a worker: a turn of the event loop after every layer, so that a cancel message is heard at the
 * next layer (nothing to paint; the turn costs well under a millisecond).
 */
export const WORKER_PACING: Pacing = { sliceMs: 0, pause: () => new Promise((resolve) => setTimeout(resolve, 0)) };

/**
 * Waits until a layer is really computed. WebGL queues work on the GPU and returns at once, so one
 * number of the layer's weights is read back (the wait also frees the thread); wasm and cpu have
 * computed it already, and pause only when a time slice is used up.
 */
async function layerComputed(done: LayerDone, sliceStart: number, pacing: Pacing): Promise<boolean> {
  if (tf.getBackend() === 'webgl') {
    const one = tf.slice(done.weights, [0, 0, 0, 0], [1, 1, 1, 1]);
    try {
      await one.data();
    } finally {
      one.dispose();
    }
    return true;
  }
  if (performance.now() - sliceStart < pacing.sliceMs) return false;
  await pacing.pause();
  return true;
}

export class ModelSession {
  private model: TransformerModel | undefined;
  private modelId: string | undefined;

  constructor(private readonly pacing: Pacing = PAGE_PACING) {}

  /** The id of the model held, if any. */
  get heldModel(): string | undefined {
    return this.modelId;
  }

  /**
   * Builds (or keeps) the model; a checkpoint is needed only the first time a model id is seen.
   * Without a configuration (a model prepared before its first run) the checkpoint's own is used.
   */
  ensureModel(id: string, config: TransformerConfig | undefined, checkpoint: Uint8Array | undefined): TransformerModel {
    if (this.model && this.modelId === id) return this.model;
    const loaded = checkpoint ? loadCheckpoint(checkpoint) : undefined;
    const built = loaded ?? (config && id.endsWith('random') ? { config, params: initParameters(config, RANDOM_WEIGHTS_SEED) } : undefined);
    if (!built) throw new Error(`The webview has no weights for model "${id}". Run Visualize Attention again.`);
    this.dispose();
    this.model = buildModel(config ?? built.config, built.params);
    this.modelId = id;
    return this.model;
  }

  /**
   * Runs the forward pass layer by layer (reporting each, stopping when cancelled) and waits for the
   * device to finish, so the time measured is real.
   */
  async run(model: TransformerModel, tokens: WireToken[], runOptions: ForwardOptions = {}, control: RunControl = {}, masked: readonly number[] = []): Promise<{ store: AttentionStore; millis: number; probes: RunProbes }> {
    const inputs = teacherForcedInputs(tokens, masked);
    // Value norms (value-weighted attention) are one [B, h, n] tensor per layer and kind: always taken.
    const options: ForwardOptions = { valueNorms: true, ...runOptions };
    const started = performance.now();
    const n = paddedLength(inputs.src.length, model.config.maxLength, tf.getBackend());
    const pad = (ids: number[]): number[] => [...ids, ...new Array<number>(n - ids.length).fill(PAD_ID)];
    const padding = [Array.from({ length: n }, (_, i) => i >= inputs.src.length)];
    const input = { src: [pad(inputs.src)], tgt: [pad(inputs.tgt)], srcPadding: padding, tgtPadding: padding };
    // The views show attention only: the pass stops before the output layer.
    const steps = attentionSteps(model, input, options);
    let output: AttentionOutput;
    try {
      let sliceStart = performance.now();
      for (;;) {
        const step = steps.next();
        if (step.done) {
          output = step.value;
          break;
        }
        if (await layerComputed(step.value, sliceStart, this.pacing)) sliceStart = performance.now();
        control.onLayer?.(step.value);
        if (control.cancelled?.()) throw new RunCancelled();
      }
    } finally {
      // Frees the partial pass when it stopped early (a no-op once it has finished).
      steps.return(undefined as never);
    }
    // The store may free maps beyond its memory budget and get them back by running again.
    const store = new AttentionStore(output, model.config, inputs, () => finish(attentionSteps(model, input, options)));
    await store.settled();
    return { store, millis: performance.now() - started, probes: new RunProbes(model, input, options, inputs.src.length, tokens.map((t) => t.id)) };
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
