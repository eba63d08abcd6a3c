/**
 * Dev harness: every view rendered from SYNTHETIC demo data (see synthetic-attention.ts), in a page
 * with the webview's CSP and a theme switch. Built by build-harness.mjs; screenshots.mjs drives it.
 * URL parameters: theme=dark|light|hc, long=1 (a 512-token input, to check responsiveness).
 */
import '../styles/views.css';
import './harness.css';
import { renderHeatmapView } from '../views/heatmap/heatmap-view';
import { renderOverviewView } from '../views/overview/overview-view';
import { renderArcsView } from '../views/arcs/arcs-view';
import { renderMasksView } from '../views/masks/masks-view';
import { renderPositionsView } from '../views/positions/positions-view';
import { renderModelView } from '../views/model/model-view';
import { renderTokensView } from '../views/tokens/tokens-view';
import { SHIPPED } from '../../src/model/config';
import { meanOverHeads } from '../views/shared/mean-over-heads';
import { type HarnessTheme, applyHarnessTheme } from './theme-variables';
import { syntheticRun } from './synthetic-attention';
import { createDropdown, createRadioGroup, ensureToolkitRegistered } from '../ui';
import { type AttentionKind } from '../../src/shared/vocabulary';

const SHORT_CODE = 'def add(a, b):\n\treturn a + b  # sum';

function longCode(tokens: number): string {
  const lines: string[] = [];
  for (let i = 0; lines.join('').length < tokens * 3; i++) lines.push(`    total_${i} = values[${i}] * scale + offset\n`);
  return lines.join('');
}

const params = new URLSearchParams(location.search);
const theme = (params.get('theme') as HarnessTheme) || 'dark';
const long = params.get('long') === '1';
applyHarnessTheme(theme);
ensureToolkitRegistered();

const LAYERS = 3;
const HEADS = 4;
const code = long ? longCode(512) : SHORT_CODE;
let run = syntheticRun(code, LAYERS, HEADS);
if (long) {
  // Trim to exactly 512 source tokens.
  const source = run.source.slice(0, 512);
  run = syntheticRun(code.slice(0, source[source.length - 1].end), LAYERS, HEADS);
}

const log = document.getElementById('event-log') as HTMLElement;
function logEvent(text: string): void {
  log.textContent = text;
}

function panel(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`harness.html has no #${id}`);
  return el;
}

// Controls of the harness itself (not part of any view).
const controls = panel('harness-controls');
controls.append(
  createRadioGroup<HarnessTheme>({
    label: 'Theme',
    choices: [
      { value: 'dark', label: 'Dark' },
      { value: 'light', label: 'Light' },
      { value: 'hc', label: 'High contrast' },
    ],
    value: theme,
    onChange: (t) => applyHarnessTheme(t),
  }).element,
);

let kind: AttentionKind = 'cross';
let layer = 0;
let head: number | 'mean' = 0;

const matrixOf = () => (head === 'mean' ? overviewMeans(kind, layer) : run.attention[kind][layer][head]);
function overviewMeans(k: AttentionKind, l: number) {
  return meanOverHeads(run.attention[k][l]);
}

const heatmap = renderHeatmapView(panel('view-heatmap'), { matrix: matrixOf() }, {
  onCellHover: (q, k) => logEvent(q === null ? 'heatmap onCellHover(null)' : `heatmap onCellHover(query ${q}, key ${k})`),
  onTokenFocus: (side, index) => logEvent(`heatmap onTokenFocus(${side}, ${index})`),
});

const overview = renderOverviewView(panel('view-overview'), { kind, matrices: run.attention[kind], selected: { layer, head } }, {
  onSelect: (l, h) => {
    layer = l;
    head = h;
    logEvent(`overview onSelect(layer ${l}, head ${h})`);
    showSelected();
  },
});

const arcs = renderArcsView(panel('view-arcs'), { heads: run.attention[kind][layer] }, {
  onTokenFocus: (side, index) => logEvent(`arcs onTokenFocus(${side}, ${index})`),
});

const masks = renderMasksView(panel('view-masks'), { source: run.source, decoder: run.decoder });

// A batch member padded to a longer neighbour: the last three positions are <pad> in both sequences.
const PADS = 3;
const padTokens = (from: number) => Array.from({ length: PADS }, (_, i) => ({ text: '<pad>', position: from + i, id: 0 }));
const shortSource = run.source.slice(0, 8);
const shortDecoder = run.decoder.slice(0, 8);
renderMasksView(panel('view-masks-padding'), {
  source: [...shortSource, ...padTokens(8)],
  decoder: [...shortDecoder, ...padTokens(8)],
  sourcePadding: [...shortSource.map(() => false), ...padTokens(8).map(() => true)],
  decoderPadding: [...shortDecoder.map(() => false), ...padTokens(8).map(() => true)],
});

const positions = renderPositionsView(panel('view-positions'), { length: Math.max(run.source.length, run.decoder.length), dModel: SHIPPED.dModel, tokens: run.source }, {
  onPositionFocus: (p) => logEvent(`positions onPositionFocus(${p})`),
});

const model = renderModelView(panel('view-model'), { config: { ...SHIPPED }, nSrc: run.source.length, nTgt: run.decoder.length, modelName: 'shipped code model (demo numbers)' });

const tokens = renderTokensView(panel('view-tokens'), { tokens: run.source, sourceLabel: 'the demo line' }, {
  onTokenFocus: (i) => logEvent(`tokens onTokenFocus(${i})`),
});

function showSelected(): void {
  heatmap.update({ matrix: matrixOf() });
  overview.update({ kind, matrices: run.attention[kind], selected: { layer, head } });
  arcs.update({ heads: run.attention[kind][layer] });
}

controls.append(
  createDropdown<AttentionKind>({
    label: 'Attention',
    choices: [
      { value: 'encoderSelf', label: 'Encoder self' },
      { value: 'decoderSelf', label: 'Decoder self (masked)' },
      { value: 'cross', label: 'Cross (encoder–decoder)' },
    ],
    value: kind,
    onChange: (k) => {
      kind = k;
      showSelected();
    },
  }).element,
);

declare global {
  interface Window {
    xrHarness: Record<string, unknown>;
  }
}
window.xrHarness = {
  run,
  heatmap,
  overview,
  arcs,
  masks,
  positions,
  model,
  tokens,
  select: (k: AttentionKind, l: number, h: number | 'mean') => {
    kind = k;
    layer = l;
    head = h;
    showSelected();
  },
};
document.body.dataset.ready = '1';
