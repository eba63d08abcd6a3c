/** The Markdown of token hovers, fresh and stale. No `vscode` import. */
import { pieceDescription } from '../../shared/character-pieces';
import { visibleTokenText, truncate } from '../../shared/token-text';
import { focusTokenLink, rerunLink } from './command-links';
import { codeSpan, escapeMarkdown, tableCodeSpan } from './markdown';
import type { AttentionRanking, RankedToken, TokenInsight } from './token-insights';

/** Longest token text shown in a table cell (the hover stays narrow). */
const CELL_CHARS = 24;

/** A token as shown in the hover: whitespace made visible (␣ → ↵), in a code span. */
export function tokenCode(text: string, maxChars = 60): string {
  return codeSpan(truncate(visibleTokenText(text), maxChars));
}

const cell = (t: RankedToken | undefined) => (t ? `${tableCodeSpan(truncate(visibleTokenText(t.text), CELL_CHARS))} #${t.index}` : '');
const weight = (t: RankedToken | undefined) => (t ? t.weight.toFixed(3) : '');

/** One matrix's rankings side by side: what the token attends to, and what attends to it. */
export function rankingTable(r: AttentionRanking): string {
  const rows = Math.max(r.attendsTo.length, r.attendedBy.length);
  if (rows === 0) return `**${escapeMarkdown(r.label)}**: no weights.`;
  const lines = [`**${escapeMarkdown(r.label)}**`, '', '| attends to | weight | attended by | weight |', '|:--|--:|:--|--:|'];
  for (let i = 0; i < rows; i++) {
    const to = r.attendsTo[i];
    const by = r.attendedBy[i];
    lines.push(`| ${cell(to)} | ${weight(to)} | ${cell(by)} | ${weight(by)} |`);
  }
  return lines.join('\n');
}

/** How the tokenizer split the word this token belongs to, the token in bold. */
export function wordSplitLine(t: TokenInsight): string {
  if (t.wordPieces.length <= 1) return 'Tokenizer: a whole word (or symbol) in one token.';
  const at = t.wordPieceIndex ?? t.wordPieces.indexOf(t.text);
  const pieces = t.wordPieces.map((p, i) => (i === at ? `**${tokenCode(p, 30)}**` : tokenCode(p, 30))).join(' · ');
  const word = tokenCode(t.wordPieces.join(''));
  return `Tokenizer: the word ${word} is split into ${t.wordPieces.length} pieces: ${pieces}` + (at >= 0 ? ` (this is piece ${at + 1}).` : '.');
}

/** PE(pos) at a few dimensions, each marked sin (even) or cos (odd). */
export function positionalEncodingLine(t: TokenInsight): string {
  const { dims, values } = t.positionalEncoding;
  if (dims.length === 0) return '';
  const parts = dims.map((d, i) => `${d} ${d % 2 === 0 ? 'sin' : 'cos'} ${values[i].toFixed(3)}`);
  return `Positional encoding PE(${t.position}), by dimension: ${codeSpan(parts.join(' · '))}`;
}

/** The hover of a token of a current analysis. */
export function tokenMarkdown(t: TokenInsight, runId: number): string {
  return [
    `**Token ${tokenCode(t.text)}** · id ${t.id} · position ${t.position}`,
    t.piece ? `Tokenizer: ${escapeMarkdown(pieceDescription(t.piece))}` : wordSplitLine(t),
    rankingTable(t.focused),
    rankingTable(t.meanOverHeads),
    positionalEncodingLine(t),
    focusTokenLink(runId, t.index),
  ]
    .filter((block) => block.length > 0)
    .join('\n\n');
}

/** The hover inside an analysed range after the document changed. */
export function staleMarkdown(): string {
  return [
    '**Transformer X-Ray:** this analysis is out of date: the document changed after Visualize Attention ran, so its tokens and weights no longer match the text.',
    rerunLink(),
  ].join('\n\n');
}
