/**
 * Small DOM builders. Text always goes through textContent, never innerHTML, so token text (which is
 * the user's code) can never inject markup, and nothing here needs an inline style the CSP would block.
 */
import { toDisposable, type IDisposable } from '../../../src/shared/lifecycle';

type Attrs = Record<string, string | number | boolean | undefined>;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  children: (Node | string)[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name === 'class') node.className = String(value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) node.append(child);
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svgEl<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  children: (Node | string)[] = [],
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) node.append(child);
  return node;
}

/**
 * The header every view starts with: a heading, and its one- or two-sentence explanation folded
 * behind an "About" disclosure beside it, so the view's picture starts right under its title.
 */
export function viewHeader(title: string, explanation: string): { root: HTMLElement; title: HTMLElement; explanation: HTMLElement } {
  const heading = el('h2', { class: 'xr-view-title' }, [title]);
  const text = el('p', { class: 'xr-view-explanation' }, [explanation]);
  const about = el('details', { class: 'xr-view-about' }, [el('summary', {}, ['About this view']), text]);
  return { root: el('header', { class: 'xr-view-header' }, [heading, about]), title: heading, explanation: text };
}

/** A polite live region: screen readers announce what is written into it. */
export function liveRegion(): HTMLElement {
  return el('div', { class: 'xr-visually-hidden', 'aria-live': 'polite', 'aria-atomic': 'true' });
}

/** Reads a CSS custom property (a VS Code theme colour) with a fallback for pages outside VS Code. */
export function themeColor(from: Element, name: string, fallback: string): string {
  const value = getComputedStyle(from).getPropertyValue(name).trim();
  return value || fallback;
}

/**
 * Calls back when VS Code changes the theme: it swaps the body's class (vscode-dark, vscode-light,
 * vscode-high-contrast) and the --vscode-* variables. Canvas views must repaint then, since canvas
 * pixels do not follow CSS variables by themselves.
 */
export function onThemeChange(callback: () => void): IDisposable {
  const observer = new MutationObserver(() => callback());
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'style', 'data-vscode-theme-kind'] });
  return toDisposable(() => observer.disconnect());
}

/**
 * addEventListener whose removal is a disposable, for a DisposableStore. Needed for targets that
 * outlive the view (window, a container it was given); listeners on the view's own elements go
 * with them.
 */
export function addDisposableListener<K extends keyof GlobalEventHandlersEventMap>(
  target: EventTarget,
  type: K,
  listener: (event: GlobalEventHandlersEventMap[K]) => void,
  options?: boolean | AddEventListenerOptions,
): IDisposable {
  const handler = listener as EventListener;
  target.addEventListener(type, handler, options);
  // The same options: removal matches on the capture flag.
  return toDisposable(() => target.removeEventListener(type, handler, options));
}

/** Calls back when any of `targets` changes size, until disposed. */
export function observeResize(targets: Element[], callback: () => void): IDisposable {
  const observer = new ResizeObserver(() => callback());
  for (const t of targets) observer.observe(t);
  return toDisposable(() => observer.disconnect());
}

/** Appends `node` to `container`; disposing takes it off again (a view's root, for its store). */
export function appendDisposable(container: Node, node: ChildNode): IDisposable {
  container.appendChild(node);
  return toDisposable(() => node.remove());
}
