/**
 * Registers the toolkit's web components once. This folder is the only place that imports
 * @vscode/webview-ui-toolkit: views use the small functions next to this file, so the toolkit
 * (deprecated upstream since 2025) can be replaced without touching a view.
 *
 * The toolkit reads the --vscode-* theme variables when the window's `load` event fires and again
 * whenever the body's class changes (VS Code swaps it on theme change): import this before `load`.
 */
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeCheckbox,
  vsCodeDropdown,
  vsCodeOption,
  vsCodePanelTab,
  vsCodePanelView,
  vsCodePanels,
  vsCodeRadio,
  vsCodeRadioGroup,
} from '@vscode/webview-ui-toolkit';

let registered = false;

export function ensureToolkitRegistered(): void {
  if (registered) return;
  registered = true;
  provideVSCodeDesignSystem().register(
    vsCodeButton(),
    vsCodeCheckbox(),
    vsCodeDropdown(),
    vsCodeOption(),
    vsCodeRadioGroup(),
    vsCodeRadio(),
    vsCodePanels(),
    vsCodePanelTab(),
    vsCodePanelView(),
  );
}

let nextId = 0;

/** A document-unique id for label/aria wiring. */
export function uniqueId(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}
