/**
 * What the user is looking at: attention kind, layer, head, tab, pin. Saved with the webview's
 * state so that a restored panel (after VS Code restarts) shows the same view.
 */
import type { LayerChoice } from './explained-attention';
import { isOneOf, VIEW_TABS, type AttentionKind, type Measure, type TabId } from '../../src/shared/vocabulary';


export interface ViewState {
  kind: AttentionKind;
  /** A layer (0-based), or the rollout over all layers. */
  layer: LayerChoice;
  head: number | 'mean';
  tab: TabId;
  pinned: boolean;
  /** Run the forward pass without positional encoding (shows attention becoming order-blind). */
  positionalEncoding: boolean;
  /** Raw attention weights, or value-weighted ones (α_ij · ‖f(x_j)‖). */
  measure: Measure;
}

export const INITIAL_VIEW: ViewState = { kind: 'encoderSelf', layer: 0, head: 0, tab: 'heatmap', pinned: false, positionalEncoding: true, measure: 'raw' };

/** Restores a saved view, keeping only values that are valid for a model of N layers and h heads. */
export function restoreView(saved: unknown, N: number, h: number): ViewState {
  const v = { ...INITIAL_VIEW };
  if (typeof saved !== 'object' || saved === null) return v;
  const s = saved as Record<string, unknown>;
  if (s.kind === 'encoderSelf' || s.kind === 'decoderSelf' || s.kind === 'cross') v.kind = s.kind;
  if (s.layer === 'rollout' || (Number.isInteger(s.layer) && (s.layer as number) >= 0 && (s.layer as number) < N)) v.layer = s.layer as LayerChoice;
  if (s.head === 'mean' || (Number.isInteger(s.head) && (s.head as number) >= 0 && (s.head as number) < h)) v.head = s.head as number | 'mean';
  if (isOneOf(VIEW_TABS, s.tab)) v.tab = s.tab;
  if (typeof s.pinned === 'boolean') v.pinned = s.pinned;
  if (typeof s.positionalEncoding === 'boolean') v.positionalEncoding = s.positionalEncoding;
  if (s.measure === 'raw' || s.measure === 'weighted') v.measure = s.measure;
  return v;
}
