import { ensureToolkitRegistered } from './register';

/** A button; `label` is its visible text, `ariaLabel` says more when the text is short. */
export function createButton(options: {
  label: string;
  ariaLabel?: string;
  appearance?: 'primary' | 'secondary';
  onClick(): void;
}): HTMLElement {
  ensureToolkitRegistered();
  const button = document.createElement('vscode-button');
  button.setAttribute('appearance', options.appearance ?? 'secondary');
  if (options.ariaLabel) button.setAttribute('aria-label', options.ariaLabel);
  button.textContent = options.label;
  button.addEventListener('click', () => options.onClick());
  return button;
}
