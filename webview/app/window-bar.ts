/**
 * The window of a text longer than the model reads: which tokens and lines are analysed, and the
 * buttons that move it (previous / next, around the editor's cursor, from a line). The host does
 * the moving: it owns the document and re-tokenises.
 */
import type { RunWindow, WindowMove } from '../../src/shared/protocol';
import { createButton } from '../ui';
import { el } from '../views/shared/dom';

const fmt = (n: number) => n.toLocaleString('en-US');

export function windowSummary(w: RunWindow): string {
  return (
    `Long text: tokens ${fmt(w.first)}–${fmt(w.first + w.count - 1)} of ${fmt(w.total)} are analysed ` +
    `(lines ${w.firstLine}–${w.lastLine} of ${w.textFirstLine}–${w.textLastLine}).`
  );
}

export function windowBar(w: RunWindow, onMove: (move: WindowMove) => void): HTMLElement {
  const button = (label: string, ariaLabel: string, move: WindowMove, enabled = true) => {
    const b = createButton({ label, ariaLabel, onClick: () => onMove(move) });
    if (!enabled) b.setAttribute('disabled', '');
    return b;
  };
  const line = el('input', {
    type: 'number',
    class: 'xr-window-line',
    min: w.textFirstLine,
    max: w.textLastLine,
    value: w.firstLine,
    'aria-label': 'First line of the window',
  });
  const go = () => {
    const n = Number(line.value);
    if (Number.isInteger(n) && n >= 1) onMove({ to: 'line', line: n });
  };
  line.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') go();
  });
  const goButton = createButton({ label: 'Go', ariaLabel: 'Analyse the window starting at this line', onClick: go });
  return el('div', { class: 'xr-window', role: 'group', 'aria-label': 'Window of the long text' }, [
    el('span', { class: 'xr-window-summary', role: 'status' }, [windowSummary(w)]),
    button('◀ Previous', 'Previous window (overlaps this one)', { to: 'previous' }, w.first > 0),
    button('Next ▶', 'Next window (overlaps this one)', { to: 'next' }, w.first + w.count < w.total),
    button('Around cursor', 'The window centred on the editor\'s cursor', { to: 'cursor' }),
    el('label', { class: 'xr-window-from' }, ['From line ', line]),
    goButton,
  ]);
}
