/**
 * Query · key, step by step: the paper's equation 1 for one row of one head. For a chosen head and
 * query token: q_i, the key vectors k_j, their products q_i ⊙ k_j over the dK dimensions (heatmaps on
 * a diverging scale), then one labelled row per step — q_i·k_j, the scores q_i·k_j/√dK, the mask,
 * the softmax — ending in the heatmap's own row, which the softmax reproduces.
 */
import type { AttentionKind, TokenLabel, ViewHandle } from '../types';
import { attentionWording, layerName } from '../shared/attention-text';
import { divergingSpec } from '../shared/diverging-spec';
import { appendDisposable, el, viewHeader } from '../shared/dom';
import { DisposableStore } from '../../../src/shared/lifecycle';
import { formatWeight } from '../shared/format';
import { MatrixCanvas } from '../shared/matrix-canvas';
import { quotedToken, tokenLabelText } from '../../../src/shared/token-text';
import { createDropdown } from '../../ui';
import { queryKeySteps, type QueryKeySteps } from '../../../src/model/query-key-steps';

export interface QueryKeyData {
  kind: AttentionKind;
  layer: number;
  head: number;
  /** Heads of the model, for the head picker. */
  h: number;
  query: number;
  queries: TokenLabel[];
  keys: TokenLabel[];
  dK: number;
  /** q_i `[dK]` (unscaled). */
  q: Float32Array;
  /** k_j `[nk × dK]`. */
  k: Float32Array;
  /** Which keys the mask hides for this query (causal mask), `[nk]`; absent: none. */
  hidden?: Uint8Array;
  /** Row `query` of the heatmap of this layer and head, `[nk]`: what the softmax must equal. */
  heatmapRow: Float32Array;
}

export interface QueryKeyCallbacks {
  onHeadChange?(head: number): void;
  onQueryChange?(query: number): void;
}

export interface QueryKeyView extends ViewHandle<QueryKeyData> {
  toSVG(): string;
  toCanvas(): HTMLCanvasElement;
  /** The numbers of every step, for JSON export. */
  values(): Record<string, unknown>;
  /** One line per key, for CSV export. */
  csv(): string;
  /** The largest |softmax − heatmap row| (tests and the view's last line). */
  readonly agreement: number;
}

const fmt = (v: number): string => (v === -Infinity ? '−∞' : Number.isFinite(v) ? (Math.abs(v) >= 1000 ? v.toExponential(2) : v.toFixed(4)) : String(v));

export function renderQueryKeyView(container: HTMLElement, data: QueryKeyData, callbacks: QueryKeyCallbacks = {}): QueryKeyView {
  // Everything the view holds (plots, observers, its root on the page) goes when the store does.
  const store = new DisposableStore();
  let d = data;
  let steps: QueryKeySteps = compute(d);
  let agreement = 0;
  const header = viewHeader('', '');
  const toolbar = el('div', { class: 'xr-toolbar' });
  const plotCaption = (text: string) => el('h3', { class: 'xr-qk-caption' }, [text]);
  const describe = (values: () => ArrayLike<number>, cols: number, what: string) => (r: number, c: number) => [
    `${what} ${fmt(values()[r * cols + c])}`, `key ${quotedToken(d.keys[r]?.text ?? '')} · pos ${r}`, `dimension ${c}`,
  ];
  const qPlot = store.add(new MatrixCanvas({
    describeCell: (_r, c) => [`q_i[${c}] = ${fmt(d.q[c])}`],
    announceCell: (_r, c) => `dimension ${c}, ${fmt(d.q[c])}`,
  }));
  const kPlot = store.add(new MatrixCanvas({
    describeCell: describe(() => d.k, d.dK, 'k_j'),
    announceCell: (r, c) => `key ${r}, dimension ${c}, ${fmt(d.k[r * d.dK + c])}`,
  }));
  const productPlot = store.add(new MatrixCanvas({
    describeCell: describe(() => steps.products, d.dK, 'q_i ⊙ k_j ='),
    announceCell: (r, c) => `key ${r}, dimension ${c}, product ${fmt(steps.products[r * d.dK + c])}`,
  }));
  const table = el('table', { class: 'xr-qk-steps' });
  const check = el('p', { class: 'xr-hint xr-qk-check' });
  const root = el('section', { class: 'xr-view xr-qk', 'aria-label': 'Query times key, step by step' }, [
    header.root,
    toolbar,
    plotCaption('q_i: the query vector of the chosen token (x_i W^Q_h + b^Q_h)'),
    qPlot.element,
    plotCaption('k_j: the key vectors (rows: keys, columns: the dK dimensions)'),
    kPlot.element,
    plotCaption('q_i ⊙ k_j: the products whose sum over the dK dimensions is q_i·k_j'),
    productPlot.element,
    plotCaption('Equation 1, one row: each step a row of numbers over the keys'),
    el('div', { class: 'xr-qk-scroll' }, [table]),
    check,
  ]);
  store.add(appendDisposable(container, root));

  function compute(x: QueryKeyData): QueryKeySteps {
    return queryKeySteps(x.q, x.k, x.dK, x.keys.length, (j) => x.hidden?.[j] === 1);
  }

  function draw(): void {
    steps = compute(d);
    const w = attentionWording(d.kind);
    const qTok = d.queries[d.query];
    header.title.textContent = `q·k step by step · ${w.name} · ${layerName(d.layer)} · Head ${d.head + 1} · query ${quotedToken(qTok)} (pos ${qTok.position})`;
    header.explanation.textContent =
      `The paper's equation 1, Attention(Q, K, V) = softmax(QKᵀ/√d_k)V, for one query row of one head: the dot products of q_i with every key k_j, ` +
      `divided by √d_k = √${d.dK} = ${Math.sqrt(d.dK).toFixed(3)}, the mask (−∞ where the query may not look), and the softmax — which is row ${d.query} of the heatmap.`;
    toolbar.replaceChildren(
      createDropdown<string>({
        label: 'Head', value: String(d.head),
        choices: Array.from({ length: d.h }, (_, i) => ({ value: String(i), label: `Head ${i + 1}` })),
        onChange: (v) => callbacks.onHeadChange?.(Number(v)),
      }).element,
      createDropdown<string>({
        label: 'Query token', value: String(d.query),
        choices: d.queries.map((t, i) => ({ value: String(i), label: `${i}: ${tokenLabelText(t)}` })),
        onChange: (v) => callbacks.onQueryChange?.(Number(v)),
      }).element,
    );
    const dims = Array.from({ length: d.dK }, (_, i) => String(i));
    const keyLabels = d.keys.map((t) => tokenLabelText(t));
    qPlot.setSpec(divergingSpec({
      values: d.q, rows: 1, cols: d.dK, rowLabels: [tokenLabelText(qTok)], colLabels: dims,
      rowTitle: 'q_i', colTitle: 'Dimension (of dK)', legendTitle: 'q_i component', ariaLabel: `Query vector q_i, ${d.dK} dimensions`, maxCellPx: 14,
    }));
    kPlot.setSpec(divergingSpec({
      values: d.k, rows: d.keys.length, cols: d.dK, rowLabels: keyLabels, colLabels: dims, monoLabels: true,
      rowTitle: 'Keys k_j', colTitle: 'Dimension (of dK)', legendTitle: 'k_j component', ariaLabel: `Key vectors, ${d.keys.length} keys by ${d.dK} dimensions`, maxCellPx: 14,
    }));
    productPlot.setSpec(divergingSpec({
      values: steps.products, rows: d.keys.length, cols: d.dK, rowLabels: keyLabels, colLabels: dims, monoLabels: true,
      rowTitle: 'Keys k_j', colTitle: 'Dimension (of dK)', legendTitle: 'q_i ⊙ k_j', ariaLabel: `Products of q_i and each key, ${d.keys.length} keys by ${d.dK} dimensions`, maxCellPx: 14,
    }));
    const row = (label: string, values: ArrayLike<number>, format: (v: number, j: number) => string, cls = '') =>
      el('tr', { class: cls }, [el('th', { scope: 'row' }, [label]), ...Array.from(values, (v, j) => el('td', {}, [format(v, j)]))]);
    table.replaceChildren(
      el('thead', {}, [el('tr', {}, [el('th', { scope: 'col' }, ['step \\ key j']), ...d.keys.map((t, j) => el('th', { scope: 'col', title: `pos ${j}` }, [`${j}: ${tokenLabelText(t)}`]))])]),
      el('tbody', {}, [
        row('1. q_i·k_j = Σ q_i ⊙ k_j', steps.dots, fmt),
        row(`2. score = q_i·k_j / √${d.dK}`, steps.scores, fmt),
        row('3. mask (−∞: hidden)', steps.masked, fmt),
        row('4. softmax', steps.weights, (v) => formatWeight(v), 'xr-qk-softmax'),
        row(`5. heatmap row ${d.query} (from the pass)`, d.heatmapRow, (v) => formatWeight(v), 'xr-qk-heatmap'),
      ]),
    );
    agreement = 0;
    for (let j = 0; j < d.keys.length; j++) agreement = Math.max(agreement, Math.abs(steps.weights[j] - d.heatmapRow[j]));
    check.textContent = `Step 4 equals step 5: the largest difference is ${agreement.toExponential(1)} (float32 rounding).`;
    check.dataset.agreement = String(agreement);
  }
  draw();

  return {
    update(next) {
      d = next;
      draw();
    },
    dispose: () => store.dispose(),
    toSVG: () => productPlot.toSVG('xr-qk', header.title.textContent ?? ''),
    toCanvas: () => productPlot.toCanvas(2),
    values: () => ({
      kind: d.kind, layer: d.layer, head: d.head, query: { position: d.query, text: d.queries[d.query].text }, dK: d.dK,
      keys: d.keys.map((t) => ({ position: t.position, id: t.id, text: t.text })),
      q: Array.from(d.q), k: Array.from({ length: d.keys.length }, (_, j) => Array.from(d.k.subarray(j * d.dK, (j + 1) * d.dK))),
      products: Array.from({ length: d.keys.length }, (_, j) => Array.from(steps.products.subarray(j * d.dK, (j + 1) * d.dK))),
      dots: Array.from(steps.dots), scores: Array.from(steps.scores), masked: Array.from(steps.masked, (v) => (v === -Infinity ? null : v)),
      softmax: Array.from(steps.weights), heatmapRow: Array.from(d.heatmapRow),
    }),
    csv: () => {
      const q = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
      const lines = ['key_position,key_token,dot,score,masked,softmax,heatmap'];
      d.keys.forEach((t, j) => lines.push(`${j},${q(t.text)},${steps.dots[j]},${steps.scores[j]},${d.hidden?.[j] === 1 ? 1 : 0},${steps.weights[j]},${d.heatmapRow[j]}`));
      return lines.join('\n') + '\n';
    },
    get agreement() {
      return agreement;
    },
  };
}
