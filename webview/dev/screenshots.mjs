// Saves a PNG of every view of the dev harness, in the dark and light themes (and high contrast
// with --hc), to test-results/views/<view>-<theme>.png, plus the heatmap and arcs SVG exports.
// Fails when the page reports an error or a Content-Security-Policy violation.
//   node webview/dev/screenshots.mjs [--hc] [--long]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildHarness } from './build-harness.mjs';
import { launchChromium, serveFolder } from './browser.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = join(root, 'test-results', 'views');
const themes = ['dark', 'light', ...(process.argv.includes('--hc') ? ['hc'] : [])];
const long = process.argv.includes('--long');

mkdirSync(outDir, { recursive: true });
const server = await serveFolder(await buildHarness());
const browser = await launchChromium();
const problems = [];
try {
  for (const theme of themes) {
    const page = await browser.newPage({ viewport: { width: 700, height: 900 }, deviceScaleFactor: 2 });
    page.on('console', (m) => m.type() === 'error' && problems.push(`[${theme}] console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`[${theme}] page error: ${e.message}`));
    await page.exposeFunction('reportCsp', (v) => problems.push(`[${theme}] CSP violation: ${v}`));
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) => window.reportCsp(`${e.violatedDirective} ${e.blockedURI}`)),
    );
    await page.goto(`${server.url}index.html?theme=${theme}${long ? '&long=1' : ''}`);
    await page.waitForSelector('body[data-ready="1"]', { timeout: 20000 });
    await page.waitForTimeout(300);
    for (const section of await page.$$('section.harness-panel')) {
      const view = await section.getAttribute('data-view');
      if (!(await section.evaluate((s) => s.childElementCount > 0))) continue;
      const file = join(outDir, `${view}-${theme}${long ? '-long' : ''}.png`);
      await section.screenshot({ path: file });
      console.log(`saved ${file}`);
    }
    if (theme === 'dark') {
      for (const name of ['heatmap', 'arcs']) {
        const svg = await page.evaluate((n) => window.xrHarness[n]?.toSVG?.() ?? '', name);
        if (svg) writeFileSync(join(outDir, `${name}-export${long ? '-long' : ''}.svg`), svg);
      }
    }
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
