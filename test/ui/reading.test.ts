/**
 * The panel at real lengths, in the real workbench (issue 14): the picture comes first (the heatmap
 * in view without scrolling), the matrix zooms and pans with labels for every token once cells are
 * large enough, and Chinese text reads as its characters. Token counts are read from the panel,
 * never assumed: they change with the tokenizer.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chooseHead, chooseKind, chooseLayer, closeWorkbench, exportThroughSaveDialog, focusEditorGroup, openFile, openWorkbench, runFromPalette, screenshot, webviewFrame, type Session } from './workbench';
import type { FrameLocator, Locator, Page } from './playwright';

const HEATMAP = '.xr-tab-heatmap canvas.xr-matrix-canvas';

/** Where the heatmap's cells are against the webview's own window, and how far the page is scrolled. */
interface PlotInView {
  n: number;
  top: number;
  bottom: number;
  windowHeight: number;
  scrollY: number;
  /** Share of the plot's height that is in the window (1 = all of it). */
  visible: number;
}

async function plotInView(frame: FrameLocator): Promise<PlotInView> {
  return frame.locator(HEATMAP).first().evaluate((c) => {
    const [, py, , ph] = (c.dataset.plot ?? '').split(',').map(Number);
    const r = c.getBoundingClientRect();
    const top = r.top + py;
    const bottom = top + ph;
    const n = Number(/(\d+) tokens/.exec(document.querySelector('.backend')?.textContent ?? '')?.[1]);
    return { n, top, bottom, windowHeight: window.innerHeight, scrollY: window.scrollY, visible: Math.max(0, Math.min(1, (window.innerHeight - top) / ph)) };
  });
}

async function dataset(canvas: Locator): Promise<Record<string, string>> {
  return canvas.evaluate((c) => ({ ...c.dataset }) as Record<string, string>);
}

/**
 * Opens a sample in the first editor group from the Explorer (quick open can pick a recently
 * opened file on a busy machine) and puts the keyboard focus in its editor.
 */
async function openSample(page: Page, name: string): Promise<void> {
  const group = page.locator('.editor-group-container').first();
  for (let attempt = 1; ; attempt++) {
    await focusEditorGroup(page);
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: name });
    if ((await row.count()) > 0) await row.first().click();
    else await openFile(page, name);
    try {
      await group.locator('.tab.active', { hasText: name }).first().waitFor({ timeout: 10_000 });
      await group.locator('.monaco-editor .view-lines').first().click();
      return;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
}

/** Selects lines [from, to] (1-based) of the open editor with the keyboard. */
async function selectLines(page: Page, from: number, to: number): Promise<void> {
  await page.keyboard.press('Control+Home');
  for (let i = 1; i < from; i++) await page.keyboard.press('ArrowDown');
  for (let i = from; i <= to; i++) await page.keyboard.press('Shift+ArrowDown');
}

/** What names the run shown: its source label and backend line (the forward pass time differs between runs). */
async function runKey(frame: FrameLocator): Promise<string> {
  const text = async (selector: string) => (await frame.locator(selector).first().textContent({ timeout: 1000 }).catch(() => null)) ?? '';
  const line = await text('.backend');
  return line ? `${await text('h1')} | ${line}` : '';
}

/** Waits for a run other than `previous` to be drawn; returns its key. */
async function waitForNewRun(page: Page, frame: FrameLocator, previous: string): Promise<string> {
  for (let i = 0; i < 240; i++) {
    const key = await runKey(frame);
    if (key && key !== previous && (await frame.locator(HEATMAP).count()) > 0) return key;
    await page.waitForTimeout(500);
  }
  throw new Error('no new run was drawn within 120 s');
}

/** Waits until the window bar describes another window than `previous`; returns its text. */
async function windowChanged(page: Page, frame: FrameLocator, previous: string): Promise<string> {
  const summary = frame.locator('.xr-window-summary').first();
  for (let i = 0; i < 240; i++) {
    const text = (await summary.textContent({ timeout: 1000 }).catch(() => null)) ?? '';
    if (text && text !== previous) return text;
    await page.waitForTimeout(500);
  }
  throw new Error(`the window bar still reads "${previous}" after 120 s`);
}

/** Runs Visualize Attention and waits for a run other than `previous` to be drawn. */
async function visualize(page: Page, frame: FrameLocator, previous = ''): Promise<string> {
  await runFromPalette(page, 'Transformer X-Ray: Visualize Attention');
  return waitForNewRun(page, frame, previous);
}

describe('UI: the panel at real lengths (picture first, zoom, readable tokens)', function () {
  this.timeout(400_000);
  let s: Session | undefined;
  let page: Page;
  let frame: FrameLocator;
  let lastRun = '';
  const exportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xray-reading-'));

  before(async () => {
    s = await openWorkbench({ development: true });
    page = s.page;
    frame = webviewFrame(page);
  });
  after(() => closeWorkbench(s));

  it('a run of about a hundred tokens: the whole heatmap is in view without scrolling', async () => {
    await openSample(page, 'attention.py');
    await selectLines(page, 1, 6);
    lastRun = await visualize(page, frame);
    await page.waitForTimeout(500);
    const v = await plotInView(frame);
    assert.strictEqual(v.scrollY, 0);
    assert.ok(v.bottom <= v.windowHeight, `the heatmap's ${v.n} rows end at y = ${v.bottom.toFixed(0)}, the window at ${v.windowHeight}`);
    console.log(`      ${v.n} tokens: ${(v.visible * 100).toFixed(0)} % of the heatmap in view, plot ${v.top.toFixed(0)}–${v.bottom.toFixed(0)} of ${v.windowHeight} px`);
    // The webview itself ends inside the 1000 px workbench.
    const box = await page.locator('iframe.webview.ready').first().boundingBox();
    assert.ok(box && box.y + box.height <= 1000);
    await screenshot(page, 'reading-100-tokens.png');
  });

  it('the teacher-forcing note is shown once, then folded; notices are one line that opens', async () => {
    assert.strictEqual(await frame.locator('details.xr-explain').first().evaluate((d) => (d as HTMLDetailsElement).open), true);
    const notices = frame.locator('details.xr-notices').first();
    assert.strictEqual(await notices.evaluate((d) => (d as HTMLDetailsElement).open), false);
    await notices.locator('summary').click();
    assert.ok(await frame.locator('details.xr-notices p.notice').first().isVisible());
  });

  it('about 500 tokens: the heatmap fits whole (at least its top 60 %) without scrolling', async () => {
    await openSample(page, 'export_checkpoint.py');
    await page.keyboard.press('Control+A');
    lastRun = await visualize(page, frame, lastRun);
    await page.waitForTimeout(500);
    // The second run folds the teacher-forcing note away.
    assert.strictEqual(await frame.locator('details.xr-explain').first().evaluate((d) => (d as HTMLDetailsElement).open), false);
    const v = await plotInView(frame);
    assert.ok(v.n >= 400, `a long selection gives hundreds of tokens (${v.n})`);
    assert.strictEqual(v.scrollY, 0);
    assert.ok(v.visible >= 0.6, `${(v.visible * 100).toFixed(0)} % of the heatmap's height is in view`);
    console.log(`      ${v.n} tokens: ${(v.visible * 100).toFixed(0)} % of the heatmap in view, plot ${v.top.toFixed(0)}–${v.bottom.toFixed(0)} of ${v.windowHeight} px`);
    await screenshot(page, 'reading-500-tokens-fit.png');
  });

  it('a selection of 300-500 tokens: the last decoder layer reads its source copy to the far corner (the shipped model)', async () => {
    await openSample(page, 'export_checkpoint.py');
    await selectLines(page, 1, 26);
    lastRun = await visualize(page, frame, lastRun);
    const n = (await plotInView(frame)).n;
    assert.ok(n >= 300 && n <= 512, `lines 1-26 give ${n} tokens`);
    await chooseKind(frame, 'Encoder-decoder attention');
    await chooseLayer(frame, 'Layer 3');
    await chooseHead(frame, 'Mean over heads');
    await frame.locator('.xr-tab-heatmap .xr-view-title', { hasText: 'Encoder–decoder (cross) attention · Layer 3 · Mean over heads' }).waitFor();
    const target = path.join(exportDir, 'cross.json');
    await exportThroughSaveDialog(page, frame, 'JSON', target);
    const doc = JSON.parse(fs.readFileSync(target, 'utf8')) as { weights: number[][][][] };
    const last = doc.weights[doc.weights.length - 1];
    // Decoder position t (<s>, x_0, ..., x_{n-2}) outputs source token t: its largest weight there is "aligned".
    const aligned = (head: number[][], from: number) => {
      let hits = 0;
      for (let t = from; t < n; t++) if (head[t].indexOf(Math.max(...head[t])) === t) hits++;
      return hits / (n - from);
    };
    const best = Math.max(...last.map((h) => aligned(h, 0)));
    const bestFarQuarter = Math.max(...last.map((h) => aligned(h, Math.floor((3 * n) / 4))));
    console.log(`      ${n} tokens: best last-layer head aligns ${(best * 100).toFixed(1)} % of positions, ${(bestFarQuarter * 100).toFixed(1)} % of the last quarter`);
    assert.ok(best >= 0.85, `alignment ${best}`);
    assert.ok(bestFarQuarter >= 0.8, `alignment over the last quarter ${bestFarQuarter}`);
    await screenshot(page, 'reading-cross-attention-long.png');
  });

  it('zooms around the pointer with the wheel, labels every token from 10 px cells, pans by dragging', async () => {
    // Decoder masked self-attention: the zoomed picture shows the masked cells' hatching too.
    await frame.locator('vscode-radio', { hasText: 'Decoder masked self-attention' }).first().click();
    await frame.locator('.xr-tab-heatmap .xr-view-title', { hasText: 'Decoder masked self-attention' }).first().waitFor({ timeout: 30_000 });
    const canvas = frame.locator(HEATMAP).first();
    const before = await dataset(canvas);
    assert.strictEqual(before.zoom, '1.00');
    const box = (await canvas.boundingBox())!;
    const [px, py, pw, ph] = before.plot.split(',').map(Number);
    const x = box.x + px + pw * 0.3;
    const y = box.y + py + ph * 0.3;
    await page.mouse.move(x, y);
    for (let i = 0; i < 12 && Number((await dataset(canvas)).cellPx) < 11; i++) {
      await page.mouse.wheel(0, -400);
      await page.waitForTimeout(150);
    }
    const zoomed = await dataset(canvas);
    assert.ok(Number(zoomed.zoom) > 1, `zoomed (${zoomed.zoom})`);
    assert.ok(Number(zoomed.cellPx) >= 10, `cells ${zoomed.cellPx} px`);
    const [r0, r1] = zoomed.rows.split('-').map(Number);
    const [c0, c1] = zoomed.cols.split('-').map(Number);
    assert.ok(r1 - r0 < before.rows.split('-').map(Number)[1], 'fewer rows in view');
    // Around the pointer: the point 30 % down the plot stays about 30 % down the rows in view.
    const n = Number(before.rows.split('-')[1]) + 1;
    assert.ok(r0 < 0.3 * n && r1 > 0.3 * n, `rows ${zoomed.rows} hold the row that was under the pointer (${(0.3 * n).toFixed(0)})`);
    // Every row and column in view is labelled.
    assert.strictEqual(Number(zoomed.rowLabels), r1 - r0 + 1, `${zoomed.rowLabels} row labels for rows ${zoomed.rows}`);
    assert.strictEqual(Number(zoomed.colLabels), c1 - c0 + 1, `${zoomed.colLabels} column labels for columns ${zoomed.cols}`);
    assert.match((await frame.locator('.xr-tab-heatmap .xr-zoom-status').textContent()) ?? '', /rows \d+–\d+, columns \d+–\d+ of \d+ × \d+/);
    await screenshot(page, 'reading-500-tokens-zoomed.png');

    // Hovering a cell in the zoomed view names the cell under the pointer.
    await page.mouse.move(x + 3, y + 3);
    await page.waitForTimeout(200);
    assert.match((await frame.locator('.xr-tab-heatmap .xr-tooltip').first().textContent()) ?? '', /weight \d\.\d{4}/);

    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x - 120, y - 120, { steps: 6 });
    await page.mouse.up();
    const panned = await dataset(canvas);
    assert.ok(Number(panned.rows.split('-')[0]) > r0 && Number(panned.cols.split('-')[0]) > c0, `dragging up-left shows later rows and columns (${zoomed.rows} → ${panned.rows})`);
    await frame.locator('vscode-radio', { hasText: 'Encoder self-attention' }).first().click();
    await frame.locator('.xr-tab-heatmap .xr-view-title', { hasText: 'Encoder self-attention' }).first().waitFor({ timeout: 30_000 });
  });

  it('keyboard: 0 fits, + zooms in, the cell cursor keeps the focused cell in view', async () => {
    const canvas = frame.locator(HEATMAP).first();
    await canvas.evaluate((c) => c.focus());
    await page.keyboard.press('0');
    await page.waitForTimeout(100);
    assert.strictEqual((await dataset(canvas)).zoom, '1.00');
    for (let i = 0; i < 5; i++) await page.keyboard.press('+');
    await page.waitForTimeout(100);
    assert.ok(Number((await dataset(canvas)).zoom) > 5);
    await page.keyboard.press('Control+End');
    await page.waitForTimeout(100);
    const d = await dataset(canvas);
    const n = Number(/(\d+) tokens/.exec((await frame.locator('.backend').first().textContent()) ?? '')?.[1]);
    assert.strictEqual(Number(d.rows.split('-')[1]), n - 1, `the last row is in view (${d.rows})`);
    assert.match((await frame.locator('.xr-tab-heatmap .xr-matrix [aria-live]').first().textContent()) ?? '', new RegExp(`pos ${n - 1}`));
  });

  it('Chinese Markdown: labels, tooltips and the Tokens view show the characters, with the byte pieces on hover', async () => {
    await openSample(page, 'notes.zh.md');
    await selectLines(page, 1, 9);
    lastRun = await visualize(page, frame, lastRun);
    await page.waitForTimeout(500);
    await screenshot(page, 'reading-chinese-markdown.png');
    const canvas = frame.locator(HEATMAP).first();
    await canvas.evaluate((c) => c.focus());
    for (let i = 0; i < 6; i++) await page.keyboard.press('+');
    await page.keyboard.press('Control+Home');
    // Walk along the first row until the key is a piece of a split character.
    let said = '';
    for (let i = 0; i < 40 && !/byte piece/.test(said); i++) {
      await page.keyboard.press('ArrowRight');
      said = (await frame.locator('.xr-tab-heatmap .xr-tooltip').first().textContent()) ?? '';
    }
    assert.match(said, /key “[^\x00-\x7f]+[¹²³⁴]”/, said);
    assert.match(said, /byte piece \d of \d of “.” \(U\+[0-9A-F]{4,5}, UTF-8 ([0-9A-F]{2} ?){2,4}\)/, said);
    // Into the heading's ideographs (读书笔记, 缩放点积注意力): a few rows and columns further on.
    await page.keyboard.press('PageDown');
    await page.keyboard.press('PageDown');
    await page.keyboard.press('PageDown');
    for (let i = 0; i < 24; i++) await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(300);
    await screenshot(page, 'reading-chinese-markdown-zoomed.png');
    await frame.locator('vscode-panel-tab', { hasText: 'Tokens' }).first().click();
    const chips = await frame.locator('.xr-tab-tokens .xr-token-text').allTextContents();
    assert.ok(chips.some((t) => /^[\u4e00-\u9fff][¹²³⁴]$/.test(t)), `a chip shows an ideograph with its piece number: ${chips.slice(0, 30).join(' ')}`);
    assert.ok(!chips.some((t) => /<0x|∅/.test(t)), 'no chip shows a raw byte or an empty token');
    await screenshot(page, 'reading-chinese-tokens.png');
    await frame.locator('vscode-panel-tab', { hasText: 'Heatmap' }).first().click();
  });

  it('a file longer than the model reads: the panel says which window is analysed and moves it', async () => {
    await openSample(page, 'export_checkpoint.py');
    await page.keyboard.press('Control+A');
    lastRun = await visualize(page, frame, lastRun);
    const summary = frame.locator('.xr-window-summary').first();
    const first = /tokens (\d+)–(\d+) of ([\d,]+) are analysed \(lines (\d+)–(\d+)/.exec((await summary.textContent()) ?? '');
    assert.ok(first, 'the window is described');
    assert.strictEqual(first[1], '0');
    const count = Number(first[2]) + 1;
    await screenshot(page, 'reading-window-first.png');

    const firstText = (await summary.textContent()) ?? '';
    await frame.locator('.xr-window vscode-button', { hasText: 'Next' }).first().click();
    // The window bar, not the run's header, says a new window is drawn (the header may change first).
    const nextText = await windowChanged(page, frame, firstText);
    lastRun = await runKey(frame);
    const next = /tokens (\d+)–(\d+) of [\d,]+ are analysed \(lines (\d+)–(\d+)/.exec(nextText)!;
    assert.ok(Number(next[1]) > 0 && Number(next[1]) < count, `the next window overlaps the first (${next[0]})`);
    assert.match((await frame.locator('h1').first().textContent()) ?? '', new RegExp(`lines ${next[3]}–${next[4]}$`));
    // The editor shows the analysed range: scrolled to its first line.
    await page.locator('.monaco-editor .line-numbers', { hasText: new RegExp(`^${next[3]}$`) }).first().waitFor({ timeout: 10_000 });
    await screenshot(page, 'reading-window-next.png');

    const from = frame.locator('input.xr-window-line').first();
    await from.fill('40');
    await from.press('Enter');
    const atText = await windowChanged(page, frame, nextText);
    lastRun = await runKey(frame);
    const at = /lines (\d+)–(\d+)/.exec(atText)!;
    assert.ok(Number(at[1]) >= 39 && Number(at[1]) <= 40, `the window starts at line 40 (${at[0]})`);
  });

  it('the window around the cursor, and cursor sync inside a window', async () => {
    await focusEditorGroup(page);
    await page.keyboard.press('Control+G');
    await page.keyboard.type('12');
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
    const before = (await frame.locator('.xr-window-summary').first().textContent()) ?? '';
    await frame.locator('.xr-window vscode-button', { hasText: 'Around cursor' }).first().click();
    const around = /lines (\d+)–(\d+)/.exec(await windowChanged(page, frame, before))!;
    lastRun = await runKey(frame);
    assert.ok(Number(around[1]) <= 12 && Number(around[2]) >= 12, `line 12 is inside the window (${around[0]})`);
    // A cursor on an analysed token focuses it in the panel, at its position in this window.
    await focusEditorGroup(page);
    await page.keyboard.press('Control+G');
    await page.keyboard.type('12');
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    const live = frame.locator('.xr-tab-heatmap .xr-matrix [aria-live]').first();
    let said = '';
    for (let i = 0; i < 20 && !/pos \d+/.test(said); i++) {
      await page.waitForTimeout(250);
      said = (await live.textContent()) ?? '';
    }
    assert.match(said, /query “[^”]+” · pos \d+/, said);
    await screenshot(page, 'reading-window-cursor.png');
  });
});
