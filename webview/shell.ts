/** The panel's frame: which backend runs, what was analysed, notices, and the area the views draw in. */
import type { BackendReport, WireToken } from '../src/protocol';

const app = () => document.getElementById('app') as HTMLElement;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function renderStatus(report: BackendReport, sourceLabel: string, notices: string[]): void {
  const root = app();
  root.replaceChildren();
  const header = el('header', 'run-header');
  header.append(el('h1', undefined, sourceLabel));
  const backend = el('p', 'backend');
  backend.dataset.backend = report.backend;
  backend.textContent = `Backend: ${report.backend} — ${report.renderer}`;
  header.append(backend);
  if (report.fallbackNote) header.append(el('p', 'notice fallback', report.fallbackNote));
  for (const n of notices) header.append(el('p', 'notice', n));
  root.append(header);
}

/** Whitespace made visible, so a token of spaces or a newline can be seen and told apart. */
export function visibleText(text: string): string {
  return text.replace(/ /g, '␣').replace(/\t/g, '→').replace(/\r\n/g, '↵').replace(/\n/g, '↵').replace(/\r/g, '↵');
}

export function renderTokens(tokens: WireToken[]): void {
  const section = el('section', 'tokens');
  section.setAttribute('aria-label', 'Tokens');
  section.append(el('h2', undefined, `Tokens (${tokens.length})`));
  const list = el('ol', 'token-list');
  tokens.forEach((t, i) => {
    const item = el('li', 'token');
    item.dataset.position = String(i);
    item.title = `position ${i}, id ${t.id}, characters ${t.start}–${t.end}`;
    item.append(el('span', 'token-text', visibleText(t.text)), el('span', 'token-position', String(i)));
    list.append(item);
  });
  section.append(list);
  app().append(section);
}

export function renderError(message: string): void {
  app().append(el('p', 'error', message));
}
