/**
 * Small multiples of one attention kind: a row per layer, a column per head, and a "mean over
 * heads" column, so patterns can be spotted across the whole model and one picked for the heatmap.
 */
import type { AttentionKind, AttentionMatrix, ViewHandle } from '../types';
import { attentionWording, headName, layerName } from '../shared/attention-text';
import { VIRIDIS, lutIndexInRange } from '../shared/colormaps';
import { appendDisposable, el, observeResize, viewHeader } from '../shared/dom';
import { DisposableStore } from '../../../src/shared/lifecycle';
import { type Fill, lutFills, paintGrid } from '../shared/grid-paint';
import { meanOverHeads } from '../shared/mean-over-heads';
import { readCanvasTheme, labelFont, titleFont } from '../shared/canvas-theme';
import { type PooledMatrix, poolMax } from './thumbnail-pool';

export type HeadChoice = number | 'mean';

export interface OverviewSelection {
  layer: number;
  head: HeadChoice;
}

export interface OverviewData {
  kind: AttentionKind;
  /** matrices[layer][head], all of `kind`. */
  matrices: AttentionMatrix[][];
  /** Mean over heads per layer; computed from the heads when omitted. */
  means?: AttentionMatrix[];
  /** The layer/head shown in the heatmap, outlined here. */
  selected?: OverviewSelection;
}

export interface OverviewCallbacks {
  /** A thumbnail was clicked or chosen with Enter / Space. */
  onSelect?(layer: number, head: HeadChoice): void;
}

export interface OverviewView extends ViewHandle<OverviewData> {
  /** The grid with its labels as one canvas (PNG export). */
  toCanvas(scale?: number): HTMLCanvasElement;
}

/** Thumbnails use a flat grey for masked blocks: stripes would be noise at this size. */
const THUMB_MASKED: Fill = { rgb: [118, 118, 118] };
const THUMB_FILLS: Fill[] = [...lutFills(VIRIDIS), THUMB_MASKED];
const MASKED_INDEX = THUMB_FILLS.length - 1;
const ROW_HEADER = 64;
const GAP = 6;
/** Per column: the table's border-spacing plus the button's 2 px border on each side. */
const COLUMN_OVERHEAD = GAP + 4;
/** The mean column's separator and padding. */
const MEAN_EXTRA = 8;
const MIN_THUMB = 40;
const MAX_THUMB = 112;

/** Side of a thumbnail so that all heads plus the mean fit the width (within limits). */
export function thumbnailSize(availableWidth: number, columns: number): number {
  const fit = Math.floor((availableWidth - ROW_HEADER - GAP - MEAN_EXTRA - COLUMN_OVERHEAD * columns) / columns);
  return Math.max(MIN_THUMB, Math.min(MAX_THUMB, fit));
}

function paintThumbnail(canvas: HTMLCanvasElement, pooled: PooledMatrix, cssSize: number, dpr: number): void {
  const px = Math.max(1, Math.round(cssSize * dpr));
  const fills = new Uint16Array(pooled.values.length);
  for (let i = 0; i < fills.length; i++) {
    fills[i] = pooled.masked[i] ? MASKED_INDEX : lutIndexInRange(pooled.values[i], 0, pooled.max || 1);
  }
  canvas.width = px;
  canvas.height = px;
  canvas.style.width = `${cssSize}px`;
  canvas.style.height = `${cssSize}px`;
  canvas.getContext('2d')?.putImageData(new ImageData(paintGrid(fills, pooled.rows, pooled.cols, THUMB_FILLS, px, px), px, px), 0, 0);
}

function sameSelection(a: OverviewSelection | undefined, layer: number, head: HeadChoice): boolean {
  return a !== undefined && a.layer === layer && a.head === head;
}

export function renderOverviewView(container: HTMLElement, data: OverviewData, callbacks: OverviewCallbacks = {}): OverviewView {
  // Everything the view holds (plots, observers, its root on the page) goes when the store does.
  const store = new DisposableStore();
  let current = data;
  const header = viewHeader('', '');
  const legend = el('div', { class: 'xr-overview-legend' });
  const table = el('table', { class: 'xr-overview-grid' });
  const root = el('section', { class: 'xr-view xr-overview', 'aria-label': 'Attention overview: all layers and heads' }, [
    header.root,
    el('div', { class: 'xr-overview-scroll' }, [table]),
    legend,
  ]);
  store.add(appendDisposable(container, root));
  let buttons: HTMLButtonElement[][] = [];
  let thumbSize = MIN_THUMB;

  function columns(d: OverviewData): HeadChoice[] {
    const heads = d.matrices[0]?.length ?? 0;
    return [...Array.from({ length: heads }, (_, h) => h as HeadChoice), 'mean'];
  }

  function matrixAt(d: OverviewData, layer: number, head: HeadChoice): AttentionMatrix {
    return head === 'mean' ? (d.means?.[layer] ?? meanOverHeads(d.matrices[layer])) : d.matrices[layer][head];
  }

  function build(): void {
    // Rebuilding replaces the buttons: remember which one had the keyboard focus, to give it back.
    const focused = buttons.flatMap((row, r) => row.map((b, c) => (b === document.activeElement ? [r, c] : null))).find((x) => x);
    const d = current;
    const wording = attentionWording(d.kind);
    header.title.textContent = `${wording.name}: all layers × heads`;
    header.explanation.textContent =
      `Rows are layers (1 = bottom), columns are heads, plus their mean. In each thumbnail, rows are queries (${wording.querySource}) ` +
      `and columns are keys (${wording.keySource}). Click one, or use the arrow keys and Enter, to show it in the heatmap.`;
    const cols = columns(d);
    thumbSize = thumbnailSize(root.clientWidth || 600, cols.length);
    const dpr = window.devicePixelRatio || 1;
    const headRow = el('tr', {}, [
      el('th', { scope: 'col' }, []),
      ...cols.map((h) => el('th', { scope: 'col', class: h === 'mean' ? 'xr-overview-mean' : '' }, [h === 'mean' ? 'Mean' : headName(h)])),
    ]);
    buttons = [];
    const rows = d.matrices.map((_, layer) => {
      const rowButtons: HTMLButtonElement[] = [];
      const cells = cols.map((head) => {
        const m = matrixAt(d, layer, head);
        const canvas = el('canvas', { 'aria-hidden': 'true' });
        paintThumbnail(canvas, poolMax(m.weights, m.masked, m.queries.length, m.keys.length, Math.round(thumbSize * dpr)), thumbSize, dpr);
        const selected = sameSelection(d.selected, layer, head);
        const button = el(
          'button',
          {
            class: `xr-thumb${selected ? ' xr-thumb-selected' : ''}`,
            type: 'button',
            'aria-pressed': selected ? 'true' : 'false',
            'aria-label': `${layerName(layer)}, ${headName(head)}: ${wording.name}`,
            title: `${layerName(layer)} · ${headName(head)}`,
            tabindex: -1,
          },
          [canvas],
        );
        button.addEventListener('click', () => callbacks.onSelect?.(layer, head));
        rowButtons.push(button);
        return el('td', { class: head === 'mean' ? 'xr-overview-mean' : '' }, [button]);
      });
      buttons.push(rowButtons);
      return el('tr', {}, [el('th', { scope: 'row' }, [layerName(layer)]), ...cells]);
    });
    table.replaceChildren(el('thead', {}, [headRow]), el('tbody', {}, rows));
    // Roving tab stop: one Tab reaches the grid (on the selected thumbnail), arrows move inside it.
    const sel = d.selected;
    const start = sel ? buttons[sel.layer]?.[cols.indexOf(sel.head)] : buttons[0]?.[0];
    (start ?? buttons[0]?.[0])?.setAttribute('tabindex', '0');
    if (focused) {
      const again = buttons[focused[0]]?.[focused[1]];
      if (again) {
        for (const b of buttons.flat()) b.setAttribute('tabindex', '-1');
        again.setAttribute('tabindex', '0');
        again.focus();
      }
    }
    legend.replaceChildren(
      el('span', {}, ['Colour: viridis, each thumbnail from 0 to its own largest weight; grey = masked. ']),
      el('span', {}, ['Long inputs: each thumbnail pixel shows the largest weight of its block.']),
    );
  }

  table.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement;
    let r = buttons.findIndex((row) => row.includes(target as HTMLButtonElement));
    if (r < 0) return;
    let c = buttons[r].indexOf(target as HTMLButtonElement);
    const moves: Record<string, () => void> = {
      ArrowUp: () => (r = Math.max(0, r - 1)),
      ArrowDown: () => (r = Math.min(buttons.length - 1, r + 1)),
      ArrowLeft: () => (c = Math.max(0, c - 1)),
      ArrowRight: () => (c = Math.min(buttons[r].length - 1, c + 1)),
      Home: () => (c = 0),
      End: () => (c = buttons[r].length - 1),
    };
    if (!moves[e.key]) return;
    e.preventDefault();
    moves[e.key]();
    for (const b of buttons.flat()) b.setAttribute('tabindex', '-1');
    buttons[r][c].setAttribute('tabindex', '0');
    buttons[r][c].focus();
  });

  build();
  // Thumbnails change size in steps (and stay within bounds): most width changes leave them as they are.
  store.add(observeResize([root], () => {
    if (thumbnailSize(root.clientWidth || 600, columns(current).length) !== thumbSize) build();
  }));

  /** Moves the outline without rebuilding, so keyboard focus stays where it is. */
  function applySelection(): void {
    const cols = columns(current);
    buttons.forEach((row, layer) =>
      row.forEach((b, c) => {
        const selected = sameSelection(current.selected, layer, cols[c]);
        b.classList.toggle('xr-thumb-selected', selected);
        b.setAttribute('aria-pressed', selected ? 'true' : 'false');
      }),
    );
  }

  return {
    update(next) {
      const onlySelection =
        next.kind === current.kind &&
        next.matrices.length === current.matrices.length &&
        next.matrices.every((row, l) => row.length === current.matrices[l].length && row.every((m, h) => m.weights === current.matrices[l][h].weights)) &&
        (next.means ?? []).every((m, l) => m.weights === current.means?.[l]?.weights);
      current = next;
      if (onlySelection) applySelection();
      else build();
    },
    dispose: () => store.dispose(),
    toCanvas(scale = 2) {
      const theme = readCanvasTheme(root);
      const cols = columns(current);
      const top = 22;
      const width = ROW_HEADER + cols.length * (thumbSize + GAP);
      const height = top + current.matrices.length * (thumbSize + GAP);
      const out = document.createElement('canvas');
      out.width = Math.ceil(width * scale);
      out.height = Math.ceil(height * scale);
      const ctx = out.getContext('2d');
      if (!ctx) return out;
      ctx.fillStyle = theme.background;
      ctx.fillRect(0, 0, out.width, out.height);
      ctx.scale(scale, scale);
      ctx.fillStyle = theme.foreground;
      ctx.textBaseline = 'middle';
      ctx.textAlign = 'center';
      ctx.font = titleFont(theme);
      cols.forEach((h, c) => ctx.fillText(h === 'mean' ? 'Mean' : headName(h), ROW_HEADER + c * (thumbSize + GAP) + thumbSize / 2, top / 2));
      ctx.textAlign = 'left';
      ctx.font = labelFont(theme, false);
      buttons.forEach((row, layer) => {
        const y = top + layer * (thumbSize + GAP);
        ctx.fillText(layerName(layer), 0, y + thumbSize / 2);
        row.forEach((b, c) => {
          const thumb = b.querySelector('canvas');
          if (thumb) ctx.drawImage(thumb, ROW_HEADER + c * (thumbSize + GAP), y, thumbSize, thumbSize);
        });
      });
      return out;
    },
  };
}
