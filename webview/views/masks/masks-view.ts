/**
 * The masks as they apply to this input: the subsequent (causal) mask of decoder self-attention and
 * the padding mask of every attention, kept visibly apart (people confuse them).
 */
import type { TokenLabel, ViewHandle } from '../types';
import { keyAxisTitle, queryAxisTitle } from '../shared/attention-text';
import { appendDisposable, el, viewHeader } from '../shared/dom';
import { DisposableStore } from '../../../src/shared/lifecycle';
import { type ExportExtent, MatrixCanvas } from '../shared/matrix-canvas';
import type { MatrixSpec } from '../shared/matrix-spec';
import { quotedToken, tokenLabelText } from '../../../src/shared/token-text';
import { MASK_FILLS, MaskCategory, decoderSelfMaskCells, hasPadding, paddingMaskCells } from './mask-cells';

export interface MasksData {
  /** Source tokens (encoder input). */
  source: TokenLabel[];
  /** Decoder input tokens (<s> + source shifted right). */
  decoder: TokenLabel[];
  /** true = padded position; omitted or all false = no padding. */
  sourcePadding?: boolean[];
  decoderPadding?: boolean[];
}

export interface MasksView extends ViewHandle<MasksData> {
  /** The causal-mask matrix as standalone SVG. */
  toSVG(extent?: ExportExtent): string;
}

export const MASK_RULE = 'Masked scores are set to −∞ before the softmax, so their attention weights are exactly 0.';
export const NO_PADDING_TEXT =
  'No padding in this input: the padding mask hides nothing here. (Padding appears when sequences of different lengths are batched together; a single selection has none.)';

const LEGEND_LABELS: Record<MaskCategory, string> = {
  [MaskCategory.Allowed]: 'allowed: the score is kept',
  [MaskCategory.Causal]: 'causal (subsequent) mask: a later position, set to −∞ → weight 0',
  [MaskCategory.Padding]: 'padding mask: a <pad> key, set to −∞ → weight 0',
  [MaskCategory.CausalAndPadding]: 'both masks',
};

function describe(category: number, q: TokenLabel, k: TokenLabel): string {
  switch (category) {
    case MaskCategory.Causal:
      return `masked by the causal mask: key pos ${k.position} is after query pos ${q.position}`;
    case MaskCategory.Padding:
      return 'masked by the padding mask: the key is padding';
    case MaskCategory.CausalAndPadding:
      return 'masked by both the causal and the padding mask';
    default:
      return 'allowed: this query may attend to this key';
  }
}

function spec(
  cells: Uint8Array,
  queries: TokenLabel[],
  keys: TokenLabel[],
  rowTitle: string,
  colTitle: string,
  ariaLabel: string,
): MatrixSpec {
  const present = new Set(cells);
  return {
    rows: queries.length,
    cols: keys.length,
    rowLabels: queries.map((t) => tokenLabelText(t)),
    colLabels: keys.map((t) => tokenLabelText(t)),
    rowTitle,
    colTitle,
    cellFill: cells,
    fills: MASK_FILLS,
    legend: {
      swatches: [0, 1, 2, 3].filter((c) => c === 0 || present.has(c)).map((c) => ({ fill: MASK_FILLS[c], label: LEGEND_LABELS[c as MaskCategory] })),
    },
    ariaLabel,
    monoLabels: true,
    numberThinnedLabels: true,
    maxCellPx: 22,
  };
}

export function renderMasksView(container: HTMLElement, data: MasksData): MasksView {
  // Everything the view holds (plots, observers, its root on the page) goes when the store does.
  const store = new DisposableStore();
  let current = data;
  const header = viewHeader(
    'Masks: causal vs padding',
    `${MASK_RULE} Two different masks do this: the causal (subsequent) mask, only in decoder self-attention, hides later positions; the padding mask hides <pad> tokens in every attention.`,
  );
  const causalTitle = el('h3', { class: 'xr-subtitle' }, ['Causal (subsequent) mask — decoder self-attention only']);
  const causalText = el('p', { class: 'xr-view-explanation' }, [
    'Position i may attend to positions ≤ i only, so the prediction for position i cannot see the tokens it is predicting. ' +
      'Encoder self-attention and cross-attention have no causal mask.',
  ]);
  const causalCells: { cells: Uint8Array } = { cells: new Uint8Array() };
  const causal = store.add(new MatrixCanvas({
    describeCell: (q, k) => {
      const d = current.decoder;
      return [describe(causalCells.cells[q * d.length + k], d[q], d[k]), `query ${quotedToken(d[q])} · pos ${d[q].position}`, `key ${quotedToken(d[k])} · pos ${d[k].position}`];
    },
    announceCell: (q, k) => describe(causalCells.cells[q * current.decoder.length + k], current.decoder[q], current.decoder[k]),
  }));
  const paddingTitle = el('h3', { class: 'xr-subtitle' }, ['Padding mask — every attention']);
  const paddingBody = el('div', {});
  const paddingCells: { cells: Uint8Array } = { cells: new Uint8Array() };
  const padding = store.add(new MatrixCanvas({
    describeCell: (q, k) => {
      const s = current.source;
      return [describe(paddingCells.cells[q * s.length + k], s[q], s[k]), `query ${quotedToken(s[q])} · pos ${s[q].position}`, `key ${quotedToken(s[k])} · pos ${s[k].position}`];
    },
    announceCell: (q, k) => describe(paddingCells.cells[q * current.source.length + k], current.source[q], current.source[k]),
  }));
  const summary = el('table', { class: 'xr-mask-summary' });
  const root = el('section', { class: 'xr-view xr-masks', 'aria-label': 'Attention masks' }, [
    header.root,
    summary,
    causalTitle,
    causalText,
    causal.element,
    paddingTitle,
    paddingBody,
  ]);
  store.add(appendDisposable(container, root));

  function draw(): void {
    const d = current;
    const srcPadded = hasPadding(d.sourcePadding);
    const decPadded = hasPadding(d.decoderPadding);
    const row = (attention: string, masks: string) => el('tr', {}, [el('th', { scope: 'row' }, [attention]), el('td', {}, [masks])]);
    summary.replaceChildren(
      el('thead', {}, [el('tr', {}, [el('th', { scope: 'col' }, ['Attention']), el('th', { scope: 'col' }, ['Masks applied to this input'])])]),
      el('tbody', {}, [
        row('Encoder self-attention', srcPadded ? 'padding (source <pad> keys)' : 'none (no padding here)'),
        row('Decoder self-attention', decPadded ? 'causal + padding (decoder <pad> keys)' : 'causal'),
        row('Encoder–decoder (cross) attention', srcPadded ? 'padding (source <pad> keys)' : 'none (no padding here)'),
      ]),
    );
    causalCells.cells = decoderSelfMaskCells(d.decoder.length, d.decoderPadding);
    causal.setSpec(
      spec(
        causalCells.cells,
        d.decoder,
        d.decoder,
        queryAxisTitle('decoderSelf'),
        keyAxisTitle('decoderSelf'),
        `Causal mask of decoder self-attention, ${d.decoder.length} by ${d.decoder.length} decoder-input tokens`,
      ),
    );
    if (srcPadded) {
      paddingCells.cells = paddingMaskCells(d.source.length, d.source.length, d.sourcePadding);
      padding.setSpec(
        spec(
          paddingCells.cells,
          d.source,
          d.source,
          queryAxisTitle('encoderSelf'),
          keyAxisTitle('encoderSelf'),
          `Padding mask of encoder self-attention, ${d.source.length} by ${d.source.length} source tokens`,
        ),
      );
      paddingBody.replaceChildren(
        el('p', { class: 'xr-view-explanation' }, ['Padded source positions are hidden as keys from every query; cross-attention hides the same columns.']),
        padding.element,
      );
    } else {
      paddingBody.replaceChildren(el('p', { class: 'xr-no-padding', role: 'status' }, [NO_PADDING_TEXT]));
    }
  }
  draw();

  return {
    update(next) {
      current = next;
      draw();
    },
    dispose: () => store.dispose(),
    toSVG: (extent) => causal.toSVG('xr-masks', 'Causal (subsequent) mask — decoder self-attention', extent),
  };
}
