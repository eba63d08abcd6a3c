/**
 * A tooltip positioned next to the pointer (or a focused cell) inside its container.
 * Positioned through CSSOM (el.style.left), which the webview's CSP allows, unlike style="" markup.
 */
import { el } from './dom';

export class Tooltip {
  readonly element: HTMLElement;

  /** `container` must be positioned (position: relative) so the tooltip's coordinates are its own. */
  constructor(private readonly container: HTMLElement) {
    this.element = el('div', { class: 'xr-tooltip', role: 'tooltip', hidden: true });
    container.append(this.element);
  }

  /** Shows lines of text; the first is the heading. x, y: the anchor point in container coordinates. */
  show(lines: string[], x: number, y: number): void {
    this.element.replaceChildren(
      ...lines.map((line, i) => el('div', { class: i === 0 ? 'xr-tooltip-heading' : 'xr-tooltip-line' }, [line])),
    );
    this.element.hidden = false;
    const offset = 14;
    const maxX = this.container.clientWidth - this.element.offsetWidth - 4;
    // Flip to the left of the anchor rather than run out of the panel.
    let left = x + offset;
    if (left > maxX) left = Math.max(4, x - offset - this.element.offsetWidth);
    this.element.style.left = `${left}px`;
    this.element.style.top = `${Math.max(4, y + offset)}px`;
  }

  hide(): void {
    this.element.hidden = true;
  }

  get visible(): boolean {
    return !this.element.hidden;
  }

  /** The text shown, line by line (for tests and for announcing). */
  get lines(): string[] {
    return Array.from(this.element.children, (c) => c.textContent ?? '');
  }
}
