import { type CspViolations } from './csp-violations';
import type { Browser, Frame, FrameLocator, Locator, Page } from './playwright';
export declare const ROOT: string;
export declare const harness: any;
export declare const RESULTS: string;
export interface Session {
    server: {
        url: string;
        port: number;
        stop(): void;
        extensionsDir: string;
    };
    browser: Browser;
    page: Page;
    /** Content Security Policy violations reported by any frame since the workbench opened. */
    csp: CspViolations;
}
/**
 * Opens the workbench on the sample workspace. With `development`, the extension is loaded from
 * this checkout (extensionDevelopmentPath); without, only installed extensions run.
 *
 * With `theme`, high-contrast auto-detection is off: when the browser reports forced colours
 * (`(forced-colors: active)`), VS Code's `window.autoDetectHighContrast` (on by default) replaces the
 * configured theme with `workbench.preferredHighContrast(Light)ColorTheme`, chosen by
 * `prefers-color-scheme`, which headless Chromium reports as light: any theme asked for then comes
 * up as "Default High Contrast Light".
 */
export declare function openWorkbench(options: {
    development: boolean;
    extensionsDir?: string;
    theme?: string;
    settings?: Record<string, unknown>;
}): Promise<Session>;
/** The workbench's theme type: its container's class, vs, vs-dark, hc-black or hc-light. */
export declare function workbenchThemeType(page: Page): Promise<string | undefined>;
/**
 * Waits until the workbench shows the theme type `expected`, returning the type it shows at the
 * end; the workbench can draw with another theme first and apply the configured one a moment later.
 */
export declare function waitForThemeType(page: Page, expected: string, timeoutMs: number): Promise<string | undefined>;
export declare function closeWorkbench(s: Session | undefined): Promise<void>;
/** Puts the keyboard focus in the first editor group (out of the webview, which keeps workbench keys). */
export declare function focusEditorGroup(page: Page): Promise<void>;
/**
 * Opens sample `name`, selects `count` whole lines from line `first` (1-based), runs Visualize
 * Attention and waits for the heatmap: the panel's frame.
 */
export declare function visualizeLines(page: Page, name: string, first: number, count: number): Promise<FrameLocator>;
export declare function openFile(page: Page, name: string): Promise<void>;
/** Runs a command by typing its title into the palette, as a person would. */
export declare function runFromPalette(page: Page, title: string): Promise<void>;
/**
 * Presses an export button of the panel (PNG, SVG, JSON, CSV), saves to `target` through VS Code's
 * own save dialog (the quick-input one of VS Code for the web) and waits for the file to be written.
 * Returns the path the dialog suggested before we typed ours.
 */
export declare function exportThroughSaveDialog(page: Page, frame: FrameLocator, format: 'PNG' | 'SVG' | 'JSON' | 'CSV', target: string): Promise<string>;
export declare function webviewFrame(page: Page): FrameLocator;
/**
 * Waits for `selector` inside the webview, looking the iframes up afresh each time: while the
 * workbench restores, the first webview iframe found can be replaced by another.
 */
export declare function waitInWebview(page: Page, selector: string, timeoutMs: number): Promise<FrameLocator>;
export declare function screenshot(page: Page, name: string): Promise<string>;
/** A screenshot of one element (scrolled into view first), e.g. a plot taller than the window. */
export declare function screenshotElement(element: Locator, name: string): Promise<string>;
/** The webview's own document (two iframes deep), where the page's debug hook lives. */
export declare function panelFrame(page: Page): Promise<Frame>;
