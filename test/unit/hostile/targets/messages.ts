/**
 * Fuzz target: the validators of what a webview sends (validateWebviewMessage, validateSavedRun,
 * validateViewRequest) on well-formed messages of every type, mutated: fields removed, retyped,
 * set to extreme numbers (NaN, infinities), sparse or huge arrays, typed arrays of another kind or
 * holding NaN, hostile export names, extra and prototype keys, deep and huge values. They must never
 * throw, and what they accept must hold only checked data.
 */
import { exportNameProblem } from '../../../../src/shared/export-name';
import { validateSavedRun, validateViewRequest, validateWebviewMessage, type WebviewMessage } from '../../../../src/shared/protocol';
import type { FuzzTarget } from '../fuzz-target';
import { EXTREME_NUMBERS, hostileValue, type Random } from '../fuzz-random';

const token = { id: 7, text: 'def', start: 0, end: 3 };
const view = { tab: 'heatmap', kind: 'cross', layer: 1, head: 'mean', positionalEncoding: true };

/** One well-formed message of each type the webview sends. */
const VALID: ReadonlyArray<() => Record<string, unknown>> = [
  () => ({ type: 'ready' }),
  () => ({ type: 'backend', backend: 'webgl', renderer: 'ANGLE', fallbackNote: 'x' }),
  () => ({ type: 'tokensShown', runId: 3, tokens: [{ ...token }, { id: 8, text: ' x', start: 3, end: 5 }] }),
  () => ({ type: 'runFinished', runId: 1, millis: 12.5, tensors: 40 }),
  () => ({ type: 'error', runId: 2, message: 'boom' }),
  () => ({ type: 'highlight', runId: 1, kind: 'cross', query: 1, weights: [0.25, 0.75] }),
  () => ({ type: 'results', runId: 1, label: 'l', meanLabel: 'm', focused: Float32Array.of(0.5, 0.5, 0, 1), mean: Float32Array.of(0.5, 0.5, 0.5, 0.5), dModel: 2, pe: Float32Array.of(0, 1, 1, 0) }),
  () => ({ type: 'viewChanged', runId: 2, view: { ...view } }),
  () => ({ type: 'pin', pinned: false }),
  () => ({ type: 'export', format: 'csv', suggestedName: 'attention-cross.csv', text: 'a,b' }),
  () => ({ type: 'export', format: 'png', suggestedName: 'heatmap.png', bytes: Uint8Array.of(1, 2) }),
];

const NAMES = ['CON', 'con.csv', 'nul.png', 'COM1', 'lpt9.svg', 'AUX.', 'name.', 'name ', ' name', '   ', '.', '..', '...', '.hidden', 'a/b', 'a\\b', 'a:b', 'a*b', 'a?b', 'a"b', 'a<b>', 'a|b', '\u0000', 'a\tb', 'é.csv', 'x'.repeat(101), '', 'ok.csv', 'CONSOLE.csv'];

function sparse(r: Random): unknown[] {
  const a: unknown[] = new Array(2 + r.int(4));
  a[r.int(a.length)] = 0.5;
  return a;
}

/** A value for a field: an extreme number, a sparse or odd array, a typed array, a hostile value. */
function fieldValue(r: Random): unknown {
  switch (r.int(8)) {
    case 0: return r.pick(EXTREME_NUMBERS);
    case 1: return sparse(r);
    case 2: return [r.pick(EXTREME_NUMBERS), 0.5];
    case 3: return r.pick([Float32Array.of(NaN), Float32Array.of(Infinity, 0, 0, 1), new Float64Array(4), new Uint8Array(3), Float32Array.of(2, -1, 0, 0), new Float32Array(1 << 20)]);
    case 4: return r.pick(NAMES);
    case 5: return [{ ...token, [r.pick(['id', 'start', 'end', 'text'])]: r.pick(EXTREME_NUMBERS) }];
    case 6: return { ...view, [r.pick(Object.keys(view))]: r.pick([...EXTREME_NUMBERS, 'mean', 'settings', null]) };
    default: return hostileValue(r);
  }
}

function mutate(m: Record<string, unknown>, r: Random): void {
  const keys = Object.keys(m);
  const key = r.chance(0.9) && keys.length > 0 ? r.pick(keys) : r.pick(['extra', '__proto__', 'constructor', 'type']);
  if (r.chance(0.1)) delete m[key];
  else if (key === 'type') m.type = r.pick([hostileValue(r), 'Ready', 'export ', { toString: 1 }]);
  else m[key] = fieldValue(r);
}

/** One case: the value given to every validator. */
export type MessageCase = unknown;

/** Numbers of an accepted value that must be data: finite everywhere. */
function finiteData(v: unknown, depth = 0): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  if (v instanceof Float32Array) return v.every(Number.isFinite);
  if (depth > 3 || typeof v !== 'object' || v === null) return true;
  if (Array.isArray(v)) return v.every((x, i) => i in v && finiteData(x, depth + 1));
  return Object.values(v).every((x) => finiteData(x, depth + 1));
}

export const messageTarget: FuzzTarget<MessageCase> = {
  name: 'message validators',
  make(r) {
    if (r.chance(0.1)) return hostileValue(r);
    const m = r.pick(VALID)();
    for (let n = r.int(3); n > 0; n--) mutate(m, r);
    if (r.chance(0.1)) return { view: fieldValue(r), last: { sourceLabel: 'a', notices: r.chance(0.5) ? sparse(r) : ['n'], tokens: m.tokens ?? [token], runId: 1 } };
    return m;
  },
  run(input) {
    const r = validateWebviewMessage(input);
    if (r.ok) {
      const value: WebviewMessage = r.value;
      if (!finiteData(value)) throw new Error('accepted a message with a non-finite number');
      if (value.type === 'export' && exportNameProblem(value.suggestedName)) throw new Error('accepted a bad export name');
      if (!validateWebviewMessage(value).ok) throw new Error('an accepted message does not validate again');
    } else if (typeof r.reason !== 'string' || r.reason.length === 0 || r.reason.length > 300) {
      throw new Error('a refusal without a short reason');
    }
    const saved = validateSavedRun(input);
    if (saved && !saved.notices.every((n, i) => i in saved.notices && typeof n === 'string')) throw new Error('accepted sparse notices');
    validateViewRequest(input);
    if (input && typeof input === 'object') validateViewRequest((input as Record<string, unknown>).view);
    return r.ok ? undefined : 'refused';
  },
  allowed: () => false,
};
