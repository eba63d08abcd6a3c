/**
 * Headless Chromium for the model's browser test and benchmark: finds playwright-core (installed on
 * demand into ~/.cache/transformer-xray/vscode by test/harness/ensure-vscode.js, not a dependency), launches the system Chromium with an explicit flag
 * list (WebGL2 through SwiftShader), and bundles a page entry with esbuild.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Exactly the flags Chromium gets (playwright's defaults are ignored, so the list is complete). */
export const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--enable-unsafe-swiftshader', '--disable-gpu-sandbox',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
  '--disable-dev-shm-usage',
];

/** The few playwright-core calls used here (its typings are not installed at compile time). */
export interface Page {
  goto(url: string): Promise<unknown>;
  addScriptTag(options: { content: string }): Promise<unknown>;
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  on(event: 'console' | 'pageerror', handler: (m: { text?(): string; message?: string }) => void): void;
  close(): Promise<void>;
}
export interface Browser {
  newPage(): Promise<Page>;
  close(): Promise<void>;
  version(): string;
}
interface Chromium {
  launch(options: { executablePath: string; ignoreDefaultArgs: boolean; args: string[]; timeout?: number }): Promise<Browser>;
}

/** The repository root: the nearest folder above this file with the project's package.json. */
export function repoRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'transformer-xray') return dir;
  }
  throw new Error(`No transformer-xray package.json above ${__dirname}.`);
}

/** playwright-core's `chromium`, from the project's on-demand cache (test/harness/playwright.js). */
export function loadChromium(): Chromium {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(path.join(repoRoot(), 'test', 'harness', 'playwright.js')).loadPlaywright() as { chromium: Chromium }).chromium;
}

/** The Chromium binary: CHROMIUM_PATH or /usr/bin/chromium; throws when it does not exist. */
export function chromiumPath(): string {
  const p = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(p)) throw new Error(`Chromium not found at ${p}: install it (apt-get install chromium) or set CHROMIUM_PATH.`);
  return p;
}

/**
 * Launches headless Chromium with {@link CHROMIUM_FLAGS}, plus the two arguments playwright needs to
 * drive it (its control pipe and a fresh profile folder); nothing else.
 */
export async function launchChromium(): Promise<Browser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'txr-chromium-'));
  const browser = await loadChromium().launch({
    executablePath: chromiumPath(), ignoreDefaultArgs: true, timeout: 60_000,
    args: [...CHROMIUM_FLAGS, '--remote-debugging-pipe', `--user-data-dir=${profile}`, 'about:blank'],
  });
  const close = browser.close.bind(browser);
  browser.close = async () => {
    await close();
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return browser;
}

/** Bundles a browser entry (TypeScript) into one IIFE script, in memory. */
export async function bundleForBrowser(entry: string): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const result = await esbuild.build({
    entryPoints: [entry], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2020',
    minify: false, logLevel: 'silent', absWorkingDir: repoRoot(),
  });
  return result.outputFiles[0].text;
}

/** A blank page with `script` loaded; page errors are collected into `errors`. */
export async function pageWith(browser: Browser, script: string, errors: string[]): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(e.message ?? String(e)));
  await page.goto('about:blank');
  await page.addScriptTag({ content: script });
  return page;
}
