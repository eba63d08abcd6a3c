/**
 * A labelled matrix on a HiDPI <canvas>: cells painted through ImageData, row labels on the left,
 * column labels above, axis titles, a legend below; hover tooltip, keyboard focus cell announced
 * through aria-live, clickable labels. The heatmap, masks and positional-encoding views are this
 * component with different cells, labels and words.
 *
 * Two canvases: `base` holds everything that changes only with the data or the size; the visible
 * canvas is `base` plus the overlay (active cell, highlighted labels), so moving the focus does not
 * repaint 262 144 cells.
 */
import { el, liveRegion, onThemeChange } from './dom';
import { paintGrid } from './grid-paint';
import { drawLegend, legendHeight, legendWidth } from './legend';
import { type MatrixSpec, axisLabelText, isThinned } from './matrix-spec';
import { type CanvasTheme, LABEL_FONT_PX, labelFont, readCanvasTheme, titleFont } from './canvas-theme';
import { type MatrixLayout, LABEL_GAP, cellAt, matrixLayout } from './matrix-layout';
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

export class MatrixCanvas {
  readonly element: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private readonly base = document.createElement('canvas');
  private readonly tooltip: Tooltip;
  private readonly live = liveRegion();
  private spec: MatrixSpec | undefined;
  private layout: MatrixLayout | undefined;
  private theme: CanvasTheme | undefined;
  private dpr = 1;
  private hover: Cell | null = null;
  /** A hovered label band (row or column) without a cell. */
  private hoverLabel: { axis: MatrixAxis; index: number } | null = null;
  private focus: Cell | null = null;
  private frame = 0;
  private readonly disposers: (() => void)[] = [];

  constructor(private readonly callbacks: MatrixCallbacks) {
    this.canvas = el('canvas', { class: 'xr-matrix-canvas', tabindex: 0, role: 'application' });
    this.element = el('div', { class: 'xr-matrix' }, [this.canvas, this.live]);
    this.tooltip = new Tooltip(this.element);
    this.listen(this.canvas, 'pointermove', (e) => this.onPointerMove(e as PointerEvent));
    this.listen(this.canvas, 'pointerleave', () => this.onPointerLeave());
    this.listen(this.canvas, 'click', (e) => this.onClick(e as MouseEvent));
    this.listen(this.canvas, 'keydown', (e) => this.onKeyDown(e as KeyboardEvent));
    this.listen(this.canvas, 'focus', () => this.onFocusIn());
    this.listen(this.canvas, 'blur', () => {
      this.tooltip.hide();
      this.scheduleOverlay();
    });
    const resize = new ResizeObserver(() => this.relayoutIfWidthChanged());
    resize.observe(this.element);
    this.disposers.push(() => resize.disconnect());
    this.disposers.push(onThemeChange(() => this.render()));
  }

  setSpec(spec: MatrixSpec): void {
    const sameShape = this.spec && this.spec.rows === spec.rows && this.spec.cols === spec.cols;
    this.spec = spec;
    this.canvas.setAttribute('aria-label', spec.ariaLabel);
    if (!sameShape) {
      this.focus = null;
      this.hover = null;
      this.tooltip.hide();
    }
    this.render();
  }

  /** Moves the keyboard focus cell (and announces it). */
  setFocusCell(cell: Cell | null): void {
    this.focus = cell;
    if (cell) this.announce(cell);
    this.scheduleOverlay();
  }

  get focusCell(): Cell | null {
    return this.focus;
  }

  get currentLayout(): MatrixLayout | undefined {
    return this.layout;
  }

  /** Where cell (row, col) is drawn, in CSS pixels relative to the canvas (for annotations and tests). */
  cellRect(row: number, col: number): { x: number; y: number; width: number; height: number } | null {
    const l = this.layout;
    if (!l) return null;
    return { x: l.plotX + col * l.cellWidth, y: l.plotY + row * l.cellHeight, width: l.cellWidth, height: l.cellHeight };
  }

  /** The labelled plot as a new canvas at `scale` device pixels per CSS pixel (PNG export). */
  toCanvas(scale = 2): HTMLCanvasElement {
    const out = document.createElement('canvas');
    if (!this.spec || !this.layout || !this.theme) return out;
    this.paintBase(out, this.spec, this.layout, this.theme, scale);
    return out;
  }

  /** The labelled plot as a standalone SVG document (vector export), in the current theme's colours. */
  toSVG(idPrefix = 'xr', caption = ''): string {
    const { spec, layout, theme } = this;
    if (!spec || !layout || !theme) return '';
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

  dispose(): void {
    cancelAnimationFrame(this.frame);
    for (const d of this.disposers.splice(0)) d();
    this.element.remove();
  }

  private listen(target: EventTarget, type: string, handler: (e: Event) => void): void {
    target.addEventListener(type, handler);
    this.disposers.push(() => target.removeEventListener(type, handler));
  }

  private lastWidth = -1;

  private relayoutIfWidthChanged(): void {
    const width = this.element.clientWidth;
    if (width !== this.lastWidth && this.spec) this.render();
  }

  /** Lays out and repaints everything (data, size or theme changed). */
  render(): void {
    const spec = this.spec;
    if (!spec) return;
    this.lastWidth = this.element.clientWidth;
    const theme = readCanvasTheme(this.element);
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.font = labelFont(theme, spec.monoLabels);
    // Measured as if numbered: whether an axis is thinned is known only after the layout.
    const widest = (labels: string[]) =>
      Math.min(MAX_LABEL_WIDTH, Math.max(0, ...labels.map((l, i) => ctx.measureText(spec.numberThinnedLabels ? `${i}: ${l}` : l).width)));
    const rowLabelWidth = widest(spec.rowLabels);
    const colLabelWidth = widest(spec.colLabels);
    const measureUi = (t: string) => {
      ctx.font = labelFont(theme, false);
      return ctx.measureText(t).width;
    };
    const legendW = legendWidth(spec.legend, measureUi);
    ctx.font = titleFont(theme);
    const rowTitleWidth = ctx.measureText(spec.rowTitle).width;
    const colTitleWidth = ctx.measureText(spec.colTitle).width;
    this.layout = matrixLayout({
      rows: spec.rows,
      cols: spec.cols,
      availableWidth: this.element.clientWidth || 600,
      rowLabelWidth,
      colLabelWidth,
      labelSpacing: LABEL_SPACING,
      maxCellPx: spec.maxCellPx ?? DEFAULT_MAX_CELL,
      minCellPx: spec.minCellPx ?? DEFAULT_MIN_CELL,
      minRowPx: spec.minRowPx,
      legendHeight: legendHeight(spec.legend),
      legendWidth: legendW,
      rowTitleWidth,
      colTitleWidth,
    });
    this.theme = theme;
    this.dpr = window.devicePixelRatio || 1;
    this.paintBase(this.base, spec, this.layout, theme, this.dpr);
    this.canvas.width = this.base.width;
    this.canvas.height = this.base.height;
    this.canvas.style.width = `${this.layout.width}px`;
    this.canvas.style.height = `${this.layout.height}px`;
    this.drawOverlay();
  }

  /** Background, cells, labels, titles and legend at a given device-pixel ratio. */
  private paintBase(target: HTMLCanvasElement, spec: MatrixSpec, layout: MatrixLayout, theme: CanvasTheme, dpr: number): void {
    target.width = Math.ceil(layout.width * dpr);
    target.height = Math.ceil(layout.height * dpr);
    const ctx = target.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = theme.background;
    ctx.fillRect(0, 0, target.width, target.height);

    // Cells: one ImageData at device resolution, placed at whole device pixels.
    const px = Math.round(layout.plotX * dpr);
    const py = Math.round(layout.plotY * dpr);
    const pw = Math.max(1, Math.round(layout.plotWidth * dpr));
    const ph = Math.max(1, Math.round(layout.plotHeight * dpr));
    const pixels = paintGrid(spec.cellFill, spec.rows, spec.cols, spec.fills, pw, ph);
    ctx.putImageData(new ImageData(pixels, pw, ph), px, py);

    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = theme.foreground;
    ctx.font = labelFont(theme, spec.monoLabels);
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'right';
    const rowsThinned = isThinned(layout.rowLabels);
    const colsThinned = isThinned(layout.colLabels);
    for (const r of layout.rowLabels) {
      const text = axisLabelText(spec, spec.rowLabels, r, rowsThinned);
      ctx.fillText(text, layout.plotX - LABEL_GAP, layout.plotY + (r + 0.5) * layout.cellHeight, MAX_LABEL_WIDTH);
    }
    ctx.save();
    ctx.textAlign = 'left';
    for (const c of layout.colLabels) {
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.translate(layout.plotX + (c + 0.5) * layout.cellWidth, layout.plotY - LABEL_GAP);
      ctx.rotate(-Math.PI / 2);
      ctx.fillText(axisLabelText(spec, spec.colLabels, c, colsThinned), 0, 0, MAX_LABEL_WIDTH);
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
  }

  private scheduleOverlay(): void {
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => this.drawOverlay());
  }

  private get activeCell(): Cell | null {
    return this.hover ?? (document.activeElement === this.canvas ? this.focus : null);
  }

  private drawOverlay(): void {
    const ctx = this.canvas.getContext('2d');
    const { spec, layout, theme } = this;
    if (!ctx || !spec || !layout || !theme) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this.base, 0, 0);
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    const active = this.activeCell;
    const row = active?.row ?? (this.hoverLabel?.axis === 'row' ? this.hoverLabel.index : null);
    const col = active?.col ?? (this.hoverLabel?.axis === 'col' ? this.hoverLabel.index : null);
    if (row !== null) this.highlightLabel(ctx, 'row', row, spec, layout, theme);
    if (col !== null) this.highlightLabel(ctx, 'col', col, spec, layout, theme);
    if (active) {
      // At least 6 px, so a 1-pixel cell of a 512-token matrix still shows where the focus is.
      const w = Math.max(6, layout.cellWidth);
      const h = Math.max(6, layout.cellHeight);
      const cx = layout.plotX + (active.col + 0.5) * layout.cellWidth;
      const cy = layout.plotY + (active.row + 0.5) * layout.cellHeight;
      ctx.lineWidth = 2;
      ctx.strokeStyle = theme.background;
      ctx.strokeRect(cx - w / 2 - 1, cy - h / 2 - 1, w + 2, h + 2);
      ctx.strokeStyle = theme.focus;
      ctx.strokeRect(cx - w / 2, cy - h / 2, w, h);
    }
  }

  /** Draws one row or column label on a highlight box, even where thinning left it out. */
  private highlightLabel(ctx: CanvasRenderingContext2D, axis: MatrixAxis, index: number, spec: MatrixSpec, layout: MatrixLayout, theme: CanvasTheme): void {
    const text =
      axis === 'row'
        ? axisLabelText(spec, spec.rowLabels, index, isThinned(layout.rowLabels))
        : axisLabelText(spec, spec.colLabels, index, isThinned(layout.colLabels));
    ctx.save();
    ctx.font = `bold ${labelFont(theme, spec.monoLabels)}`;
    ctx.textBaseline = 'middle';
    const w = Math.min(MAX_LABEL_WIDTH, ctx.measureText(text).width) + 6;
    const h = LABEL_FONT_PX + 4;
    if (axis === 'row') {
      const y = layout.plotY + (index + 0.5) * layout.cellHeight;
      ctx.translate(layout.plotX - LABEL_GAP, y);
    } else {
      ctx.translate(layout.plotX + (index + 0.5) * layout.cellWidth, layout.plotY - LABEL_GAP);
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

  /** The row or column whose label band is under the point, if any. */
  private labelAt(x: number, y: number): { axis: MatrixAxis; index: number } | null {
    const { layout, spec } = this;
    if (!layout || !spec) return null;
    const inRows = y >= layout.plotY && y < layout.plotY + layout.plotHeight;
    const inCols = x >= layout.plotX && x < layout.plotX + layout.plotWidth;
    if (inRows && x < layout.plotX && x > layout.plotX - MAX_LABEL_WIDTH - LABEL_GAP) {
      return { axis: 'row', index: Math.floor((y - layout.plotY) / layout.cellHeight) };
    }
    if (inCols && y < layout.plotY && y > layout.plotY - MAX_LABEL_WIDTH - LABEL_GAP) {
      return { axis: 'col', index: Math.floor((x - layout.plotX) / layout.cellWidth) };
    }
    return null;
  }

  private onPointerMove(e: PointerEvent): void {
    const { layout, spec } = this;
    if (!layout || !spec) return;
    const { x, y } = this.pointerPosition(e);
    const cell = cellAt(layout, spec.rows, spec.cols, x, y);
    const label = cell ? null : this.labelAt(x, y);
    this.canvas.classList.toggle('xr-clickable', label !== null);
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

  private onClick(e: MouseEvent): void {
    const { layout, spec } = this;
    if (!layout || !spec) return;
    const { x, y } = this.pointerPosition(e);
    const cell = cellAt(layout, spec.rows, spec.cols, x, y);
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
    if (!this.focus && this.spec && this.spec.rows > 0 && this.spec.cols > 0) this.focus = { row: 0, col: 0 };
    if (this.focus) {
      this.announce(this.focus);
      this.showTooltipAtFocus();
    }
    this.scheduleOverlay();
  }

  private onKeyDown(e: KeyboardEvent): void {
    const spec = this.spec;
    if (!spec || spec.rows === 0 || spec.cols === 0) return;
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
    const { layout, focus } = this;
    if (!layout || !focus) return;
    const x = this.canvas.offsetLeft + layout.plotX + (focus.col + 1) * layout.cellWidth;
    const y = this.canvas.offsetTop + layout.plotY + (focus.row + 1) * layout.cellHeight;
    this.tooltip.show(this.callbacks.describeCell(focus.row, focus.col), x, y);
  }

  private announce(cell: Cell): void {
    this.live.textContent = this.callbacks.announceCell(cell.row, cell.col);
  }
}
