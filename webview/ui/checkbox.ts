import { ensureToolkitRegistered } from './register';

export interface Checkbox {
  element: HTMLElement;
  checked(): boolean;
  /** Changes the state without calling onChange. */
  setChecked(checked: boolean): void;
}

/**
 * A checkbox with a text label; `swatch` (a CSS colour) shows a colour key before the text, for
 * options that stand for a colour in a chart (a head's lines, a dimension's curve).
 */
export function createCheckbox(options: {
  label: string;
  checked: boolean;
  swatch?: string;
  onChange(checked: boolean): void;
}): Checkbox {
  ensureToolkitRegistered();
  const box = document.createElement('vscode-checkbox') as HTMLElement & { checked: boolean };
  box.className = 'xr-checkbox';
  if (options.swatch) {
    const swatch = document.createElement('span');
    swatch.className = 'xr-swatch';
    swatch.setAttribute('aria-hidden', 'true');
    swatch.style.backgroundColor = options.swatch;
    box.append(swatch);
  }
  box.append(options.label);
  if (options.checked) box.setAttribute('checked', '');
  let current = options.checked;
  let silent = false;
  box.addEventListener('change', () => {
    if (silent || box.checked === current) return;
    current = box.checked;
    options.onChange(current);
  });
  return {
    element: box,
    checked: () => current,
    setChecked(checked) {
      silent = true;
      box.checked = checked;
      current = checked;
      silent = false;
    },
  };
}
