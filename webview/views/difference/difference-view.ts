/**
 * How attention moved: the same layer, head and kind of two runs of the same tokens (after masking
 * tokens with <mask>, or switching the positional encoding), new minus old, on a diverging scale
 * (red: more weight than before, blue: less, white: unchanged).
 */
import type { AttentionMatrix, ViewHandle } from '../types';
import { keyAxisTitle, matrixTitle, queryAxisTitle } from '../shared/attention-text';
import { divergingSpec } from '../shared/diverging-spec';
import { appendDisposable, el, viewHeader } from '../shared/dom';
import { DisposableStore } from '../../../src/shared/lifecycle';
import { MatrixCanvas } from '../shared/matrix-canvas';
import { formatSigned } from '../shared/format';
import { quotedToken, tokenLabelText } from '../../../src/shared/token-text';

export interface DifferenceData {
  /** This run's matrix, or undefined when there is nothing to compare with. */
  now?: AttentionMatrix;
  before?: AttentionMatrix;
  /** What changed between the two runs, e.g. "source tokens 3, 4 masked". */
  change: string;
}

export interface DifferenceView extends ViewHandle<DifferenceData> {
  toSVG(): string;
  toCanvas(): HTMLCanvasElement;
  /** new − old, row-major (empty without a comparison). */
  readonly difference: Float32Array;
}

export function differenceOf(now: AttentionMatrix, before: AttentionMatrix): Float32Array {
  if (now.weights.length !== before.weights.length) throw new Error('The two runs have different shapes.');
  return now.weights.map((w, i) => w - before.weights[i]);
}

export function renderDifferenceView(container: HTMLElement, data: DifferenceData): DifferenceView {
  // Everything the view holds (plots, observers, its root on the page) goes when the store does.
  const store = new DisposableStore();
  let d = data;
  let diff: Float32Array = new Float32Array(0);
  const header = viewHeader('', '');
  const empty = el('p', { class: 'xr-hint' }, [
    'Nothing to compare yet: mask source tokens in the Predictions tab, or switch Positional encoding, and this view shows the new run minus the run before, cell by cell.',
  ]);
  const plot = store.add(new MatrixCanvas({
    describeCell: (q, k) => [
      `change ${formatSigned(diff[q * (d.now?.keys.length ?? 1) + k], 4)}`,
      `query ${quotedToken(d.now?.queries[q].text ?? '')} · pos ${q}`,
      `key ${quotedToken(d.now?.keys[k].text ?? '')} · pos ${k}`,
      `now ${d.now?.weights[q * (d.now?.keys.length ?? 1) + k].toFixed(4)}, before ${d.before?.weights[q * (d.now?.keys.length ?? 1) + k].toFixed(4)}`,
    ],
    announceCell: (q, k) => `query ${q}, key ${k}, change ${formatSigned(diff[q * (d.now?.keys.length ?? 1) + k], 4)}`,
  }));
  const root = el('section', { class: 'xr-view xr-difference', 'aria-label': 'Attention difference between two runs' }, [header.root, empty, plot.element]);
  store.add(appendDisposable(container, root));

  function draw(): void {
    const { now, before } = d;
    if (!now || !before) {
      header.title.textContent = 'Difference: how attention moved';
      header.explanation.textContent = '';
      empty.hidden = false;
      plot.element.hidden = true;
      diff = new Float32Array(0);
      return;
    }
    empty.hidden = true;
    plot.element.hidden = false;
    diff = differenceOf(now, before);
    header.title.textContent = `Difference · ${matrixTitle(now)}`;
    header.explanation.textContent = `This run minus the run before it (${d.change}): red cells gained weight, blue cells lost it, white is unchanged. Same layer, head and attention kind; scale symmetric about 0.`;
    plot.setSpec(divergingSpec({
      values: diff, rows: now.queries.length, cols: now.keys.length,
      rowLabels: now.queries.map((t) => tokenLabelText(t)), colLabels: now.keys.map((t) => tokenLabelText(t)), monoLabels: true,
      rowTitle: queryAxisTitle(now.kind), colTitle: keyAxisTitle(now.kind), legendTitle: 'Change (new − old)',
      ariaLabel: `Change in ${matrixTitle(now)}: ${now.queries.length} queries by ${now.keys.length} keys`,
    }));
  }
  draw();

  return {
    update(next) {
      d = next;
      draw();
    },
    dispose: () => store.dispose(),
    toSVG: () => plot.toSVG('xr-difference', header.title.textContent ?? ''),
    toCanvas: () => plot.toCanvas(2),
    get difference() {
      return diff;
    },
  };
}
