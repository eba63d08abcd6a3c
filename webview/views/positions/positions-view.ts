/**
 * The sinusoidal positional encoding (paper, section 3.5) for the positions of this input: the
 * table as a heatmap, the sinusoids of chosen dimensions, and PE(pos)·PE(pos+k) against the offset k,
 * which shows why attention can pick out relative positions.
 */
import type { TokenLabel, ViewHandle } from '../types';
import { sinusoidalPositionalEncoding } from '../../../src/model/positional-encoding';
import { RDBU_DIVERGING, headColor } from '../shared/colormaps';
import { readCanvasTheme } from '../shared/canvas-theme';
import { appendDisposable, el, observeResize, onThemeChange, viewHeader } from '../shared/dom';
import { DisposableStore } from '../../../src/shared/lifecycle';
import { type Fill, lutFills } from '../shared/grid-paint';
import { lineChart } from '../shared/line-chart';
import { MatrixCanvas } from '../shared/matrix-canvas';
import { quotedToken } from '../../../src/shared/token-text';
import { type Checkbox, createCheckbox, createDropdown } from '../../ui';
import { defaultDimensions, dimensionColumn, dimensionFunction, dotProductsByOffset, peCellFills, wavelength } from './pe-analysis';

export interface PositionsData {
  /** Positions to show: the length of this input (the longer of source and decoder input). */
  length: number;
  dModel: number;
  /** The tokens at those positions, for tooltips (optional). */
  tokens?: TokenLabel[];
}

export interface PositionsCallbacks {
  /** A position was chosen (click on a row label or Enter on a cell). */
  onPositionFocus?(position: number): void;
}

export interface PositionsView extends ViewHandle<PositionsData> {
  /** The table heatmap as a canvas (PNG export). */
  toCanvas(scale?: number): HTMLCanvasElement;
  /** Both line charts, stacked, as one standalone SVG. */
  toSVG(): string;
}

const PE_FILLS: readonly Fill[] = lutFills(RDBU_DIVERGING);
const CHART_HEIGHT = 190;

function formulaBlock(): HTMLElement {
  // PE(pos, 2i) = sin(pos / 10000^(2i/d_model)), written with real superscripts and subscripts.
  const line = (fn: string, index: string) =>
    el('div', { class: 'xr-formula-line' }, [
      `PE(pos, ${index}) = ${fn}(pos / 10000`,
      el('sup', {}, ['2i/d', el('sub', {}, ['model'])]),
      ')',
    ]);
  return el('div', { class: 'xr-formula', role: 'math', 'aria-label': 'PE of pos and 2i equals sine of pos over 10000 to the power 2i over d model; PE of pos and 2i plus 1 equals the cosine of the same' }, [
    line('sin', '2i'),
    line('cos', '2i+1'),
  ]);
}

export function renderPositionsView(container: HTMLElement, data: PositionsData, callbacks: PositionsCallbacks = {}): PositionsView {
  // Everything the view holds (plots, observers, its root on the page) goes when the store does.
  const store = new DisposableStore();
  let current = data;
  let pe = sinusoidalPositionalEncoding(data.length, data.dModel);
  let dims = defaultDimensions(data.dModel);
  let dotPos = Math.floor(data.length / 3);

  const header = viewHeader(
    'Positional encoding',
    'Attention itself ignores order, so a fixed signal is added to each token’s embedding at the bottom of both stacks. ' +
      'Each pair of dimensions (2i, 2i+1) is a sine and cosine of its own wavelength, from 2π to 10000·2π positions.',
  );
  const table = store.add(new MatrixCanvas({
    describeCell: (pos, dim) => {
      const token = current.tokens?.[pos];
      return [
        `PE(${pos}, ${dim}) = ${pe[pos * current.dModel + dim].toFixed(4)}`,
        `pos ${pos}${token ? ` · ${quotedToken(token)}` : ''}`,
        `dim ${dim}: ${dimensionFunction(dim)}, i = ${Math.floor(dim / 2)}, wavelength ${wavelength(dim, current.dModel).toFixed(1)}`,
      ];
    },
    announceCell: (pos, dim) => `Position ${pos}, dimension ${dim}: ${pe[pos * current.dModel + dim].toFixed(4)}`,
    onCellActivate: (pos) => callbacks.onPositionFocus?.(pos),
    onLabelClick: (axis, index) => axis === 'row' && callbacks.onPositionFocus?.(index),
  }));
  const curvesBox = el('div', { class: 'xr-chart' });
  const dimBoxes = el('div', { class: 'xr-arcs-heads', role: 'group', 'aria-label': 'Dimensions plotted' });
  let checkboxes: Checkbox[] = [];
  const addDim = createDropdown<string>({
    label: 'Add dimension',
    choices: [],
    value: '',
    onChange: (v) => {
      const d = Number(v);
      if (v !== '' && !dims.includes(d)) dims = [...dims, d].sort((a, b) => a - b);
      addDim.setValue('');
      buildDimBoxes();
      drawCurves();
    },
  });
  const dotBox = el('div', { class: 'xr-chart' });
  const dotLegend = el('p', { class: 'xr-hint' });
  const posChoice = createDropdown<string>({
    label: 'pos',
    choices: [],
    value: '0',
    onChange: (v) => {
      dotPos = Number(v);
      drawDots();
    },
  });
  const root = el('section', { class: 'xr-view xr-positions', 'aria-label': 'Positional encoding' }, [
    header.root,
    formulaBlock(),
    el('h3', { class: 'xr-subtitle' }, ['The table for this input: rows = positions, columns = dimensions']),
    table.element,
    el('h3', { class: 'xr-subtitle' }, ['Sinusoids of chosen dimensions']),
    el('p', { class: 'xr-view-explanation' }, ['Low dimensions oscillate fast, high ones slowly: together they give every position a distinct code.']),
    el('div', { class: 'xr-toolbar' }, [dimBoxes, addDim.element]),
    curvesBox,
    el('h3', { class: 'xr-subtitle' }, ['Relative position: PE(pos) · PE(pos + k) against the offset k']),
    el('p', { class: 'xr-view-explanation' }, [
      'For any offset k, PE(pos + k) is a rotation of PE(pos) in every (sin, cos) pair, so the dot product depends only on k, not on pos: ' +
        'the two curves coincide. Attention scores are dot products, which lets heads attend by relative position.',
    ]),
    el('div', { class: 'xr-toolbar' }, [posChoice.element]),
    dotBox,
    dotLegend,
  ]);
  store.add(appendDisposable(container, root));

  function chartColors() {
    const t = readCanvasTheme(root);
    return { foreground: t.foreground, muted: t.muted, grid: t.muted, background: t.background, font: t.uiFont };
  }

  function chartWidth(): number {
    return Math.max(300, Math.min(900, (root.clientWidth || 600) - 4));
  }

  function buildDimBoxes(): void {
    checkboxes = dims.map((d, i) =>
      createCheckbox({
        label: `dim ${d} (${dimensionFunction(d)}, λ ≈ ${wavelength(d, current.dModel).toFixed(1)})`,
        checked: true,
        swatch: headColor(i),
        onChange: (on) => {
          if (!on) {
            dims = dims.filter((x) => x !== d);
            buildDimBoxes();
            drawCurves();
          }
        },
      }),
    );
    dimBoxes.replaceChildren(...checkboxes.map((c) => c.element));
  }

  function drawTable(): void {
    const d = current;
    table.setSpec({
      rows: d.length,
      cols: d.dModel,
      rowLabels: Array.from({ length: d.length }, (_, p) => String(p)),
      colLabels: Array.from({ length: d.dModel }, (_, j) => String(j)),
      rowTitle: 'Position pos',
      colTitle: 'Dimension (even 2i: sin, odd 2i+1: cos)',
      cellFill: peCellFills(pe),
      fills: PE_FILLS,
      legend: {
        ramp: {
          lut: RDBU_DIVERGING,
          title: 'PE value (diverging: blue < 0 < red)',
          ticks: [
            { at: 0, label: '−1' },
            { at: 0.5, label: '0' },
            { at: 1, label: '1' },
          ],
        },
      },
      ariaLabel: `Positional-encoding table, ${d.length} positions by ${d.dModel} dimensions`,
      monoLabels: false,
      maxCellPx: 14,
      minRowPx: 9,
    });
  }

  function drawCurves(): void {
    const c = chartColors();
    const n = current.length;
    curvesBox.replaceChildren(
      lineChart({
        width: chartWidth(),
        height: CHART_HEIGHT,
        series: dims.map((d, i) => ({
          label: `dim ${d}`,
          color: headColor(i),
          points: Array.from(dimensionColumn(pe, n, current.dModel, d), (y, pos) => [pos, y] as [number, number]),
          markers: n <= 64,
        })),
        xTitle: 'position pos',
        yTitle: 'PE(pos, dim)',
        xDomain: [0, Math.max(1, n - 1)],
        yDomain: [-1.05, 1.05],
        colors: c,
        fontFamily: c.font,
        ariaLabel: `Positional encoding of dimensions ${dims.join(', ')} against position`,
      }),
    );
  }

  function drawDots(): void {
    const c = chartColors();
    const n = current.length;
    const fromZero = dotProductsByOffset(pe, n, current.dModel, 0);
    const fromPos = dotProductsByOffset(pe, n, current.dModel, dotPos);
    const kMax = Math.max(1, n - 1);
    dotBox.replaceChildren(
      lineChart({
        width: chartWidth(),
        height: CHART_HEIGHT,
        series: [
          { label: 'pos = 0', color: headColor(0), points: Array.from(fromZero, (y, k) => [k, y] as [number, number]) },
          { label: `pos = ${dotPos}`, color: headColor(1), points: Array.from(fromPos, (y, k) => [k, y] as [number, number]), dashed: true, markers: n <= 64 },
        ],
        xTitle: 'offset k',
        yTitle: 'PE(pos)·PE(pos+k)',
        xDomain: [0, kMax],
        yDomain: [Math.min(0, ...fromZero), current.dModel / 2],
        colors: c,
        fontFamily: c.font,
        ariaLabel: `Dot product of PE(pos) and PE(pos + k) against k, for pos 0 and pos ${dotPos}`,
      }),
    );
    dotLegend.replaceChildren(
      el('span', { class: 'xr-legend-key' }, [el('span', { class: 'xr-swatch xr-swatch-0', 'aria-hidden': 'true' }), 'pos = 0 (solid)']),
      el('span', { class: 'xr-legend-key' }, [el('span', { class: 'xr-swatch xr-swatch-1', 'aria-hidden': 'true' }), `pos = ${dotPos} (dashed)`]),
      el('span', { class: 'xr-legend-note' }, [`At k = 0 the value is d_model / 2 = ${current.dModel / 2}: each sin² + cos² pair adds 1.`]),
    );
    for (const [i, s] of Array.from(dotLegend.querySelectorAll<HTMLElement>('.xr-swatch')).entries()) s.style.backgroundColor = headColor(i);
  }

  function drawAll(): void {
    const n = current.length;
    dotPos = Math.min(dotPos, Math.max(0, n - 1));
    addDim.setChoices(
      [{ value: '', label: 'Add dimension…' }, ...Array.from({ length: current.dModel }, (_, d) => ({ value: String(d), label: `dim ${d} (${dimensionFunction(d)})` }))],
      '',
    );
    posChoice.setChoices(Array.from({ length: n }, (_, p) => ({ value: String(p), label: String(p) })), String(dotPos));
    buildDimBoxes();
    drawTable();
    drawCurves();
    drawDots();
  }
  drawAll();

  store.add(onThemeChange(() => {
    drawCurves();
    drawDots();
  }));
  let lastWidth = root.clientWidth;
  store.add(observeResize([root], () => {
    if (root.clientWidth !== lastWidth) {
      lastWidth = root.clientWidth;
      drawCurves();
      drawDots();
    }
  }));

  return {
    update(next) {
      const dModelChanged = next.dModel !== current.dModel;
      current = next;
      pe = sinusoidalPositionalEncoding(next.length, next.dModel);
      if (dModelChanged) dims = defaultDimensions(next.dModel);
      drawAll();
    },
    dispose: () => store.dispose(),
    toCanvas: (scale = 2) => table.toCanvas(scale),
    toSVG() {
      const charts = [curvesBox.firstElementChild, dotBox.firstElementChild].filter((x): x is SVGSVGElement => x instanceof SVGSVGElement);
      const width = Math.max(...charts.map((c) => Number(c.getAttribute('width'))));
      const body = charts.map((c, i) => `<g transform="translate(0,${i * CHART_HEIGHT})">${new XMLSerializer().serializeToString(c)}</g>`).join('');
      return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${charts.length * CHART_HEIGHT}">${body}</svg>`;
    },
  };
}
