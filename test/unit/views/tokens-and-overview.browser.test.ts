import * as assert from 'assert';
import { type BrowserSession, type Page, openBrowser } from './browser/chromium';

describe('tokens and overview views in Chromium', function () {
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

  it('token chips show visible whitespace; hover shows [start, end); click reports the token', async () => {
    await page.evaluate(() => {
      const w = window as any;
      w.events = [];
      const tokens = [
        { text: 'if', position: 0, id: 7, start: 0, end: 2 },
        { text: '  ', position: 1, id: 8, start: 2, end: 4 },
        { text: '\n', position: 2, id: 9, start: 4, end: 5 },
      ];
      w.view = w.xr.renderTokensView(document.getElementById('root'), { tokens }, { onTokenFocus: (i: number) => w.events.push(i) });
    });
    const texts = await page.evaluate(() => [...document.querySelectorAll('.xr-token-text')].map((t) => t.textContent));
    assert.deepStrictEqual(texts, ['if', '␣␣', '↵']);
    await page.locator('.xr-token-chip >> nth=1').hover();
    assert.match((await page.locator('.xr-tooltip').textContent()) ?? '', /characters \[2, 4\)/);
    await page.locator('.xr-token-chip >> nth=2').click();
    assert.deepStrictEqual(await page.evaluate(() => (window as any).events), [2]);
    assert.strictEqual(await page.evaluate(() => document.querySelectorAll('.xr-token-selected').length), 1);
  });

  it('overview: one thumbnail per layer × head plus a mean column; click selects; the selection is outlined', async () => {
    await page.evaluate(() => {
      const w = window as any;
      const run = w.xr.syntheticRun('a = b + c', 2, 3);
      w.events = [];
      w.matrices = run.attention.encoderSelf;
      w.view = w.xr.renderOverviewView(
        document.getElementById('root'),
        { kind: 'encoderSelf', matrices: w.matrices, selected: { layer: 0, head: 0 } },
        { onSelect: (l: number, h: number | string) => w.events.push([l, h]) },
      );
    });
    const headers = await page.evaluate(() => [...document.querySelectorAll('.xr-overview-grid thead th')].map((t) => t.textContent));
    assert.deepStrictEqual(headers, ['', 'Head 1', 'Head 2', 'Head 3', 'Mean']);
    const rows = await page.evaluate(() => [...document.querySelectorAll('.xr-overview-grid tbody th')].map((t) => t.textContent));
    assert.deepStrictEqual(rows, ['Layer 1', 'Layer 2']);
    await page.locator('button[aria-label^="Layer 2, Mean over heads"]').click();
    assert.deepStrictEqual(await page.evaluate(() => (window as any).events), [[1, 'mean']]);
    await page.evaluate(() => {
      const w = window as any;
      w.view.update({ kind: 'encoderSelf', matrices: w.matrices, selected: { layer: 1, head: 'mean' } });
    });
    const selected = await page.evaluate(() => [...document.querySelectorAll('.xr-thumb-selected')].map((b) => b.getAttribute('aria-label')));
    assert.deepStrictEqual(selected, ['Layer 2, Mean over heads: Encoder self-attention']);
  });

  it('overview: arrow keys move between thumbnails, and the focus survives an update with rebuilt data', async () => {
    await page.evaluate(() => {
      const w = window as any;
      w.run = w.xr.syntheticRun('a = b + c', 2, 3);
      w.view = w.xr.renderOverviewView(document.getElementById('root'), { kind: 'cross', matrices: w.run.attention.cross, selected: { layer: 0, head: 0 } });
      (document.querySelector('.xr-thumb[tabindex="0"]') as HTMLElement).focus();
    });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    const label = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    assert.strictEqual(await label(), 'Layer 2, Head 2: Encoder–decoder (cross) attention');
    await page.evaluate(() => {
      const w = window as any;
      const fresh = w.xr.syntheticRun('a = b + c', 2, 3); // new arrays, as a caller rebuilding its data would pass
      w.view.update({ kind: 'cross', matrices: fresh.attention.cross, selected: { layer: 1, head: 1 } });
    });
    assert.strictEqual(await label(), 'Layer 2, Head 2: Encoder–decoder (cross) attention');
  });
});
