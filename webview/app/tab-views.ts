/**
 * One entry per tab: how to mount its view from the current run, update it, and what it can export.
 * Views stay plain (webview/views/*); this is where run data is shaped for them.
 */
import { renderArcsView } from '../views/arcs/arcs-view';
import { renderHeatmapView } from '../views/heatmap/heatmap-view';
import { renderOverviewView } from '../views/overview/overview-view';
import type { AttentionKind, AttentionMatrix } from '../views/types';
import type { RunContext } from './panel-app';
import type { RunLabels } from './run-labels';
import type { TabId, ViewState } from './view-state';

export interface ViewContext {
  run: RunContext;
  labels: RunLabels;
  view: ViewState;
  matrix(kind: AttentionKind, layer: number, head: number | 'mean'): Promise<AttentionMatrix>;
  /** Focus a layer/head in the heatmap (from the overview). */
  select(layer: number, head: number | 'mean'): void;
  /** A query token was focused in a view: shade the editor by its row. */
  focusQuery(kind: AttentionKind, query: number | null): void;
}

export interface MountedView {
  tab: TabId;
  update(ctx: ViewContext): Promise<void>;
  dispose(): void;
  /** Focus a query token, as if the user had chosen it in this view. */
  focus?(query: number): Promise<void>;
  toSVG?(): string;
  toCanvas?(): HTMLCanvasElement;
}

type Mount = (container: HTMLElement, ctx: ViewContext) => Promise<MountedView>;

const heatmap: Mount = async (container, ctx) => {
  const matrix = await ctx.matrix(ctx.view.kind, ctx.view.layer, ctx.view.head);
  let kind = ctx.view.kind;
  const view = renderHeatmapView(container, { matrix }, {
    onTokenFocus: (side, index) => side === 'query' && ctx.focusQuery(kind, index),
    onCellHover: (q) => q !== null && ctx.focusQuery(kind, q),
  });
  return {
    tab: 'heatmap',
    async update(next) {
      kind = next.view.kind;
      view.update({ matrix: await next.matrix(next.view.kind, next.view.layer, next.view.head) });
    },
    dispose: () => view.dispose(),
    toSVG: () => view.toSVG(),
    toCanvas: () => view.toCanvas(),
  };
};

async function overviewData(ctx: ViewContext) {
  const { N, h } = ctx.run.config;
  const matrices = await Promise.all(
    Array.from({ length: N }, (_, layer) => Promise.all(Array.from({ length: h }, (_, head) => ctx.matrix(ctx.view.kind, layer, head)))),
  );
  const means = await Promise.all(Array.from({ length: N }, (_, layer) => ctx.matrix(ctx.view.kind, layer, 'mean')));
  return { kind: ctx.view.kind, matrices, means, selected: { layer: ctx.view.layer, head: ctx.view.head } };
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
  const heads = await Promise.all(Array.from({ length: ctx.run.config.h }, (_, head) => ctx.matrix(ctx.view.kind, ctx.view.layer, head)));
  return { heads };
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
    focus: async (query) => view.setLock({ side: 'query', index: query }),
    toSVG: () => view.toSVG(),
  };
};

export const TAB_VIEWS: Record<TabId, Mount> = {
  heatmap,
  overview,
  arcs,
  masks: heatmap,
  positions: heatmap,
  model: heatmap,
  tokens: heatmap,
};
