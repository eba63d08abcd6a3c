/**
 * Issue 16 in the real workbench: value-weighted attention, the Rollout layer, q·k step by step,
 * Predictions with masking, and the Difference view, each opened, looked at (screenshots) and
 * exported (PNG, SVG, JSON, CSV with the values).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { hasPngSignature, readPng } from './png';
import { chooseLayer, closeWorkbench, exportThroughSaveDialog, focusEditorGroup, openFile, openWorkbench, runFromPalette, screenshot, visualizeLines, type Session } from './workbench';
import type { FrameLocator, Page } from './playwright';
import { VIRIDIS } from '../../webview/views/shared/colormaps';
import { parseCsv } from './csv';

async function openTab(frame: FrameLocator, label: string): Promise<void> {
  await frame.locator('vscode-panel-tab', { hasText: label }).first().click();
}

async function viewTitle(frame: FrameLocator, tab: string): Promise<string> {
  return (await frame.locator(`.xr-tab-${tab} .xr-view-title`).first().textContent()) ?? '';
}

async function tokenCount(frame: FrameLocator): Promise<number> {
  return Number(/(\d+) tokens/.exec((await frame.locator('.backend').textContent()) ?? '')?.[1]);
}

describe('UI: beyond raw weights (value-weighted, rollout, q·k, predictions, masking)', function () {
  this.timeout(300_000);
  let s: Session | undefined;
  let page: Page;
  let frame: FrameLocator;
  const exportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xray-explain-'));

  before(async () => {
    s = await openWorkbench({ development: true });
    page = s.page;
    frame = await visualizeLines(page, 'attention.py', 4, 3);
  });
  after(() => closeWorkbench(s));

  it('switches the heatmap to value-weighted attention, says what the numbers are, and back to raw weights', async () => {
    assert.strictEqual(await viewTitle(frame, 'heatmap'), 'Encoder self-attention · Layer 1 · Head 1');
    await frame.locator('vscode-radio', { hasText: 'Value-weighted' }).first().click();
    await frame.locator('.xr-tab-heatmap .xr-view-title', { hasText: 'value-weighted' }).waitFor({ timeout: 30_000 });
    const note = (await frame.locator('.xr-measure-note').textContent()) ?? '';
    assert.match(note, /‖α_ij · f\(x_j\)‖ with f\(x\) = \(x W\^V_h \+ b\^V_h\) W\^O_h/, note);
    assert.match(note, /Kobayashi et al\. 2020/);
    await page.waitForTimeout(300);
    await screenshot(page, 'explain-weighted-heatmap-dark.png');

    const target = path.join(exportDir, 'weighted.json');
    const suggested = await exportThroughSaveDialog(page, frame, 'JSON', target);
    assert.match(suggested, /attention-encoder-self-weighted\.json$/);
    const doc = JSON.parse(fs.readFileSync(target, 'utf8')) as { measure: string; weights: number[][][][]; note: string };
    assert.strictEqual(doc.measure, 'weighted');
    assert.match(doc.note, /Kobayashi/);
    const n = await tokenCount(frame);
    assert.strictEqual(doc.weights[0][0].length, n);
    // α_ij · ‖f(x_j)‖: rows are no longer distributions.
    const sums = doc.weights[0][0].map((row) => row.reduce((a, b) => a + b, 0));
    assert.ok(sums.some((v) => Math.abs(v - 1) > 0.01), `weighted rows do not all sum to 1: ${sums.slice(0, 4).join(', ')}`);
    assert.ok(doc.weights.flat(3).every((v) => v >= 0) && doc.weights.flat(3).some((v) => v > 0));

    for (const [label, tab, selector] of [['All heads', 'overview', '.xr-overview-grid canvas'], ['Arcs', 'arcs', 'svg path']] as const) {
      await openTab(frame, label);
      await frame.locator(`.xr-tab-${tab} ${selector}`).first().waitFor({ timeout: 30_000 });
      await page.waitForTimeout(300);
      await screenshot(page, `explain-weighted-${tab}-dark.png`);
    }
    await openTab(frame, 'Heatmap');
    await frame.locator('vscode-radio', { hasText: 'Raw weights' }).first().click();
    await frame.locator('.xr-tab-heatmap .xr-view-title', { hasText: /^Encoder self-attention · Layer 1 · Head 1$/ }).waitFor({ timeout: 30_000 });
    assert.strictEqual(await frame.locator('.xr-measure-note').isVisible(), false, 'raw weights need no note');
  });

  it('shows Rollout as a layer, with its rule, rows summing to 1 in the CSV export', async () => {
    await chooseLayer(frame, 'Rollout');
    await frame.locator('.xr-tab-heatmap .xr-view-title', { hasText: 'Rollout (all layers)' }).waitFor({ timeout: 30_000 });
    assert.match((await frame.locator('.xr-measure-note').textContent()) ?? '', /Abnar & Zuidema 2020.*0\.5·mean over heads\(A\) \+ 0\.5·I/);
    await page.waitForTimeout(300);
    await screenshot(page, 'explain-rollout-dark.png');
    const target = path.join(exportDir, 'rollout.csv');
    const suggested = await exportThroughSaveDialog(page, frame, 'CSV', target);
    assert.match(suggested, /attention-encoder-self-rollout\.csv$/);
    const rows = parseCsv(fs.readFileSync(target, 'utf8'));
    assert.strictEqual(rows[0][6], 'rollout');
    const n = await tokenCount(frame);
    assert.strictEqual(rows.length - 1, n * n);
    for (let q = 0; q < n; q++) {
      const sum = rows.slice(1 + q * n, 1 + (q + 1) * n).reduce((a, r) => a + Number(r[6]), 0);
      assert.ok(Math.abs(sum - 1) < 1e-4, `rollout row ${q} sums to ${sum}`);
    }
    // Encoder-decoder attention has its own rule.
    await frame.locator('vscode-radio', { hasText: 'Encoder-decoder attention' }).first().click();
    await frame.locator('.xr-tab-heatmap .xr-view-title', { hasText: 'Encoder–decoder (cross) attention · Rollout' }).waitFor({ timeout: 30_000 });
    assert.match((await frame.locator('.xr-measure-note').textContent()) ?? '', /last layer's cross attention times the encoder rollout/);
    await screenshot(page, 'explain-rollout-cross-dark.png');
    await frame.locator('vscode-radio', { hasText: 'Encoder self-attention' }).first().click();
    await chooseLayer(frame, 'Layer 1');
    await frame.locator('.xr-tab-heatmap .xr-view-title', { hasText: /^Encoder self-attention · Layer 1 · Head 1$/ }).waitFor({ timeout: 30_000 });
  });

  it('q·k step by step ends in exactly the heatmap row, and exports PNG, SVG and JSON', async () => {
    await openTab(frame, 'q·k steps');
    const check = frame.locator('.xr-tab-qk .xr-qk-check');
    await check.waitFor({ timeout: 60_000 });
    const agreement = Number(await check.getAttribute('data-agreement'));
    assert.ok(agreement < 1e-5, `softmax of the scores equals the heatmap row (largest difference ${agreement})`);
    assert.match(await viewTitle(frame, 'qk'), /^q·k step by step · Encoder self-attention · Layer 1 · Head 1 · query/);
    assert.strictEqual(await frame.locator('.xr-tab-qk canvas.xr-matrix-canvas').count(), 3, 'q_i, k_j and q_i ⊙ k_j are drawn');
    await page.waitForTimeout(300);
    await screenshot(page, 'explain-qk-dark.png');
    // Another query token (the toolbar's second dropdown).
    await frame.locator('.xr-tab-qk vscode-dropdown').nth(1).click();
    await frame.locator('.xr-tab-qk vscode-dropdown').nth(1).locator('vscode-option').nth(2).click();
    await frame.locator('.xr-tab-qk .xr-view-title', { hasText: '(pos 2)' }).waitFor({ timeout: 30_000 });
    assert.ok(Number(await check.getAttribute('data-agreement')) < 1e-5);

    // The rows of equation 1, scrolled into view.
    await frame.locator('.xr-tab-qk .xr-qk-steps').first().evaluate((e) => e.scrollIntoView({ block: 'center' }));
    await page.waitForTimeout(300);
    await screenshot(page, 'explain-qk-steps-dark.png');
    const png = path.join(exportDir, 'qk.png');
    await exportThroughSaveDialog(page, frame, 'PNG', png);
    assert.ok(hasPngSignature(new Uint8Array(fs.readFileSync(png))));
    assert.ok(readPng(new Uint8Array(fs.readFileSync(png))).width > 100);
    const svg = path.join(exportDir, 'qk.svg');
    await exportThroughSaveDialog(page, frame, 'SVG', svg);
    assert.match(fs.readFileSync(svg, 'utf8'), /^<svg[\s\S]*<\/svg>\s*$/);
    const json = path.join(exportDir, 'qk.json');
    const suggested = await exportThroughSaveDialog(page, frame, 'JSON', json);
    assert.match(suggested, /qk-steps\.json$/);
    const doc = JSON.parse(fs.readFileSync(json, 'utf8')) as { dK: number; q: number[]; scores: number[]; softmax: number[]; heatmapRow: number[]; query: { position: number } };
    assert.strictEqual(doc.query.position, 2);
    assert.strictEqual(doc.q.length, doc.dK);
    doc.softmax.forEach((p, j) => assert.ok(Math.abs(p - doc.heatmapRow[j]) < 1e-5, `key ${j}: ${p} vs ${doc.heatmapRow[j]}`));
    const csv = path.join(exportDir, 'qk.csv');
    await exportThroughSaveDialog(page, frame, 'CSV', csv);
    const rows = parseCsv(fs.readFileSync(csv, 'utf8'));
    assert.strictEqual(rows[0].join(), 'key_position,key_token,dot,score,masked,softmax,heatmap');
    assert.strictEqual(rows.length - 1, await tokenCount(frame));
    for (const r of rows.slice(1)) assert.ok(Math.abs(Number(r[3]) - Number(r[2]) / Math.sqrt(doc.dK)) < 1e-6, 'score = q·k / √dK');
  });

  it('Predictions: top 5 per position with the real next token marked; masking a token re-runs and changes the predictions', async () => {
    await openTab(frame, 'Predictions');
    const accuracy = frame.locator('.xr-tab-predictions .xr-pred-accuracy');
    await accuracy.waitFor({ timeout: 60_000 });
    const n = await tokenCount(frame);
    assert.strictEqual(await frame.locator('.xr-tab-predictions tbody tr').count(), n);
    assert.strictEqual(await frame.locator('.xr-tab-predictions tbody tr').first().locator('.xr-pred-guess').count(), 5);
    const before = await frame.locator('.xr-tab-predictions tbody').textContent();
    await page.waitForTimeout(300);
    await screenshot(page, 'explain-predictions-dark.png');

    await frame.locator('.xr-tab-predictions .xr-pred-chip[data-index="3"]').click();
    await frame.locator('.xr-tab-predictions .xr-pred-chip-masked[data-index="3"]').waitFor({ timeout: 60_000 });
    await frame.locator('.xr-tab-predictions tr.xr-pred-masked[data-position="3"]').waitFor({ timeout: 30_000 });
    const after = await frame.locator('.xr-tab-predictions tbody').textContent();
    assert.notStrictEqual(after, before, 'the predictions changed with the masked source token');
    assert.match((await accuracy.textContent()) ?? '', /without masks:/);
    await page.waitForTimeout(300);
    await screenshot(page, 'explain-predictions-masked-dark.png');

    const csv = path.join(exportDir, 'predictions.csv');
    await exportThroughSaveDialog(page, frame, 'CSV', csv);
    const rows = parseCsv(fs.readFileSync(csv, 'utf8'));
    assert.strictEqual(rows[0].join(), 'position,input,real_id,real_token,real_probability,rank,id,token,probability,masked');
    assert.strictEqual(rows.length - 1, 5 * n);
    assert.ok(rows.slice(1).filter((r) => r[9] === '1').every((r) => r[0] === '3'), 'only position 3 is marked masked');
    for (let i = 0; i < n; i++) {
      const probs = rows.slice(1 + 5 * i, 1 + 5 * i + 5).map((r) => Number(r[8]));
      assert.ok(probs.every((p, r) => p >= 0 && p <= 1 && (r === 0 || p <= probs[r - 1])), `position ${i}: probabilities best first`);
    }
    const svg = path.join(exportDir, 'predictions.svg');
    await exportThroughSaveDialog(page, frame, 'SVG', svg);
    assert.match(fs.readFileSync(svg, 'utf8'), /^<svg[\s\S]*accuracy[\s\S]*<\/svg>$/);
    const png = path.join(exportDir, 'predictions.png');
    await exportThroughSaveDialog(page, frame, 'PNG', png);
    assert.ok(hasPngSignature(new Uint8Array(fs.readFileSync(png))));
    const json = path.join(exportDir, 'predictions.json');
    await exportThroughSaveDialog(page, frame, 'JSON', json);
    const doc = JSON.parse(fs.readFileSync(json, 'utf8')) as { accuracy: number; masked: number[] };
    assert.deepStrictEqual(doc.masked, [3]);
    assert.ok(doc.accuracy >= 0 && doc.accuracy <= 1);
  });

  it('the Difference view shows how attention moved after masking (new minus old), and exports it', async () => {
    await openTab(frame, 'Difference');
    await frame.locator('.xr-tab-difference canvas.xr-matrix-canvas').first().waitFor({ timeout: 30_000 });
    assert.match(await viewTitle(frame, 'difference'), /^Difference · Encoder self-attention · Layer 1 · Head 1/);
    assert.match((await frame.locator('.xr-tab-difference .xr-view-explanation').textContent()) ?? '', /source position 3 replaced by <mask>/);
    await page.waitForTimeout(300);
    await screenshot(page, 'explain-difference-dark.png');
    const json = path.join(exportDir, 'difference.json');
    await exportThroughSaveDialog(page, frame, 'JSON', json);
    const doc = JSON.parse(fs.readFileSync(json, 'utf8')) as { difference: number[][] };
    const flat = doc.difference.flat();
    assert.ok(flat.some((v) => Math.abs(v) > 1e-4), 'attention moved');
    // Both runs' rows sum to 1, so each row of the difference sums to 0.
    doc.difference.forEach((row, q) => assert.ok(Math.abs(row.reduce((a, b) => a + b, 0)) < 1e-4, `row ${q}`));
    const png = path.join(exportDir, 'difference.png');
    await exportThroughSaveDialog(page, frame, 'PNG', png);
    assert.ok(hasPngSignature(new Uint8Array(fs.readFileSync(png))));
    const svg = path.join(exportDir, 'difference.svg');
    await exportThroughSaveDialog(page, frame, 'SVG', svg);
    assert.match(fs.readFileSync(svg, 'utf8'), /<svg/);
    // Unmask: back to the original run; nothing to compare.
    await openTab(frame, 'Predictions');
    await frame.locator('.xr-tab-predictions vscode-button', { hasText: 'Unmask all' }).click();
    await frame.locator('.xr-tab-predictions .xr-pred-chip-masked').waitFor({ state: 'detached', timeout: 60_000 });
    await openTab(frame, 'Difference');
    await frame.locator('.xr-tab-difference .xr-hint', { hasText: 'Nothing to compare yet' }).waitFor({ state: 'visible', timeout: 30_000 });
  });

  it('masks from the Tokens view (Alt+click) and from the editor (the token under the cursor), then unmasks', async () => {
    await openTab(frame, 'Tokens');
    await frame.locator('.xr-tab-tokens .xr-token-chip[data-index="1"]').click({ modifiers: ['Alt'] });
    await frame.locator('.xr-tab-tokens .xr-token-chip.xr-token-masked[data-index="1"]').waitFor({ timeout: 60_000 });
    await openTab(frame, 'Predictions');
    await frame.locator('.xr-tab-predictions .xr-pred-chip-masked[data-index="1"]').waitFor({ timeout: 60_000 });
    // The editor: the cursor on the first token of the analysed lines (line 4), then the command.
    // Focus leaves the webview first, or quick open would put the file in the panel's group.
    await focusEditorGroup(page);
    await openFile(page, 'attention.py');
    await page.keyboard.press('Control+Home');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Home');
    await runFromPalette(page, 'Transformer X-Ray: Mask Selected Tokens with <mask> in the Attention Panel');
    await frame.locator('.xr-tab-predictions .xr-pred-chip-masked[data-index="0"]').waitFor({ timeout: 60_000 });
    assert.strictEqual(await frame.locator('.xr-tab-predictions .xr-pred-chip-masked').count(), 2, 'token 0 added to token 1');
    await screenshot(page, 'explain-masked-from-editor-dark.png');
    await frame.locator('.xr-tab-predictions vscode-button', { hasText: 'Unmask all' }).click();
    await frame.locator('.xr-tab-predictions .xr-pred-chip-masked').first().waitFor({ state: 'detached', timeout: 60_000 });
  });

  it('Alt+click on a source-token label of the heatmap masks that token', async () => {
    await openTab(frame, 'Heatmap');
    const canvas = frame.locator('.xr-tab-heatmap canvas.xr-matrix-canvas').first();
    await canvas.waitFor({ timeout: 30_000 });
    // Where the cells start: the first pixel, from the top left, in a viridis colour (cells are exact colours).
    const shot = await canvas.evaluate((c) => ({ url: (c as HTMLCanvasElement).toDataURL('image/png'), css: (c as HTMLCanvasElement).getBoundingClientRect().width }));
    const png = readPng(new Uint8Array(Buffer.from(shot.url.replace(/^data:image\/png;base64,/, ''), 'base64')));
    const isViridis = (i: number) => { for (let e = 0; e < VIRIDIS.length / 3; e++) if (png.rgba[i] === VIRIDIS[3 * e] && png.rgba[i + 1] === VIRIDIS[3 * e + 1] && png.rgba[i + 2] === VIRIDIS[3 * e + 2]) return true; return false; };
    let origin: { x: number; y: number } | undefined;
    for (let y = 0; y < png.height && !origin; y++) for (let x = 0; x < png.width / 2 && !origin; x++) if (isViridis((y * png.width + x) * 4) && isViridis((y * png.width + x + 3) * 4) && isViridis(((y + 3) * png.width + x) * 4)) origin = { x, y };
    assert.ok(origin, 'the heatmap cells are found');
    const scale = png.width / shot.css;
    // Just left of the first cell of row 0: the label of query 0 (a source token in encoder self-attention).
    await canvas.click({ modifiers: ['Alt'], position: { x: origin.x / scale - 12, y: origin.y / scale + 2 } });
    await openTab(frame, 'Predictions');
    await frame.locator('.xr-tab-predictions .xr-pred-chip-masked[data-index="0"]').waitFor({ timeout: 60_000 });
    await frame.locator('.xr-tab-predictions vscode-button', { hasText: 'Unmask all' }).click();
    await frame.locator('.xr-tab-predictions .xr-pred-chip-masked').first().waitFor({ state: 'detached', timeout: 60_000 });
  });

  it('the positional-encoding switch gets the same difference view', async () => {
    await openTab(frame, 'Difference');
    const peBox = frame.locator('.xr-controls vscode-checkbox', { hasText: 'Positional encoding' }).first();
    await peBox.click();
    await frame.locator('.xr-tab-difference .xr-view-explanation', { hasText: 'positional encoding off (was on)' }).waitFor({ state: 'attached', timeout: 60_000 }); // behind 'About this view'
    await frame.locator('.xr-tab-difference canvas.xr-matrix-canvas').first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.waitForTimeout(300);
    await screenshot(page, 'explain-difference-positions-dark.png');
    const json = path.join(exportDir, 'difference-pe.json');
    await exportThroughSaveDialog(page, frame, 'JSON', json);
    const doc = JSON.parse(fs.readFileSync(json, 'utf8')) as { change: string; difference: number[][] };
    assert.match(doc.change, /positional encoding off/);
    assert.ok(doc.difference.flat().some((v) => Math.abs(v) > 1e-3), 'without positions, attention moves');
    await peBox.click();
    await frame.locator('.xr-tab-difference .xr-hint', { hasText: 'Nothing to compare yet' }).waitFor({ state: 'visible', timeout: 60_000 });
  });

  it('ran every new view, the masking re-runs and the exports without a Content Security Policy violation', () => {
    assert.deepStrictEqual(s!.csp.seen, []);
  });
});
