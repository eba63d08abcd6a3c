import * as assert from 'assert';
import { type BrowserSession, type Page, openBrowser } from './browser/chromium';

/**
 * Two heads of a 3-query x 4-key cross-attention layer. Head 0: query q attends to key q+1 (0.85);
 * head 1: every query attends to key 0 (0.7). Events land in window.events.
 */
async function renderArcs(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as any;
    const tok = (text: string, position: number) => ({ text, position, id: position });
    const queries = [tok('<s>', 0), tok('alpha', 1), tok('beta', 2)];
    const keys = [0, 1, 2, 3].map((i) => tok(`k${i}`, i));
    const head = (h: number, f: (q: number, k: number) => number) => {
      const weights = new Float32Array(12);
      for (let q = 0; q < 3; q++) for (let k = 0; k < 4; k++) weights[q * 4 + k] = f(q, k);
      return { kind: 'cross', layer: 0, head: h, queries, keys, weights };
    };
    w.events = [];
    w.view = w.xr.renderArcsView(
      document.getElementById('root'),
      { heads: [head(0, (q, k) => (k === q + 1 ? 0.85 : 0.05)), head(1, (_q, k) => (k === 0 ? 0.7 : 0.1))] },
      { onTokenFocus: (side: string, i: number) => w.events.push([side, i]) },
    );
  });
}

/** Every drawn line as [head, query row, key row], read back from the SVG paths. */
function drawnLines(page: Page): Promise<[number, number, number][]> {
  return page.evaluate(() => {
    const rowOf = (label: Element) => Number(label.getAttribute('data-index'));
    const yOf = (g: Element) => Number(g.querySelector('.xr-arcs-label')!.getAttribute('y')).toFixed(1);
    const qRow = new Map([...document.querySelectorAll('.xr-arcs-queries .xr-arcs-token')].map((g) => [yOf(g), rowOf(g)]));
    const kRow = new Map([...document.querySelectorAll('.xr-arcs-keys .xr-arcs-token')].map((g) => [yOf(g), rowOf(g)]));
    const out: [number, number, number][] = [];
    for (const p of document.querySelectorAll('.xr-arcs-lines path')) {
      for (const m of p.getAttribute('d')!.matchAll(/M[\d.]+,([\d.]+)L[\d.]+,([\d.]+)/g)) {
        out.push([Number(p.getAttribute('data-head')), qRow.get(m[1])!, kRow.get(m[2])!]);
      }
    }
    return out.sort();
  });
}

const token = (side: 'queries' | 'keys', i: number) => `.xr-arcs-${side} .xr-arcs-token[data-index="${i}"]`;

describe('arcs view in Chromium', function () {
  this.timeout(60000);
  let browser: BrowserSession;
  let page: Page;

  before(async () => {
    browser = await openBrowser();
  });
  after(async () => browser?.close());
  beforeEach(async () => {
    page = await browser.page();
    await renderArcs(page);
  });
  afterEach(async () => page?.close());

  it('puts queries on the left and keys on the right, under their titles', async () => {
    const titles = await page.evaluate(() => [...document.querySelectorAll('.xr-arcs-title')].map((t) => t.textContent));
    assert.deepStrictEqual(titles, ['Queries (decoder input, attending)', 'Keys (source tokens, encoder output, attended to)']);
    const q = await page.locator(token('queries', 1)).boundingBox();
    const k = await page.locator(token('keys', 1)).boundingBox();
    assert.ok(q && k && q.x < k.x);
    assert.strictEqual(await page.locator(`${token('queries', 1)} .xr-arcs-label`).textContent(), 'alpha');
  });

  it('hovering a query shows only its lines, for every visible head', async () => {
    await page.locator(token('queries', 1)).hover();
    const lines = await drawnLines(page);
    assert.ok(lines.length > 0);
    assert.ok(lines.every(([, q]) => q === 1), JSON.stringify(lines));
    assert.ok(lines.some(([h, , k]) => h === 0 && k === 2));
    assert.ok(lines.some(([h, , k]) => h === 1 && k === 0));
  });

  it('hovering a key shows the lines into it from every query', async () => {
    await page.locator(token('keys', 0)).hover();
    const lines = await drawnLines(page);
    assert.ok(lines.every(([, , k]) => k === 0));
    assert.deepStrictEqual([...new Set(lines.filter(([h]) => h === 1).map(([, q]) => q))], [0, 1, 2]);
  });

  it('click locks on a token with a visible chip; hover elsewhere keeps the lock; clicking again unlocks', async () => {
    assert.strictEqual(await page.locator('.xr-lock-chip').isVisible(), false);
    await page.locator(token('queries', 2)).click();
    assert.strictEqual(await page.locator('.xr-lock-chip').isVisible(), true);
    assert.strictEqual(
      await page.locator('.xr-lock-chip-text').textContent(),
      'Locked on query “beta” (pos 2) — click it again or press Esc to unlock',
    );
    await page.locator(token('keys', 3)).hover();
    assert.ok((await drawnLines(page)).every(([, q]) => q === 2), 'lock lost on hover');
    await page.locator(token('queries', 2)).click();
    assert.strictEqual(await page.locator('.xr-lock-chip').isVisible(), false);
    assert.deepStrictEqual(await page.evaluate(() => (window as any).events), [['query', 2]]);
  });

  it('Esc and the chip’s Unlock button both unlock', async () => {
    await page.locator(token('keys', 1)).click();
    await page.keyboard.press('Escape');
    assert.strictEqual(await page.locator('.xr-lock-chip').isVisible(), false);
    await page.locator(token('keys', 1)).click();
    await page.locator('.xr-lock-chip vscode-button').click();
    assert.strictEqual(await page.locator('.xr-lock-chip').isVisible(), false);
    await page.mouse.move(0, 0);
    const heads = new Set((await drawnLines(page)).map(([h]) => h));
    assert.deepStrictEqual([...heads].sort(), [0, 1], 'all lines back after unlocking');
  });

  it('unticking a head removes its lines', async () => {
    await page.locator('.xr-arcs-heads vscode-checkbox:nth-child(2)').click();
    const heads = new Set((await drawnLines(page)).map(([h]) => h));
    assert.deepStrictEqual([...heads], [0]);
  });

  it('exports a standalone SVG with token labels, titles and lines', async () => {
    const svg: string = await page.evaluate(() => (window as any).view.toSVG());
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(svg, />Queries \(decoder input, attending\)</);
    assert.match(svg, />beta</);
    assert.match(svg, />k3</);
    assert.ok((svg.match(/<path /g) ?? []).length >= 2);
  });
});
