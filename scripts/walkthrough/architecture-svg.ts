/**
 * The tour's architecture diagram (paper, Figure 1 and section 3.1) drawn for a given configuration,
 * so that the sizes it states are the model's own: N, d_model, d_ff, h, d_k, vocabulary.
 *
 * The walkthrough shows it as an image inside Markdown, which cannot follow the VS Code theme, so
 * every label sits on a light box with dark text, and lines are a grey that reads on dark and light
 * backgrounds alike.
 */
import type { TransformerConfig } from '../../src/model/config';

const W = 680;
const BOX_H = 36;
const STEP = 52;
const INK = '#1f1f1f';
const LINE = '#8c8c8c';
const FILL = {
  attention: '#f8d7a6',
  feedForward: '#bfe1f6',
  norm: '#f1f0a8',
  embedding: '#f5c9c9',
  output: '#d9cdf3',
  io: '#e4e4e4',
} as const;

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface Box {
  x: number;
  y: number;
  w: number;
  lines: string[];
  fill: string;
}

function box(b: Box): string {
  const h = BOX_H;
  const text =
    b.lines.length === 1
      ? `<text x="${b.x + b.w / 2}" y="${b.y + h / 2 + 5}" text-anchor="middle">${esc(b.lines[0])}</text>`
      : `<text x="${b.x + b.w / 2}" y="${b.y + 15}" text-anchor="middle">${esc(b.lines[0])}</text>` +
        `<text x="${b.x + b.w / 2}" y="${b.y + 30}" text-anchor="middle" class="small">${esc(b.lines[1])}</text>`;
  return `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${h}" rx="6" fill="${b.fill}" stroke="${LINE}"/>${text}`;
}

/** A vertical arrow from y1 down-to-up to y2 (y2 < y1) at x. */
function up(x: number, y1: number, y2: number): string {
  return `<line x1="${x}" y1="${y1}" x2="${x}" y2="${y2 + 1}" stroke="${LINE}" stroke-width="2" marker-end="url(#arrow)"/>`;
}

/**
 * A stack of sub-layers inside a frame, drawn bottom-up, with its name on a label turned along the
 * frame's outer side (`side`), where the paper's Figure 1 writes "N×". Returns the SVG, the y of
 * each box and the frame's top.
 */
function stack(x: number, w: number, bottomY: number, layers: { lines: string[]; fill: string }[], title: string, side: 'left' | 'right'): { svg: string; ys: number[]; top: number } {
  const inner = 14;
  const ys = layers.map((_, i) => bottomY - inner - BOX_H - i * STEP);
  const top = ys[ys.length - 1] - inner;
  let svg = `<rect x="${x}" y="${top}" width="${w}" height="${bottomY - top}" rx="10" fill="#8c8c8c" fill-opacity="0.12" stroke="${LINE}" stroke-dasharray="5 4"/>`;
  const labelX = side === 'left' ? x - 14 : x + w + 14;
  const labelY = (top + bottomY) / 2;
  const labelW = 230;
  svg += `<g transform="rotate(-90 ${labelX} ${labelY})"><rect x="${labelX - labelW / 2}" y="${labelY - 11}" width="${labelW}" height="22" rx="4" fill="${FILL.io}" stroke="${LINE}"/>`;
  svg += `<text x="${labelX}" y="${labelY + 5}" text-anchor="middle" class="title">${esc(title)}</text></g>`;
  layers.forEach((l, i) => {
    svg += box({ x: x + inner, y: ys[i], w: w - 2 * inner, lines: l.lines, fill: l.fill });
    if (i > 0) svg += up(x + w / 2, ys[i - 1], ys[i] + BOX_H);
  });
  return { svg, ys, top };
}

export function architectureSvg(c: TransformerConfig): string {
  const colW = 270;
  const encX = 36;
  const decX = W - 36 - colW;
  const innerW = colW - 28;
  const ffn = `d_model ${c.dModel} → d_ff ${c.dFF} → ${c.dModel}, ReLU`;
  const heads = `h = ${c.h} heads, d_k = d_v = ${c.dK}`;
  const addNorm = { lines: ['Add & Norm', 'LayerNorm(x + Sublayer(x))'], fill: FILL.norm };
  const stackBottom = 560;
  const enc = stack(encX, colW, stackBottom, [
    { lines: ['Multi-head self-attention', heads], fill: FILL.attention },
    addNorm,
    { lines: ['Feed-forward network', ffn], fill: FILL.feedForward },
    addNorm,
  ], `Encoder: N = ${c.N} identical layers`, 'left');
  const dec = stack(decX, colW, stackBottom, [
    { lines: ['Masked multi-head self-attention', `${heads}, causal mask`], fill: FILL.attention },
    addNorm,
    { lines: ['Encoder-decoder attention', 'Q: decoder · K, V: encoder output'], fill: FILL.attention },
    addNorm,
    { lines: ['Feed-forward network', ffn], fill: FILL.feedForward },
    addNorm,
  ], `Decoder: N = ${c.N} identical layers`, 'right');

  const parts: string[] = [enc.svg, dec.svg];
  // Below each stack: inputs, embedding, positional encoding.
  const peY = stackBottom + 14;
  const embY = peY + STEP;
  const inY = embY + STEP;
  const bottom = (x: number, input: string[]) => {
    parts.push(box({ x: x + 14, y: peY, w: innerW, lines: ['+ Positional encoding', `sin/cos, ${c.maxLength} positions × ${c.dModel}`], fill: FILL.embedding }));
    parts.push(box({ x: x + 14, y: embY, w: innerW, lines: [`Embedding ${c.vocabSize} × ${c.dModel}`, `× √d_model${c.sharedEmbeddings ? ', shared matrix' : ''}`], fill: FILL.embedding }));
    parts.push(box({ x: x + 14, y: inY, w: innerW, lines: input, fill: FILL.io }));
    parts.push(up(x + colW / 2, inY, embY + BOX_H), up(x + colW / 2, embY, peY + BOX_H), up(x + colW / 2, peY, stackBottom - 14));
  };
  bottom(encX, ['Source tokens', 'your selection']);
  bottom(decX, ['Target tokens', '<s> + selection, shifted right']);

  // Above the decoder: the output layer.
  const linY = dec.top - 14 - BOX_H;
  const softY = linY - STEP;
  parts.push(box({ x: decX + 14, y: linY, w: innerW, lines: [`Linear ${c.dModel} → ${c.vocabSize}`, c.sharedEmbeddings ? 'weights shared with the embeddings' : 'own weights'], fill: FILL.output }));
  parts.push(box({ x: decX + 14, y: softY, w: innerW, lines: ['Softmax', 'next-token probabilities'], fill: FILL.output }));
  parts.push(up(decX + colW / 2, dec.ys[dec.ys.length - 1], linY + BOX_H), up(decX + colW / 2, linY, softY + BOX_H));

  // What flows between them: the encoder's last output feeds K and V of every decoder layer.
  const encTopBox = enc.ys[enc.ys.length - 1];
  const outY = enc.top - 22 - BOX_H;
  const crossY = dec.ys[2] + BOX_H / 2;
  const midX = (encX + colW + decX) / 2;
  parts.push(
    up(encX + colW / 2, encTopBox, outY + BOX_H),
    box({ x: encX + 14, y: outY, w: innerW, lines: [`Encoder output: n × ${c.dModel}`, 'keys and values of every decoder layer'], fill: FILL.io }),
    `<path d="M ${encX + 14 + innerW} ${outY + BOX_H / 2} H ${midX} V ${crossY} H ${decX + 14 - 1}" fill="none" stroke="${LINE}" stroke-width="2" marker-end="url(#arrow)"/>`,
  );

  const height = inY + BOX_H + 12;
  const top = Math.min(softY, outY) - 12;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 ${top} ${W} ${height - top}" width="${W}" height="${height - top}" role="img"`,
    ` aria-label="The Transformer of Attention Is All You Need at this extension's size: an encoder of ${c.N} layers and a decoder of ${c.N} layers, d_model ${c.dModel}, d_ff ${c.dFF}, ${c.h} heads; the encoder's output feeds the encoder-decoder attention of every decoder layer.">`,
    `<!-- Generated by scripts/walkthrough/make-media.ts from the shipped configuration (src/model/config.ts SHIPPED). Do not edit. -->`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">',
    `<path d="M 0 0 L 10 5 L 0 10 z" fill="${LINE}"/></marker>`,
    `<style>text{font-family:-apple-system,"Segoe UI",Ubuntu,"Helvetica Neue",Arial,sans-serif;font-size:13px;fill:${INK}}.small{font-size:11px}.title{font-weight:600}</style></defs>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
