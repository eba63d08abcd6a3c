/**
 * The few playwright-core types the UI tests use. playwright-core is installed on demand into
 * ~/.cache/transformer-xray/vscode (not a devDependency), so its own typings are not available at compile time.
 */
export interface Locator {
    first(): Locator;
    nth(i: number): Locator;
    locator(selector: string, options?: {
        hasText?: string | RegExp;
    }): Locator;
    waitFor(options?: {
        state?: 'visible' | 'attached' | 'hidden' | 'detached';
        timeout?: number;
    }): Promise<void>;
    click(options?: {
        timeout?: number;
        modifiers?: ('Alt' | 'Control' | 'Meta' | 'Shift')[];
        position?: {
            x: number;
            y: number;
        };
    }): Promise<void>;
    hover(options?: {
        timeout?: number;
    }): Promise<void>;
    fill(text: string): Promise<void>;
    press(key: string): Promise<void>;
    inputValue(): Promise<string>;
    textContent(options?: {
        timeout?: number;
    }): Promise<string | null>;
    allTextContents(): Promise<string[]>;
    count(): Promise<number>;
    isVisible(): Promise<boolean>;
    getAttribute(name: string): Promise<string | null>;
    screenshot(options?: {
        path?: string;
    }): Promise<Buffer>;
    evaluate<R>(fn: (element: HTMLElement) => R): Promise<R>;
    boundingBox(): Promise<{
        x: number;
        y: number;
        width: number;
        height: number;
    } | null>;
}
export interface FrameLocator {
    locator(selector: string, options?: {
        hasText?: string | RegExp;
    }): Locator;
    frameLocator(selector: string): FrameLocator;
}
export interface Frame {
    evaluate<R>(fn: string | (() => R | Promise<R>)): Promise<R>;
}
export interface ConsoleMessage {
    type(): string;
    text(): string;
    location(): {
        url: string;
        lineNumber: number;
        columnNumber: number;
    };
}
export interface Page {
    frames(): Frame[];
    on(event: 'console', listener: (message: ConsoleMessage) => void): void;
    evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
    goto(url: string): Promise<unknown>;
    reload(): Promise<unknown>;
    waitForSelector(selector: string, options?: {
        timeout?: number;
    }): Promise<unknown>;
    waitForTimeout(ms: number): Promise<void>;
    keyboard: {
        press(key: string): Promise<void>;
        type(text: string): Promise<void>;
    };
    mouse: {
        click(x: number, y: number): Promise<void>;
        move(x: number, y: number, options?: {
            steps?: number;
        }): Promise<void>;
        wheel(deltaX: number, deltaY: number): Promise<void>;
        down(): Promise<void>;
        up(): Promise<void>;
    };
    locator(selector: string, options?: {
        hasText?: string | RegExp;
    }): Locator;
    frameLocator(selector: string): FrameLocator;
    screenshot(options?: {
        path?: string;
        fullPage?: boolean;
    }): Promise<Buffer>;
}
export interface Browser {
    newPage(options?: {
        viewport?: {
            width: number;
            height: number;
        };
    }): Promise<Page>;
    close(): Promise<void>;
}
