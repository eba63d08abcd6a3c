import * as assert from 'assert';
import { type BrowserSession, type Page, openBrowser } from './browser/chromium';

/**
 * Renders a 3 x 4 cross-attention matrix whose queries (<s>, alpha, beta) and keys (k0 … k3) differ,
 * with all weights distinct, so a transposed drawing or swapped labels would fail. Cell (0, 3) is
 * masked. Events land in window.events.
 */
async function renderKnownHeatmap(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as any;
    const tok = (text: string, position: number) => ({ text, position, id: 100 + position });
    const weights = Float32Array.from([0.5, 0.3, 0.2, 0.0, 0.1, 0.6, 0.25, 0.05, 0.15, 0.05, 0.4, 0.4]);
    const masked = Uint8Array.from([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    w.events = [];
    w.matrix = { kind: 'cross', layer: 1, head: 2, queries: [tok('<s>', 0), tok('alpha', 1), tok('beta', 2)], keys: [0, 1, 2, 3].map((i) => tok(`k${i}`, i)), weights, masked };
    w.view = w.xr.renderHeatmapView(document.getElementById('root'), { matrix: w.matrix }, {
      onCellHover: (q: number | null, k: number | null) => w.events.push(['hover', q, k]),
      onTokenFocus: (side: string, i: number) => w.events.push(['focus', side, i]),
    });
  });
  await page.waitForFunction('new Promise((r) => requestAnimationFrame(() => r(true)))');
}

/** The canvas pixel at the centre of cell (q, k), as [r, g, b]. */
function pixelAt(page: Page, q: number, k: number): Promise<number[]> {
  return page.evaluate(
    ([q, k]) => {
      const w = window as any;
      const r = w.view.cellRect(q, k);
      const dpr = window.devicePixelRatio;
      const ctx = (w.view.canvas as HTMLCanvasElement).getContext('2d')!;
      const d = ctx.getImageData(Math.floor((r.x + r.width / 2) * dpr), Math.floor((r.y + r.height / 2) * dpr), 1, 1).data;
      return [d[0], d[1], d[2]];
    },
    [q, k],
  );
}

async function cellCentreOnPage(page: Page, q: number, k: number): Promise<{ x: number; y: number }> {
  const box = await page.locator('canvas.xr-matrix-canvas').boundingBox();
  const r = await page.evaluate(([q, k]) => (window as any).view.cellRect(q, k), [q, k]);
  assert.ok(box && r);
  return { x: box.x + r.x + r.width / 2, y: box.y + r.y + r.height / 2 };
}

describe('heatmap in Chromium', function () {
  this.timeout(60000);
  let browser: BrowserSession;
  let page: Page;

  before(async () => {
    browser = await openBrowser();
  });
  after(async () => browser?.close());
  beforeEach(async () => {
    page = await browser.page();
    await renderKnownHeatmap(page);
  });
  afterEach(async () => page?.close());

  it('paints cell (q, k) with the viridis colour of weights[q][k] / max (rows = queries)', async () => {
    const weights = [[0.5, 0.3, 0.2, 0.0], [0.1, 0.6, 0.25, 0.05], [0.15, 0.05, 0.4, 0.4]];
    const max = 0.6;
    for (let q = 0; q < 3; q++) {
      for (let k = 0; k < 4; k++) {
        if (q === 0 && k === 3) continue; // masked
        const expected = await page.evaluate((t) => (window as any).xr.viridisAt(t), Math.fround(weights[q][k]) / Math.fround(max));
        assert.deepStrictEqual(await pixelAt(page, q, k), expected, `cell (${q}, ${k})`);
      }
    }
  });

  it('paints the masked cell in the masked grey or its stripes, not a viridis colour', async () => {
    const masked: number[][] = await page.evaluate(() => (window as any).xr.maskedColours);
    const px = await pixelAt(page, 0, 3);
    assert.ok(masked.some((c) => c.join() === px.join()), `masked cell is ${px}`);
  });

  it('hovering a cell shows its query and key, not the other way round', async () => {
    const { x, y } = await cellCentreOnPage(page, 1, 2);
    await page.mouse.move(x, y);
    const text = await page.locator('.xr-tooltip').textContent();
    assert.match(text ?? '', /weight 0\.2500/);
    assert.match(text ?? '', /query “alpha” · pos 1 · decoder input/);
    assert.match(text ?? '', /key “k2” · pos 2 · source tokens/);
    const events = await page.evaluate(() => (window as any).events);
    assert.deepStrictEqual(events.at(-1), ['hover', 1, 2]);
  });

  it('the masked cell’s tooltip says what masking did', async () => {
    const { x, y } = await cellCentreOnPage(page, 0, 3);
    await page.mouse.move(x, y);
    assert.match((await page.locator('.xr-tooltip').textContent()) ?? '', /masked: set to −∞ before softmax, weight exactly 0/);
  });

  it('arrow keys move the focus cell and announce it; Enter focuses the query token, Shift+Enter the key', async () => {
    await page.evaluate(() => (document.querySelector('canvas.xr-matrix-canvas') as HTMLCanvasElement).focus());
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const announced = await page.evaluate(() => document.querySelector('.xr-matrix [aria-live]')?.textContent ?? '');
    assert.match(announced, /query “alpha”.*key “k2”.*weight 0\.2500/);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Shift+Enter');
    const events = await page.evaluate(() => (window as any).events);
    assert.deepStrictEqual(events.slice(-2), [['focus', 'query', 1], ['focus', 'key', 2]]);
  });

  it('clicking a row label focuses that query token', async () => {
    const { x, y } = await cellCentreOnPage(page, 2, 0);
    await page.mouse.click(x - 20, y); // the row label band, left of the first column
    const events = await page.evaluate(() => (window as any).events);
    assert.deepStrictEqual(events.at(-1), ['focus', 'query', 2]);
  });

  it('exports a standalone SVG with both axes labelled and the masked legend', async () => {
    const svg: string = await page.evaluate(() => (window as any).view.toSVG());
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(svg, />Queries \(decoder input, attending\)</);
    assert.match(svg, />Keys \(source tokens, encoder output, attended to\)</);
    assert.match(svg, />alpha</);
    assert.match(svg, />k3</);
    assert.match(svg, /masked: set to −∞ before softmax, weight exactly 0/);
    assert.match(svg, /<pattern id=/);
  });

  it('stays responsive at n = 512: render and update in well under a second each', async () => {
    const ms: number[] = await page.evaluate(() => {
      const w = window as any;
      const n = 512;
      const tokens = Array.from({ length: n }, (_, i) => ({ text: `t${i}`, position: i, id: i }));
      const weights = new Float32Array(n * n);
      const masked = new Uint8Array(n * n);
      for (let q = 0; q < n; q++) {
        for (let k = 0; k <= q; k++) weights[q * n + k] = 1 / (q + 1);
        for (let k = q + 1; k < n; k++) masked[q * n + k] = 1;
      }
      const m = { kind: 'decoderSelf', layer: 0, head: 0, queries: tokens, keys: tokens, weights, masked };
      const root = document.createElement('div');
      document.body.append(root);
      const t0 = performance.now();
      const v = w.xr.renderHeatmapView(root, { matrix: m });
      const t1 = performance.now();
      v.update({ matrix: { ...m, head: 1 } });
      const t2 = performance.now();
      return [t1 - t0, t2 - t1];
    });
    assert.ok(ms[0] < 1000 && ms[1] < 1000, `render ${ms[0].toFixed(0)} ms, update ${ms[1].toFixed(0)} ms`);
  });
});
