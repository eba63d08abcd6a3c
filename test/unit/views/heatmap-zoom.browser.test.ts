import * as assert from 'assert';
import { type BrowserSession, type Page, openBrowser } from './browser/chromium';

/** A causal n x n decoder self-attention heatmap with tokens t0 … t(n-1), rendered into #root as window.view. */
async function renderCausal(page: Page, n: number): Promise<void> {
  await page.evaluate((n) => {
    const w = window as any;
    const tokens = Array.from({ length: n }, (_, i) => ({ text: `t${i}`, position: i, id: i }));
    const weights = new Float32Array(n * n);
    const masked = new Uint8Array(n * n);
    for (let q = 0; q < n; q++) {
      for (let k = 0; k <= q; k++) weights[q * n + k] = 1 / (q + 1);
      for (let k = q + 1; k < n; k++) masked[q * n + k] = 1;
    }
    w.events = [];
    w.view = w.xr.renderHeatmapView(document.getElementById('root'), { matrix: { kind: 'decoderSelf', layer: 0, head: 0, queries: tokens, keys: tokens, weights, masked } }, {
      onCellHover: (q: number | null, k: number | null) => w.events.push(['hover', q, k]),
    });
  }, n);
  await page.waitForFunction('new Promise((r) => requestAnimationFrame(() => r(true)))');
}

const data = (page: Page): Promise<Record<string, string>> => page.evaluate(() => ({ ...(document.querySelector('canvas.xr-matrix-canvas') as HTMLCanvasElement).dataset }) as Record<string, string>);

describe('heatmap zoom and pan in Chromium', function () {
  this.timeout(60000);
  let browser: BrowserSession;
  let page: Page;

  before(async () => {
    browser = await openBrowser();
  });
  after(async () => browser?.close());
  beforeEach(async () => {
    page = await browser.page();
  });
  afterEach(async () => page?.close());

  it('a 1024 x 1024 matrix, fitted and zoomed, shows each cell in view in its own colour', async () => {
    // How long such a frame takes is a benchmark's figure (scripts/bench: zoomed frame ms), not a test's.
    await renderCausal(page, 1024);
    const frames: { zoom: number; rows: string; checked: number; wrong: string[] }[] = await page.evaluate(() => {
      const w = window as any;
      const plot = w.view.plot;
      const canvas = plot.canvas as HTMLCanvasElement;
      const ctx = canvas.getContext('2d')!;
      const dpr = window.devicePixelRatio;
      const masked = new Set((w.xr.maskedColours as number[][]).map((c) => c.join()));
      return [1, 3, 8, 20].map((zoom) => {
        plot.view = zoom === 1 ? { zoom, row0: 0, col0: 0 } : { zoom, row0: 300, col0: 200 };
        plot.paint();
        const [r0, r1] = canvas.dataset.rows!.split('-').map(Number);
        const [c0, c1] = canvas.dataset.cols!.split('-').map(Number);
        const wrong: string[] = [];
        let checked = 0;
        // Cells below, on and above the diagonal, spread over the window in view.
        for (let i = 1; i < 8; i++) {
          for (let j = 1; j < 8; j++) {
            const q = Math.round(r0 + ((r1 - r0) * i) / 8);
            const k = Math.round(c0 + ((c1 - c0) * j) / 8);
            const r = plot.cellRect(q, k);
            // Fitted, a cell is under a pixel: only cells far from the diagonal have one colour around them.
            if (!r || (r.width < 2 && Math.abs(q - k) < 8)) continue;
            const d = ctx.getImageData(Math.floor((r.x + r.width / 2) * dpr), Math.floor((r.y + r.height / 2) * dpr), 1, 1).data;
            const px = [d[0], d[1], d[2]].join();
            checked++;
            if (k > q ? !masked.has(px) : r.width >= 2 ? px !== w.xr.viridisAt(Math.fround(1 / (q + 1))).join() : masked.has(px)) wrong.push(`(${q}, ${k}) ${px}`);
          }
        }
        return { zoom, rows: canvas.dataset.rows!, checked, wrong };
      });
    });
    for (const f of frames) {
      assert.ok(f.checked >= 30, `zoom ${f.zoom}: ${f.checked} cells checked`);
      assert.deepStrictEqual(f.wrong, [], `zoom ${f.zoom}, rows ${f.rows}`);
    }
    // Zoomed in, the window starts where it was asked to and holds fewer rows than the matrix.
    const zoomed = frames.at(-1)!.rows.split('-').map(Number);
    assert.ok(zoomed[0] === 300 && zoomed[1] - zoomed[0] < 100, `rows in view at zoom 20: ${frames.at(-1)!.rows}`);
  });

  it('the wheel zooms around the pointer; from 10 px cells every token in view is labelled', async () => {
    await renderCausal(page, 300);
    const fitted = await data(page);
    assert.strictEqual(fitted.zoom, '1.00');
    assert.ok(Number(fitted.rowLabels) < 300, 'thinned labels when fitted');
    const box = (await page.locator('canvas.xr-matrix-canvas').boundingBox())!;
    const [px, py, pw, ph] = fitted.plot.split(',').map(Number);
    await page.mouse.move(box.x + px + pw * 0.5, box.y + py + ph * 0.5);
    for (let i = 0; i < 10 && Number((await data(page)).cellPx) < 10; i++) await page.mouse.wheel(0, -500);
    const zoomed = await data(page);
    const [r0, r1] = zoomed.rows.split('-').map(Number);
    assert.ok(r0 < 150 && r1 > 150, `the middle row stays in view (${zoomed.rows})`);
    assert.strictEqual(Number(zoomed.rowLabels), r1 - r0 + 1);
    // The tooltip names the cell under the pointer at this zoom.
    await page.mouse.move(box.x + px + pw * 0.5 + 1, box.y + py + ph * 0.5 + 1);
    const hovered = await page.evaluate(() => (window as any).events.at(-1));
    assert.ok(hovered[1] >= r0 && hovered[1] <= r1, `hovered row ${hovered[1]} is in view`);
    const rect = await page.evaluate(([q, k]) => (window as any).view.cellRect(q, k), [hovered[1], hovered[2]]);
    assert.ok(rect.width >= 10, 'cellRect follows the zoom');
  });

  it('dragging pans; a drag is not a click; 0 fits again', async () => {
    await renderCausal(page, 200);
    await page.evaluate(() => (window as any).view.plot.setViewport({ zoom: 4, row0: 50, col0: 50 }));
    await page.waitForFunction('new Promise((r) => requestAnimationFrame(() => r(true)))');
    const box = (await page.locator('canvas.xr-matrix-canvas').boundingBox())!;
    const [px, py, pw, ph] = (await data(page)).plot.split(',').map(Number);
    const x = box.x + px + pw / 2;
    const y = box.y + py + ph / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + 80, y + 40, { steps: 4 });
    await page.mouse.up();
    await page.waitForFunction('new Promise((r) => requestAnimationFrame(() => r(true)))');
    const panned = await data(page);
    assert.ok(Number(panned.cols.split('-')[0]) < 50 && Number(panned.rows.split('-')[0]) < 50, `dragging right and down shows earlier cells (${panned.rows} / ${panned.cols})`);
    await page.evaluate(() => (document.querySelector('canvas.xr-matrix-canvas') as HTMLCanvasElement).focus());
    await page.keyboard.press('0');
    await page.waitForFunction('new Promise((r) => requestAnimationFrame(() => r(true)))');
    assert.strictEqual((await data(page)).zoom, '1.00');
  });

  it('exports the whole matrix or, on request, only the zoomed part', async () => {
    await renderCausal(page, 120);
    await page.evaluate(() => (window as any).view.plot.setViewport({ zoom: 6, row0: 40, col0: 30 }));
    await page.waitForFunction('new Promise((r) => requestAnimationFrame(() => r(true)))');
    const [whole, part] = await page.evaluate(() => [(window as any).view.toSVG(), (window as any).view.toSVG({ visibleOnly: true })]);
    // The whole matrix is labelled from its first token (thinned: "0: t0"); the part only from row 40 and column 30 on.
    assert.match(whole, />(0: )?t0</);
    assert.doesNotMatch(part, />(\d+: )?t0</);
    assert.match(part, />(40: )?t40</);
    assert.match(part, />(30: )?t30</);
  });
});
