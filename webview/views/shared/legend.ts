/**
 * Legends: a colour ramp with ticks and/or swatches (masked cells, mask types). The same spec is
 * drawn on canvas (on screen, PNG export) and written as SVG (vector export).
 */
import { type ColorLut, LUT_SIZE, lutRgb, rgbToHex } from './colormaps';
import type { Fill } from './grid-paint';
import { type CanvasTheme, LABEL_FONT_PX, labelFont } from './canvas-theme';
import { escapeXml, num } from './svg-text';

export interface RampLegend {
  lut: ColorLut;
  title: string;
  /** Tick positions as fractions of the ramp (0 = left end), with their labels. */
  ticks: { at: number; label: string }[];
}

export interface SwatchItem {
  fill: Fill;
  label: string;
}

export interface LegendSpec {
  ramp?: RampLegend;
  swatches?: SwatchItem[];
}

export const RAMP_WIDTH = 180;
const RAMP_HEIGHT = 10;
const ROW = LABEL_FONT_PX + 6;
const SWATCH = 12;

export function legendHeight(spec: LegendSpec): number {
  return (spec.ramp ? ROW + RAMP_HEIGHT + ROW : 0) + (spec.swatches?.length ?? 0) * ROW;
}

export function legendWidth(spec: LegendSpec, measure: (text: string) => number): number {
  let w = spec.ramp ? Math.max(RAMP_WIDTH + 20, measure(spec.ramp.title)) : 0;
  for (const s of spec.swatches ?? []) w = Math.max(w, SWATCH + 6 + measure(s.label));
  return w;
}

function css(rgb: readonly number[]): string {
  return rgbToHex(rgb);
}

/** Fills a rectangle with a fill, hatching drawn as clipped lines (vector, so it scales in exports). */
export function drawFillRect(ctx: CanvasRenderingContext2D, fill: Fill, x: number, y: number, w: number, h: number): void {
  ctx.fillStyle = css(fill.rgb);
  ctx.fillRect(x, y, w, h);
  if (!fill.hatch) return;
  const hatch = fill.hatch;
  ctx.save();
  ctx.beginPath();
  ctx.rect(x, y, w, h);
  ctx.clip();
  ctx.strokeStyle = css(hatch.rgb);
  ctx.lineWidth = Math.max(1, hatch.width / 2);
  const step = Math.max(2, hatch.period / 2);
  ctx.beginPath();
  for (let d = -h; d < w + h; d += step) {
    if (hatch.direction !== 'up') {
      ctx.moveTo(x + d, y);
      ctx.lineTo(x + d + h, y + h);
    }
    if (hatch.direction !== 'down') {
      ctx.moveTo(x + d, y + h);
      ctx.lineTo(x + d + h, y);
    }
  }
  ctx.stroke();
  ctx.restore();
}

export function drawLegend(ctx: CanvasRenderingContext2D, spec: LegendSpec, x: number, y: number, theme: CanvasTheme): void {
  ctx.save();
  ctx.font = labelFont(theme, false);
  ctx.textBaseline = 'middle';
  let cy = y;
  if (spec.ramp) {
    const r = spec.ramp;
    ctx.fillStyle = theme.foreground;
    ctx.textAlign = 'left';
    ctx.fillText(r.title, x, cy + ROW / 2);
    cy += ROW;
    for (let i = 0; i < RAMP_WIDTH; i++) {
      ctx.fillStyle = css(lutRgb(r.lut, Math.floor((i / RAMP_WIDTH) * LUT_SIZE)));
      ctx.fillRect(x + i, cy, 1.5, RAMP_HEIGHT);
    }
    ctx.strokeStyle = theme.muted;
    ctx.lineWidth = 1;
    ctx.strokeRect(x + 0.5, cy + 0.5, RAMP_WIDTH - 1, RAMP_HEIGHT - 1);
    cy += RAMP_HEIGHT;
    ctx.fillStyle = theme.foreground;
    for (const t of r.ticks) {
      const tx = x + t.at * RAMP_WIDTH;
      ctx.fillRect(tx - 0.5, cy, 1, 3);
      ctx.textAlign = t.at <= 0 ? 'left' : t.at >= 1 ? 'right' : 'center';
      ctx.fillText(t.label, tx, cy + ROW / 2 + 2);
    }
    cy += ROW;
  }
  for (const s of spec.swatches ?? []) {
    drawFillRect(ctx, s.fill, x, cy + (ROW - SWATCH) / 2, SWATCH, SWATCH);
    ctx.strokeStyle = theme.muted;
    ctx.strokeRect(x + 0.5, cy + (ROW - SWATCH) / 2 + 0.5, SWATCH - 1, SWATCH - 1);
    ctx.fillStyle = theme.foreground;
    ctx.textAlign = 'left';
    ctx.fillText(s.label, x + SWATCH + 6, cy + ROW / 2);
    cy += ROW;
  }
  ctx.restore();
}

/** SVG <pattern> definition for a hatched fill, referenced as url(#id). */
export function svgPatternDef(id: string, fill: Fill): string {
  if (!fill.hatch) return '';
  const h = fill.hatch;
  const p = Math.max(3, h.period / 2);
  const lines: string[] = [];
  if (h.direction !== 'up') lines.push(`<path d="M0,0 L${p},${p}" />`);
  if (h.direction !== 'down') lines.push(`<path d="M0,${p} L${p},0" />`);
  return (
    `<pattern id="${id}" width="${p}" height="${p}" patternUnits="userSpaceOnUse">` +
    `<rect width="${p}" height="${p}" fill="${css(fill.rgb)}" />` +
    `<g stroke="${css(h.rgb)}" stroke-width="${num(Math.max(1, h.width / 2))}">${lines.join('')}</g></pattern>`
  );
}

/** The fill attribute value for a fill: a colour, or a pattern reference when hatched. */
export function svgFillRef(fill: Fill, patternId: string): string {
  return fill.hatch ? `url(#${patternId})` : css(fill.rgb);
}

/** The legend as SVG elements (to embed in an exported <svg>). */
export function legendSvg(spec: LegendSpec, x: number, y: number, foreground: string, fontFamily: string, idPrefix: string): string {
  const parts: string[] = [];
  const text = (tx: number, ty: number, s: string, anchor = 'start') =>
    `<text x="${num(tx)}" y="${num(ty)}" text-anchor="${anchor}" dominant-baseline="middle" fill="${foreground}" font-family="${escapeXml(fontFamily)}" font-size="${LABEL_FONT_PX}">${escapeXml(s)}</text>`;
  let cy = y;
  if (spec.ramp) {
    const r = spec.ramp;
    parts.push(text(x, cy + ROW / 2, r.title));
    cy += ROW;
    const gid = `${idPrefix}-ramp`;
    const stops: string[] = [];
    for (let i = 0; i <= 16; i++) {
      const idx = Math.min(LUT_SIZE - 1, Math.floor((i / 16) * LUT_SIZE));
      stops.push(`<stop offset="${num(i / 16)}" stop-color="${css(lutRgb(r.lut, idx))}" />`);
    }
    parts.push(`<defs><linearGradient id="${gid}">${stops.join('')}</linearGradient></defs>`);
    parts.push(`<rect x="${num(x)}" y="${num(cy)}" width="${RAMP_WIDTH}" height="${RAMP_HEIGHT}" fill="url(#${gid})" />`);
    cy += RAMP_HEIGHT;
    for (const t of r.ticks) {
      const tx = x + t.at * RAMP_WIDTH;
      parts.push(`<rect x="${num(tx - 0.5)}" y="${num(cy)}" width="1" height="3" fill="${foreground}" />`);
      parts.push(text(tx, cy + ROW / 2 + 2, t.label, t.at <= 0 ? 'start' : t.at >= 1 ? 'end' : 'middle'));
    }
    cy += ROW;
  }
  (spec.swatches ?? []).forEach((s, i) => {
    const pid = `${idPrefix}-swatch-${i}`;
    if (s.fill.hatch) parts.push(`<defs>${svgPatternDef(pid, s.fill)}</defs>`);
    parts.push(`<rect x="${num(x)}" y="${num(cy + (ROW - SWATCH) / 2)}" width="${SWATCH}" height="${SWATCH}" fill="${svgFillRef(s.fill, pid)}" />`);
    parts.push(text(x + SWATCH + 6, cy + ROW / 2, s.label));
    cy += ROW;
  });
  return parts.join('');
}
