/**
 * Arcs view (BertViz "head view" style): queries on the left, keys on the right, a line per pair
 * with opacity and width = weight, one colour per head. Hover a token to see only its lines; click
 * to lock on it; a visible chip says how to unlock (click again, Esc, or its button).
 */
import type { AttentionKind, AttentionMatrix, TokenLabel, TokenSide, ViewHandle } from '../types';
import { attentionWording, keyAxisTitle, layerName, queryAxisTitle } from '../shared/attention-text';
import { readCanvasTheme, titleFont } from '../shared/canvas-theme';
import { headColor } from '../shared/colormaps';
import { appendDisposable, el, liveRegion, observeResize, svgEl, viewHeader } from '../shared/dom';
import { DisposableStore } from '../../../src/shared/lifecycle';
import { sameTokens } from '../shared/same-tokens';
import { quotedToken, tokenLabelText } from '../../../src/shared/token-text';
import { createButton, createCheckbox, type Checkbox } from '../../ui';
import {
  type ArcFocus,
  type ArcPath,
  type ArcsLayout,
  arcPaths,
  arcsLayout,
  lineThreshold,
  rowY,
  strokeWidth,
} from './arcs-geometry';
import { arcsSvg } from './arcs-svg';

export interface ArcsData {
  /** The heads of one layer and kind, heads[h] = head h (same queries and keys). */
  heads: AttentionMatrix[];
  /** Heads drawn; all when omitted. */
  visibleHeads?: number[];
}

export interface ArcsCallbacks {
  /** A token was locked on (clicked, or Enter): select it in the editor. */
  onTokenFocus?(side: TokenSide, index: number): void;
  /** The lock changed (null = unlocked). */
  onLockChange?(lock: ArcFocus | null): void;
}

export interface ArcsView extends ViewHandle<ArcsData> {
  /** Standalone SVG with token labels, titles and the lines currently shown. */
  toSVG(): string;
  /** Locks on a token (as a click does), or unlocks with null. */
  setLock(lock: ArcFocus | null): void;
}

const LABEL_CHARS = 14;
const LABEL_FONT = '12px';

function sideName(side: TokenSide): string {
  return side === 'query' ? 'query' : 'key';
}

function sameFocus(a: ArcFocus | null, b: ArcFocus | null): boolean {
  return a !== null && b !== null && a.side === b.side && a.index === b.index;
}

export function renderArcsView(container: HTMLElement, data: ArcsData, callbacks: ArcsCallbacks = {}): ArcsView {
  // Everything the view holds (plots, observers, its root on the page) goes when the store does.
  const store = new DisposableStore();
  let heads = data.heads;
  let visible = data.visibleHeads ?? heads.map((_, h) => h);
  let hovered: ArcFocus | null = null;
  let locked: ArcFocus | null = null;
  let layout: ArcsLayout = arcsLayout(0, 0, 0, 0);
  let currentPaths: ArcPath[] = [];
  let threshold = 0.01;

  const header = viewHeader('', '');
  const headBoxes = el('div', { class: 'xr-arcs-heads', role: 'group', 'aria-label': 'Heads drawn' });
  const allButton = createButton({ label: 'All heads', ariaLabel: 'Show all heads', onClick: () => setVisible(heads.map((_, h) => h)) });
  const noneButton = createButton({ label: 'No heads', ariaLabel: 'Hide all heads', onClick: () => setVisible([]) });
  const chipText = el('span', { class: 'xr-lock-chip-text' });
  const unlockButton = createButton({ label: 'Unlock', ariaLabel: 'Unlock the token focus', appearance: 'primary', onClick: () => setLock(null) });
  const chip = el('div', { class: 'xr-lock-chip', hidden: true }, [chipText, unlockButton]);
  const note = el('p', { class: 'xr-hint' });
  const svg = svgEl('svg', { class: 'xr-arcs-svg', role: 'group' });
  const scroll = el('div', { class: 'xr-arcs-scroll' }, [svg]);
  const live = liveRegion();
  const root = el('section', { class: 'xr-view xr-arcs', 'aria-label': 'Attention as lines between tokens' }, [
    header.root,
    el('div', { class: 'xr-toolbar' }, [headBoxes, allButton, noneButton]),
    chip,
    scroll,
    note,
    live,
  ]);
  store.add(appendDisposable(container, root));

  const linesGroup = svgEl('g', { class: 'xr-arcs-lines', fill: 'none' });
  const weightsGroup = svgEl('g', { class: 'xr-arcs-weights' });
  let queryTokens: SVGGElement[] = [];
  let keyTokens: SVGGElement[] = [];
  let checkboxes: Checkbox[] = [];

  const measure = document.createElement('canvas').getContext('2d');
  function textWidth(text: string, font: string): number {
    if (!measure) return text.length * 7.5;
    measure.font = font;
    return measure.measureText(text).width;
  }

  function first(): AttentionMatrix {
    return heads[0];
  }

  function focus(): ArcFocus | null {
    return locked ?? hovered;
  }

  function tokenAt(f: ArcFocus): TokenLabel {
    return f.side === 'query' ? first().queries[f.index] : first().keys[f.index];
  }

  function describeLock(f: ArcFocus): string {
    const t = tokenAt(f);
    return `Locked on ${sideName(f.side)} ${quotedToken(t)} (pos ${t.position}) — click it again or press Esc to unlock`;
  }

  function buildHeads(): void {
    checkboxes = heads.map((_, h) =>
      createCheckbox({
        label: `Head ${h + 1}`,
        checked: visible.includes(h),
        swatch: headColor(h),
        onChange: (on) => setVisible(on ? [...visible, h].sort((a, b) => a - b) : visible.filter((v) => v !== h)),
      }),
    );
    headBoxes.replaceChildren(...checkboxes.map((c) => c.element));
  }

  function setVisible(next: number[]): void {
    visible = next;
    checkboxes.forEach((c, h) => c.setChecked(visible.includes(h)));
    drawLines();
  }

  function tokenGroup(side: TokenSide, index: number, token: TokenLabel, kind: AttentionKind): SVGGElement {
    const y = rowY(layout, index);
    const isQuery = side === 'query';
    const labelX = isQuery ? layout.lineStartX - 6 : layout.lineEndX + 6;
    const posX = isQuery ? 2 : layout.width - 2;
    const g = svgEl('g', {
      class: 'xr-arcs-token',
      tabindex: -1,
      role: 'button',
      'data-side': side,
      'data-index': index,
      'aria-label': `${sideName(side)} ${quotedToken(token)}, position ${token.position} (${isQuery ? queryAxisTitle(kind) : keyAxisTitle(kind)})`,
    });
    g.append(
      svgEl('rect', {
        class: 'xr-arcs-token-bg',
        x: isQuery ? 0 : layout.lineEndX + 2,
        y: y - layout.rowHeight / 2,
        width: layout.lineStartX - 2,
        height: layout.rowHeight,
        rx: 2,
      }),
      svgEl('text', { class: 'xr-arcs-pos', x: posX, y, 'text-anchor': isQuery ? 'start' : 'end', 'dominant-baseline': 'middle' }, [
        String(token.position),
      ]),
      svgEl('text', { class: 'xr-arcs-label', x: labelX, y, 'text-anchor': isQuery ? 'end' : 'start', 'dominant-baseline': 'middle' }, [
        tokenLabelText(token, LABEL_CHARS),
      ]),
    );
    g.addEventListener('pointerenter', () => setHover({ side, index }));
    g.addEventListener('pointerleave', () => setHover(null));
    g.addEventListener('click', () => toggleLock({ side, index }));
    g.addEventListener('focus', () => setHover({ side, index }));
    return g;
  }

  function build(): void {
    const m = first();
    const kind = m.kind;
    header.title.textContent = `${attentionWording(kind).name} · ${layerName(m.layer)} · ${m.layer === 'rollout' ? 'mean over heads as lines' : 'heads as lines'}`;
    header.explanation.textContent =
      `Left: ${queryAxisTitle(kind).toLowerCase()}; right: ${keyAxisTitle(kind).toLowerCase()}. ` +
      `A line’s opacity and width are ${m.measure === 'weighted' ? 'the value-weighted attention ‖α·f(x)‖, scaled to the layer’s largest' : m.measure === 'rollout' ? 'the rollout share' : 'the attention weight'}; hover a token to see only its lines, click to lock on it.`;
    const theme = readCanvasTheme(root);
    const mono = `${LABEL_FONT} ${theme.monoFont}`;
    const widest = Math.max(
      0,
      ...[...m.queries, ...m.keys].map((t) => textWidth(tokenLabelText(t, LABEL_CHARS), mono) + textWidth(String(t.position), mono)),
    );
    const width = Math.max(320, scroll.clientWidth || 600);
    layout = arcsLayout(m.queries.length, m.keys.length, width, Math.min(180, widest + 22));
    svg.setAttribute('width', String(layout.width));
    svg.setAttribute('height', String(layout.height));
    svg.setAttribute('viewBox', `0 0 ${layout.width} ${layout.height}`);
    svg.setAttribute('aria-label', `${attentionWording(kind).name}, ${layerName(m.layer)}: ${m.queries.length} queries, ${m.keys.length} keys`);
    const qTitle = queryAxisTitle(kind);
    const kTitle = keyAxisTitle(kind);
    const title = titleFont(theme);
    // Side by side when both fit, otherwise the key title one line lower.
    const stagger = textWidth(qTitle, title) + textWidth(kTitle, title) + 16 > layout.width;
    queryTokens = m.queries.map((t, i) => tokenGroup('query', i, t, kind));
    keyTokens = m.keys.map((t, i) => tokenGroup('key', i, t, kind));
    svg.replaceChildren(
      svgEl('text', { class: 'xr-arcs-title', x: 0, y: 11, 'dominant-baseline': 'middle' }, [qTitle]),
      svgEl('text', { class: 'xr-arcs-title', x: layout.width, y: stagger ? 24 : 11, 'text-anchor': 'end', 'dominant-baseline': 'middle' }, [
        kTitle,
      ]),
      linesGroup,
      svgEl('g', { class: 'xr-arcs-queries' }, queryTokens),
      svgEl('g', { class: 'xr-arcs-keys' }, keyTokens),
      weightsGroup,
    );
    (queryTokens[locked?.side === 'query' ? locked.index : 0] ?? queryTokens[0])?.setAttribute('tabindex', '0');
    drawLines();
  }

  function drawLines(): void {
    const f = focus();
    threshold = lineThreshold(heads, visible, f);
    currentPaths = arcPaths(heads, visible, f, threshold, layout);
    linesGroup.replaceChildren(
      ...currentPaths.map((p) =>
        svgEl('path', {
          d: p.d,
          stroke: headColor(p.head),
          'stroke-opacity': p.weight,
          'stroke-width': strokeWidth(p.weight),
          'data-head': p.head,
          'data-weight': p.weight,
        }),
      ),
    );
    markTokens(f);
    annotateWeights(f);
    chip.hidden = locked === null;
    if (locked) chipText.textContent = describeLock(locked);
    const lines = currentPaths.reduce((n, p) => n + p.count, 0);
    note.textContent =
      visible.length === 0
        ? 'No head selected: tick a head above to draw its lines.'
        : `${lines} lines drawn; weights below ${threshold} are not drawn` +
          (threshold > 0.01 ? ' (raised so a long input stays responsive; hover a token to see all of its lines).' : '.');
  }

  /** Highlights the focused token and dims tokens it has no drawn line with. */
  function markTokens(f: ArcFocus | null): void {
    const connected = new Set<string>();
    if (f) {
      for (const h of visible) {
        const m = heads[h];
        const nk = m.keys.length;
        if (f.side === 'query') m.keys.forEach((_, k) => m.weights[f.index * nk + k] >= threshold && connected.add(`key:${k}`));
        else m.queries.forEach((_, q) => m.weights[q * nk + f.index] >= threshold && connected.add(`query:${q}`));
      }
    }
    const mark = (g: SVGGElement, side: TokenSide, i: number) => {
      const active = f !== null && f.side === side && f.index === i;
      g.classList.toggle('xr-arcs-active', active);
      g.classList.toggle('xr-arcs-locked', active && locked !== null);
      g.classList.toggle('xr-arcs-dim', f !== null && !active && !connected.has(`${side}:${i}`));
      g.setAttribute('aria-pressed', active && locked !== null ? 'true' : 'false');
    };
    queryTokens.forEach((g, i) => mark(g, 'query', i));
    keyTokens.forEach((g, i) => mark(g, 'key', i));
  }

  /** With one head shown and a token focused, writes each weight beside the tokens at the other end. */
  function annotateWeights(f: ArcFocus | null): void {
    if (!f || visible.length !== 1) {
      weightsGroup.replaceChildren();
      return;
    }
    const m = heads[visible[0]];
    const nk = m.keys.length;
    const labels: SVGTextElement[] = [];
    const others = f.side === 'query' ? m.keys.length : m.queries.length;
    for (let i = 0; i < others; i++) {
      const w = f.side === 'query' ? m.weights[f.index * nk + i] : m.weights[i * nk + f.index];
      if (w < threshold) continue;
      const x = f.side === 'query' ? layout.lineEndX - 3 : layout.lineStartX + 3;
      labels.push(
        svgEl('text', { class: 'xr-arcs-weight', x, y: rowY(layout, i) - 4, 'text-anchor': f.side === 'query' ? 'end' : 'start' }, [
          w.toFixed(2),
        ]),
      );
    }
    weightsGroup.replaceChildren(...labels);
  }

  function setHover(f: ArcFocus | null): void {
    if (sameFocus(hovered, f) || (hovered === null && f === null)) return;
    hovered = f;
    if (!locked) drawLines();
  }

  function setLock(f: ArcFocus | null): void {
    locked = f;
    drawLines();
    live.textContent = f ? describeLock(f) : 'Unlocked: hover a token to see its lines.';
    callbacks.onLockChange?.(f);
    if (f) callbacks.onTokenFocus?.(f.side, f.index);
  }

  function toggleLock(f: ArcFocus): void {
    setLock(sameFocus(locked, f) ? null : f);
  }

  svg.addEventListener('keydown', (e) => {
    const target = (e.target as Element).closest('.xr-arcs-token') as SVGGElement | null;
    if (!target) return;
    const side = target.dataset.side as TokenSide;
    const index = Number(target.dataset.index);
    const column = side === 'query' ? queryTokens : keyTokens;
    let next: SVGGElement | undefined;
    if (e.key === 'ArrowDown') next = column[Math.min(column.length - 1, index + 1)];
    else if (e.key === 'ArrowUp') next = column[Math.max(0, index - 1)];
    else if (e.key === 'ArrowRight' && side === 'query') next = keyTokens[Math.min(keyTokens.length - 1, index)];
    else if (e.key === 'ArrowLeft' && side === 'key') next = queryTokens[Math.min(queryTokens.length - 1, index)];
    else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      toggleLock({ side, index });
      return;
    }
    if (next) {
      e.preventDefault();
      for (const g of [...queryTokens, ...keyTokens]) g.setAttribute('tabindex', '-1');
      next.setAttribute('tabindex', '0');
      next.focus();
    }
  });
  root.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && locked) {
      e.preventDefault();
      setLock(null);
    }
  });
  svg.addEventListener('focusout', (e) => {
    if (!svg.contains(e.relatedTarget as Node | null)) setHover(null);
  });

  buildHeads();
  build();
  let lastWidth = scroll.clientWidth;
  store.add(observeResize([scroll], () => {
    if (scroll.clientWidth !== lastWidth) {
      lastWidth = scroll.clientWidth;
      build();
    }
  }));

  return {
    update(next) {
      const tokensKept = sameTokens(next.heads[0]?.queries, heads[0]?.queries) && sameTokens(next.heads[0]?.keys, heads[0]?.keys);
      const headCountChanged = next.heads.length !== heads.length;
      heads = next.heads;
      if (next.visibleHeads) visible = next.visibleHeads;
      else if (headCountChanged) visible = heads.map((_, h) => h);
      if (!tokensKept) {
        locked = null;
        hovered = null;
      }
      if (headCountChanged || next.visibleHeads) buildHeads();
      build();
    },
    dispose: () => store.dispose(),
    setLock,
    toSVG() {
      const theme = readCanvasTheme(root);
      return arcsSvg({
        layout,
        kind: first().kind,
        title: header.title.textContent ?? '',
        queries: first().queries,
        keys: first().keys,
        paths: currentPaths,
        visibleHeads: visible,
        focus: focus(),
        foreground: theme.foreground,
        muted: theme.muted,
        background: theme.background,
        monoFont: theme.monoFont,
        uiFont: theme.uiFont,
        labelChars: LABEL_CHARS,
      });
    },
  };
}
