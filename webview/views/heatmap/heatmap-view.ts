/**
 * Heatmap of one attention matrix (one layer, one head or the mean, one kind): rows are queries
 * (the tokens attending), columns are keys (the tokens attended to), as in softmax(QKᵀ/√d_k).
 */
import type { AttentionMatrix, TokenSide, ViewHandle } from '../types';
import { attentionWording, matrixTitle } from '../shared/attention-text';
import { appendDisposable, el, viewHeader } from '../shared/dom';
import { DisposableStore } from '../../../src/shared/lifecycle';
import { type ExportExtent, MatrixCanvas } from '../shared/matrix-canvas';
import { createRadioGroup } from '../../ui';
import type { ScaleMode } from './heatmap-cells';
import { heatmapCellDescription, heatmapSpec } from './heatmap-spec';

export interface HeatmapData {
  matrix: AttentionMatrix;
}

export interface HeatmapCallbacks {
  /** Pointer or keyboard focus on cell (query q, key k); null, null when it leaves the matrix. */
  onCellHover?(query: number | null, key: number | null): void;
  /** A token was chosen: a click on its label, Enter (query) or Shift+Enter (key) on a cell. */
  onTokenFocus?(side: TokenSide, index: number): void;
}

export interface HeatmapView extends ViewHandle<HeatmapData> {
  /** Standalone SVG with labels, titles and legend: the whole matrix, or the zoomed part in view. */
  toSVG(extent?: ExportExtent): string;
  /** The plot as a canvas at `scale` pixels per CSS pixel (for PNG export). */
  toCanvas(scale?: number, extent?: ExportExtent): HTMLCanvasElement;
  /** Cell (query q, key k) in CSS pixels relative to the canvas, which `canvas` is; null when zoomed out of view. */
  cellRect(q: number, k: number): { x: number; y: number; width: number; height: number } | null;
  /** Moves the cell cursor to query row q (keeping its key column), zooming the view to it. */
  focusQuery(q: number): void;
  readonly canvas: HTMLCanvasElement;
  readonly plot: MatrixCanvas;
}

export function renderHeatmapView(container: HTMLElement, data: HeatmapData, callbacks: HeatmapCallbacks = {}): HeatmapView {
  // Everything the view holds (plots, observers, its root on the page) goes when the store does.
  const store = new DisposableStore();
  let matrix = data.matrix;
  let mode: ScaleMode = 'max';
  const header = viewHeader(matrixTitle(matrix), attentionWording(matrix.kind).explanation);
  const scale = createRadioGroup<ScaleMode>({
    label: 'Colour scale',
    choices: [
      { value: 'max', label: '0 … max' },
      { value: 'unit', label: '0 … 1' },
    ],
    value: mode,
    onChange(v) {
      mode = v;
      draw();
    },
  });
  const hint = el('p', { class: 'xr-hint' }, [
    'Hover a cell or focus the plot and use the arrow keys for exact weights; click a token label to select it in the editor. ' +
      'Wheel or pinch zooms around the pointer, drag pans, + − 0 zoom from the keyboard; from 10 px cells every token is labelled.',
  ]);
  const plot = store.add(new MatrixCanvas({
    describeCell: (q, k) => heatmapCellDescription(matrix, q, k),
    announceCell: (q, k) => {
      // Spoken in reading order: which query, which key, then the value.
      const [weight, query, key, ...masked] = heatmapCellDescription(matrix, q, k);
      return [query, key, weight, ...masked].join(', ');
    },
    onCellHover: (q, k) => callbacks.onCellHover?.(q, k),
    onCellActivate: (q, k, e) => (e.shiftKey ? callbacks.onTokenFocus?.('key', k) : callbacks.onTokenFocus?.('query', q)),
    onLabelClick: (axis, index) => callbacks.onTokenFocus?.(axis === 'row' ? 'query' : 'key', index),
  }));
  // Title, colour scale and zoom on one row, so the picture starts as high as it can.
  const root = el('section', { class: 'xr-view xr-heatmap', 'aria-label': 'Attention heatmap' }, [
    el('div', { class: 'xr-view-top' }, [header.root, el('div', { class: 'xr-toolbar' }, [scale.element, plot.zoomBar])]),
    plot.element,
    hint,
  ]);
  store.add(appendDisposable(container, root));

  function draw(): void {
    header.title.textContent = matrixTitle(matrix);
    header.explanation.textContent = attentionWording(matrix.kind).explanation + measureNote(matrix);
    plot.setSpec(heatmapSpec(matrix, mode));
  }
  draw();

  return {
    update(next) {
      matrix = next.matrix;
      draw();
    },
    dispose: () => store.dispose(),
    toSVG: (extent) => plot.toSVG('xr-heatmap', matrixTitle(matrix), extent),
    toCanvas: (s = 2, extent) => plot.toCanvas(s, extent),
    cellRect: (q, k) => plot.cellRect(q, k),
    focusQuery: (q) => plot.setFocusCell({ row: q, col: plot.focusCell?.col ?? Math.min(q, matrix.keys.length - 1) }),
    canvas: plot.canvas,
    plot,
  };
}

/** What changes in the explanation when the cells are not plain weights of one layer (issue 16). */
function measureNote(m: HeatmapData['matrix']): string {
  if (m.measure === 'weighted') return ' Here each cell is instead value-weighted, α_ij · ‖f(x_j)‖ (see the note above the tabs): rows do not sum to 1.';
  if (m.measure === 'rollout') return ' Here the cells are the rollout over all layers (see the note above the tabs); its rows sum to 1.';
  return '';
}
