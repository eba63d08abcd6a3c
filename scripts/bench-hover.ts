/**
 * Benchmark of hover work per hover, in Node (what the extension host runs):
 *
 * - concept hovers: term recognition on 5 MB of code (many lines), and on a 5 MB single-line
 *   minified file, at 10,000 random positions each;
 * - token hovers: finding the token and building its Markdown at 10,000 random offsets of a
 *   512-token analysis, and computeInsights itself for 512 and 4096 tokens.
 *
 *   node out/scripts/bench-hover.js [--positions 10000] [--seed 1]
 *
 * Prints median, p99 and max per hover. VS Code's own work (lineAt, rendering) is not included.
 */
import { conceptMarkdown } from '../src/host/hover/concept-markdown';
import { uniformStream } from '../src/model/prng';
import { conceptById } from '../src/host/hover/concepts';
import { findTermAt } from '../src/host/hover/term-recognizer';
import { computeInsights } from '../src/host/hover/token-insights';
import { tokenHoverTarget } from '../src/host/hover/token-lookup';
import { tokenMarkdown } from '../src/host/hover/token-markdown';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? Number(process.argv[i + 1]) : fallback;
}


/** Lines of Transformer code, ordinary code and prose, mixed at random into the benchmark files. */
const CORPUS = [
  'class MultiHeadAttention(nn.Module):',
  '    def __init__(self, d_model: int, num_heads: int, dropout: float = 0.1):',
  '        self.q_proj = nn.Linear(d_model, d_model)',
  '        scores = torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(self.d_k)',
  '            scores = scores.masked_fill(attn_mask, float("-inf"))',
  '        weights = F.softmax(scores, dim=-1)',
  'layer = nn.TransformerEncoderLayer(d_model=512, nhead=8, dim_feedforward=2048)',
  'out = model(src, tgt, tgt_mask=mask, src_key_padding_mask=pad)',
  "const queryString = new URLSearchParams(location.search).toString();",
  'for (const [key, value] of Object.entries(headers)) map.set(key, value);',
  'export function render(items: Item[], options: RenderOptions = {}): string {',
  '  return items.map((item) => `<li class="${item.kind}">${escape(item.label)}</li>`).join("");',
  '    if (!this.cache.has(key)) this.cache.set(key, await this.load(key));',
  'Each layer uses multi-head attention; every head runs scaled dot-product attention over queries, keys and values.',
  'Please pay attention to the headline: the key to success is value.',
  String.raw`\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)V`,
  '',
  '    }',
  'import numpy as np',
  '        x = self.norm1(x + self._sa_block(x, src_mask, src_key_padding_mask, is_causal=is_causal))',
];

function stats(micros: number[]): string {
  const s = [...micros].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `median ${at(0.5).toFixed(2)} µs, p99 ${at(0.99).toFixed(2)} µs, max ${s[s.length - 1].toFixed(1)} µs`;
}

function time(fn: () => unknown): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1000;
}

const SIZE = 5 * 1024 * 1024;
const positions = arg('positions', 10_000);
const next = uniformStream(arg('seed', 1));

/** What the concept provider does per hover, minus VS Code: recognise, then the (cached) Markdown. */
const markdownCache = new Map<string, string>();
function conceptHover(line: string, character: number): string | undefined {
  const m = findTermAt(line, character);
  if (!m) return undefined;
  let md = markdownCache.get(m.conceptId);
  if (md === undefined) markdownCache.set(m.conceptId, (md = conceptMarkdown(conceptById(m.conceptId))));
  return md;
}

function benchLines(label: string, lines: string[]): void {
  const nonEmpty = lines.map((l, i) => i).filter((i) => lines[i].length > 0);
  // Warm up the regular expressions (JIT) before measuring.
  for (let i = 0; i < 2000; i++) conceptHover(lines[nonEmpty[i % nonEmpty.length]], 3);
  const micros: number[] = [];
  let hits = 0;
  for (let i = 0; i < positions; i++) {
    const line = lines[nonEmpty[Math.floor(next() * nonEmpty.length)]];
    const character = Math.floor(next() * line.length);
    micros.push(time(() => {
      if (conceptHover(line, character)) hits++;
    }));
  }
  console.log(`${label}: ${positions} hovers, ${hits} on a term; ${stats(micros)}`);
}

// 5 MB of code in lines.
const lines: string[] = [];
for (let bytes = 0; bytes < SIZE; ) {
  const line = CORPUS[Math.floor(next() * CORPUS.length)];
  lines.push(line);
  bytes += line.length + 1;
}
benchLines(`Concept hover, 5 MB file of ${lines.length.toLocaleString('en-US')} lines`, lines);

// 5 MB minified: one line.
const minified: string[] = [];
for (let bytes = 0; bytes < SIZE; ) {
  const part = CORPUS[Math.floor(next() * CORPUS.length)].trim();
  minified.push(part);
  bytes += part.length + 1;
}
benchLines('Concept hover, 5 MB single-line file', [minified.join(';')]);

// Token hovers over a 512-token analysis.
function analysis(n: number) {
  const tokens = Array.from({ length: n }, (_, i) => ({ id: i % 4096, text: i % 3 === 0 ? ' tok' : 'en', start: 0, end: 0 }));
  let at = 0;
  for (const t of tokens) {
    t.start = at;
    at += t.text.length;
    t.end = at;
  }
  const weights = new Float32Array(n * n);
  for (let q = 0; q < n; q++) {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += weights[q * n + k] = Math.exp(4 * next());
    for (let k = 0; k < n; k++) weights[q * n + k] /= sum;
  }
  const input = {
    runId: 1, documentUri: 'file:///bench.py', documentVersion: 1, baseOffset: 0, endOffset: at, tokens,
    focused: { label: 'Encoder self-attention · Layer 1 · Head 1', weights },
    meanOverHeads: { label: 'Encoder self-attention · Layer 1 · mean over heads', weights },
    positionalEncoding: { dModel: 128 },
  };
  computeInsights(input); // warm-up
  const runs = Array.from({ length: 5 }, () => time(() => computeInsights(input)) / 1000).sort((a, b) => a - b);
  console.log(`computeInsights, ${n} tokens: median of 5 runs ${runs[2].toFixed(1)} ms`);
  return computeInsights(input);
}
for (const n of [512, 4096]) {
  const insights = analysis(n);
  if (n !== 512) continue;
  const micros: number[] = [];
  for (let i = 0; i < positions; i++) {
    const offset = Math.floor(next() * insights.end);
    micros.push(time(() => {
      const target = tokenHoverTarget(insights, 1, offset);
      if (target?.kind === 'token') tokenMarkdown(target.token, insights.runId);
    }));
  }
  console.log(`Token hover, 512-token analysis: ${positions} hovers; ${stats(micros)}`);
}
