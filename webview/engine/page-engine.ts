/**
 * The engine on the page's own thread: the fallback where the Web Worker cannot run the model
 * (engine-choice.ts says when). What the webview did before issue 15: the pass pauses for a frame
 * after 100 ms of computing (model-session.ts), the maps stay in this page's tfjs backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendReport } from '../../src/shared/protocol';
import type { BackendPreference } from '../../src/shared/vocabulary';
import { initBackend, loseWebglContext, watchContextLoss } from './backend';
import type { Backend, EngineClient, EngineLoss, EngineRun, PassControl, RunRequest } from './engine-client';
import { ModelSession } from './model-session';

export class PageEngine implements EngineClient {
  readonly where = 'page';
  private readonly session = new ModelSession();
  private readonly lost: ((loss: EngineLoss) => void)[] = [];

  async start(preference: BackendPreference, exclude: readonly Backend[]): Promise<BackendReport> {
    const report = await initBackend(preference, [...exclude]);
    watchContextLoss(() => {
      // The model's tensors are gone with the context: forget them without freeing.
      this.session.forget();
      for (const l of this.lost) l({ kind: 'contextLost' });
    });
    return report;
  }

  async prepare(modelId: string, checkpoint: Uint8Array): Promise<void> {
    this.session.ensureModel(modelId, undefined, checkpoint);
  }

  async run(request: RunRequest, control: PassControl = {}): Promise<EngineRun> {
    const model = this.session.ensureModel(request.modelId, request.config, request.checkpoint);
    const { store, millis, probes } = await this.session.run(model, request.tokens, { positionalEncoding: request.positionalEncoding }, {
      onLayer: ({ stack, layer, of }) => control.onLayer?.({ stack, layer, of }),
      cancelled: control.cancelled,
    }, request.masked);
    return { maps: store, probes, millis };
  }

  async tensorCount(): Promise<number> {
    return tf.memory().numTensors;
  }

  async loseContext(): Promise<boolean> {
    return loseWebglContext();
  }

  onLost(listener: (loss: EngineLoss) => void): void {
    this.lost.push(listener);
  }

  dispose(): void {
    this.lost.length = 0;
    this.session.dispose();
  }
}
