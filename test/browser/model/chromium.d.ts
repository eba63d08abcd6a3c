/** Exactly the flags Chromium gets (playwright's defaults are ignored, so the list is complete). */
export declare const CHROMIUM_FLAGS: string[];
/** The few playwright-core calls used here (its typings are not installed at compile time). */
export interface Page {
    goto(url: string): Promise<unknown>;
    addScriptTag(options: {
        content: string;
    }): Promise<unknown>;
    evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
    on(event: 'console' | 'pageerror', handler: (m: {
        text?(): string;
        message?: string;
    }) => void): void;
    close(): Promise<void>;
}
export interface Browser {
    newPage(): Promise<Page>;
    close(): Promise<void>;
    version(): string;
}
interface Chromium {
    launch(options: {
        executablePath: string;
        ignoreDefaultArgs: boolean;
        args: string[];
        timeout?: number;
    }): Promise<Browser>;
}
/** The repository root: the nearest folder above this file with the project's package.json. */
export declare function repoRoot(): string;
/** playwright-core's `chromium`, from the project's on-demand cache (test/harness/playwright.js). */
export declare function loadChromium(): Chromium;
/** The Chromium binary: CHROMIUM_PATH or /usr/bin/chromium; throws when it does not exist. */
export declare function chromiumPath(): string;
/**
 * Launches headless Chromium with {@link CHROMIUM_FLAGS}, plus the two arguments playwright needs to
 * drive it (its control pipe and a fresh profile folder); nothing else.
 */
export declare function launchChromium(): Promise<Browser>;
/** Bundles a browser entry (TypeScript) into one IIFE script, in memory. */
export declare function bundleForBrowser(entry: string): Promise<string>;
/** A blank page with `script` loaded; page errors are collected into `errors`. */
export declare function pageWith(browser: Browser, script: string, errors: string[]): Promise<Page>;
export {};
