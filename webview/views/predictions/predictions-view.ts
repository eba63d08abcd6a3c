/**
 * Predictions: for every decoder position, the model's five most likely next tokens with their
 * probabilities, the real next token marked, and the run's accuracy (top-1 = real next token). The
 * source tokens above can be masked (click one: it is replaced by <mask> in the encoder input and
 * the pass runs again); masked positions are marked, and what the unmasked run predicted is shown
 * beside what the model now restores.
 */
import type { TokenLabel, ViewHandle } from '../types';
import { appendDisposable, el, viewHeader } from '../shared/dom';
import { DisposableStore } from '../../../src/shared/lifecycle';
import { quotedToken, tokenLabelText } from '../../../src/shared/token-text';
import { escapeXml } from '../shared/svg-text';
import { createButton } from '../../ui';

export interface PredictionRow {
  ids: number[];
  probabilities: number[];
}

export interface PredictionsData {
  /** Decoder input per position (`<s>` + the source shifted right). */
  inputs: TokenLabel[];
  /** Source tokens (the encoder input, before masking). */
  source: TokenLabel[];
  top: PredictionRow[];
  real: { id: number; probability: number }[];
  accuracy: number;
  /** Source positions replaced by <mask> in this run. */
  masked: readonly number[];
  /** What the run without masks predicted (top 1 per position), when this run has masks. */
  unmasked?: { top: PredictionRow[]; accuracy: number };
  /** Text of a token id. */
  text(id: number): string;
}

export interface PredictionsCallbacks {
  /** Mask or unmask source token `index` (the pass runs again). */
  onToggleMask?(index: number): void;
  onClearMasks?(): void;
}

export interface PredictionsView extends ViewHandle<PredictionsData> {
  toSVG(): string;
  values(): Record<string, unknown>;
  csv(): string;
}

const pct = (p: number): string => `${(100 * p).toFixed(1)}%`;

export function renderPredictionsView(container: HTMLElement, data: PredictionsData, callbacks: PredictionsCallbacks = {}): PredictionsView {
  // Everything the view holds (plots, observers, its root on the page) goes when the store does.
  const store = new DisposableStore();
  let d = data;
  const header = viewHeader('Predictions: the next token at every decoder position', '');
  const accuracy = el('p', { class: 'xr-pred-accuracy', role: 'status' });
  const chips = el('div', { class: 'xr-pred-chips', role: 'group', 'aria-label': 'Source tokens: click to mask with <mask>' });
  const table = el('table', { class: 'xr-pred-table' });
  const root = el('section', { class: 'xr-view xr-predictions', 'aria-label': 'Next-token predictions' }, [
    header.root,
    accuracy,
    el('h3', { class: 'xr-qk-caption' }, ['Mask source tokens (click; the pass runs again with <mask> in their place)']),
    chips,
    el('div', { class: 'xr-qk-scroll' }, [table]),
  ]);
  store.add(appendDisposable(container, root));

  function draw(): void {
    header.explanation.textContent =
      'Teacher forcing: decoder position i reads <s> and the source tokens before i, and the encoder reads the whole source; the output layer ' +
      '(the linear map to the vocabulary and softmax) gives the probability of every token coming next. The real next token is source token i, ' +
      'marked ✓ when it is among the top 5. Computed only while this tab is open.';
    const unmasked = d.unmasked ? ` (without masks: ${pct(d.unmasked.accuracy)})` : '';
    accuracy.textContent = `Accuracy: ${pct(d.accuracy)} of ${d.top.length} positions have the real next token as their top guess${unmasked}.`;
    accuracy.dataset.accuracy = String(d.accuracy);
    const maskedSet = new Set(d.masked);
    chips.replaceChildren(
      ...d.source.map((t, i) => {
        const b = el('button', {
          class: `xr-pred-chip${maskedSet.has(i) ? ' xr-pred-chip-masked' : ''}`, type: 'button', 'data-index': i,
          'aria-pressed': maskedSet.has(i) ? 'true' : 'false', title: `pos ${i}: ${maskedSet.has(i) ? 'masked; click to restore' : 'click to replace with <mask>'}`,
        }, [maskedSet.has(i) ? '<mask>' : tokenLabelText(t)]);
        b.addEventListener('click', () => callbacks.onToggleMask?.(i));
        return b;
      }),
      ...(d.masked.length > 0 ? [createButton({ label: 'Unmask all', ariaLabel: 'Restore every masked token', onClick: () => callbacks.onClearMasks?.() })] : []),
    );
    table.replaceChildren(
      el('thead', {}, [el('tr', {}, [
        el('th', { scope: 'col' }, ['pos']), el('th', { scope: 'col' }, ['decoder input']), el('th', { scope: 'col' }, ['real next']),
        el('th', { scope: 'col' }, ['p(real)']), el('th', { scope: 'col' }, ['top 5 next tokens']),
        ...(d.unmasked ? [el('th', { scope: 'col' }, ['without masks: top 1'])] : []),
      ])]),
      el('tbody', {}, d.top.map((row, i) => {
        const real = d.real[i];
        const hit = row.ids[0] === real.id;
        return el('tr', { class: `${maskedSet.has(i) ? 'xr-pred-masked' : ''}${hit ? ' xr-pred-hit' : ''}`, 'data-position': i }, [
          el('td', {}, [String(i)]),
          el('td', {}, [tokenLabelText(d.inputs[i]?.text ?? '')]),
          el('td', {}, [`${tokenLabelText(d.text(real.id))}${maskedSet.has(i) ? ' (masked in the source)' : ''}`]),
          el('td', {}, [pct(real.probability)]),
          el('td', { class: 'xr-pred-top' }, row.ids.map((id, r) => el('span', {
            class: `xr-pred-guess${id === real.id ? ' xr-pred-real' : ''}`, title: `${quotedToken(d.text(id))}: ${pct(row.probabilities[r])}`,
          }, [`${id === real.id ? '✓ ' : ''}${tokenLabelText(d.text(id))} ${pct(row.probabilities[r])}`]))),
          ...(d.unmasked ? [el('td', {}, [`${tokenLabelText(d.text(d.unmasked.top[i].ids[0]))} ${pct(d.unmasked.top[i].probabilities[0])}`])] : []),
        ]);
      })),
    );
  }
  draw();

  const rowsText = (): string[][] => d.top.map((row, i) => [
    String(i), d.inputs[i]?.text ?? '', d.text(d.real[i].id), pct(d.real[i].probability),
    row.ids.map((id, r) => `${d.text(id)} ${pct(row.probabilities[r])}`).join(' | '),
  ]);

  return {
    update(next) {
      d = next;
      draw();
    },
    dispose: () => store.dispose(),
    toSVG() {
      const lineH = 16;
      const lines = [
        `Predictions · accuracy ${pct(d.accuracy)}${d.masked.length ? ` · masked source positions ${d.masked.join(', ')}` : ''}`,
        'pos · decoder input · real next · p(real) · top 5',
        ...rowsText().map((r) => r.join(' · ')),
      ];
      const width = 900;
      const height = lineH * (lines.length + 1);
      const text = lines.map((l, i) => `<text x="8" y="${(i + 1) * lineH}">${escapeXml(l)}</text>`).join('');
      return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="100%" height="100%" fill="#ffffff"/><g font-family="monospace" font-size="12" fill="#000000">${text}</g></svg>`;
    },
    values: () => ({
      accuracy: d.accuracy,
      masked: [...d.masked],
      positions: d.top.map((row, i) => ({
        position: i, input: d.inputs[i]?.text, real: { id: d.real[i].id, text: d.text(d.real[i].id), probability: d.real[i].probability },
        top: row.ids.map((id, r) => ({ id, text: d.text(id), probability: row.probabilities[r] })),
      })),
    }),
    csv() {
      const q = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
      const lines = ['position,input,real_id,real_token,real_probability,rank,id,token,probability,masked'];
      d.top.forEach((row, i) => row.ids.forEach((id, r) => lines.push(
        `${i},${q(d.inputs[i]?.text ?? '')},${d.real[i].id},${q(d.text(d.real[i].id))},${d.real[i].probability},${r + 1},${id},${q(d.text(id))},${row.probabilities[r]},${d.masked.includes(i) ? 1 : 0}`,
      )));
      return lines.join('\n') + '\n';
    },
  };
}
