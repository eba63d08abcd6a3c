import type { Choice } from './choice';
import { ensureToolkitRegistered } from './register';

export interface RadioGroup<T extends string> {
  element: HTMLElement;
  value(): T;
  /** Changes the selection without calling onChange. */
  setValue(value: T): void;
}

/** A labelled group of mutually exclusive options, laid out in a row. */
export function createRadioGroup<T extends string>(options: {
  label: string;
  choices: Choice<T>[];
  value: T;
  onChange(value: T): void;
}): RadioGroup<T> {
  ensureToolkitRegistered();
  const group = document.createElement('vscode-radio-group') as HTMLElement & { value: string };
  group.className = 'xr-control';
  group.setAttribute('orientation', 'horizontal');
  group.setAttribute('aria-label', options.label);
  const label = document.createElement('label');
  label.slot = 'label';
  label.textContent = options.label;
  group.append(label);
  for (const c of options.choices) {
    const radio = document.createElement('vscode-radio');
    radio.setAttribute('value', c.value);
    radio.textContent = c.label;
    if (c.value === options.value) radio.setAttribute('checked', '');
    group.append(radio);
  }
  let current = options.value;
  let silent = false;
  group.addEventListener('change', () => {
    const v = group.value as T;
    if (silent || !v || v === current) return;
    current = v;
    options.onChange(v);
  });
  return {
    element: group,
    value: () => current,
    setValue(value) {
      silent = true;
      group.value = value;
      current = value;
      silent = false;
    },
  };
}
