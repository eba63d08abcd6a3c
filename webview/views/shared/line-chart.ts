/**
 * A small SVG line chart (positional-encoding curves, dot product against offset). Colours are
 * passed in as concrete values rather than CSS classes, so the same element serialises into a
 * standalone SVG file for export.
 */
import { svgEl } from './dom';
import { formatSigned } from './format';
import { niceTicks } from './ticks';

export interface LineSeries {
  label: string;
  color: string;
  /** [x, y] points, drawn in order. */
  points: [number, number][];
  dashed?: boolean;
  /** Dots at the points (for integer positions, so it is clear the curve is sampled there). */
  markers?: boolean;
}

export interface LineChartOptions {
  width: number;
  height: number;
  series: LineSeries[];
  xTitle: string;
  yTitle: string;
  xDomain: [number, number];
  yDomain: [number, number];
  colors: { foreground: string; muted: string; grid: string; background: string };
  fontFamily: string;
  ariaLabel: string;
}

const MARGIN = { left: 48, right: 12, top: 10, bottom: 36 };

export function lineChart(o: LineChartOptions): SVGSVGElement {
  const plotW = o.width - MARGIN.left - MARGIN.right;
  const plotH = o.height - MARGIN.top - MARGIN.bottom;
  const [x0, x1] = o.xDomain;
  const [y0, y1] = o.yDomain;
  const sx = (x: number) => MARGIN.left + ((x - x0) / (x1 - x0 || 1)) * plotW;
  const sy = (y: number) => MARGIN.top + (1 - (y - y0) / (y1 - y0 || 1)) * plotH;
  const svg = svgEl('svg', {
    xmlns: 'http://www.w3.org/2000/svg',
    width: o.width,
    height: o.height,
    viewBox: `0 0 ${o.width} ${o.height}`,
    role: 'img',
    'aria-label': o.ariaLabel,
    'font-family': o.fontFamily,
    'font-size': 11,
    class: 'xr-line-chart',
  });
  svg.append(svgEl('rect', { width: o.width, height: o.height, fill: o.colors.background }));
  // Opacity rather than a colour with alpha: theme colours may come as names or rgb(), not #rrggbb.
  const grid = svgEl('g', { stroke: o.colors.grid, 'stroke-width': 1, 'stroke-opacity': 0.45 });
  const labels = svgEl('g', { fill: o.colors.muted });
  for (const t of niceTicks(y0, y1, 4)) {
    grid.append(svgEl('line', { x1: MARGIN.left, x2: MARGIN.left + plotW, y1: sy(t), y2: sy(t), 'stroke-dasharray': t === 0 ? '' : '2 3' }));
    labels.append(svgEl('text', { x: MARGIN.left - 6, y: sy(t), 'text-anchor': 'end', 'dominant-baseline': 'middle' }, [formatSigned(t)]));
  }
  for (const t of niceTicks(x0, x1, 6)) {
    grid.append(svgEl('line', { x1: sx(t), x2: sx(t), y1: MARGIN.top + plotH, y2: MARGIN.top + plotH + 4 }));
    labels.append(svgEl('text', { x: sx(t), y: MARGIN.top + plotH + 14, 'text-anchor': 'middle' }, [formatSigned(t)]));
  }
  svg.append(grid, labels);
  const lines = svgEl('g', { fill: 'none' });
  for (const s of o.series) {
    const d = s.points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join('');
    lines.append(
      svgEl('path', { d, stroke: s.color, 'stroke-width': 1.6, 'stroke-dasharray': s.dashed ? '5 3' : undefined, 'data-series': s.label }),
    );
    if (s.markers) {
      const dots = svgEl('g', { fill: s.color });
      for (const [x, y] of s.points) dots.append(svgEl('circle', { cx: sx(x).toFixed(1), cy: sy(y).toFixed(1), r: 1.8 }));
      lines.append(dots);
    }
  }
  svg.append(lines);
  svg.append(
    svgEl('text', { x: MARGIN.left + plotW / 2, y: o.height - 4, 'text-anchor': 'middle', fill: o.colors.foreground }, [o.xTitle]),
    svgEl(
      'text',
      { transform: `translate(11,${MARGIN.top + plotH / 2}) rotate(-90)`, 'text-anchor': 'middle', 'dominant-baseline': 'middle', fill: o.colors.foreground },
      [o.yTitle],
    ),
  );
  return svg;
}
