import * as assert from 'assert';
import { type BrowserSession, type Page, openBrowser } from './browser/chromium';

/** Renders every view from the synthetic demo run and uses the interactive ones a little. */
async function renderAndUseEveryView(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const w = window as any;
    const x = w.xr;
    const run = x.syntheticRun('def add(a, b):\n\treturn a + b', 2, 2);
    const root = document.getElementById('root')!;
    const box = () => root.appendChild(document.createElement('div'));
    const heatmap = x.renderHeatmapView(box(), { matrix: run.attention.decoderSelf[0][0] });
    x.renderOverviewView(box(), { kind: 'cross', matrices: run.attention.cross, selected: { layer: 0, head: 0 } });
    const arcs = x.renderArcsView(box(), { heads: run.attention.cross[1] });
    x.renderMasksView(box(), { source: run.source, decoder: run.decoder, sourcePadding: run.source.map((_: unknown, i: number) => i > 5) });
    x.renderPositionsView(box(), { length: run.source.length, dModel: 32 });
    x.renderModelView(box(), { config: { ...x.SHIPPED }, nSrc: run.source.length, nTgt: run.decoder.length });
    x.renderTokensView(box(), { tokens: run.source });
    arcs.setLock({ side: 'query', index: 2 });
    heatmap.update({ matrix: run.attention.decoderSelf[1][1] });
    heatmap.toSVG();
    arcs.toSVG();
    await new Promise((r) => requestAnimationFrame(r));
  });
  await page.locator('canvas.xr-matrix-canvas >> nth=0').hover();
  await page.locator('.xr-token-chip >> nth=3').hover();
}

describe('views under the webview’s strict Content Security Policy', function () {
  this.timeout(60000);
  let browser: BrowserSession;
  let page: Page;

  before(async () => {
    browser = await openBrowser();
    page = await browser.strictCspPage();
  });
  after(async () => {
    await page?.close();
    await browser?.close();
  });

  it('render and respond without a single CSP violation (no inline style="", no <style>, no eval)', async () => {
    const errors: string[] = [];
    await renderAndUseEveryView(page).catch((e) => errors.push(String(e)));
    const violations: string[] = await page.evaluate(() => (window as any).cspViolations);
    assert.deepStrictEqual(errors, []);
    assert.deepStrictEqual(violations, []);
  });

  it('really is enforcing: an inline style attribute in markup is reported', async () => {
    await page.evaluate(() => {
      const d = document.createElement('div');
      d.innerHTML = '<span style="color: red">x</span>';
      document.body.append(d);
    });
    await page.waitForFunction('window.cspViolations.length > 0');
    const violations: string[] = await page.evaluate(() => (window as any).cspViolations);
    assert.match(violations[0], /style-src/);
  });
});
