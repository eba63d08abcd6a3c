/**
 * The corridor between the extension host and the webview: every message type, and the validators
 * the host runs on everything the webview sends (a webview is untrusted: its messages are checked
 * field by field and anything unknown or malformed is rejected, never acted on).
 *
 * Imported by both sides; no `vscode` import here.
 */
import { exportNameProblem } from './export-name';
import {
  ATTENTION_KINDS, BACKENDS, EXPORT_FORMATS, isOneOf, MEASURES, VIEW_TABS,
  type AttentionKind, type Backend, type BackendPreference, type ExportFormat,
} from './vocabulary';

import type { TransformerConfig } from '../model/config';

/** One token of the analysed text, with its exact [start, end) UTF-16 offsets in that text. */
export interface WireToken {
  id: number;
  text: string;
  start: number;
  end: number;
}

/** Host → webview. */
export type HostMessage =
  | {
      type: 'analyze';
      runId: number;
      /** What the user selected, for display ("lines 3–7 of main.py"). */
      sourceLabel: string;
      /** Notices to show above the views (empty selection used the current line, tokens dropped, ...). */
      notices: string[];
      tokens: WireToken[];
      model: {
        id: string;
        name: string;
        config: TransformerConfig;
        weightsTrained: boolean;
        /** The longest sequence the checkpoint was trained on, when it says: later positions were never trained. */
        trainedLength?: number;
      };
      /** The checkpoint bytes, sent only with the first run of a model in this webview. */
      checkpoint?: Uint8Array;
      /**
       * The shipped model's weights, which the webview fetches from this URL of the extension's own
       * folder (from when its page loads: the HTML names them) and checks against the host's length.
       */
      shippedWeights?: { url: string; byteLength: number };
      /** Every token id's display text, sent with the first run of a model (the Predictions view names predicted ids). */
      vocabulary?: string[];
      /** Backend the user asked for in settings; 'auto' tries webgl, then wasm, then cpu. */
      backend: BackendPreference;
      /**
       * The view to show, sent when a panel is restored after a restart: the host records every
       * `viewChanged` at once, while VS Code saves the webview's own state on its own schedule.
       */
      view?: ViewRequest;
      /** Set when the text is longer than the model reads: which window of it these tokens are. */
      window?: RunWindow;
    }
  | { type: 'cancel'; runId: number }
  /** The editor's cursor is on source token `index` of run `runId`: focus it in the panel. */
  | { type: 'focus'; runId: number; index: number }
  /** Switch the panel to a view (from a hover's link or the walkthrough); omitted fields stay. */
  | { type: 'showView'; view: ViewRequest }
  /** Replace these source tokens of run `runId` by <mask> (added to those already masked) and run again. */
  | { type: 'mask'; runId: number; indices: number[] };

/** A window of a text longer than the model reads (token indices 0-based, lines 1-based). */
export interface RunWindow {
  first: number;
  count: number;
  total: number;
  /** Lines of the document the window covers, and the lines of the text it is a window of. */
  firstLine: number;
  lastLine: number;
  textFirstLine: number;
  textLastLine: number;
}

/** Where the panel asks the window to go: back, on, around the editor's cursor, or to start at a line. */
export type WindowMove = { to: 'previous' | 'next' | 'cursor' } | { to: 'line'; line: number };
export const WINDOW_MOVES = ['previous', 'next', 'cursor', 'line'] as const;

/** A request to show a view; every field optional. */
export interface ViewRequest {
  tab?: 'heatmap' | 'overview' | 'arcs' | 'masks' | 'positions' | 'model' | 'tokens' | 'qk' | 'predictions' | 'difference';
  kind?: AttentionKind;
  /** A layer (0-based) or 'rollout' (attention rollout over all layers). */
  layer?: number | 'rollout';
  head?: number | 'mean';
  positionalEncoding?: boolean;
  /** Raw attention weights, or value-weighted ones (‖α_ij f(x_j)‖). */
  measure?: 'raw' | 'weighted';
}

/** What the panel shows: every field of a view request; `measure` only when it is not the raw weights. */
export type ShownView = Required<Omit<ViewRequest, 'measure'>> & Pick<ViewRequest, 'measure'>;


export interface BackendReport {
  /** The backend that really runs (checked, not assumed). */
  backend: Backend;
  /** The GPU or implementation, e.g. "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device ...))". */
  renderer: string;
  /** Why a fallback was taken, when one was. */
  fallbackNote?: string;
}

/** Webview → host. */
export type WebviewMessage =
  | { type: 'ready' }
  | ({ type: 'backend' } & BackendReport)
  | { type: 'tokensShown'; runId: number; tokens: WireToken[] }
  /** A run finished; `tensors` is tfjs's live tensor count after it (a leak shows as growth). */
  | { type: 'runFinished'; runId: number; millis: number; tensors: number }
  | { type: 'error'; runId?: number; message: string }
  /**
   * The panel focuses a query token of `kind` attention (null: nothing focused). The host outlines
   * that token in the editor and shades every key token by its weight (one per key, in [0, 1]).
   */
  | { type: 'highlight'; runId: number; kind: AttentionKind; query: number | null; weights: number[] }
  /**
   * Encoder self-attention of the run for the host's token hovers: the focused layer's head (or
   * mean) and the mean over heads, each n x n row-major, and the positional encodings added, n x dModel.
   */
  | { type: 'results'; runId: number; label: string; meanLabel: string; focused: Float32Array; mean: Float32Array; dModel: number; pe: Float32Array }
  /** What the panel shows now (after a run, a control, a tab or a showView request). */
  | { type: 'viewChanged'; runId: number; view: ShownView }
  /** The pin button: while pinned, selection changes do not re-run the analysis. */
  | { type: 'pin'; pinned: boolean }
  /** Move the window of a long text that run `runId` showed. */
  | ({ type: 'moveWindow'; runId: number } & WindowMove)
  /** Save the current view or data to a file the user picks. PNG comes as bytes, the rest as text. */
  | { type: 'export'; format: ExportFormat; suggestedName: string; text?: string; bytes?: Uint8Array };


/** Limits that keep a hostile or broken webview from making the host do much work. */
export const LIMITS = {
  maxTokens: 4096,
  maxStringLength: 10_000,
  maxTokenTextLength: 1_000,
  /** An export of every attention map of a long run as JSON is tens of MB; more is refused. */
  maxExportBytes: 256 * 1024 * 1024,
} as const;

export type Validation<T> = { ok: true; value: T } | { ok: false; reason: string };

const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

function isCount(x: unknown, max = Number.MAX_SAFE_INTEGER): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= max;
}

function isText(x: unknown, max: number = LIMITS.maxStringLength): x is string {
  return typeof x === 'string' && x.length <= max;
}

/**
 * A dense array (no holes: `[0.5,,1]` has one, which `every` would skip) of at most `max` items,
 * each passing `item`.
 */
function isDenseArrayOf(x: unknown, max: number, item: (v: unknown) => boolean): x is unknown[] {
  if (!Array.isArray(x) || x.length > max) return false;
  for (let i = 0; i < x.length; i++) if (!(i in x) || !item(x[i])) return false;
  return true;
}

/** An attention weight: a number in [0, 1] (NaN is not). */
const isWeight = (v: unknown): boolean => typeof v === 'number' && v >= 0 && v <= 1;

/** True when every value is finite and, when bounds are given, within them. */
function allFinite(a: Float32Array, min = -Infinity, max = Infinity): boolean {
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (!(v >= min && v <= max) || !Number.isFinite(v)) return false;
  }
  return true;
}

/** A value from a message, named in a reason without running any of its code (no `String(x)`). */
function named(x: unknown): string {
  return typeof x === 'string' ? JSON.stringify(x.slice(0, 60)) : x === null ? 'null' : Array.isArray(x) ? 'an array' : typeof x;
}

/** Only the listed keys may be present (no `__proto__`, `constructor` or other smuggled fields). */
function hasOnlyKeys(o: Record<string, unknown>, allowed: readonly string[]): string | undefined {
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key)) return `unexpected field "${key.slice(0, 40)}"`;
  }
  return undefined;
}

function validateTokens(x: unknown): Validation<WireToken[]> {
  if (!Array.isArray(x)) return fail('tokens must be an array');
  if (x.length > LIMITS.maxTokens) return fail(`too many tokens (${x.length} > ${LIMITS.maxTokens})`);
  const tokens: WireToken[] = [];
  for (let i = 0; i < x.length; i++) {
    const t = x[i];
    if (!isPlainObject(t)) return fail(`tokens[${i}] must be an object`);
    const extra = hasOnlyKeys(t, ['id', 'text', 'start', 'end']);
    if (extra) return fail(`tokens[${i}]: ${extra}`);
    if (!isCount(t.id) || !isText(t.text, LIMITS.maxTokenTextLength) || !isCount(t.start) || !isCount(t.end) || t.end < t.start) {
      return fail(`tokens[${i}] must be {id, text, start, end} with 0 <= start <= end`);
    }
    tokens.push({ id: t.id, text: t.text, start: t.start, end: t.end });
  }
  return { ok: true, value: tokens };
}


/**
 * Checks a message received from the webview. Returns a fresh object holding only known fields,
 * so nothing the webview sent beyond the schema reaches the rest of the host.
 */
export function validateWebviewMessage(x: unknown): Validation<WebviewMessage> {
  if (!isPlainObject(x)) return fail('message must be a plain object');
  const type = x.type;
  switch (type) {
    case 'ready': {
      const extra = hasOnlyKeys(x, ['type']);
      return extra ? fail(extra) : { ok: true, value: { type } };
    }
    case 'backend': {
      const extra = hasOnlyKeys(x, ['type', 'backend', 'renderer', 'fallbackNote']);
      if (extra) return fail(extra);
      if (!isOneOf(BACKENDS, x.backend)) return fail('backend must be webgl, wasm or cpu');
      if (!isText(x.renderer, 500)) return fail('renderer must be a string of at most 500 characters');
      if (x.fallbackNote !== undefined && !isText(x.fallbackNote, 2000)) return fail('fallbackNote must be a short string');
      const value: WebviewMessage = { type, backend: x.backend as BackendReport['backend'], renderer: x.renderer };
      if (x.fallbackNote !== undefined) value.fallbackNote = x.fallbackNote as string;
      return { ok: true, value };
    }
    case 'tokensShown': {
      const extra = hasOnlyKeys(x, ['type', 'runId', 'tokens']);
      if (extra) return fail(extra);
      if (!isCount(x.runId)) return fail('runId must be a non-negative integer');
      const tokens = validateTokens(x.tokens);
      if (!tokens.ok) return tokens;
      return { ok: true, value: { type, runId: x.runId, tokens: tokens.value } };
    }
    case 'runFinished': {
      const extra = hasOnlyKeys(x, ['type', 'runId', 'millis', 'tensors']);
      if (extra) return fail(extra);
      if (!isCount(x.runId) || !isCount(x.tensors)) return fail('runId and tensors must be non-negative integers');
      if (typeof x.millis !== 'number' || !Number.isFinite(x.millis) || x.millis < 0) return fail('millis must be a finite non-negative number');
      return { ok: true, value: { type, runId: x.runId, millis: x.millis, tensors: x.tensors } };
    }
    case 'error': {
      const extra = hasOnlyKeys(x, ['type', 'runId', 'message']);
      if (extra) return fail(extra);
      if (x.runId !== undefined && !isCount(x.runId)) return fail('runId must be a non-negative integer');
      if (!isText(x.message, 2000)) return fail('message must be a string of at most 2000 characters');
      const value: WebviewMessage = { type, message: x.message };
      if (x.runId !== undefined) value.runId = x.runId as number;
      return { ok: true, value };
    }
    case 'highlight': {
      const extra = hasOnlyKeys(x, ['type', 'runId', 'kind', 'query', 'weights']);
      if (extra) return fail(extra);
      if (!isCount(x.runId)) return fail('runId must be a non-negative integer');
      if (!isOneOf(ATTENTION_KINDS, x.kind)) return fail('kind must be encoderSelf, decoderSelf or cross');
      if (x.query !== null && !isCount(x.query, LIMITS.maxTokens)) return fail('query must be null or a token index');
      const w = x.weights;
      if (!isDenseArrayOf(w, LIMITS.maxTokens, isWeight)) return fail(`weights must be at most ${LIMITS.maxTokens} numbers in [0, 1], without holes`);
      return { ok: true, value: { type, runId: x.runId, kind: x.kind as AttentionKind, query: x.query as number | null, weights: [...(w as number[])] } };
    }
    case 'results': {
      const extra = hasOnlyKeys(x, ['type', 'runId', 'label', 'meanLabel', 'focused', 'mean', 'dModel', 'pe']);
      if (extra) return fail(extra);
      if (!isCount(x.runId) || !isText(x.label, 200) || !isText(x.meanLabel, 200)) return fail('runId, label and meanLabel are required');
      const { focused, mean, pe, dModel } = x;
      if (!(focused instanceof Float32Array) || !(mean instanceof Float32Array) || !(pe instanceof Float32Array)) return fail('focused, mean and pe must be Float32Arrays');
      const n = Math.round(Math.sqrt(focused.length));
      if (n * n !== focused.length || mean.length !== focused.length || n > LIMITS.maxTokens) return fail('focused and mean must be n x n');
      if (!isCount(dModel, 1 << 16) || dModel === 0 || pe.length !== n * dModel) return fail('pe must hold n x dModel values');
      if (!allFinite(focused, 0, 1) || !allFinite(mean, 0, 1)) return fail('focused and mean must hold weights in [0, 1] (no NaN)');
      if (!allFinite(pe)) return fail('pe must hold finite numbers');
      return { ok: true, value: { type, runId: x.runId, label: x.label, meanLabel: x.meanLabel, focused, mean, dModel, pe } };
    }
    case 'viewChanged': {
      const extra = hasOnlyKeys(x, ['type', 'runId', 'view']);
      if (extra) return fail(extra);
      if (!isCount(x.runId)) return fail('runId must be a non-negative integer');
      const view = validateViewRequest(x.view);
      if (!view || view.tab === undefined || view.kind === undefined || view.layer === undefined || view.head === undefined || view.positionalEncoding === undefined) {
        return fail('view must give tab, kind, layer, head and positionalEncoding');
      }
      return { ok: true, value: { type, runId: x.runId, view: view as ShownView } };
    }
    case 'moveWindow': {
      const extra = hasOnlyKeys(x, ['type', 'runId', 'to', 'line']);
      if (extra) return fail(extra);
      if (!isCount(x.runId)) return fail('runId must be a count');
      if (!WINDOW_MOVES.includes(x.to as WindowMove['to'])) return fail('to must be previous, next, cursor or line');
      if (x.to === 'line') {
        if (!isCount(x.line) || x.line < 1) return fail('line must be a line number from 1');
        return { ok: true, value: { type, runId: x.runId, to: 'line', line: x.line } };
      }
      if (x.line !== undefined) return fail('line belongs only to a move to a line');
      return { ok: true, value: { type, runId: x.runId, to: x.to as 'previous' | 'next' | 'cursor' } };
    }
    case 'pin': {
      const extra = hasOnlyKeys(x, ['type', 'pinned']);
      if (extra) return fail(extra);
      if (typeof x.pinned !== 'boolean') return fail('pinned must be a boolean');
      return { ok: true, value: { type, pinned: x.pinned } };
    }
    case 'export': {
      const extra = hasOnlyKeys(x, ['type', 'format', 'suggestedName', 'text', 'bytes']);
      if (extra) return fail(extra);
      if (!isOneOf(EXPORT_FORMATS, x.format)) return fail('format must be png, svg, json or csv');
      const nameProblem = exportNameProblem(x.suggestedName);
      if (nameProblem) return fail(nameProblem);
      const suggestedName = x.suggestedName as string;
      const format = x.format as ExportFormat;
      if (format === 'png') {
        if (!(x.bytes instanceof Uint8Array) || x.text !== undefined) return fail('a png export carries bytes');
        if (x.bytes.byteLength > LIMITS.maxExportBytes) return fail('export too large');
        return { ok: true, value: { type, format, suggestedName, bytes: x.bytes } };
      }
      if (typeof x.text !== 'string' || x.bytes !== undefined) return fail(`a ${format} export carries text`);
      if (x.text.length > LIMITS.maxExportBytes) return fail('export too large');
      return { ok: true, value: { type, format, suggestedName, text: x.text } };
    }
    default:
      return fail(`unknown message type ${named(type)}`);
  }
}

/**
 * The analysis a restored panel saved (webview state), checked like any other webview input.
 * Returns undefined for anything that is not a well-formed saved run.
 */
export function validateSavedRun(state: unknown): { label: string; notices: string[]; tokens: WireToken[] } | undefined {
  if (!isPlainObject(state) || !isPlainObject(state.last)) return undefined;
  const last = state.last;
  if (!isText(last.sourceLabel, 500)) return undefined;
  const notices = last.notices;
  if (!isDenseArrayOf(notices, 20, (n) => isText(n, 2000))) return undefined;
  const tokens = validateTokens(last.tokens);
  if (!tokens.ok) return undefined;
  return { label: last.sourceLabel, notices: notices as string[], tokens: tokens.value };
}

/** Checks a view request from a command argument (a hover link or the walkthrough: also untrusted). */
export function validateViewRequest(x: unknown): ViewRequest | undefined {
  if (x === undefined) return {};
  if (!isPlainObject(x) || hasOnlyKeys(x, ['tab', 'kind', 'layer', 'head', 'positionalEncoding', 'measure'])) return undefined;
  const v: ViewRequest = {};
  if (x.tab !== undefined) {
    if (!isOneOf(VIEW_TABS, x.tab)) return undefined;
    v.tab = x.tab as ViewRequest['tab'];
  }
  if (x.kind !== undefined) {
    if (!isOneOf(ATTENTION_KINDS, x.kind)) return undefined;
    v.kind = x.kind as AttentionKind;
  }
  if (x.layer !== undefined) {
    if (x.layer !== 'rollout' && !isCount(x.layer, 1000)) return undefined;
    v.layer = x.layer as number | 'rollout';
  }
  if (x.head !== undefined) {
    if (x.head !== 'mean' && !isCount(x.head, 1000)) return undefined;
    v.head = x.head as number | 'mean';
  }
  if (x.positionalEncoding !== undefined) {
    if (typeof x.positionalEncoding !== 'boolean') return undefined;
    v.positionalEncoding = x.positionalEncoding;
  }
  if (x.measure !== undefined) {
    if (!isOneOf(MEASURES, x.measure)) return undefined;
    v.measure = x.measure as 'raw' | 'weighted';
  }
  return v;
}
