import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { closeWorkbench, openFile, openWorkbench, runFromPalette, screenshot, waitInWebview, webviewFrame, type Session } from './workbench';
import type { FrameLocator, Page } from './playwright';

/** Rows of a CSV text (RFC 4180: quoted fields may hold commas, quotes and newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n') row.push(field), rows.push(row), (row = []), (field = '');
    else field += c;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows;
}

/** Clicks a toolkit tab by its label (vscode-panel-tab elements). */
async function openTab(frame: FrameLocator, label: string): Promise<void> {
  await frame.locator('vscode-panel-tab', { hasText: label }).first().click();
}

async function chooseKind(frame: FrameLocator, label: string): Promise<void> {
  await frame.locator('vscode-radio', { hasText: label }).first().click();
}

async function viewTitle(frame: FrameLocator, tabClass: string): Promise<string> {
  return (await frame.locator(`.xr-tab-${tabClass} .xr-view-title`).first().textContent()) ?? '';
}

describe('UI: the attention panel as a person uses it', function () {
  this.timeout(300_000);
  let s: Session | undefined;
  let page: Page;
  let frame: FrameLocator;
  const exportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xray-export-'));

  before(async () => {
    s = await openWorkbench({ development: true });
    page = s.page;
    await openFile(page, 'attention.py');
    // Lines 4-6: the function header, its docstring and the d_k line.
    await page.keyboard.press('Control+Home');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowDown');
    await runFromPalette(page, 'Transformer X-Ray: Visualize Attention');
    frame = webviewFrame(page);
    await frame.locator('.xr-tab-heatmap canvas.xr-matrix-canvas').first().waitFor({ timeout: 90_000 });
  });
  after(() => closeWorkbench(s));

  it('shows the encoder self-attention heatmap first, with queries and keys labelled', async () => {
    assert.strictEqual(await viewTitle(frame, 'heatmap'), 'Encoder self-attention · Layer 1 · Head 1');
    assert.match((await frame.locator('h1').textContent()) ?? '', /^attention\.py, lines 4–6$/);
    // No GPU here: 'auto' finds WebGL software-rendered (SwiftShader), says so, and runs on wasm.
    assert.match((await frame.locator('.backend').textContent()) ?? '', /^Backend: wasm — WebAssembly.* · forward pass \d+ ms · \d+ tokens$/);
    assert.match((await frame.locator('.notice.fallback').textContent()) ?? '', /WebGL is rendered in software here \(ANGLE .*SwiftShader.*\), slower than WebAssembly/);
    await screenshot(page, 'panel-heatmap-dark.png');
  });

  it('switches to decoder masked self-attention and layer 2, head 3', async () => {
    await chooseKind(frame, 'Decoder masked self-attention');
    await frame.locator('.xr-tab-heatmap .xr-view-title', { hasText: 'Decoder masked self-attention · Layer 1' }).waitFor();
    await frame.locator('vscode-dropdown').nth(0).click();
    await frame.locator('vscode-option', { hasText: 'Layer 2' }).first().click();
    await frame.locator('vscode-dropdown').nth(1).click();
    await frame.locator('vscode-option', { hasText: 'Head 3' }).first().click();
    await frame.locator('.xr-tab-heatmap .xr-view-title', { hasText: 'Decoder masked self-attention · Layer 2 · Head 3' }).waitFor();
    await screenshot(page, 'panel-decoder-masked-dark.png');
  });

  it('reads exact weights with the keyboard: the cell above the diagonal is masked, with weight 0', async () => {
    const canvas = frame.locator('.xr-tab-heatmap canvas.xr-matrix-canvas').first();
    await canvas.click({ timeout: 10_000 });
    await page.keyboard.press('Home');
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowRight'); // query 0 (<s>), key 1: in the future of <s>
    const live = frame.locator('.xr-tab-heatmap [aria-live]').first();
    await page.waitForTimeout(300);
    const said = (await live.textContent()) ?? '';
    assert.match(said, /weight 0\.0000/, said);
    assert.match(said, /query “<s>” · pos 0 · decoder input, key “def” · pos 1/, said);
    assert.match(said, /masked: set to −∞ before softmax/, said);
  });

  it('every view draws: all heads, arcs, masks, positional encoding, model, tokens', async () => {
    const views: [string, string, string][] = [
      ['All heads', 'overview', '.xr-overview-grid'],
      ['Arcs', 'arcs', 'svg'],
      ['Masks', 'masks', 'canvas, svg'],
      ['Positional encoding', 'positions', 'canvas'],
      ['Model', 'model', 'table'],
      ['Tokens', 'tokens', '.xr-token, [class*="token"]'],
    ];
    for (const [label, tab, selector] of views) {
      await openTab(frame, label);
      await frame.locator(`.xr-tab-${tab} ${selector.split(', ').join(`, .xr-tab-${tab} `)}`).first().waitFor({ timeout: 30_000 });
      await screenshot(page, `panel-${tab}-dark.png`);
    }
    await openTab(frame, 'Heatmap');
    await frame.locator('.xr-tab-heatmap canvas.xr-matrix-canvas').first().waitFor({ timeout: 30_000 });
  });

  it('exports the attention maps as CSV through VS Code\'s save dialog', async () => {
    const target = path.join(exportDir, 'attention.csv');
    await frame.locator('vscode-button', { hasText: 'CSV' }).first().click();
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 20_000 });
    // The dialog fills in its suggested path a moment after it opens: type ours after that.
    await frame.locator('vscode-button', { hasText: 'CSV' }).first().waitFor();
    await page.waitForTimeout(1000);
    await input.fill(target);
    await page.waitForTimeout(300);
    await page.keyboard.press('Enter');
    for (let i = 0; i < 150 && !fs.existsSync(target); i++) await page.waitForTimeout(200);
    const rows = parseCsv(fs.readFileSync(target, 'utf8'));
    assert.deepStrictEqual(rows[0], ['layer', 'head', 'query_position', 'query_token', 'key_position', 'key_token', 'weight']);
    // Decoder self-attention: N = 3 layers x h = 4 heads x n x n cells, one row each.
    const n = Number(/(\d+) tokens/.exec((await frame.locator('.backend').textContent()) ?? '')?.[1]);
    assert.strictEqual(rows.length - 1, 3 * 4 * n * n);
    const firstQuery = rows.slice(1, n + 1);
    assert.strictEqual(firstQuery[0][3], '<s>');
    assert.ok(Math.abs(Number(firstQuery[0][6]) - 1) < 1e-5, '<s> attends only to itself under the causal mask');
    assert.ok(firstQuery.slice(1).every((r) => Number(r[6]) === 0), 'and gives every later token exactly 0');
  });

  it('comes back after the window reloads, showing the same analysis', async () => {
    // Leave the Masks tab showing before the reload: it must come back on that tab.
    await openTab(frame, 'Masks');
    await frame.locator('.xr-tab-masks canvas, .xr-tab-masks svg').first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(500);
    await page.reload();
    await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 60_000 });
    try {
      frame = await waitInWebview(page, '.xr-run-header h1', 120_000);
    } catch (e) {
      await screenshot(page, 'panel-restore-failed.png');
      throw e;
    }
    assert.match((await frame.locator('h1').textContent()) ?? '', /^attention\.py, lines 4–6$/);
    // The host records each view change as it happens (VS Code saves the webview's own state later).
    const selected = 'vscode-panel-tab[aria-selected="true"]';
    await frame.locator(selected, { hasText: 'Masks' }).first().waitFor({ timeout: 30_000 });
    assert.strictEqual((await frame.locator(selected).allTextContents()).map((t) => t.trim()).join(), 'Masks', 'the tab shown before the reload');
    await openTab(frame, 'Heatmap');
    await frame.locator('.xr-tab-heatmap canvas.xr-matrix-canvas').first().waitFor({ timeout: 30_000 });
    assert.strictEqual(await viewTitle(frame, 'heatmap'), 'Decoder masked self-attention · Layer 2 · Head 3', 'the view choices survive');
    await screenshot(page, 'panel-restored.png');
  });
});

for (const [slug, theme] of [['light', 'Default Light Modern']] as const) {
  describe(`UI: every view in the ${slug} theme`, function () {
    this.timeout(300_000);
    let s: Session | undefined;
    after(() => closeWorkbench(s));

    it('draws each tab and saves a screenshot', async () => {
      s = await openWorkbench({ development: true, theme });
      const page = s.page;
      await openFile(page, 'greet.ts');
      await page.keyboard.press('Control+Home');
      for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowDown');
      await runFromPalette(page, 'Transformer X-Ray: Visualize Attention');
      const frame = await waitInWebview(page, '.xr-tab-heatmap canvas.xr-matrix-canvas', 90_000);
      // The webview takes its colours from the theme: the body's background is the editor's.
      const background = await frame.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor);
      const [r, g, b] = (background.match(/\d+/g) ?? []).map(Number);
      const luminance = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
      assert.ok(luminance > 0.8, `light theme background ${background}`);
      for (const [label, tab] of [['Heatmap', 'heatmap'], ['All heads', 'overview'], ['Arcs', 'arcs'], ['Masks', 'masks'], ['Positional encoding', 'positions'], ['Model', 'model'], ['Tokens', 'tokens']]) {
        await openTab(frame, label);
        await frame.locator(`.xr-tab-${tab} .xr-view`).first().waitFor({ timeout: 30_000 });
        await screenshot(page, `panel-${tab}-${slug}.png`);
      }
    });
  });
}
