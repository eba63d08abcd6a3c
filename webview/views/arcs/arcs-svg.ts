/** The arcs view as a standalone SVG document (vector export), from the same geometry as the screen. */
import type { AttentionKind, TokenLabel } from '../types';
import { keyAxisTitle, queryAxisTitle } from '../shared/attention-text';
import { headColor } from '../shared/colormaps';
import { escapeXml } from '../shared/svg-text';
import { tokenLabelText } from '../../../src/shared/token-text';
import { type ArcFocus, type ArcPath, type ArcsLayout, rowY, strokeWidth } from './arcs-geometry';

export interface ArcsSvgInput {
  layout: ArcsLayout;
  kind: AttentionKind;
  title: string;
  queries: TokenLabel[];
  keys: TokenLabel[];
  paths: ArcPath[];
  /** Heads drawn, for the colour legend. */
  visibleHeads: number[];
  focus: ArcFocus | null;
  foreground: string;
  muted: string;
  background: string;
  monoFont: string;
  uiFont: string;
  labelChars: number;
}

export function arcsSvg(i: ArcsSvgInput): string {
  const { layout } = i;
  const extraTop = 20; // room for the title line above the view's own column titles
  const legendBand = 22; // the head colour legend below the tokens
  const h = layout.height + extraTop + legendBand;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${h}" viewBox="0 0 ${layout.width} ${h}">`,
    `<title>${escapeXml(i.title)}</title>`,
    `<rect width="100%" height="100%" fill="${i.background}" />`,
    `<text x="0" y="10" dominant-baseline="middle" fill="${i.foreground}" font-family="${escapeXml(i.uiFont)}" font-size="13" font-weight="600">${escapeXml(i.title)}</text>`,
    `<g transform="translate(0,${extraTop})">`,
    `<g fill="${i.foreground}" font-family="${escapeXml(i.uiFont)}" font-size="12" font-weight="600">`,
    `<text x="0" y="11" dominant-baseline="middle">${escapeXml(queryAxisTitle(i.kind))}</text>`,
    `<text x="${layout.width}" y="24" text-anchor="end" dominant-baseline="middle">${escapeXml(keyAxisTitle(i.kind))}</text>`,
    '</g>',
    '<g fill="none">',
  ];
  for (const p of i.paths) {
    out.push(`<path d="${p.d}" stroke="${headColor(p.head)}" stroke-opacity="${p.weight}" stroke-width="${strokeWidth(p.weight)}" />`);
  }
  out.push('</g>');
  const column = (tokens: TokenLabel[], side: 'query' | 'key') => {
    const isQuery = side === 'query';
    const labelX = isQuery ? layout.lineStartX - 6 : layout.lineEndX + 6;
    const posX = isQuery ? 2 : layout.width - 2;
    tokens.forEach((t, idx) => {
      const y = rowY(layout, idx).toFixed(1);
      const active = i.focus?.side === side && i.focus.index === idx;
      out.push(
        `<text x="${posX}" y="${y}" text-anchor="${isQuery ? 'start' : 'end'}" dominant-baseline="middle" fill="${i.muted}" font-size="10">${t.position}</text>`,
        `<text x="${labelX}" y="${y}" text-anchor="${isQuery ? 'end' : 'start'}" dominant-baseline="middle" fill="${i.foreground}"${active ? ' font-weight="bold"' : ''}>${escapeXml(tokenLabelText(t, i.labelChars))}</text>`,
      );
    });
  };
  out.push(`<g font-family="${escapeXml(i.monoFont)}" font-size="12">`);
  column(i.queries, 'query');
  column(i.keys, 'key');
  out.push('</g></g>');
  // Head colour legend.
  let x = 0;
  const y = h - legendBand / 2;
  out.push(`<g font-family="${escapeXml(i.uiFont)}" font-size="11" fill="${i.foreground}">`);
  for (const head of i.visibleHeads) {
    out.push(`<rect x="${x}" y="${y - 2}" width="14" height="4" fill="${headColor(head)}" />`);
    out.push(`<text x="${x + 18}" y="${y}" dominant-baseline="middle">Head ${head + 1}</text>`);
    x += 72;
  }
  out.push(`<text x="${layout.width}" y="${y}" text-anchor="end" dominant-baseline="middle" fill="${i.muted}">opacity and width = attention weight</text>`);
  out.push('</g></svg>');
  return out.join('');
}
