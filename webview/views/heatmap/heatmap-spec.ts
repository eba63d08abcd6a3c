/**
 * What the heatmap draws for a matrix: labels, axis titles, cell colours, legend, and the words of
 * its tooltip. Pure (no DOM), so the labelling that users most often find wrong is unit-tested.
 */
import type { AttentionMatrix } from '../types';
import { MASKED_EXPLANATION, attentionWording, keyAxisTitle, matrixTitle, measureName, queryAxisTitle } from '../shared/attention-text';
import { VIRIDIS } from '../shared/colormaps';
import { formatWeight } from '../shared/format';
import type { LegendSpec } from '../shared/legend';
import type { MatrixSpec } from '../shared/matrix-spec';
import { pieceDescription } from '../../../src/shared/character-pieces';
import { quotedToken, tokenLabelText } from '../../../src/shared/token-text';
import {
  HEATMAP_FILLS,
  MASKED_FILL,
  type ScaleMode,
  attentionCellFills,
  checkMatrixShape,
  hasMaskedCells,
  isMasked,
  scaleMaximum,
} from './heatmap-cells';

/** The tooltip's lines for a cell: weight first, then which query and which key, by position and text. */
export function heatmapCellDescription(m: AttentionMatrix, q: number, k: number): string[] {
  const query = m.queries[q];
  const key = m.keys[k];
  const w = attentionWording(m.kind);
  const lines = [
    `${m.measure === 'weighted' ? '‖α·f(x)‖' : m.measure === 'rollout' ? 'rollout' : 'weight'} ${formatWeight(m.weights[q * m.keys.length + k])}`,
    `query ${quotedToken(query)} · pos ${query.position} · ${w.querySource}`,
    `key ${quotedToken(key)} · pos ${key.position} · ${w.keySource}`,
  ];
  // Byte pieces of one character: say which character and bytes, so "中²" is not a mystery.
  if (query.piece) lines.push(`query: ${pieceDescription(query.piece)}`);
  if (key.piece && key.piece !== query.piece) lines.push(`key: ${pieceDescription(key.piece)}`);
  if (isMasked(m, q * m.keys.length + k)) lines.push(MASKED_EXPLANATION);
  return lines;
}

function legendFor(m: AttentionMatrix, scaleMax: number, mode: ScaleMode): LegendSpec {
  const trim = (v: number) => formatWeight(v).replace(/0+$/, '').replace(/\.$/, '');
  return {
    ramp: {
      lut: VIRIDIS,
      title: mode === 'unit' ? `${measureName(m)} (scale 0 … 1)` : `${measureName(m)} (scale 0 … ${formatWeight(scaleMax)}, the largest shown)`,
      ticks: [
        { at: 0, label: '0' },
        { at: 0.5, label: trim(scaleMax / 2) },
        { at: 1, label: trim(scaleMax) },
      ],
    },
    swatches: hasMaskedCells(m) ? [{ fill: MASKED_FILL, label: MASKED_EXPLANATION }] : [],
  };
}

export function heatmapSpec(m: AttentionMatrix, mode: ScaleMode): MatrixSpec {
  checkMatrixShape(m);
  const scaleMax = scaleMaximum(m, mode);
  return {
    rows: m.queries.length,
    cols: m.keys.length,
    rowLabels: m.queries.map((t) => tokenLabelText(t)),
    colLabels: m.keys.map((t) => tokenLabelText(t)),
    rowTitle: queryAxisTitle(m.kind),
    colTitle: keyAxisTitle(m.kind),
    cellFill: attentionCellFills(m, scaleMax),
    fills: HEATMAP_FILLS,
    legend: legendFor(m, scaleMax, mode),
    ariaLabel:
      `${matrixTitle(m)}: ${m.queries.length} queries (rows) by ${m.keys.length} keys (columns). ` +
      'Arrow keys move between cells; Enter selects the query token, Shift+Enter the key token.',
    monoLabels: true,
    numberThinnedLabels: true,
    ...(m.untrainedFrom !== undefined ? { untrainedFrom: m.untrainedFrom } : {}),
  };
}

