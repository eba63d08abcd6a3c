/**
 * The tabs of issue 16 that need more than attention maps: q·k step by step (an extra pass for the
 * query and key vectors of one attention) and Predictions (an extra pass with the output layer).
 */
import { renderQueryKeyView, type QueryKeyData } from '../views/qk-steps/qk-steps-view';
import { renderPredictionsView, type PredictionsData } from '../views/predictions/predictions-view';
import { renderDifferenceView, type DifferenceData } from '../views/difference/difference-view';
import { axes } from './run-labels';
import type { Mount, ViewContext } from './mounted-view';

interface QkChoice {
  head: number;
  query: number;
}

async function queryKeyData(ctx: ViewContext, choice: QkChoice): Promise<QueryKeyData> {
  const { run, view } = ctx;
  const probes = run.probes;
  if (!probes) throw new Error('This run cannot compute query and key vectors.');
  const kind = view.kind;
  const layer = view.layer === 'rollout' ? run.config.N - 1 : view.layer;
  const { queries, keys } = axes(ctx.labels, kind);
  const query = Math.min(choice.query, queries.length - 1);
  const qk = await probes.queryKeys(kind, layer);
  const head = Math.min(choice.head, qk.h - 1);
  const raw = await run.store.matrix(kind, layer, head);
  const nk = keys.length;
  const hidden = kind === 'decoderSelf' ? Uint8Array.from({ length: nk }, (_, j) => (j > query ? 1 : 0)) : undefined;
  return {
    kind, layer, head, h: qk.h, query, queries, keys, dK: qk.dK,
    q: qk.q.slice((head * qk.nq + query) * qk.dK, (head * qk.nq + query + 1) * qk.dK),
    k: qk.k.slice(head * qk.nk * qk.dK, (head + 1) * qk.nk * qk.dK),
    heatmapRow: raw.slice(query * nk, (query + 1) * nk),
    ...(hidden ? { hidden } : {}),
  };
}

export const qk: Mount = async (container, ctx) => {
  let current = ctx;
  const choice: QkChoice = { head: typeof ctx.view.head === 'number' ? ctx.view.head : 0, query: 0 };
  const redraw = async () => view.update(await queryKeyData(current, choice));
  const view = renderQueryKeyView(container, await queryKeyData(ctx, choice), {
    onHeadChange: (head) => {
      choice.head = head;
      void redraw();
    },
    onQueryChange: (query) => {
      choice.query = query;
      current.focusQuery(current.view.kind, query);
      void redraw();
    },
  });
  return {
    tab: 'qk',
    async update(next) {
      current = next;
      if (typeof next.view.head === 'number') choice.head = next.view.head;
      await redraw();
    },
    dispose: () => view.dispose(),
    focus: async (source) => {
      choice.query = current.view.kind === 'encoderSelf' ? source : source + 1;
      await redraw();
    },
    toSVG: () => view.toSVG(),
    toCanvas: () => view.toCanvas(),
    toData: () => ({ name: 'qk-steps', json: view.values(), csv: view.csv() }),
  };
};

async function predictionsData(ctx: ViewContext): Promise<PredictionsData> {
  const { run, labels } = ctx;
  if (!run.probes) throw new Error('This run cannot compute predictions.');
  const now = await run.probes.predictions();
  const base = run.baseline?.probes && (run.masked?.length ?? 0) > 0 ? await run.baseline.probes.predictions() : undefined;
  const vocabulary = run.vocabulary;
  return {
    inputs: labels.target, source: labels.source, top: now.top, real: now.real, accuracy: now.accuracy, masked: run.masked ?? [],
    ...(base ? { unmasked: { top: base.top, accuracy: base.accuracy } } : {}),
    text: (id) => vocabulary?.[id] ?? `#${id}`,
  };
}

export const predictions: Mount = async (container, ctx) => {
  let current = ctx;
  const view = renderPredictionsView(container, await predictionsData(ctx), {
    onToggleMask: (index) => current.toggleMask(index),
    onClearMasks: () => current.clearMasks(),
  });
  return {
    tab: 'predictions',
    async update(next) {
      current = next;
      view.update(await predictionsData(next));
    },
    dispose: () => view.dispose(),
    toSVG: () => view.toSVG(),
    toData: () => ({ name: 'predictions', json: view.values(), csv: view.csv() }),
  };
};

function changeText(ctx: ViewContext): string {
  const run = ctx.run;
  const parts: string[] = [];
  if ((run.masked?.length ?? 0) > 0) parts.push(`source position${run.masked!.length > 1 ? 's' : ''} ${run.masked!.join(', ')} replaced by <mask>`);
  if (run.baseline && run.baseline.positionalEncoding !== run.positionalEncoding) parts.push(`positional encoding ${run.positionalEncoding ? 'on' : 'off'} (was ${run.baseline.positionalEncoding ? 'on' : 'off'})`);
  return parts.join('; ') || 'no change';
}

async function differenceData(ctx: ViewContext): Promise<DifferenceData> {
  if (!ctx.baselineMatrix) return { change: '' };
  const { kind, layer, head } = ctx.view;
  const [now, before] = await Promise.all([ctx.matrix(kind, layer, head), ctx.baselineMatrix(kind, layer, head)]);
  return { now, before, change: changeText(ctx) };
}

export const difference: Mount = async (container, ctx) => {
  const view = renderDifferenceView(container, await differenceData(ctx));
  return {
    tab: 'difference',
    update: async (next) => view.update(await differenceData(next)),
    dispose: () => view.dispose(),
    toSVG: () => view.toSVG(),
    toCanvas: () => view.toCanvas(),
    toData: () => {
      const d = view.difference;
      const q = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
      const { queries, keys } = axes(ctx.labels, ctx.view.kind);
      const lines = ['query_position,query_token,key_position,key_token,change'];
      if (d.length === queries.length * keys.length) queries.forEach((qt, i) => keys.forEach((kt, j) => lines.push(`${i},${q(qt.text)},${j},${q(kt.text)},${d[i * keys.length + j]}`)));
      return {
        name: 'attention-difference',
        json: { kind: ctx.view.kind, layer: ctx.view.layer, head: ctx.view.head, change: changeText(ctx), note: 'difference[query][key] = this run minus the run before', difference: Array.from({ length: queries.length }, (_, i) => Array.from(d.subarray(i * keys.length, (i + 1) * keys.length))) },
        csv: lines.join('\n') + '\n',
      };
    },
  };
};
