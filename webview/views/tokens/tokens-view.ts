/**
 * How the selection was split into tokens: one chip per token with its text (whitespace made
 * visible), vocabulary id and position; hover or focus shows its [start, end) character offsets,
 * click selects it (in the editor too, through onTokenFocus).
 */
import type { TokenSpan, ViewHandle } from '../types';
import { appendDisposable, el, viewHeader } from '../shared/dom';
import { DisposableStore } from '../../../src/shared/lifecycle';
import { sameTokens } from '../shared/same-tokens';
import { Tooltip } from '../shared/tooltip';
import { pieceDescription } from '../../../src/shared/character-pieces';
import { quotedToken, shownTokenText } from '../../../src/shared/token-text';

export interface TokensData {
  tokens: TokenSpan[];
  /** What was tokenised, e.g. "lines 3–7 of main.py". */
  sourceLabel?: string;
  /** Index of the token selected (outlined), if any. */
  selected?: number;
  /** Tokens replaced by <mask> in this run's encoder input. */
  masked?: readonly number[];
}

export interface TokensCallbacks {
  /** A token chip was clicked or chosen with Enter / Space. */
  onTokenFocus?(index: number): void;
  /** Alt+click on a chip: mask or unmask the token with <mask> (issue 16). */
  onTokenMask?(index: number): void;
  /** Pointer or keyboard focus on a chip (null when it leaves). */
  onTokenHover?(index: number | null): void;
}

export type TokensView = ViewHandle<TokensData>;

/** The tooltip of a chip: what it is and exactly which characters it covers. */
export function tokenDescription(t: TokenSpan): string[] {
  const lines = [`${quotedToken(t)} · id ${t.id} · pos ${t.position}`];
  lines.push(t.special ? 'special token: covers no characters of the selection' : `characters [${t.start}, ${t.end}) — ${t.end - t.start} long`);
  if (t.piece) lines.push(pieceDescription(t.piece));
  return lines;
}

export function renderTokensView(container: HTMLElement, data: TokensData, callbacks: TokensCallbacks = {}): TokensView {
  // Everything the view holds (plots, observers, its root on the page) goes when the store does.
  const store = new DisposableStore();
  let current = data;
  const header = viewHeader('', '');
  const list = el('ol', { class: 'xr-token-chips', 'aria-label': 'Tokens' });
  const wrapper = el('div', { class: 'xr-token-area' }, [list]);
  const tooltip = new Tooltip(wrapper);
  const root = el('section', { class: 'xr-view xr-tokens', 'aria-label': 'Tokens' }, [header.root, wrapper]);
  store.add(appendDisposable(container, root));
  let chips: HTMLButtonElement[] = [];

  function showTooltip(i: number, chip: HTMLElement): void {
    const box = chip.getBoundingClientRect();
    const area = wrapper.getBoundingClientRect();
    tooltip.show(tokenDescription(current.tokens[i]), box.left - area.left - 10, box.bottom - area.top - 10);
  }

  function draw(): void {
    const d = current;
    header.title.textContent = `Tokens (${d.tokens.length})${d.sourceLabel ? ` of ${d.sourceLabel}` : ''}`;
    header.explanation.textContent =
      'How the selection was split: each chip is one token with its position (the pos of the positional encoding) and vocabulary id. ' +
      '␣ is a space, → a tab, ↵ a newline; 中¹ 中² 中³ are the byte pieces of one character the vocabulary splits. Hover for character offsets and bytes; click to select the token in the editor, Alt+click to replace it with <mask> (Predictions and Difference tabs show the effect).';
    chips = d.tokens.map((t, i) => {
      const chip = el(
        'button',
        {
          type: 'button',
          class: `xr-token-chip${t.special ? ' xr-token-special' : ''}${t.piece ? ' xr-token-piece' : ''}${d.selected === i ? ' xr-token-selected' : ''}${d.masked?.includes(i) ? ' xr-token-masked' : ''}`,
          'aria-pressed': d.selected === i ? 'true' : 'false',
          'aria-label': `${quotedToken(t)}, position ${t.position}, id ${t.id}, ${t.special ? 'special token' : `characters ${t.start} to ${t.end}`}${t.piece ? `, byte piece ${t.piece.index + 1} of ${t.piece.count} of ${t.piece.char}` : ''}`,
          'data-index': i,
        },
        [
          el('span', { class: 'xr-token-text' }, [shownTokenText(t)]),
          el('span', { class: 'xr-token-meta' }, [el('span', {}, [`${t.position}`]), el('span', { class: 'xr-token-id' }, [`#${t.id}`])]),
        ],
      );
      chip.addEventListener('click', (e) => {
        if (e.altKey && callbacks.onTokenMask) {
          callbacks.onTokenMask(i);
          return;
        }
        select(i);
        callbacks.onTokenFocus?.(i);
      });
      const enter = () => {
        showTooltip(i, chip);
        callbacks.onTokenHover?.(i);
      };
      const leave = () => {
        tooltip.hide();
        callbacks.onTokenHover?.(null);
      };
      chip.addEventListener('pointerenter', enter);
      chip.addEventListener('focus', enter);
      chip.addEventListener('pointerleave', leave);
      chip.addEventListener('blur', leave);
      return chip;
    });
    list.replaceChildren(...chips.map((c) => el('li', {}, [c])));
  }

  function select(i: number | undefined): void {
    current = { ...current, selected: i };
    chips.forEach((c, j) => {
      c.classList.toggle('xr-token-selected', j === i);
      c.setAttribute('aria-pressed', j === i ? 'true' : 'false');
    });
  }

  draw();
  return {
    update(next) {
      if (sameTokens(next.tokens, current.tokens) && next.sourceLabel === current.sourceLabel) {
        select(next.selected);
        return;
      }
      current = next;
      draw();
    },
    dispose: () => store.dispose(),
  };
}
