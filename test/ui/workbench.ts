/**
 * Drives a real VS Code workbench (code-server in headless Chromium) as a person would:
 * quick open, keyboard selection, the command palette, and the webview two iframes deep.
 */
import * as fs from 'fs';
import * as path from 'path';
import { collectCspViolations, type CspViolations } from './csp-violations';
import type { Browser, Frame, FrameLocator, Locator, Page } from './playwright';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const harness = require(path.join(ROOT, 'test', 'harness', 'vscode-server.js'));
export const RESULTS = path.join(ROOT, 'test-results');

export interface Session {
  server: { url: string; port: number; stop(): void; extensionsDir: string };
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
export async function openWorkbench(options: { development: boolean; extensionsDir?: string; theme?: string; settings?: Record<string, unknown> }): Promise<Session> {
  const themeSettings = options.theme ? { 'workbench.colorTheme': options.theme, 'window.autoDetectHighContrast': false } : {};
  const settings = { ...themeSettings, ...options.settings };
  const server = await harness.startServer({ extensionsDir: options.extensionsDir, settings });
  const browser: Browser = await harness.launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const csp = collectCspViolations(page);
  const payload = options.development ? [['extensionDevelopmentPath', harness.remoteUri(server, ROOT)]] : undefined;
  await page.goto(harness.workbenchUrl(server, path.join(ROOT, 'media', 'samples'), payload));
  await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 60_000 });
  // The remote extension host starts after the workbench draws.
  await page.waitForTimeout(3000);
  return { server, browser, page, csp };
}

/** The workbench's theme type: its container's class, vs, vs-dark, hc-black or hc-light. */
export async function workbenchThemeType(page: Page): Promise<string | undefined> {
  const classes = (await page.locator('.monaco-workbench').first().getAttribute('class')) ?? '';
  return classes.split(/\s+/).find((c) => ['vs', 'vs-dark', 'hc-black', 'hc-light'].includes(c));
}

/**
 * Waits until the workbench shows the theme type `expected`, returning the type it shows at the
 * end; the workbench can draw with another theme first and apply the configured one a moment later.
 */
export async function waitForThemeType(page: Page, expected: string, timeoutMs: number): Promise<string | undefined> {
  const end = Date.now() + timeoutMs;
  let type = await workbenchThemeType(page);
  while (type !== expected && Date.now() < end) {
    await page.waitForTimeout(250);
    type = await workbenchThemeType(page);
  }
  return type;
}

export async function closeWorkbench(s: Session | undefined): Promise<void> {
  if (!s) return;
  await s.browser.close().catch(() => undefined);
  s.server.stop();
}

/** Puts the keyboard focus in the first editor group (out of the webview, which keeps workbench keys). */
export async function focusEditorGroup(page: Page): Promise<void> {
  const editor = page.locator('.editor-group-container').first().locator('.monaco-editor .view-lines');
  if ((await editor.count()) > 0) await editor.first().click();
  await page.keyboard.press('Control+1');
}

/**
 * Opens sample `name`, selects `count` whole lines from line `first` (1-based), runs Visualize
 * Attention and waits for the heatmap: the panel's frame.
 */
export async function visualizeLines(page: Page, name: string, first: number, count: number): Promise<FrameLocator> {
  await openFile(page, name);
  await page.keyboard.press('Control+Home');
  for (let i = 1; i < first; i++) await page.keyboard.press('ArrowDown');
  for (let i = 0; i < count; i++) await page.keyboard.press('Shift+ArrowDown');
  await runFromPalette(page, 'Transformer X-Ray: Visualize Attention');
  const frame = webviewFrame(page);
  await frame.locator('.xr-tab-heatmap canvas.xr-matrix-canvas').first().waitFor({ timeout: 90_000 });
  return frame;
}

export async function openFile(page: Page, name: string): Promise<void> {
  // Quick open can come up before the file search is ready on a busy machine: try a few times.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(name);
    try {
      await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
      await page.locator(`.tab[aria-label*="${name}"]`).first().waitFor({ timeout: 10_000 });
      break;
    } catch (e) {
      await page.keyboard.press('Escape');
      if (attempt === 3) throw e;
    }
  }
  await page.locator('.monaco-editor .view-lines').first().click();
}

/** Runs a command by typing its title into the palette, as a person would. */
export async function runFromPalette(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 20_000 });
  await page.keyboard.press('Enter');
}

/**
 * Presses an export button of the panel (PNG, SVG, JSON, CSV), saves to `target` through VS Code's
 * own save dialog (the quick-input one of VS Code for the web) and waits for the file to be written.
 * Returns the path the dialog suggested before we typed ours.
 */
export async function exportThroughSaveDialog(page: Page, frame: FrameLocator, format: 'PNG' | 'SVG' | 'JSON' | 'CSV', target: string): Promise<string> {
  await frame.locator('vscode-button', { hasText: format }).first().click();
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 20_000 });
  // The dialog fills in its suggested path a moment after it opens: type ours after that.
  const extension = `.${format.toLowerCase()}`;
  let suggested = await input.inputValue();
  for (let i = 0; i < 100 && !suggested.endsWith(extension); i++) {
    await page.waitForTimeout(200);
    suggested = await input.inputValue();
  }
  await input.fill(target);
  await page.waitForTimeout(300);
  await page.keyboard.press('Enter');
  // Written when it exists with a size that two looks 400 ms apart agree on.
  let previous = -1;
  for (let i = 0; i < 75; i++) {
    await page.waitForTimeout(400);
    const size = fs.existsSync(target) ? fs.statSync(target).size : -1;
    if (size > 0 && size === previous) return suggested;
    previous = size;
  }
  throw new Error(`${format} export: ${target} was not written within 30 s (the dialog suggested "${suggested}")`);
}

/** Chooses `label` in the `index`-th dropdown of the panel's controls. */
async function chooseInDropdown(frame: FrameLocator, index: number, label: string): Promise<void> {
  await frame.locator('.xr-controls vscode-dropdown').nth(index).click();
  await frame.locator('.xr-controls vscode-option', { hasText: label }).first().click();
}

/** Chooses an option of the panel's Layer dropdown ("Layer 2", "Rollout"). */
export const chooseLayer = (frame: FrameLocator, label: string) => chooseInDropdown(frame, 0, label);

/** Chooses an option of the panel's Head dropdown ("Head 3", "Mean over heads"). */
export const chooseHead = (frame: FrameLocator, label: string) => chooseInDropdown(frame, 1, label);

/** Chooses one of the three attentions with the panel's radio buttons. */
export async function chooseKind(frame: FrameLocator, label: string): Promise<void> {
  await frame.locator('vscode-radio', { hasText: label }).first().click();
}

export function webviewFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/**
 * Waits for `selector` inside the webview, looking the iframes up afresh each time: while the
 * workbench restores, the first webview iframe found can be replaced by another.
 */
export async function waitInWebview(page: Page, selector: string, timeoutMs: number): Promise<FrameLocator> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const frame = webviewFrame(page);
    // A reloaded headless page may not produce frames on its own; a screenshot makes it draw.
    await page.screenshot({});
    try {
      await frame.locator(selector).first().waitFor({ timeout: 5000 });
      return frame;
    } catch (e) {
      if (Date.now() > end) throw e;
    }
  }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = path.join(RESULTS, 'ui');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  await page.screenshot({ path: file });
  return file;
}

/** A screenshot of one element (scrolled into view first), e.g. a plot taller than the window. */
export async function screenshotElement(element: Locator, name: string): Promise<string> {
  const dir = path.join(RESULTS, 'ui');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  await element.screenshot({ path: file });
  return file;
}

/** The webview's own document (two iframes deep), where the page's debug hook lives. */
export async function panelFrame(page: Page): Promise<Frame> {
  for (let i = 0; i < 40; i++) {
    for (const f of page.frames()) {
      if (await f.evaluate('typeof xrayDebug === "object"').catch(() => false)) return f;
    }
    await page.waitForTimeout(250);
  }
  throw new Error('the panel\'s page was not found');
}
