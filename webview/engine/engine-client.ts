/**
 * The engine as the panel sees it: start a backend, run a pass, read its maps. Two implementations
 * answer the same calls (issue 15): worker-engine.ts runs the model in a dedicated Web Worker (the
 * page only draws), page-engine.ts on the page's own thread (the fallback). engine-choice.ts picks
 * one and says which ran. No tfjs here: the page's app/ code imports only this file of the engine.
 */
import type { TransformerConfig } from '../../src/model/config';
import type { BackendReport, WireToken } from '../../src/shared/protocol';
import type { AttentionKind, BackendPreference } from '../../src/shared/vocabulary';
import type { Predictions, QueryKeys } from './run-probes';

export type Backend = BackendReport['backend'];

export interface MatrixShape {
  nQueries: number;
  nKeys: number;
}

/** The attention maps of one finished run, kept by the engine and read view by view. */
export interface AttentionMaps {
  readonly config: TransformerConfig;
  shape(kind: AttentionKind): MatrixShape;
  /** One head's map, or the mean over heads, `[nQueries * nKeys]` row-major (rows = queries). */
  matrix(kind: AttentionKind, layer: number, head: number | 'mean'): Promise<Float32Array>;
  /** Every head of every layer of one kind: `[layer][head]`. */
  all(kind: AttentionKind): Promise<Float32Array[][]>;
  /** Whether the pass computed value norms (value-weighted attention). */
  readonly hasValueNorms: boolean;
  /** ‖f_h(x_j)‖ of every head for the keys of one layer and kind, `[h * nKeys]` (head-major). */
  valueNorms(kind: AttentionKind, layer: number): Promise<Float32Array>;
  /** The positional encodings added to the source, `[nPadded * dModel]` (the first n rows are real). */
  positionalEncoding(): Promise<Float32Array>;
  /** Attention rollout over all layers (src/model/rollout.ts), `[nQueries * nKeys]`, computed by the engine. */
  rollout(kind: AttentionKind): Promise<Float32Array>;
  dispose(): void;
}

/** Passes of one run that only some views ask for (run-probes.ts). */
export interface RunQueries {
  queryKeys(kind: AttentionKind, layer: number): Promise<QueryKeys>;
  predictions(k?: number): Promise<Predictions>;
}

/** One pass as the panel asks for it. */
export interface RunRequest {
  modelId: string;
  config: TransformerConfig;
  /** The model's weights; needed only the first time an engine sees a model id (random weights need none). */
  checkpoint?: Uint8Array;
  tokens: WireToken[];
  /** Source positions read as <mask> by the encoder. */
  masked: readonly number[];
  positionalEncoding: boolean;
}

export interface LayerProgress {
  stack: 'encoder' | 'decoder';
  layer: number;
  of: number;
}

/** What a caller of {@link EngineClient.run} hears and decides between layers. */
export interface PassControl {
  onLayer?(done: LayerProgress): void;
  /** Asked after each layer: true stops the pass and run() rejects with {@link RunCancelled}. */
  cancelled?(): boolean;
  /** Registers a call for the moment the pass becomes stale (an engine in another thread is told at once). */
  whenCancelled?(listener: () => void): void;
}

export interface EngineRun {
  maps: AttentionMaps;
  probes: RunQueries;
  /** The pass itself, measured where it ran. */
  millis: number;
}

export class RunCancelled extends Error {
  constructor() {
    super('Run cancelled.');
  }
}

/** The engine lost what it held: every map and the model are gone; the next start() begins afresh. */
export type EngineLoss =
  | { kind: 'contextLost' }
  | { kind: 'workerDied'; message: string };

export interface EngineClient {
  /** Where the pass runs: 'worker' (a dedicated Web Worker) or 'page' (the webview's main thread). */
  readonly where: 'worker' | 'page' | 'none';
  /** Starts (or restarts) a backend: the preferred one, else the first of webgl → wasm → cpu not excluded. */
  start(preference: BackendPreference, exclude: readonly Backend[]): Promise<BackendReport>;
  /**
   * Builds a model from its checkpoint before a run asks for it (the configuration is the file's),
   * so that the first run of the panel finds it built; a run of `modelId` then needs no weights.
   */
  prepare(modelId: string, checkpoint: Uint8Array): Promise<void>;
  /** Runs the pass; rejects with {@link RunCancelled} when cancelled between layers. */
  run(request: RunRequest, control?: PassControl): Promise<EngineRun>;
  /** tfjs's live tensor count in the engine (a leak shows as growth). */
  tensorCount(): Promise<number>;
  /** Called once per loss (a lost WebGL context, a worker that died). */
  onLost(listener: (loss: EngineLoss) => void): void;
  /** Test hook: loses the WebGL context on purpose; false when there is none. */
  loseContext(): Promise<boolean>;
  dispose(): void;
}
