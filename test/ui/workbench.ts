/**
 * Drives a real VS Code workbench (code-server in headless Chromium) as a person would:
 * quick open, keyboard selection, the command palette, and the webview two iframes deep.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, FrameLocator, Page } from './playwright';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const harness = require(path.join(ROOT, 'test', 'harness', 'vscode-server.js'));
export const RESULTS = path.join(ROOT, 'test-results');

export interface Session {
  server: { url: string; port: number; stop(): void; extensionsDir: string };
  browser: Browser;
  page: Page;
}

/**
 * Opens the workbench on the sample workspace. With `development`, the extension is loaded from
 * this checkout (extensionDevelopmentPath); without, only installed extensions run.
 */
export async function openWorkbench(options: { development: boolean; extensionsDir?: string; theme?: string; settings?: Record<string, unknown> }): Promise<Session> {
  const settings = { ...(options.theme ? { 'workbench.colorTheme': options.theme } : {}), ...options.settings };
  const server = await harness.startServer({ extensionsDir: options.extensionsDir, settings });
  const browser: Browser = await harness.launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const payload = options.development ? [['extensionDevelopmentPath', harness.remoteUri(server, ROOT)]] : undefined;
  await page.goto(harness.workbenchUrl(server, path.join(ROOT, 'media', 'samples'), payload));
  await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 60_000 });
  // The remote extension host starts after the workbench draws.
  await page.waitForTimeout(3000);
  return { server, browser, page };
}

export async function closeWorkbench(s: Session | undefined): Promise<void> {
  if (!s) return;
  await s.browser.close().catch(() => undefined);
  s.server.stop();
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
