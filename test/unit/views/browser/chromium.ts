/**
 * Browser tests of the views: bundles views-entry.ts with esbuild, opens it in Debian's Chromium
 * through playwright-core, which test/harness/ensure-vscode.js installs outside the dependencies.
 */
import * as fs from 'fs';
import * as path from 'path';
import { build } from 'esbuild';

const ROOT = path.resolve(__dirname, '../../../../..');
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];

// Minimal structural types, so the tests compile without playwright-core's typings in the repo.
export interface Page {
  setContent(html: string): Promise<void>;
  addScriptTag(o: { content: string }): Promise<unknown>;
  addStyleTag(o: { content: string }): Promise<unknown>;
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  mouse: {
    move(x: number, y: number, options?: { steps?: number }): Promise<void>;
    click(x: number, y: number): Promise<void>;
    wheel(deltaX: number, deltaY: number): Promise<void>;
    down(): Promise<void>;
    up(): Promise<void>;
  };
  keyboard: { press(key: string): Promise<void> };
  locator(selector: string): { boundingBox(): Promise<{ x: number; y: number; width: number; height: number } | null>; click(): Promise<void>; hover(): Promise<void>; textContent(): Promise<string | null>; isVisible(): Promise<boolean> };
  waitForFunction(fn: string): Promise<unknown>;
  close(): Promise<void>;
}
interface Browser {
  newPage(o: { viewport: { width: number; height: number }; deviceScaleFactor: number }): Promise<Page>;
  close(): Promise<void>;
}

function loadPlaywright(): { chromium: { launch(o: object): Promise<Browser> } } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(ROOT, 'test', 'harness', 'playwright.js')).loadPlaywright();
}

let bundle: Promise<{ js: string; css: string }> | undefined;

function bundleViews(): Promise<{ js: string; css: string }> {
  bundle ??= build({
    entryPoints: [path.join(ROOT, 'test', 'unit', 'views', 'browser', 'views-entry.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    outdir: path.join(ROOT, '.cache', 'views-test'),
    logLevel: 'silent',
  }).then((r) => ({
    js: r.outputFiles.find((f) => f.path.endsWith('.js'))?.text ?? '',
    css: r.outputFiles.find((f) => f.path.endsWith('.css'))?.text ?? '',
  }));
  return bundle;
}

export interface BrowserSession {
  /** A fresh page with the views loaded, `window.xr` ready, a 640 px wide #root to render into. */
  page(): Promise<Page>;
  /**
   * The same under the webview's strict CSP (scripts and styles only with the nonce, no eval);
   * every violation is pushed to `window.cspViolations`.
   */
  strictCspPage(): Promise<Page>;
  close(): Promise<void>;
}

const NONCE = 'testNonce4f9a2c';
export const STRICT_CSP = `default-src 'none'; script-src 'nonce-${NONCE}'; style-src 'nonce-${NONCE}'; img-src data: blob:`;

export async function openBrowser(): Promise<BrowserSession> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`The browser tests need Chromium at ${CHROMIUM}.`);
  const { chromium } = loadPlaywright();
  const [browser, code] = await Promise.all([chromium.launch({ executablePath: CHROMIUM, args: ARGS }), bundleViews()]);
  return {
    async page() {
      const page = await browser.newPage({ viewport: { width: 800, height: 900 }, deviceScaleFactor: 2 });
      await page.setContent('<!DOCTYPE html><html><body><div id="root"></div></body></html>');
      await page.addStyleTag({ content: `${code.css}\n#root { width: 640px; }` });
      await page.addScriptTag({ content: code.js });
      return page;
    },
    async strictCspPage() {
      const page = await browser.newPage({ viewport: { width: 800, height: 900 }, deviceScaleFactor: 2 });
      // </script> cannot occur in the bundle's strings unescaped; esbuild escapes it.
      await page.setContent(`<!DOCTYPE html><html><head>
<meta http-equiv="Content-Security-Policy" content="${STRICT_CSP}">
<meta property="csp-nonce" content="${NONCE}">
<style nonce="${NONCE}">${code.css}\n#root { width: 640px; }</style>
<script nonce="${NONCE}">window.cspViolations = []; document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));</script>
</head><body><div id="root"></div><script nonce="${NONCE}">${code.js}</script></body></html>`);
      return page;
    },
    close: () => browser.close(),
  };
}
