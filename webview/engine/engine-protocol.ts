/**
 * The messages between the page and the engine's Web Worker (engine-worker.ts). Requests carry an
 * `id` and get exactly one `reply` with the same id; `layer` and `contextLost` are events. Maps cross
 * as Float32Arrays whose buffers are transferred (no copy on the page), only what a view asks for.
 *
 * Both ends are the extension's own code, so the rules are lighter than for the host's messages
 * (src/shared/protocol.ts), but the page still checks what it receives: the kind of each answer and
 * the length of every array against the shape it asked for (validators below), so a confused worker
 * gives an error message, never a wrong picture.
 */
import type { TransformerConfig } from '../../src/model/config';
import type { BackendReport, WireToken } from '../../src/shared/protocol';
import type { AttentionKind, BackendPreference } from '../../src/shared/vocabulary';
import type { Backend, MatrixShape } from './engine-client';
import type { Predictions, QueryKeys } from './run-probes';

/** The wasm backend's binaries by file name, fetched by the page for the worker (backend.ts configureWasm). */
export type WasmBinaries = Record<string, ArrayBuffer>;


/** Page → worker. `run` numbers a pass; later requests about its maps name it. */
export type EngineRequest =
  | { type: 'init'; id: number; wasmBase: string; wasm?: WasmBinaries; preference: BackendPreference; exclude: Backend[] }
  | { type: 'prepare'; id: number; modelId: string; checkpoint: Uint8Array }
  | { type: 'run'; id: number; run: number; modelId: string; config: TransformerConfig; checkpoint?: Uint8Array; tokens: WireToken[]; masked: number[]; positionalEncoding: boolean }
  | { type: 'cancel'; run: number }
  /** Are you there? Answered with `pong` as soon as the worker's event loop is free (a pass yields after every layer). */
  | { type: 'ping' }
  | { type: 'matrix'; id: number; run: number; kind: AttentionKind; layer: number; head: number | 'mean' }
  | { type: 'all'; id: number; run: number; kind: AttentionKind }
  | { type: 'valueNorms'; id: number; run: number; kind: AttentionKind; layer: number }
  | { type: 'positionalEncoding'; id: number; run: number }
  | { type: 'rollout'; id: number; run: number; kind: AttentionKind }
  | { type: 'queryKeys'; id: number; run: number; kind: AttentionKind; layer: number }
  | { type: 'predictions'; id: number; run: number; k: number }
  | { type: 'disposeRun'; run: number }
  | { type: 'memory'; id: number }
  | { type: 'loseContext'; id: number };

/** What a started backend answers: its report, and how long the worker took to get there. */
export interface InitDone {
  report: BackendReport;
  /** From the worker's start to its script having run, and the backend's start (ms). */
  scriptMillis: number;
  backendMillis: number;
}

/** What a finished pass answers (the maps stay in the worker). */
export interface RunDone {
  millis: number;
  /** Building the model from its weights before the pass (0 when the worker held it). */
  buildMillis: number;
  hasValueNorms: boolean;
}

/** Worker → page. */
export type EngineMessage =
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: string; cancelled?: boolean }
  | { type: 'layer'; run: number; stack: 'encoder' | 'decoder'; layer: number; of: number }
  | { type: 'contextLost' }
  | { type: 'pong' };

/** Requests that get a reply. */
export type AskedRequest = Extract<EngineRequest, { id: number }>;

/** Buffers to transfer with a message: each once (a buffer listed twice cannot be transferred). */
export function transferables(...arrays: ArrayBufferView[]): ArrayBuffer[] {
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isCount = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 0;

/** The outer form of a message from the worker, or why it is not one. */
export function parseEngineMessage(raw: unknown): EngineMessage | string {
  if (!isObject(raw)) return 'not an object';
  if (raw.type === 'contextLost') return { type: 'contextLost' };
  if (raw.type === 'pong') return { type: 'pong' };
  if (raw.type === 'layer') {
    if (!isCount(raw.run) || !isCount(raw.layer) || !isCount(raw.of) || (raw.stack !== 'encoder' && raw.stack !== 'decoder')) return 'a malformed layer event';
    return { type: 'layer', run: raw.run, stack: raw.stack, layer: raw.layer, of: raw.of };
  }
  if (raw.type !== 'reply' || !isCount(raw.id)) return `an unknown message ${JSON.stringify(String(raw.type)).slice(0, 40)}`;
  if (raw.ok === true) return { type: 'reply', id: raw.id, ok: true, value: raw.value };
  if (raw.ok === false && typeof raw.error === 'string') return { type: 'reply', id: raw.id, ok: false, error: raw.error.slice(0, 2000), cancelled: raw.cancelled === true };
  return 'a malformed reply';
}

/** Throws when an answer is not what was asked for; returns it typed. */
export type Check<T> = (value: unknown) => T;

function fail(what: string): never {
  throw new Error(`The engine's worker sent ${what}.`);
}

/** A Float32Array of exactly `length` finite-or-not floats (attention may be NaN on a broken backend: the views say so). */
export function float32(length: number, what = 'a map'): Check<Float32Array> {
  return (v) => (v instanceof Float32Array && v.length === length ? v : fail(`${what} of the wrong size or type`));
}

export const backendReport: Check<BackendReport> = (v) => {
  if (!isObject(v) || !['webgl', 'wasm', 'cpu'].includes(v.backend as string) || typeof v.renderer !== 'string') return fail('a malformed backend report');
  if (v.fallbackNote !== undefined && typeof v.fallbackNote !== 'string') return fail('a malformed backend note');
  const report: BackendReport = { backend: v.backend as Backend, renderer: v.renderer.slice(0, 400) };
  if (typeof v.fallbackNote === 'string') report.fallbackNote = v.fallbackNote.slice(0, 1500);
  return report;
};

export const initDone: Check<InitDone> = (v) => (isObject(v) && typeof v.scriptMillis === 'number' && typeof v.backendMillis === 'number'
  ? { report: backendReport(v.report), scriptMillis: v.scriptMillis, backendMillis: v.backendMillis } : fail('a malformed backend start'));

export const runDone: Check<RunDone> = (v) => (isObject(v) && typeof v.millis === 'number' && typeof v.buildMillis === 'number' && typeof v.hasValueNorms === 'boolean'
  ? { millis: v.millis, buildMillis: v.buildMillis, hasValueNorms: v.hasValueNorms } : fail('a malformed run result'));

export const duration: Check<number> = (v) => (typeof v === 'number' && v >= 0 ? v : fail('a malformed duration'));
export const count: Check<number> = (v) => (isCount(v) ? v : fail('a malformed count'));
export const flag: Check<boolean> = (v) => (typeof v === 'boolean' ? v : fail('a malformed answer'));

/** One Float32Array per layer, `h * nQueries * nKeys` each. */
export function layers(N: number, h: number, shape: MatrixShape): Check<Float32Array[]> {
  return (v) => {
    if (!Array.isArray(v) || v.length !== N) return fail('the wrong number of layers');
    return v.map((x) => float32(h * shape.nQueries * shape.nKeys, 'a layer')(x));
  };
}

export function queryKeys(kind: AttentionKind, layer: number, config: TransformerConfig, n: number): Check<QueryKeys> {
  return (v) => {
    if (!isObject(v) || v.kind !== kind || v.layer !== layer || v.h !== config.h || v.dK !== config.dK || v.nq !== n || v.nk !== n) return fail('query and key vectors of another shape');
    const size = config.h * n * config.dK;
    return { kind, layer, h: config.h, nq: n, nk: n, dK: config.dK, q: float32(size, 'queries')(v.q), k: float32(size, 'keys')(v.k) };
  };
}

export function predictions(n: number, k: number): Check<Predictions> {
  const ids = (x: unknown, len: number): number[] => (Array.isArray(x) && x.length === len && x.every(isCount) ? x as number[] : fail('malformed predictions'));
  const probs = (x: unknown, len: number): number[] => (Array.isArray(x) && x.length === len && x.every((p) => typeof p === 'number') ? x as number[] : fail('malformed predictions'));
  return (v) => {
    if (!isObject(v) || !Array.isArray(v.top) || !Array.isArray(v.real) || v.top.length !== n || v.real.length !== n || typeof v.accuracy !== 'number') return fail('malformed predictions');
    const top = v.top.map((t: unknown) => (isObject(t) ? { ids: ids(t.ids, k), probabilities: probs(t.probabilities, k) } : fail('malformed predictions')));
    const real = v.real.map((r: unknown) => (isObject(r) && isCount(r.id) && typeof r.probability === 'number' ? { id: r.id, probability: r.probability } : fail('malformed predictions')));
    return { top, real, accuracy: v.accuracy };
  };
}
