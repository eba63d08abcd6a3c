/**
 * The model in numbers: its configuration next to the paper's base model, parameters per component,
 * the multiply-adds of this run, and the paper's Table 1 evaluated at this input's length. Every
 * number is computed by src/model/accounting from the configuration, none is typed in.
 */
import type { ViewHandle } from '../types';
import { BASE, type TransformerConfig } from '../../../src/model/config';
import type { ParameterGroup } from '../../../src/model/parameters';
import { countParameters, forwardMultiplyAdds, table1 } from '../../../src/model/accounting';
import { appendDisposable, el, viewHeader } from '../shared/dom';
import { DisposableStore } from '../../../src/shared/lifecycle';
import { formatCompact, formatCount } from '../shared/format';

export interface ModelData {
  config: TransformerConfig;
  /** Source tokens and decoder-input tokens of this run. */
  nSrc: number;
  nTgt: number;
  /** e.g. "shipped code model"; shown in the heading. */
  modelName?: string;
  /** Kernel width k and neighbourhood r for Table 1's convolutional and restricted rows (defaults 3 and 16). */
  kernelWidth?: number;
  neighbourhood?: number;
}

export type ModelView = ViewHandle<ModelData>;

const GROUP_NAMES: Record<ParameterGroup, string> = {
  embeddings: 'Token embeddings',
  'encoder.self_attn': 'Encoder self-attention (W_Q, W_K, W_V, W_O)',
  'encoder.feed_forward': 'Encoder feed-forward (W_1, W_2)',
  'encoder.norm': 'Encoder LayerNorms',
  'decoder.self_attn': 'Decoder masked self-attention',
  'decoder.cross_attn': 'Decoder encoder–decoder attention',
  'decoder.feed_forward': 'Decoder feed-forward',
  'decoder.norm': 'Decoder LayerNorms',
  generator: 'Output projection (pre-softmax linear)',
};

/** With shared embeddings the output projection's weight is the embedding matrix: only its bias is its own. */
const SHARED_GENERATOR_NAME = 'Output projection bias (its weight is the shared embedding matrix)';

/** A table whose first column names the rows; with `totalRow`, the last row is set off as a total. */
function table(caption: string, head: string[], rows: (string | Node)[][], options: { numbers?: boolean; totalRow?: boolean } = {}): HTMLTableElement {
  const body = rows.map((r, n) =>
    el(
      'tr',
      { class: options.totalRow && n === rows.length - 1 ? 'xr-total' : undefined },
      r.map((cell, i) => (i === 0 ? el('th', { scope: 'row' }, [cell]) : el('td', {}, [cell]))),
    ),
  );
  return el('table', { class: `xr-table${options.numbers ? ' xr-table-numbers' : ''}` }, [
    el('caption', {}, [caption]),
    el('thead', {}, [el('tr', {}, head.map((h) => el('th', { scope: 'col' }, [h])))]),
    el('tbody', {}, body),
  ]);
}

/** A compact number ("1.13 M") whose exact value is in its tooltip, for wide tables. */
function compact(n: number): HTMLElement {
  return el('span', { title: formatCount(n) }, [n >= 10000 ? formatCompact(n) : formatCount(n)]);
}

/** Table 1's formulas with real superscripts: O(n^2 · d) → O(n² · d). */
function prettyFormula(f: string): string {
  return f.replace(/\^2/g, '²');
}

/** "1 234 567 (1.23 M)": exact, and readable at a glance. */
function count(n: number): string {
  return n >= 10000 ? `${formatCount(n)} (${formatCompact(n)})` : formatCount(n);
}

function configRows(c: TransformerConfig): string[][] {
  const norm = (x: TransformerConfig) =>
    x.norm === 'post' ? 'post-LN: LayerNorm(x + Sublayer(x))' : 'pre-LN: x + Sublayer(LayerNorm(x))';
  return [
    ['N (layers per stack)', String(c.N), String(BASE.N)],
    ['d_model', String(c.dModel), String(BASE.dModel)],
    ['d_ff (feed-forward inner width)', String(c.dFF), String(BASE.dFF)],
    ['h (heads)', String(c.h), String(BASE.h)],
    ['d_k = d_v (per head)', c.dK === c.dV ? String(c.dK) : `${c.dK} / ${c.dV}`, `${BASE.dK}`],
    ['Vocabulary (shared source/target)', formatCount(c.vocabSize), `${formatCount(BASE.vocabSize)} (BPE)`],
    ['Longest sequence (PE rows)', formatCount(c.maxLength), '—'],
    ['Normalisation', norm(c), norm(BASE)],
    ['Final LayerNorm after each stack', c.finalNorm ? 'yes' : 'no', 'no'],
    ['Shared embeddings + output projection', c.sharedEmbeddings ? 'yes' : 'no', 'yes'],
  ];
}

export function renderModelView(container: HTMLElement, data: ModelData): ModelView {
  // Everything the view holds (plots, observers, its root on the page) goes when the store does.
  const store = new DisposableStore();
  const header = viewHeader('', '');
  const body = el('div', { class: 'xr-model-body' });
  const root = el('section', { class: 'xr-view xr-model', 'aria-label': 'Model configuration and cost' }, [header.root, body]);
  store.add(appendDisposable(container, root));

  function draw(d: ModelData): void {
    const c = d.config;
    header.title.textContent = `The model${d.modelName ? `: ${d.modelName}` : ''}`;
    header.explanation.textContent =
      `An encoder–decoder Transformer as in the paper: ${c.N} encoder and ${c.N} decoder layers, ${c.h} heads of width ${c.dK}. ` +
      `This run: ${d.nSrc} source tokens, ${d.nTgt} decoder-input tokens.`;

    const params = countParameters(c);
    const groupName = (g: ParameterGroup) =>
      g === 'generator' && c.sharedEmbeddings
        ? SHARED_GENERATOR_NAME
        : GROUP_NAMES[g] + (g === 'embeddings' && c.sharedEmbeddings ? ' (shared: source, target, output; counted once)' : '');
    const paramRows = (Object.keys(GROUP_NAMES) as ParameterGroup[])
      .filter((g) => params.byGroup[g] > 0)
      .map((g) => [
        groupName(g),
        count(params.byGroup[g]),
        `${((100 * params.byGroup[g]) / params.total).toFixed(1)} %`,
      ]);
    paramRows.push(['Total', count(params.total), '100 %']);

    const macs = forwardMultiplyAdds(c, d.nSrc, d.nTgt);
    const enc = macs.encoderLayer;
    const dec = macs.decoderLayer;
    const attnRow = (name: string, a: typeof enc.selfAttention) => [
      name,
      compact(a.projections),
      compact(a.scores + a.weightedValues),
      compact(a.outputProjection),
      compact(a.total),
    ];
    const macRows = [
      attnRow(`Encoder self-attention (${d.nSrc}×${d.nSrc})`, enc.selfAttention),
      ['Encoder feed-forward', '', '', '', compact(enc.feedForward)],
      attnRow(`Decoder self-attention (${d.nTgt}×${d.nTgt})`, dec.selfAttention),
      attnRow(`Cross-attention (${d.nTgt}×${d.nSrc})`, dec.crossAttention),
      ['Decoder feed-forward', '', '', '', compact(dec.feedForward)],
    ];
    const totals = [
      [`Encoder, ${c.N} layers`, count(macs.encoder)],
      [`Decoder, ${c.N} layers`, count(macs.decoder)],
      [`Output projection (${d.nTgt} × ${c.dModel} × ${formatCount(c.vocabSize)}; the panel skips it: attention does not need it)`, count(macs.generator)],
      ['Total multiply-adds (≈ half the FLOPs)', count(macs.total)],
    ];

    const n = d.nSrc;
    const k = d.kernelWidth ?? 3;
    const r = d.neighbourhood ?? 16;
    const t1 = table1(n, c.dModel, k, r);
    const cost = (x: { formula: string; value: number }) => `${prettyFormula(x.formula)} = ${Number.isInteger(x.value) ? formatCount(x.value) : x.value.toFixed(2)}`;
    const t1Rows = t1.map((row) => [row.layerType, cost(row.complexityPerLayer), cost(row.sequentialOperations), cost(row.maximumPathLength)]);
    const cheaper =
      n < c.dModel
        ? `Here n = ${n} < d = ${c.dModel}, so a self-attention layer costs less than a recurrent one (n²·d < n·d²), as the paper argues for typical sentence lengths.`
        : `Here n = ${n} ≥ d = ${c.dModel}, so a self-attention layer costs at least as much as a recurrent one (n²·d ≥ n·d²); the restricted variant trades path length for cost.`;

    body.replaceChildren(
      table('Configuration', ['Hyperparameter', 'This model', 'Paper, base model'], configRows(c)),
      table('Parameters per component', ['Component', 'Parameters', 'Share'], paramRows, { numbers: true, totalRow: true }),
      el('p', { class: 'xr-hint' }, [`Per layer: encoder ${count(params.encoderLayers[0] ?? 0)}, decoder ${count(params.decoderLayers[0] ?? 0)}.`]),
      table(
        'Multiply-adds of this run, per layer',
        ['Sub-layer', 'Q, K, V projections', 'QKᵀ and weights·V', 'W_O', 'Total'],
        macRows,
        { numbers: true },
      ),
      table('Multiply-adds of this run, whole model', ['Part', 'Multiply-adds'], totals, { numbers: true, totalRow: true }),
      table(
        `The paper’s Table 1 at this input: n = ${n} (source tokens), d = ${c.dModel}, k = ${k}, r = ${r}`,
        ['Layer type', 'Complexity per layer', 'Sequential operations', 'Maximum path length'],
        t1Rows,
        { numbers: true },
      ),
      el('p', { class: 'xr-view-explanation' }, [
        cheaper,
        ' Values are the expressions inside O(·) with constant factors dropped, as in the paper; k and r are example values.',
      ]),
    );
  }
  draw(data);

  return {
    update: draw,
    dispose: () => store.dispose(),
  };
}
