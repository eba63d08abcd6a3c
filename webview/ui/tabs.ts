import { ensureToolkitRegistered, uniqueId } from './register';

export interface TabSpec {
  id: string;
  label: string;
  content: HTMLElement;
}

export interface Tabs {
  element: HTMLElement;
  active(): string;
  setActive(id: string): void;
}

/** Tabs over panels; onChange gets the id of the tab chosen. */
export function createTabs(options: { tabs: TabSpec[]; active: string; ariaLabel: string; onChange?(id: string): void }): Tabs {
  ensureToolkitRegistered();
  const prefix = uniqueId('xr-tabs');
  const panels = document.createElement('vscode-panels') as HTMLElement & { activeid: string };
  panels.setAttribute('aria-label', options.ariaLabel);
  const tabId = (id: string) => `${prefix}-tab-${id}`;
  for (const t of options.tabs) {
    const tab = document.createElement('vscode-panel-tab');
    tab.id = tabId(t.id);
    tab.textContent = t.label;
    panels.append(tab);
  }
  for (const t of options.tabs) {
    const view = document.createElement('vscode-panel-view');
    view.id = `${prefix}-view-${t.id}`;
    view.append(t.content);
    panels.append(view);
  }
  panels.setAttribute('activeid', tabId(options.active));
  let current = options.active;
  panels.addEventListener('change', () => {
    const id = options.tabs.find((t) => tabId(t.id) === panels.activeid)?.id;
    if (!id || id === current) return;
    current = id;
    options.onChange?.(id);
  });
  return {
    element: panels,
    active: () => current,
    setActive(id) {
      current = id;
      panels.activeid = tabId(id);
    },
  };
}
