/**
 * Collects the Content Security Policy violations Chromium reports while the workbench runs.
 *
 * Chromium logs every blocked load, inline script or style and eval as a console error of the page
 * ("Loading the image '…' violates the following Content Security Policy directive …", older
 * versions "Refused to load …"). Playwright's page 'console' event carries the messages of every
 * frame of the page, the webview's two nested iframes included (checked by provoking a violation in
 * the webview: see panel.test.ts), so one listener attached before the workbench loads sees them all.
 */
import type { Page } from './playwright';
export declare const CSP_MESSAGE: RegExp;
export interface CspViolations {
    /** Every violation seen so far: the console text, and the URL it was reported for where Chromium gave one. */
    readonly seen: readonly string[];
    clear(): void;
}
export declare function collectCspViolations(page: Page): CspViolations;
