/**
 * One entry per tab: how to mount its view from the current run, update it, and what it can export.
 * Views stay plain (webview/views/*); this is where run data is shaped for them.
 */
import { renderArcsView } from '../views/arcs/arcs-view';
import { renderHeatmapView } from '../views/heatmap/heatmap-view';
import { renderOverviewView } from '../views/overview/overview-view';
import { renderMasksView } from '../views/masks/masks-view';
import { renderModelView } from '../views/model/model-view';
import { renderPositionsView } from '../views/positions/positions-view';
import { renderTokensView } from '../views/tokens/tokens-view';
import type { TabId } from '../../src/shared/vocabulary';
import { DisposableStore } from '../../src/shared/lifecycle';
import { addDisposableListener } from '../views/shared/dom';
import type { Mount, ViewContext } from './mounted-view';
import { difference, predictions, qk } from './explain-tab-views';

const heatmap: Mount = async (container, ctx) => {
  const matrix = await ctx.matrix(ctx.view.kind, ctx.view.layer, ctx.view.head);
  let kind = ctx.view.kind;
  let current = ctx;
  // The listener sits on the tab's container, which outlives the view: the store removes it.
  const store = new DisposableStore();
  // Alt+click on a label of source tokens masks that token with <mask> (issue 16): the label click
  // carries no event, so the Alt key is read from the pointer press that precedes it.
  let altPress = false;
  store.add(addDisposableListener(container, 'pointerdown', (e) => (altPress = e.altKey), true));
  const view = store.add(renderHeatmapView(container, { matrix }, {
    onTokenFocus: (side, index) => {
      const sourceAxis = kind === 'encoderSelf' || (kind === 'cross' && side === 'key');
      if (altPress && sourceAxis) {
        altPress = false;
        current.toggleMask(index);
        return;
      }
      if (side === 'query') ctx.focusQuery(kind, index);
    },
    onCellHover: (q) => q !== null && ctx.focusQuery(kind, q),
  }));
  return {
    tab: 'heatmap',
    async update(next) {
      kind = next.view.kind;
      current = next;
      view.update({ matrix: await next.matrix(next.view.kind, next.view.layer, next.view.head) });
    },
    dispose: () => store.dispose(),
    // Decoder queries read the source shifted right by one: source token i is decoder position i + 1.
    focus: async (source) => view.focusQuery(kind === 'encoderSelf' ? source : source + 1),
    toSVG: (extent) => view.toSVG(extent),
    toCanvas: (extent) => view.toCanvas(2, extent),
  };
};

async function overviewData(ctx: ViewContext) {
  const { N, h } = ctx.run.config;
  const matrices = await Promise.all(
    Array.from({ length: N }, (_, layer) => Promise.all(Array.from({ length: h }, (_, head) => ctx.matrix(ctx.view.kind, layer, head)))),
  );
  const means = await Promise.all(Array.from({ length: N }, (_, layer) => ctx.matrix(ctx.view.kind, layer, 'mean')));
  const layer = ctx.view.layer;
  return { kind: ctx.view.kind, matrices, means, ...(layer === 'rollout' ? {} : { selected: { layer, head: ctx.view.head } }) };
}

const overview: Mount = async (container, ctx) => {
  const view = renderOverviewView(container, await overviewData(ctx), { onSelect: (layer, head) => ctx.select(layer, head) });
  return {
    tab: 'overview',
    update: async (next) => view.update(await overviewData(next)),
    dispose: () => view.dispose(),
    toCanvas: () => view.toCanvas(),
  };
};

async function arcsData(ctx: ViewContext) {
  // Rollout averages the heads: one set of lines.
  if (ctx.view.layer === 'rollout') return { heads: [await ctx.matrix(ctx.view.kind, 'rollout', 'mean')] };
  const heads = await Promise.all(Array.from({ length: ctx.run.config.h }, (_, head) => ctx.matrix(ctx.view.kind, ctx.view.layer, head)));
  if (ctx.view.measure !== 'weighted') return { heads };
  // Lines have opacity and width by value in [0, 1]: value-weighted maps are scaled by the layer's largest.
  let max = 0;
  for (const m of heads) for (const v of m.weights) max = Math.max(max, v);
  return { heads: heads.map((m) => ({ ...m, weights: m.weights.map((v) => (max > 0 ? v / max : 0)) })) };
}

const arcs: Mount = async (container, ctx) => {
  let kind = ctx.view.kind;
  const view = renderArcsView(container, await arcsData(ctx), {
    onLockChange: (lock) => ctx.focusQuery(kind, lock && lock.side === 'query' ? lock.index : null),
  });
  return {
    tab: 'arcs',
    async update(next) {
      kind = next.view.kind;
      view.update(await arcsData(next));
    },
    dispose: () => view.dispose(),
    // Decoder queries read the source shifted right by one: source token i is decoder position i + 1.
    focus: async (source) => view.setLock({ side: 'query', index: kind === 'encoderSelf' ? source : source + 1 }),
    toSVG: () => view.toSVG(),
  };
};

const masksData = (ctx: ViewContext) => ({ source: ctx.labels.source, decoder: ctx.labels.target });

const masks: Mount = async (container, ctx) => {
  const view = renderMasksView(container, masksData(ctx));
  return { tab: 'masks', update: async (next) => view.update(masksData(next)), dispose: () => view.dispose(), toSVG: (extent) => view.toSVG(extent) };
};

const positionsData = (ctx: ViewContext) => ({
  length: Math.max(ctx.labels.source.length, ctx.labels.target.length),
  dModel: ctx.run.config.dModel,
  tokens: ctx.labels.source,
});

const positions: Mount = async (container, ctx) => {
  const view = renderPositionsView(container, positionsData(ctx));
  return {
    tab: 'positions',
    update: async (next) => view.update(positionsData(next)),
    dispose: () => view.dispose(),
    toSVG: () => view.toSVG(),
    toCanvas: () => view.toCanvas(),
  };
};

const modelData = (ctx: ViewContext) => ({
  config: ctx.run.config,
  nSrc: ctx.labels.source.length,
  nTgt: ctx.labels.target.length,
  modelName: ctx.run.weightsTrained ? 'Shipped code model (trained)' : 'Shipped configuration, random weights',
});

const model: Mount = async (container, ctx) => {
  const view = renderModelView(container, modelData(ctx));
  return { tab: 'model', update: async (next) => view.update(modelData(next)), dispose: () => view.dispose() };
};

const tokensData = (ctx: ViewContext, selected?: number) => ({
  tokens: ctx.run.tokens.map((t, i) => ({ ...ctx.labels.source[i], start: t.start, end: t.end })),
  sourceLabel: ctx.run.sourceLabel,
  selected,
  masked: ctx.run.masked ?? [],
});

const tokens: Mount = async (container, ctx) => {
  let current = ctx;
  // Token chips are the encoder's source tokens: focusing one shades the editor by its encoder self-attention.
  const view = renderTokensView(container, tokensData(ctx), {
    onTokenFocus: (index) => current.focusQuery('encoderSelf', index),
    onTokenHover: (index) => current.focusQuery('encoderSelf', index),
    onTokenMask: (index) => current.toggleMask(index),
  });
  return {
    tab: 'tokens',
    async update(next) {
      current = next;
      view.update(tokensData(next));
    },
    dispose: () => view.dispose(),
    focus: async (source) => view.update(tokensData(current, source)),
  };
};

export const TAB_VIEWS: Record<TabId, Mount> = { heatmap, overview, arcs, masks, positions, model, tokens, qk, predictions, difference };
