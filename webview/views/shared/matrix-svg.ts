/**
 * A labelled matrix as a standalone SVG document (vector export for papers and slides), laid out
 * exactly like the canvas on screen. Cells are vector paths (one path per colour) up to
 * VECTOR_CELL_LIMIT cells; larger matrices embed the cells as one PNG image, with labels and legend
 * still vector text.
 */
import type { Fill } from './grid-paint';
import { LABEL_FONT_PX, TITLE_FONT_PX } from './canvas-theme';
import { legendSvg, svgFillRef, svgPatternDef } from './legend';
import { LABEL_GAP, type MatrixLayout } from './matrix-layout';
import { type MatrixSpec, axisLabelText, isThinned, untrainedLineAt } from './matrix-spec';
import { escapeXml, num } from './svg-text';

export const VECTOR_CELL_LIMIT = 128 * 128;

export interface SvgStyle {
  foreground: string;
  background: string;
  labelFontFamily: string;
  titleFontFamily: string;
}

/** Returns a PNG data URL of the cells painted at widthPx x heightPx (needs a canvas: browser only). */
export type RasterizeCells = (widthPx: number, heightPx: number) => string;

function cellPaths(spec: MatrixSpec, layout: MatrixLayout): Map<number, string[]> {
  const byFill = new Map<number, string[]>();
  const cw = layout.cellWidth;
  const ch = layout.cellHeight;
  for (let r = 0; r < spec.rows; r++) {
    for (let k = 0; k < spec.cols; k++) {
      const f = spec.cellFill[r * spec.cols + k];
      let list = byFill.get(f);
      if (!list) byFill.set(f, (list = []));
      list.push(`M${num(layout.plotX + k * cw)},${num(layout.plotY + r * ch)}h${num(cw)}v${num(ch)}h${num(-cw)}z`);
    }
  }
  return byFill;
}

/** Height of the caption line above the plot, when there is a caption. */
const CAPTION_BAND = 24;

/**
 * `caption` (e.g. "Encoder self-attention · Layer 2 · Head 3") is drawn above the plot, so an
 * exported figure still says what it shows.
 */
export function matrixToSvg(spec: MatrixSpec, layout: MatrixLayout, style: SvgStyle, rasterize?: RasterizeCells, idPrefix = 'xr', caption = ''): string {
  const out: string[] = [];
  const top = caption ? CAPTION_BAND : 0;
  const height = layout.height + top;
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${height}" viewBox="0 0 ${layout.width} ${height}">`,
  );
  out.push(`<title>${escapeXml(caption || spec.ariaLabel)}</title>`);
  out.push(`<rect width="100%" height="100%" fill="${style.background}" />`);
  if (caption) {
    out.push(
      `<text x="8" y="${CAPTION_BAND / 2 + 2}" dominant-baseline="middle" fill="${style.foreground}" font-family="${escapeXml(style.titleFontFamily)}" font-size="13" font-weight="600">${escapeXml(caption)}</text>`,
    );
  }
  out.push(`<g transform="translate(0,${top})">`);
  const cells = spec.rows * spec.cols;
  if (cells <= VECTOR_CELL_LIMIT || !rasterize) {
    const defs: string[] = [];
    const paths: string[] = [];
    for (const [fillIndex, d] of cellPaths(spec, layout)) {
      const fill: Fill = spec.fills[fillIndex];
      const pid = `${idPrefix}-fill-${fillIndex}`;
      if (fill.hatch) defs.push(svgPatternDef(pid, fill));
      paths.push(`<path fill="${svgFillRef(fill, pid)}" d="${d.join('')}" />`);
    }
    if (defs.length) out.push(`<defs>${defs.join('')}</defs>`);
    out.push(`<g shape-rendering="crispEdges">${paths.join('')}</g>`);
  } else {
    const scale = Math.max(1, Math.min(8, Math.floor(2048 / Math.max(spec.rows, spec.cols))));
    const href = rasterize(spec.cols * scale, spec.rows * scale);
    out.push(
      `<image x="${num(layout.plotX)}" y="${num(layout.plotY)}" width="${num(layout.plotWidth)}" height="${num(layout.plotHeight)}" ` +
        `preserveAspectRatio="none" image-rendering="pixelated" href="${href}" />`,
    );
  }
  const untrainedRow = untrainedLineAt(spec, 'row');
  const untrainedCol = untrainedLineAt(spec, 'col');
  const dashed = (x1: number, y1: number, x2: number, y2: number) =>
    `<line x1="${num(x1)}" y1="${num(y1)}" x2="${num(x2)}" y2="${num(y2)}" stroke="${style.foreground}" stroke-width="1.5" stroke-dasharray="4 3" />`;
  if (untrainedRow !== undefined) out.push(dashed(layout.plotX, layout.plotY + untrainedRow * layout.cellHeight, layout.plotX + layout.plotWidth, layout.plotY + untrainedRow * layout.cellHeight));
  if (untrainedCol !== undefined) out.push(dashed(layout.plotX + untrainedCol * layout.cellWidth, layout.plotY, layout.plotX + untrainedCol * layout.cellWidth, layout.plotY + layout.plotHeight));
  const label = (x: number, y: number, text: string, anchor: string, transform = '') =>
    `<text x="${num(x)}" y="${num(y)}" text-anchor="${anchor}" dominant-baseline="middle"${transform}>${escapeXml(text)}</text>`;
  out.push(`<g fill="${style.foreground}" font-family="${escapeXml(style.labelFontFamily)}" font-size="${LABEL_FONT_PX}">`);
  for (const r of layout.rowLabels) {
    out.push(label(layout.plotX - LABEL_GAP, layout.plotY + (r + 0.5) * layout.cellHeight, axisLabelText(spec, 'row', r, isThinned(layout.rowLabels)), 'end'));
  }
  for (const c of layout.colLabels) {
    const x = layout.plotX + (c + 0.5) * layout.cellWidth;
    const y = layout.plotY - LABEL_GAP;
    out.push(label(0, 0, axisLabelText(spec, 'col', c, isThinned(layout.colLabels)), 'start', ` transform="translate(${num(x)},${num(y)}) rotate(-90)"`));
  }
  out.push('</g>');
  out.push(
    `<g fill="${style.foreground}" font-family="${escapeXml(style.titleFontFamily)}" font-size="${TITLE_FONT_PX}" font-weight="600">`,
  );
  out.push(label(layout.colTitleAt.x, layout.colTitleAt.y, spec.colTitle, 'middle'));
  out.push(
    label(0, 0, spec.rowTitle, 'middle', ` transform="translate(${num(layout.rowTitleAt.x)},${num(layout.rowTitleAt.y)}) rotate(-90)"`),
  );
  out.push('</g>');
  out.push(legendSvg(spec.legend, layout.plotX, layout.legendY, style.foreground, style.titleFontFamily, `${idPrefix}-legend`));
  out.push('</g></svg>');
  return out.join('');
}

