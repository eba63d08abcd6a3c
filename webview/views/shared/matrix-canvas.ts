/**
 * A labelled matrix on a HiDPI <canvas>: cells painted through ImageData, row labels on the left,
 * column labels above, axis titles, a legend below; hover tooltip, keyboard focus cell announced
 * through aria-live, clickable labels. The heatmap, masks and positional-encoding views are this
 * component with different cells, labels and words.
 *
 * The matrix is fitted into the room left below the panel's top (whole, without scrolling), and
 * zoomed and panned inside that box (matrix-viewport.ts): wheel or pinch around the pointer, drag,
 * + − 0 keys, the zoom buttons; an overview with the window's rectangle sits in the top-left corner
 * while zoomed. Only what is in view is painted, so a frame costs the box's pixels, not n².
 *
 * Two canvases: the plot holds everything that changes only with the data, the size or the zoom; a
 * transparent overlay stacked on it holds the active cell and highlighted labels, so moving the
 * focus neither repaints nor copies the cells.
 */
import { createButton } from '../../ui';
import { Disposable, toDisposable } from '../../../src/shared/lifecycle';
import { addDisposableListener, el, liveRegion, observeResize, onThemeChange } from './dom';
import { CellLayers } from './cell-layers';
import { paintGrid } from './grid-paint';
import { drawLegend, legendHeight, legendWidth } from './legend';
import { type MatrixSpec, axisLabelText, cropSpec, isThinned, untrainedLineAt } from './matrix-spec';
import { type CanvasTheme, LABEL_FONT_PX, labelFont, readCanvasTheme, titleFont } from './canvas-theme';
import { type MatrixLayout, LABEL_GAP, PADDING, TITLE_BAND, matrixLayout } from './matrix-layout';
import {
  FIT,
  type Viewport,
  centreOn,
  clampViewport,
  labelCentre,
  labelsInView,
  panByPixels,
  reveal,
  viewCellAt,
  viewCellRect,
  visibleRange,
  zoomAt,
  zoomedCell,
} from './matrix-viewport';
import { matrixToSvg } from './matrix-svg';
import { Tooltip } from './tooltip';

export type { MatrixSpec } from './matrix-spec';

export type MatrixAxis = 'row' | 'col';

export interface MatrixCallbacks {
  /** Tooltip lines for a cell; the first is the heading. */
  describeCell(row: number, col: number): string[];
  /** One sentence for screen readers when the keyboard focus reaches a cell. */
  announceCell(row: number, col: number): string;
  /** The pointer or keyboard focus is on a cell; null, null when it leaves the plot. */
  onCellHover?(row: number | null, col: number | null): void;
  /** Enter / Space on the focused cell, or a click on a cell. */
  onCellActivate?(row: number, col: number, event: { shiftKey: boolean }): void;
  /** A click on a row or column label. */
  onLabelClick?(axis: MatrixAxis, index: number): void;
}

export interface Cell {
  row: number;
  col: number;
}

const DEFAULT_MAX_CELL = 28;
const DEFAULT_MIN_CELL = 0.5;
const LABEL_SPACING = LABEL_FONT_PX + 3;
/** Labels longer than this are truncated anyway; the cap keeps one long label from eating the plot. */
const MAX_LABEL_WIDTH = 120;
/** The fitted plot never gets less height than this, however little room the window leaves. */
const MIN_FIT_HEIGHT = 260;
/** Room kept under the plot's legend inside the window (the hint line starts there). */
const FOLD_MARGIN = 6;
/** One + or − press, or one zoom button click. */
const ZOOM_STEP = 1.5;
/** A press that moves less than this is a click, not a drag. */
const DRAG_THRESHOLD_PX = 3;
/** Largest side of the overview thumbnail (CSS px). */
const OVERVIEW_MAX = 96;
const OVERVIEW_MIN = 28;

/** What an export holds: the whole matrix, or only the zoomed part in view. */
export interface ExportExtent {
  visibleOnly?: boolean;
}

/** Disposing it removes its listeners, observers and pending frames, and takes its element off the page. */
export class MatrixCanvas extends Disposable {
  readonly element: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  /** − + Fit buttons; a view may move them into its own toolbar. */
  readonly zoomBar: HTMLElement;
  /** What part is in view, under the plot (above it, a changing line length would move the plot). */
  private readonly zoomStatus: HTMLElement;
  /** Stacked on the canvas, lets pointer events through to it (CSS). */
  private readonly overlay: HTMLCanvasElement;
  private readonly tooltip: Tooltip;
  private readonly live = liveRegion();
  private spec: MatrixSpec | undefined;
  private layout: MatrixLayout | undefined;
  private theme: CanvasTheme | undefined;
  private dpr = 1;
  private view: Viewport = FIT;
  /** The cells as images, built once per spec (an export of the zoomed part gets its own). */
  private layers: { spec: MatrixSpec; layers: CellLayers } | undefined;
  private overviewBox: { x: number; y: number; width: number; height: number } | undefined;
  private drag: { x: number; y: number; start: Viewport; moved: boolean; onOverview: boolean } | null = null;
  private suppressClick = false;
  private hover: Cell | null = null;
  /** A hovered label band (row or column) without a cell. */
  private hoverLabel: { axis: MatrixAxis; index: number } | null = null;
  private focus: Cell | null = null;
  private frame = 0;
  private paintFrame = 0;
  /** How long the last repaint of the base took (ms): zoom and pan must stay under a frame. */
  lastPaintMillis = 0;

  constructor(private readonly callbacks: MatrixCallbacks) {
    super();
    this.canvas = el('canvas', { class: 'xr-matrix-canvas', tabindex: 0, role: 'application' });
    this.zoomStatus = el('span', { class: 'xr-zoom-status', 'aria-live': 'polite' });
    this.zoomBar = el('div', { class: 'xr-zoom', role: 'group', 'aria-label': 'Zoom' }, [
      createButton({ label: '−', ariaLabel: 'Zoom out (−)', onClick: () => this.zoomBy(1 / ZOOM_STEP) }),
      createButton({ label: '+', ariaLabel: 'Zoom in (+)', onClick: () => this.zoomBy(ZOOM_STEP) }),
      createButton({ label: 'Fit', ariaLabel: 'Fit the whole matrix (0)', onClick: () => this.setViewport(FIT) }),
    ]);
    this.overlay = el('canvas', { class: 'xr-matrix-overlay', 'aria-hidden': 'true' });
    this.element = el('div', { class: 'xr-matrix' }, [this.zoomBar, this.canvas, this.overlay, this.live, this.zoomStatus]);
    this.tooltip = new Tooltip(this.element);
    const canvas = this.canvas;
    this.register(addDisposableListener(canvas, 'pointerdown', (e) => this.onPointerDown(e)));
    this.register(addDisposableListener(canvas, 'pointermove', (e) => this.onPointerMove(e)));
    this.register(addDisposableListener(canvas, 'pointerup', (e) => this.onPointerUp(e)));
    this.register(addDisposableListener(canvas, 'pointercancel', (e) => this.onPointerUp(e)));
    this.register(addDisposableListener(canvas, 'pointerleave', () => this.onPointerLeave()));
    // Not passive: a wheel over the cells zooms instead of scrolling the page.
    this.register(addDisposableListener(canvas, 'wheel', (e) => this.onWheel(e), { passive: false }));
    this.register(addDisposableListener(canvas, 'click', (e) => this.onClick(e)));
    this.register(addDisposableListener(canvas, 'keydown', (e) => this.onKeyDown(e)));
    this.register(addDisposableListener(canvas, 'focus', () => this.onFocusIn()));
    this.register(addDisposableListener(canvas, 'blur', () => {
      this.tooltip.hide();
      this.scheduleOverlay();
    }));
    // The body too: what sits above the plot (notices, toolkit controls upgrading late) moves its top.
    this.register(observeResize([this.element, document.body], () => this.relayoutIfSizeChanged()));
    this.register(addDisposableListener(window, 'resize', () => this.relayoutIfSizeChanged()));
    this.register(onThemeChange(() => this.render()));
    this.register(toDisposable(() => {
      cancelAnimationFrame(this.frame);
      cancelAnimationFrame(this.paintFrame);
      this.element.remove();
    }));
  }

  setSpec(spec: MatrixSpec): void {
    const sameShape = this.spec && this.spec.rows === spec.rows && this.spec.cols === spec.cols;
    this.spec = spec;
    this.canvas.setAttribute(
      'aria-label',
      `${spec.ariaLabel} Plus and minus zoom around the focused cell, 0 fits the whole matrix; the view follows the arrow keys.`,
    );
    if (!sameShape) {
      this.focus = null;
      this.hover = null;
      this.view = FIT;
      this.tooltip.hide();
    }
    this.render();
  }

  /** Moves the keyboard focus cell (and announces it), bringing it into view. */
  setFocusCell(cell: Cell | null): void {
    this.focus = cell;
    if (cell) {
      this.announce(cell);
      this.revealCell(cell);
    }
    this.scheduleOverlay();
  }

  get focusCell(): Cell | null {
    return this.focus;
  }

  get currentLayout(): MatrixLayout | undefined {
    return this.layout;
  }

  get viewport(): Viewport {
    return this.view;
  }

  /** Shows a part of the matrix (clamped to it); FIT shows the whole. */
  setViewport(v: Viewport): void {
    if (!this.layout || !this.spec) return;
    const next = clampViewport(v, this.layout, this.spec);
    if (next.zoom === this.view.zoom && next.row0 === this.view.row0 && next.col0 === this.view.col0) return;
    this.view = next;
    this.schedulePaint();
  }

  /** Zooms around the focused cell (or the centre of the view). */
  zoomBy(factor: number): void {
    const { layout, spec } = this;
    if (!layout || !spec) return;
    let fx = 0.5;
    let fy = 0.5;
    const rect = this.focus && viewCellRect(layout, this.view, this.focus.row, this.focus.col);
    if (rect) {
      fx = (rect.x + rect.width / 2 - layout.plotX) / layout.plotWidth;
      fy = (rect.y + rect.height / 2 - layout.plotY) / layout.plotHeight;
    }
    this.setViewport(zoomAt(this.view, layout, spec, factor, fx, fy));
  }

  /** Where cell (row, col) is drawn, in CSS pixels relative to the canvas; null when zoomed out of view. */
  cellRect(row: number, col: number): { x: number; y: number; width: number; height: number } | null {
    return this.layout ? viewCellRect(this.layout, this.view, row, col) : null;
  }

  /**
   * The labelled plot as a new canvas at `scale` device pixels per CSS pixel (PNG export): the
   * whole matrix, or with `visibleOnly` the rows and columns in view.
   */
  toCanvas(scale = 2, extent: ExportExtent = {}): HTMLCanvasElement {
    const out = document.createElement('canvas');
    const exported = this.exported(extent);
    if (!exported || !this.theme) return out;
    this.paintBase(out, exported.spec, exported.layout, this.theme, scale, FIT);
    return out;
  }

  /** The labelled plot as a standalone SVG document (vector export), in the current theme's colours. */
  toSVG(idPrefix = 'xr', caption = '', extent: ExportExtent = {}): string {
    const exported = this.exported(extent);
    const theme = this.theme;
    if (!exported || !theme) return '';
    const { spec, layout } = exported;
    const style = {
      foreground: theme.foreground,
      background: theme.background,
      labelFontFamily: spec.monoLabels ? theme.monoFont : theme.uiFont,
      titleFontFamily: theme.uiFont,
    };
    const rasterize = (w: number, h: number) => {
      const canvas = document.createElement('canvas');
      canvas.width = w;
      canvas.height = h;
      const pixels = paintGrid(spec.cellFill, spec.rows, spec.cols, spec.fills, w, h);
      canvas.getContext('2d')?.putImageData(new ImageData(pixels, w, h), 0, 0);
      return canvas.toDataURL('image/png');
    };
    return matrixToSvg(spec, layout, style, rasterize, idPrefix, caption);
  }

  /**
   * Spec and layout of an export: the whole matrix laid out as on screen, or the part in view laid
   * out by the panel's width alone (a figure is not bound to the window's height).
   */
  private exported(extent: ExportExtent): { spec: MatrixSpec; layout: MatrixLayout } | undefined {
    const { spec, theme, layout } = this;
    if (!spec || !theme || !layout) return undefined;
    if (!extent.visibleOnly || this.view.zoom <= 1) return { spec, layout };
    const rows = visibleRange(this.view.row0, spec.rows, this.view.zoom);
    const cols = visibleRange(this.view.col0, spec.cols, this.view.zoom);
    const part = cropSpec(spec, [rows.first, rows.last + 1], [cols.first, cols.last + 1]);
    return { spec: part, layout: this.measure(part, theme, undefined) };
  }

  private lastSize = '';

  private relayoutIfSizeChanged(): void {
    if (this.spec && this.sizeKey() !== this.lastSize) this.render();
  }

  private sizeKey(): string {
    return `${this.element.clientWidth}x${window.innerHeight}@${Math.round(this.canvas.getBoundingClientRect().top + window.scrollY)}`;
  }

  /** The height the plot may take: from its top to the bottom of the window, so it fits unscrolled. */
  private fitHeight(): number {
    const top = this.canvas.getBoundingClientRect().top + window.scrollY;
    return Math.max(MIN_FIT_HEIGHT, window.innerHeight - top - FOLD_MARGIN);
  }

  private measure(spec: MatrixSpec, theme: CanvasTheme, availableHeight: number | undefined): MatrixLayout {
    const ctx = this.overlay.getContext('2d')!;
    ctx.font = labelFont(theme, spec.monoLabels);
    // Measured as if numbered: whether an axis is thinned is known only after the layout.
    const widest = (axis: 'row' | 'col', labels: string[]) =>
      Math.min(
        MAX_LABEL_WIDTH,
        Math.max(0, ...labels.map((l, i) => ctx.measureText(spec.numberThinnedLabels ? `${((axis === 'row' ? spec.rowOffset : spec.colOffset) ?? 0) + i}: ${l}` : l).width)),
      );
    const rowLabelWidth = widest('row', spec.rowLabels);
    const colLabelWidth = widest('col', spec.colLabels);
    const measureUi = (t: string) => {
      ctx.font = labelFont(theme, false);
      return ctx.measureText(t).width;
    };
    const legendW = legendWidth(spec.legend, measureUi);
    ctx.font = titleFont(theme);
    return matrixLayout({
      rows: spec.rows,
      cols: spec.cols,
      availableWidth: this.element.clientWidth || 600,
      availableHeight,
      rowLabelWidth,
      colLabelWidth,
      labelSpacing: LABEL_SPACING,
      maxCellPx: spec.maxCellPx ?? DEFAULT_MAX_CELL,
      minCellPx: spec.minCellPx ?? DEFAULT_MIN_CELL,
      minRowPx: spec.minRowPx,
      legendHeight: legendHeight(spec.legend),
      legendWidth: legendW,
      rowTitleWidth: ctx.measureText(spec.rowTitle).width,
      colTitleWidth: ctx.measureText(spec.colTitle).width,
    });
  }

  /** Lays out and repaints everything (data, size or theme changed). */
  render(): void {
    const spec = this.spec;
    if (!spec) return;
    this.lastSize = this.sizeKey();
    const theme = readCanvasTheme(this.element);
    this.theme = theme;
    const layout = this.measure(spec, theme, this.fitHeight());
    this.layout = layout;
    this.view = clampViewport(this.view, layout, spec);
    this.dpr = window.devicePixelRatio || 1;
    this.paint();
  }

  private cellLayers(spec: MatrixSpec): CellLayers {
    if (this.layers?.spec === spec) return this.layers.layers;
    const layers = new CellLayers(spec.cellFill, spec.rows, spec.cols, spec.fills);
    // The exported part of a zoomed matrix is drawn once: keep the on-screen spec's layers.
    if (spec === this.spec) this.layers = { spec, layers };
    return layers;
  }

  private schedulePaint(): void {
    cancelAnimationFrame(this.paintFrame);
    this.paintFrame = requestAnimationFrame(() => this.paint());
  }

  /** Repaints the base at the current zoom, then the overlay. */
  private paint(): void {
    const { spec, layout, theme } = this;
    if (!spec || !layout || !theme) return;
    const started = performance.now();
    this.paintBase(this.canvas, spec, layout, theme, this.dpr, this.view);
    for (const c of [this.canvas, this.overlay]) {
      c.style.width = `${layout.width}px`;
      c.style.height = `${layout.height}px`;
    }
    this.overlay.width = this.canvas.width;
    this.overlay.height = this.canvas.height;
    this.overlay.style.left = `${this.canvas.offsetLeft}px`;
    this.overlay.style.top = `${this.canvas.offsetTop}px`;
    this.drawOverlay();
    this.lastPaintMillis = performance.now() - started;
    this.describeView(spec);
  }

  /** The zoom status line, and the same as data attributes (read by the UI tests). */
  private describeView(spec: MatrixSpec): void {
    const rows = visibleRange(this.view.row0, spec.rows, this.view.zoom);
    const cols = visibleRange(this.view.col0, spec.cols, this.view.zoom);
    const layout = this.layout!;
    const { cellWidth, cellHeight } = zoomedCell(layout, this.view);
    const d = this.canvas.dataset;
    d.zoom = this.view.zoom.toFixed(2);
    d.rows = `${rows.first}-${rows.last}`;
    d.cols = `${cols.first}-${cols.last}`;
    d.cellPx = Math.min(cellWidth, cellHeight).toFixed(2);
    d.rowLabels = String(labelsInView(spec.rows, this.view.row0, this.view.zoom, cellHeight, LABEL_FONT_PX, LABEL_SPACING).indices.length);
    d.colLabels = String(labelsInView(spec.cols, this.view.col0, this.view.zoom, cellWidth, LABEL_FONT_PX, LABEL_SPACING).indices.length);
    d.plot = [layout.plotX, layout.plotY, layout.plotWidth, layout.plotHeight].map((v) => v.toFixed(1)).join(',');
    d.paintMs = this.lastPaintMillis.toFixed(2);
    this.zoomStatus.textContent =
      this.view.zoom <= 1
        ? 'Whole matrix · wheel, pinch or + to zoom'
        : `${this.view.zoom.toFixed(1)}× · rows ${rows.first}–${rows.last}, columns ${cols.first}–${cols.last} of ${spec.rows} × ${spec.cols} · drag to pan, 0 to fit`;
  }

  /** Background, cells in view, their labels, titles, legend and (zoomed) the overview, at a device-pixel ratio. */
  private paintBase(target: HTMLCanvasElement, spec: MatrixSpec, layout: MatrixLayout, theme: CanvasTheme, dpr: number, view: Viewport): void {
    const width = Math.ceil(layout.width * dpr);
    const height = Math.ceil(layout.height * dpr);
    if (target.width !== width || target.height !== height) {
      target.width = width;
      target.height = height;
    }
    const ctx = target.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = theme.background;
    ctx.fillRect(0, 0, target.width, target.height);

    // Cells in view, scaled from one pixel per cell onto whole device pixels.
    const px = Math.round(layout.plotX * dpr);
    const py = Math.round(layout.plotY * dpr);
    const pw = Math.max(1, Math.round(layout.plotWidth * dpr));
    const ph = Math.max(1, Math.round(layout.plotHeight * dpr));
    const inView = { row0: view.row0, col0: view.col0, rows: spec.rows / view.zoom, cols: spec.cols / view.zoom };
    this.cellLayers(spec).draw(ctx, inView, px, py, pw, ph);

    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    paintUntrainedLines(ctx, spec, layout, view, theme);
    ctx.fillStyle = theme.foreground;
    ctx.textBaseline = 'middle';
    const { cellWidth, cellHeight } = zoomedCell(layout, view);
    const rowLabels = labelsInView(spec.rows, view.row0, view.zoom, cellHeight, LABEL_FONT_PX, LABEL_SPACING);
    const colLabels = labelsInView(spec.cols, view.col0, view.zoom, cellWidth, LABEL_FONT_PX, LABEL_SPACING);
    const rowsThinned = isThinned(rowLabels.indices);
    const colsThinned = isThinned(colLabels.indices);
    ctx.font = labelFont(theme, spec.monoLabels, rowLabels.fontPx);
    ctx.textAlign = 'right';
    for (const r of rowLabels.indices) {
      const y = labelCentre(layout.plotY, layout.plotHeight, view.row0, cellHeight, r);
      if (y !== null) ctx.fillText(axisLabelText(spec, 'row', r, rowsThinned), layout.plotX - LABEL_GAP, y, MAX_LABEL_WIDTH);
    }
    ctx.save();
    ctx.font = labelFont(theme, spec.monoLabels, colLabels.fontPx);
    ctx.textAlign = 'left';
    for (const c of colLabels.indices) {
      const x = labelCentre(layout.plotX, layout.plotWidth, view.col0, cellWidth, c);
      if (x === null) continue;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.translate(x, layout.plotY - LABEL_GAP);
      ctx.rotate(-Math.PI / 2);
      ctx.fillText(axisLabelText(spec, 'col', c, colsThinned), 0, 0, MAX_LABEL_WIDTH);
    }
    ctx.restore();
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);

    ctx.font = titleFont(theme);
    ctx.textAlign = 'center';
    ctx.fillText(spec.colTitle, layout.colTitleAt.x, layout.colTitleAt.y);
    ctx.save();
    ctx.translate(layout.rowTitleAt.x, layout.rowTitleAt.y);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText(spec.rowTitle, 0, 0);
    ctx.restore();

    drawLegend(ctx, spec.legend, layout.plotX, layout.legendY, theme);
    if (target === this.canvas) this.paintOverview(ctx, spec, layout, theme, view);
  }

  /** While zoomed: the whole matrix small in the corner above the row labels, the window outlined on it. */
  private paintOverview(ctx: CanvasRenderingContext2D, spec: MatrixSpec, layout: MatrixLayout, theme: CanvasTheme, view: Viewport): void {
    this.overviewBox = undefined;
    if (view.zoom <= 1) return;
    const left = PADDING + TITLE_BAND;
    const room = Math.min(OVERVIEW_MAX, layout.plotX - LABEL_GAP - left, layout.plotY - LABEL_GAP - left);
    if (room < OVERVIEW_MIN) return;
    const aspect = spec.cols / spec.rows;
    const width = aspect >= 1 ? room : room * aspect;
    const height = aspect >= 1 ? room / aspect : room;
    const box = { x: layout.plotX - LABEL_GAP - width, y: layout.plotY - LABEL_GAP - height, width, height };
    this.cellLayers(spec).drawThumbnail(ctx, box.x, box.y, box.width, box.height);
    ctx.lineWidth = 1;
    ctx.strokeStyle = theme.foreground;
    ctx.strokeRect(box.x - 0.5, box.y - 0.5, box.width + 1, box.height + 1);
    const fx = width / spec.cols;
    const fy = height / spec.rows;
    const rx = box.x + view.col0 * fx;
    const ry = box.y + view.row0 * fy;
    const rw = Math.max(2, (spec.cols / view.zoom) * fx);
    const rh = Math.max(2, (spec.rows / view.zoom) * fy);
    ctx.lineWidth = 2;
    ctx.strokeStyle = theme.background;
    ctx.strokeRect(rx - 1, ry - 1, rw + 2, rh + 2);
    ctx.strokeStyle = theme.focus;
    ctx.strokeRect(rx, ry, rw, rh);
    this.overviewBox = box;
  }

  private scheduleOverlay(): void {
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => this.drawOverlay());
  }

  private get activeCell(): Cell | null {
    return this.hover ?? (document.activeElement === this.canvas ? this.focus : null);
  }

  private drawOverlay(): void {
    const ctx = this.overlay.getContext('2d');
    const { spec, layout, theme } = this;
    if (!ctx || !spec || !layout || !theme) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.overlay.width, this.overlay.height);
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    const active = this.activeCell;
    const row = active?.row ?? (this.hoverLabel?.axis === 'row' ? this.hoverLabel.index : null);
    const col = active?.col ?? (this.hoverLabel?.axis === 'col' ? this.hoverLabel.index : null);
    if (row !== null) this.highlightLabel(ctx, 'row', row, spec, layout, theme);
    if (col !== null) this.highlightLabel(ctx, 'col', col, spec, layout, theme);
    const rect = active && viewCellRect(layout, this.view, active.row, active.col);
    if (rect) {
      // At least 6 px, so a 1-pixel cell of a 512-token matrix still shows where the focus is.
      const w = Math.max(6, rect.width);
      const h = Math.max(6, rect.height);
      const cx = rect.x + rect.width / 2;
      const cy = rect.y + rect.height / 2;
      ctx.save();
      ctx.beginPath();
      ctx.rect(layout.plotX - 4, layout.plotY - 4, layout.plotWidth + 8, layout.plotHeight + 8);
      ctx.clip();
      ctx.lineWidth = 2;
      ctx.strokeStyle = theme.background;
      ctx.strokeRect(cx - w / 2 - 1, cy - h / 2 - 1, w + 2, h + 2);
      ctx.strokeStyle = theme.focus;
      ctx.strokeRect(cx - w / 2, cy - h / 2, w, h);
      ctx.restore();
    }
  }

  /** Draws one row or column label on a highlight box, even where thinning left it out. */
  private highlightLabel(ctx: CanvasRenderingContext2D, axis: MatrixAxis, index: number, spec: MatrixSpec, layout: MatrixLayout, theme: CanvasTheme): void {
    const { cellWidth, cellHeight } = zoomedCell(layout, this.view);
    const centre =
      axis === 'row'
        ? labelCentre(layout.plotY, layout.plotHeight, this.view.row0, cellHeight, index)
        : labelCentre(layout.plotX, layout.plotWidth, this.view.col0, cellWidth, index);
    if (centre === null) return;
    const labels = axis === 'row' ? labelsInView(spec.rows, this.view.row0, this.view.zoom, cellHeight, LABEL_FONT_PX, LABEL_SPACING) : labelsInView(spec.cols, this.view.col0, this.view.zoom, cellWidth, LABEL_FONT_PX, LABEL_SPACING);
    const text = axisLabelText(spec, axis, index, isThinned(labels.indices));
    ctx.save();
    ctx.font = `bold ${labelFont(theme, spec.monoLabels)}`;
    ctx.textBaseline = 'middle';
    const w = Math.min(MAX_LABEL_WIDTH, ctx.measureText(text).width) + 6;
    const h = LABEL_FONT_PX + 4;
    if (axis === 'row') {
      ctx.translate(layout.plotX - LABEL_GAP, centre);
    } else {
      ctx.translate(centre, layout.plotY - LABEL_GAP);
      ctx.rotate(-Math.PI / 2);
    }
    // In both cases the label now runs from x = 0 (at the plot) away from it.
    const dir = axis === 'row' ? -1 : 1;
    // Background + focus-colour border + bold text: readable in every theme, high contrast included.
    ctx.fillStyle = theme.background;
    ctx.fillRect(dir < 0 ? -w + 3 : -3, -h / 2, w, h);
    ctx.strokeStyle = theme.focus;
    ctx.lineWidth = 1;
    ctx.strokeRect(dir < 0 ? -w + 3 : -3, -h / 2, w, h);
    ctx.fillStyle = theme.foreground;
    ctx.textAlign = dir < 0 ? 'right' : 'left';
    ctx.fillText(text, 0, 0, MAX_LABEL_WIDTH);
    ctx.restore();
  }

  private pointerPosition(e: MouseEvent): { x: number; y: number } {
    const rect = this.canvas.getBoundingClientRect();
    return { x: e.clientX - rect.left, y: e.clientY - rect.top };
  }

  private cellAtPoint(x: number, y: number): Cell | null {
    return this.layout && this.spec ? viewCellAt(this.layout, this.view, this.spec, x, y) : null;
  }

  /** The row or column whose label band is under the point, if any. */
  private labelAt(x: number, y: number): { axis: MatrixAxis; index: number } | null {
    const { layout, spec } = this;
    if (!layout || !spec) return null;
    const { cellWidth, cellHeight } = zoomedCell(layout, this.view);
    const inRows = y >= layout.plotY && y < layout.plotY + layout.plotHeight;
    const inCols = x >= layout.plotX && x < layout.plotX + layout.plotWidth;
    if (inRows && x < layout.plotX && x > layout.plotX - MAX_LABEL_WIDTH - LABEL_GAP && !this.onOverview(x, y)) {
      return { axis: 'row', index: Math.min(spec.rows - 1, Math.floor(this.view.row0 + (y - layout.plotY) / cellHeight)) };
    }
    if (inCols && y < layout.plotY && y > layout.plotY - MAX_LABEL_WIDTH - LABEL_GAP) {
      return { axis: 'col', index: Math.min(spec.cols - 1, Math.floor(this.view.col0 + (x - layout.plotX) / cellWidth)) };
    }
    return null;
  }

  private onOverview(x: number, y: number): boolean {
    const b = this.overviewBox;
    return b !== undefined && x >= b.x && x <= b.x + b.width && y >= b.y && y <= b.y + b.height;
  }

  /** Centres the window on the matrix point under (x, y) of the overview. */
  private moveToOverviewPoint(x: number, y: number): void {
    const { overviewBox: b, layout, spec } = this;
    if (!b || !layout || !spec) return;
    const row = ((y - b.y) / b.height) * spec.rows;
    const col = ((x - b.x) / b.width) * spec.cols;
    this.setViewport(centreOn(this.view, layout, spec, row, col));
  }

  private onPointerDown(e: PointerEvent): void {
    if (e.button !== 0 || !this.layout) return;
    const { x, y } = this.pointerPosition(e);
    const onOverview = this.onOverview(x, y);
    if (!onOverview && !this.cellAtPoint(x, y)) return;
    this.drag = { x: e.clientX, y: e.clientY, start: this.view, moved: false, onOverview };
    this.canvas.setPointerCapture?.(e.pointerId);
    if (onOverview) this.moveToOverviewPoint(x, y);
  }

  private onPointerUp(e: PointerEvent): void {
    if (!this.drag) return;
    this.suppressClick = this.drag.moved || this.drag.onOverview;
    this.drag = null;
    this.canvas.releasePointerCapture?.(e.pointerId);
    this.canvas.classList.remove('xr-dragging');
  }

  private onPointerMove(e: PointerEvent): void {
    const { layout, spec } = this;
    if (!layout || !spec) return;
    const { x, y } = this.pointerPosition(e);
    const drag = this.drag;
    if (drag) {
      const dx = e.clientX - drag.x;
      const dy = e.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD_PX) return;
      drag.moved = true;
      if (drag.onOverview) return this.moveToOverviewPoint(x, y);
      this.canvas.classList.add('xr-dragging');
      this.tooltip.hide();
      this.setViewport(panByPixels(drag.start, layout, spec, dx, dy));
      return;
    }
    const cell = this.cellAtPoint(x, y);
    const label = cell ? null : this.labelAt(x, y);
    this.canvas.classList.toggle('xr-clickable', label !== null || this.onOverview(x, y));
    const changed = cell?.row !== this.hover?.row || cell?.col !== this.hover?.col;
    this.hover = cell;
    this.hoverLabel = label;
    if (cell) {
      this.tooltip.show(this.callbacks.describeCell(cell.row, cell.col), x + this.canvas.offsetLeft, y + this.canvas.offsetTop);
      if (changed) this.callbacks.onCellHover?.(cell.row, cell.col);
    } else {
      this.tooltip.hide();
      if (changed) this.callbacks.onCellHover?.(null, null);
    }
    this.scheduleOverlay();
  }

  private onPointerLeave(): void {
    const had = this.hover !== null;
    this.hover = null;
    this.hoverLabel = null;
    this.tooltip.hide();
    if (had) this.callbacks.onCellHover?.(null, null);
    this.scheduleOverlay();
  }

  /** Wheel or pinch (a wheel event with ctrlKey in Chromium) zooms around the pointer. */
  private onWheel(e: WheelEvent): void {
    const { layout, spec } = this;
    if (!layout || !spec) return;
    const { x, y } = this.pointerPosition(e);
    if (!this.cellAtPoint(x, y)) return; // outside the cells the page scrolls as usual
    e.preventDefault();
    const delta = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
    const factor = Math.exp(-delta * (e.ctrlKey ? 0.01 : 0.002));
    const fx = (x - layout.plotX) / layout.plotWidth;
    const fy = (y - layout.plotY) / layout.plotHeight;
    this.tooltip.hide();
    this.setViewport(zoomAt(this.view, layout, spec, factor, fx, fy));
  }

  private onClick(e: MouseEvent): void {
    const { layout, spec } = this;
    if (!layout || !spec) return;
    if (this.suppressClick) {
      this.suppressClick = false;
      return;
    }
    const { x, y } = this.pointerPosition(e);
    const cell = this.cellAtPoint(x, y);
    if (cell) {
      this.focus = cell;
      this.callbacks.onCellActivate?.(cell.row, cell.col, { shiftKey: e.shiftKey });
      this.scheduleOverlay();
      return;
    }
    const label = this.labelAt(x, y);
    if (label) this.callbacks.onLabelClick?.(label.axis, label.index);
  }

  private onFocusIn(): void {
    if (!this.focus && this.spec && this.spec.rows > 0 && this.spec.cols > 0) {
      const { layout, spec } = this;
      // The first cell in view, so a zoomed matrix does not jump back to its corner.
      this.focus = layout ? (viewCellAt(layout, this.view, spec, layout.plotX, layout.plotY) ?? { row: 0, col: 0 }) : { row: 0, col: 0 };
    }
    if (this.focus) {
      this.announce(this.focus);
      this.showTooltipAtFocus();
    }
    this.scheduleOverlay();
  }

  private revealCell(cell: Cell): void {
    if (this.layout && this.spec) this.setViewport(reveal(this.view, this.layout, this.spec, cell.row, cell.col));
  }

  private onKeyDown(e: KeyboardEvent): void {
    const spec = this.spec;
    if (!spec || spec.rows === 0 || spec.cols === 0) return;
    const zoomKeys: Record<string, () => void> = {
      '+': () => this.zoomBy(ZOOM_STEP),
      '=': () => this.zoomBy(ZOOM_STEP),
      '-': () => this.zoomBy(1 / ZOOM_STEP),
      '_': () => this.zoomBy(1 / ZOOM_STEP),
      '0': () => this.setViewport(FIT),
    };
    if (zoomKeys[e.key] && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      zoomKeys[e.key]();
      return;
    }
    const f = this.focus ?? { row: 0, col: 0 };
    const page = 10;
    const moves: Record<string, () => Cell> = {
      ArrowUp: () => ({ row: f.row - 1, col: f.col }),
      ArrowDown: () => ({ row: f.row + 1, col: f.col }),
      ArrowLeft: () => ({ row: f.row, col: f.col - 1 }),
      ArrowRight: () => ({ row: f.row, col: f.col + 1 }),
      PageUp: () => ({ row: f.row - page, col: f.col }),
      PageDown: () => ({ row: f.row + page, col: f.col }),
      Home: () => (e.ctrlKey ? { row: 0, col: 0 } : { row: f.row, col: 0 }),
      End: () => (e.ctrlKey ? { row: spec.rows - 1, col: spec.cols - 1 } : { row: f.row, col: spec.cols - 1 }),
    };
    if (moves[e.key]) {
      e.preventDefault();
      const next = moves[e.key]();
      this.focus = {
        row: Math.max(0, Math.min(spec.rows - 1, next.row)),
        col: Math.max(0, Math.min(spec.cols - 1, next.col)),
      };
      this.hover = null;
      this.revealCell(this.focus);
      this.announce(this.focus);
      this.showTooltipAtFocus();
      this.callbacks.onCellHover?.(this.focus.row, this.focus.col);
      this.scheduleOverlay();
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.focus = f;
      this.callbacks.onCellActivate?.(f.row, f.col, { shiftKey: e.shiftKey });
    } else if (e.key === 'Escape') {
      this.tooltip.hide();
    }
  }

  private showTooltipAtFocus(): void {
    const { layout, focus, spec } = this;
    if (!layout || !focus || !spec) return;
    // Where the cell will be once a pending reveal has moved the view.
    const rect = viewCellRect(layout, reveal(this.view, layout, spec, focus.row, focus.col), focus.row, focus.col);
    if (!rect) return;
    this.tooltip.show(this.callbacks.describeCell(focus.row, focus.col), this.canvas.offsetLeft + rect.x + rect.width, this.canvas.offsetTop + rect.y + rect.height);
  }

  private announce(cell: Cell): void {
    this.live.textContent = this.callbacks.announceCell(cell.row, cell.col);
  }
}

/** Dashed lines before the first untrained row and column (positions the checkpoint never saw in training). */
function paintUntrainedLines(ctx: CanvasRenderingContext2D, spec: MatrixSpec, layout: MatrixLayout, view: Viewport, theme: CanvasTheme): void {
  const row = untrainedLineAt(spec, 'row');
  const col = untrainedLineAt(spec, 'col');
  if (row === undefined && col === undefined) return;
  const { cellWidth, cellHeight } = zoomedCell(layout, view);
  ctx.save();
  ctx.beginPath();
  ctx.rect(layout.plotX, layout.plotY, layout.plotWidth, layout.plotHeight);
  ctx.clip();
  ctx.strokeStyle = theme.focus;
  ctx.lineWidth = 1.5;
  ctx.setLineDash([4, 3]);
  ctx.beginPath();
  if (row !== undefined) {
    const y = layout.plotY + (row - view.row0) * cellHeight;
    ctx.moveTo(layout.plotX, y);
    ctx.lineTo(layout.plotX + layout.plotWidth, y);
  }
  if (col !== undefined) {
    const x = layout.plotX + (col - view.col0) * cellWidth;
    ctx.moveTo(x, layout.plotY);
    ctx.lineTo(x, layout.plotY + layout.plotHeight);
  }
  ctx.stroke();
  ctx.restore();
}
