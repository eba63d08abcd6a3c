/**
 * The contract between the panel and its tabs: what a tab's view is given (ViewContext) and what it
 * hands back (MountedView). Its own module so that the panel, the tab tables and the exports meet
 * here instead of importing one another.
 */
import type { AttentionKind, TabId } from '../../src/shared/vocabulary';
import type { AttentionMatrix } from '../views/types';
import type { ExportExtent } from '../views/shared/matrix-canvas';
import type { LayerChoice } from './explained-attention';
import type { RunContext } from './run-context';
import type { RunLabels } from './run-labels';
import type { ViewState } from './view-state';

export interface ViewContext {
  run: RunContext;
  labels: RunLabels;
  view: ViewState;
  /** The matrix the views show: raw or value-weighted (the view's measure), or the rollout. */
  matrix(kind: AttentionKind, layer: LayerChoice, head: number | 'mean'): Promise<AttentionMatrix>;
  /** Focus a layer/head in the heatmap (from the overview). */
  select(layer: number, head: number | 'mean'): void;
  /** A query token was focused in a view: shade the editor by its row. */
  focusQuery(kind: AttentionKind, query: number | null): void;
  /** The same matrix in the run this one is compared with (after masking or a positional-encoding switch). */
  baselineMatrix?(kind: AttentionKind, layer: LayerChoice, head: number | 'mean'): Promise<AttentionMatrix>;
  /** Mask or unmask a source token (the pass runs again with <mask> in its place). */
  toggleMask(index: number): void;
  clearMasks(): void;
}

export interface MountedView {
  tab: TabId;
  update(ctx: ViewContext): Promise<void>;
  dispose(): void;
  /** Focus the query that reads source token `sourceIndex`, as if the user had chosen it here. */
  focus?(sourceIndex: number): Promise<void>;
  toSVG?(extent?: ExportExtent): string;
  toCanvas?(extent?: ExportExtent): HTMLCanvasElement;
  /** A view with its own numbers (q·k steps, predictions): what JSON and CSV export save. */
  toData?(): { name: string; json: unknown; csv: string };
}

/** Mounts one tab's view in its container from the current run. */
export type Mount = (container: HTMLElement, ctx: ViewContext) => Promise<MountedView>;
