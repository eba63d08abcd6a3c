/**
 * Collects the Content Security Policy violations Chromium reports while the workbench runs.
 *
 * Chromium logs every blocked load, inline script or style and eval as a console error of the page
 * ("Loading the image '…' violates the following Content Security Policy directive …", older
 * versions "Refused to load …"). Playwright's page 'console' event carries the messages of every
 * frame of the page, the webview's two nested iframes included (checked by provoking a violation in
 * the webview: see panel.test.ts), so one listener attached before the workbench loads sees them all.
 */
import type { ConsoleMessage, Page } from './playwright';

export const CSP_MESSAGE = /Content Security Policy|Refused to (load|execute|apply|connect|compile|evaluate|frame|create)/i;

export interface CspViolations {
  /** Every violation seen so far: the console text, and the URL it was reported for where Chromium gave one. */
  readonly seen: readonly string[];
  clear(): void;
}

export function collectCspViolations(page: Page): CspViolations {
  const seen: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    const text = m.text();
    if (!CSP_MESSAGE.test(text)) return;
    const url = m.location()?.url;
    seen.push(url ? `${text} (at ${url})` : text);
  });
  return {
    seen,
    clear: () => void seen.splice(0),
  };
}
