import type { Choice } from './choice';
import { ensureToolkitRegistered, uniqueId } from './register';

export interface Dropdown<T extends string> {
  /** A labelled wrapper (visible label + the dropdown). */
  element: HTMLElement;
  value(): T;
  /** Changes the selection without calling onChange. */
  setValue(value: T): void;
  setChoices(choices: Choice<T>[], value: T): void;
}

/** A single-choice dropdown with a visible label. */
export function createDropdown<T extends string>(options: {
  label: string;
  choices: Choice<T>[];
  value: T;
  onChange(value: T): void;
}): Dropdown<T> {
  ensureToolkitRegistered();
  const id = uniqueId('xr-dropdown');
  const wrapper = document.createElement('div');
  wrapper.className = 'xr-control';
  const label = document.createElement('label');
  label.className = 'xr-control-label';
  label.id = `${id}-label`;
  label.htmlFor = id;
  label.textContent = options.label;
  const dropdown = document.createElement('vscode-dropdown') as HTMLElement & { value: string };
  dropdown.id = id;
  dropdown.setAttribute('aria-labelledby', label.id);
  wrapper.append(label, dropdown);
  let silent = false;
  let current = options.value;

  const fill = (choices: Choice<T>[], value: T) => {
    silent = true;
    dropdown.replaceChildren(
      ...choices.map((c) => {
        const option = document.createElement('vscode-option');
        option.setAttribute('value', c.value);
        option.textContent = c.label;
        if (c.value === value) option.setAttribute('selected', '');
        return option;
      }),
    );
    dropdown.value = value;
    current = value;
    silent = false;
  };
  fill(options.choices, options.value);
  dropdown.addEventListener('change', () => {
    if (silent || dropdown.value === current) return;
    current = dropdown.value as T;
    options.onChange(current);
  });
  return {
    element: wrapper,
    value: () => current,
    setValue(value) {
      silent = true;
      dropdown.value = value;
      current = value;
      silent = false;
    },
    setChoices: fill,
  };
}
