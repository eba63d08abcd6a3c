import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { closeWorkbench, openWorkbench, RESULTS, runFromPalette, type Session } from './workbench';
import type { FrameLocator, Page } from './playwright';

const SHOTS = path.join(RESULTS, 'tour');

/**
 * The attention panel's webview. The walkthrough draws its Markdown in a webview too, so the panel's
 * is told apart by the extension that owns it.
 */
function panel(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready[src*="extensionId=transformer-xray.transformer-xray"]').frameLocator('#active-frame');
}

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name) });
}

const stepTitle = (page: Page, title: string) => page.locator('.getting-started-step', { hasText: title }).first();

async function openStep(page: Page, title: string): Promise<void> {
  const step = stepTitle(page, title);
  // VS Code moves on to the next step by itself when one is done: click only if it is not open.
  if ((await step.getAttribute('aria-expanded')) !== 'true') await step.click();
}

/** Clicks a step's title to open it, then the button with `label` in it, as a person would. */
async function clickStepButton(page: Page, title: string, label: string): Promise<void> {
  await openStep(page, title);
  await page.locator('.getting-started-step.expanded .button-container .monaco-button', { hasText: label }).first().click();
}

/**
 * The step's Markdown, beside the steps. VS Code shows it only while the walkthrough is wider than
 * 950 px, so the pages are read while the walkthrough has the window to itself, before any step
 * opens the sample and the panel beside it.
 */
function stepPage(page: Page): FrameLocator {
  return page.frameLocator('.getting-started-media iframe.webview.ready').frameLocator('#active-frame');
}

/** The step's own tick: VS Code marks it done when one of its completion events fires. */
async function waitStepDone(page: Page, stepId: string): Promise<void> {
  await page.locator(`.codicon-getting-started-step-checked[data-done-step-id$="#${stepId}"]`).first().waitFor({ timeout: 30_000 });
}

async function viewTitle(frame: FrameLocator, tab: string, text: string | RegExp): Promise<void> {
  await frame.locator(`.xr-tab-${tab} .xr-view-title`, { hasText: text }).first().waitFor({ timeout: 90_000 });
}

async function activeTab(frame: FrameLocator): Promise<string> {
  return ((await frame.locator('vscode-panel-tab[aria-selected="true"]').first().textContent()) ?? '').trim();
}

describe('UI: the guided tour, clicked through as a person would', function () {
  this.timeout(300_000);
  let s: Session | undefined;
  let page: Page;
  let frame: FrameLocator;

  before(async () => {
    s = await openWorkbench({ development: true });
    page = s.page;
    // Room for walkthrough | sample | panel side by side, without the explorer.
    await (page as Page & { setViewportSize(v: { width: number; height: number }): Promise<void> }).setViewportSize({ width: 1920, height: 1080 });
    await page.locator('.monaco-workbench').first().click();
    await runFromPalette(page, 'View: Toggle Primary Side Bar Visibility');
    fs.rmSync(SHOTS, { recursive: true, force: true });
  });
  after(() => closeWorkbench(s));

  it('opens from the command palette by typing "Open Tour"', async () => {
    await runFromPalette(page, 'Open Tour');
    await page.locator('.gettingStartedContainer', { hasText: 'Attention Is All You Need, on your code' }).first().waitFor({ timeout: 30_000 });
    const titles = await page.locator('.getting-started-step .step-title').allTextContents();
    assert.deepStrictEqual(titles, [
      'The architecture: encoder, decoder, and what flows between them',
      'Scaled dot-product attention',
      'Multi-head attention',
      'Masking: the decoder only looks back',
      'Positional encoding',
      'What attention costs',
      'Your own model',
    ]);
    // The step's Markdown, with the diagram generated from the shipped configuration.
    await stepPage(page).locator('img[alt*="encoder and decoder stacks"]').first().waitFor({ timeout: 30_000 });
    await shot(page, '0-tour.png');
  });

  it('each step\'s page explains it with the paper\'s section and equation', async () => {
    const pages: [string, string, string, string][] = [
      ['The architecture', 'An encoder, a decoder, and what flows between them', 'FFN(x) = max(0, x·W₁ + b₁)·W₂ + b₂', '1-architecture-read.png'],
      ['Scaled dot-product attention', 'Scaled dot-product attention', 'Attention(Q, K, V) = softmax(Q·Kᵀ / √d_k) · V', '2-attention-read.png'],
      ['Multi-head attention', 'Multi-head attention', 'MultiHead(Q, K, V) = Concat(head_1, …, head_h) · W^O', '3-heads-read.png'],
      ['Masking', 'Masking: the decoder may only look back', 'M[i][j] = 0 if j ≤ i, −∞ if j > i', '4-masking-read.png'],
      ['Positional encoding', 'Positional encoding', '= sin(pos / 10000^(2i/d_model))', '5-positions-read.png'],
      ['What attention costs', 'What attention costs', '134,217,728', '6-cost-read.png'],
      ['Your own model', 'Your own model', '"format": "transformer-xray/1"', '7-your-model-read.png'],
    ];
    for (const [title, heading, text, name] of pages) {
      await openStep(page, title);
      const md = stepPage(page);
      await md.locator('h1', { hasText: heading }).first().waitFor({ timeout: 30_000 });
      await md.locator('code, pre, td', { hasText: text }).first().waitFor({ timeout: 10_000 });
      await page.waitForTimeout(300); // the Markdown lays out once it is in the page
      await shot(page, name);
    }
    await openStep(page, 'The architecture');
  });

  it('1. architecture: encoder-decoder attention on brackets.ts, the sample beside the walkthrough', async () => {
    await clickStepButton(page, 'The architecture', 'Show Encoder-Decoder Attention');
    frame = panel(page);
    await viewTitle(frame, 'heatmap', 'Encoder–decoder (cross) attention · Layer 1 · Mean over heads');
    assert.match((await frame.locator('h1').textContent()) ?? '', /^brackets\.ts, lines 4–14$/);
    await waitStepDone(page, 'architecture');
    // Walkthrough, sample and panel in three editor groups.
    assert.strictEqual(await page.locator('.editor-group-container').count(), 3);
    await shot(page, '1-architecture-run.png');
  });

  it('2. scaled dot-product attention: one head of encoder self-attention on the loop', async () => {
    await clickStepButton(page, 'Scaled dot-product attention', 'Show One Head');
    await viewTitle(frame, 'heatmap', 'Encoder self-attention · Layer 1 · Head 1');
    await frame.locator('h1', { hasText: 'brackets.ts, lines 6–12' }).waitFor({ timeout: 30_000 });
    await waitStepDone(page, 'attention');
    await shot(page, '2-attention-run.png');
  });

  it('3. multi-head attention: every head at once', async () => {
    await clickStepButton(page, 'Multi-head attention', 'Show All Heads');
    await frame.locator('.xr-tab-overview .xr-overview-grid').first().waitFor({ timeout: 30_000 });
    assert.strictEqual(await activeTab(frame), 'All heads');
    await waitStepDone(page, 'heads');
    await shot(page, '3-heads-run.png');
  });

  it('4. masking: the causal mask, then the masked self-attention', async () => {
    await clickStepButton(page, 'Masking', 'Show the Causal Mask');
    await frame.locator('h1', { hasText: 'order.en.txt, line 1' }).waitFor({ timeout: 60_000 });
    await frame.locator('.xr-tab-masks canvas, .xr-tab-masks svg').first().waitFor({ timeout: 30_000 });
    assert.strictEqual(await activeTab(frame), 'Masks');
    await waitStepDone(page, 'masking');
    await shot(page, '4-masking-run-mask.png');
    await clickStepButton(page, 'Masking', 'Show Masked Self-Attention');
    await viewTitle(frame, 'heatmap', 'Decoder masked self-attention · Layer 1 · Head 1');
    await shot(page, '4-masking-run-heatmap.png');
  });

  it('5. positional encoding: the encodings, then the same input without them, then with them again', async () => {
    const peBox = frame.locator('vscode-checkbox', { hasText: 'Positional encoding' }).first();
    await clickStepButton(page, 'Positional encoding', 'Show Positional Encoding');
    await frame.locator('h1', { hasText: 'order.el.txt, line 1' }).waitFor({ timeout: 60_000 });
    await frame.locator('.xr-tab-positions canvas').first().waitFor({ timeout: 30_000 });
    assert.strictEqual(await activeTab(frame), 'Positional encoding');
    await shot(page, '5-positions-run.png');

    await clickStepButton(page, 'Positional encoding', 'Run Without Positional Encoding');
    await waitStepDone(page, 'positions');
    await viewTitle(frame, 'heatmap', 'Encoder self-attention · Layer 1 · Head 1');
    for (let i = 0; i < 100 && (await peBox.evaluate((e) => (e as HTMLElement & { checked: boolean }).checked)); i++) await page.waitForTimeout(100);
    assert.strictEqual(await peBox.evaluate((e) => (e as HTMLElement & { checked: boolean }).checked), false, 'the panel\'s switch shows positional encoding off');
    await shot(page, '5-positions-run-off.png');

    await clickStepButton(page, 'Positional encoding', 'Turn It Back On');
    for (let i = 0; i < 100 && !(await peBox.evaluate((e) => (e as HTMLElement & { checked: boolean }).checked)); i++) await page.waitForTimeout(100);
    assert.strictEqual(await peBox.evaluate((e) => (e as HTMLElement & { checked: boolean }).checked), true);
    await shot(page, '5-positions-run-on.png');
  });

  it('6. cost: the Model view with Table 1 at n from the whole file', async () => {
    await clickStepButton(page, 'What attention costs', 'Show the Cost');
    await frame.locator('h1', { hasText: 'brackets.ts, lines 1–16' }).waitFor({ timeout: 60_000 });
    await frame.locator('.xr-tab-model table').first().waitFor({ timeout: 30_000 });
    const n = Number(/(\d+) tokens/.exec((await frame.locator('.backend').textContent()) ?? '')?.[1]);
    assert.ok(n > 200, `n = ${n}`);
    await frame.locator('.xr-tab-model', { hasText: `Table 1 at this input: n = ${n}` }).first().waitFor({ timeout: 10_000 });
    await waitStepDone(page, 'cost');
    await shot(page, '6-cost-run.png');
  });

  it('7. your own model: the export example, and Open Checkpoint asks for a file', async () => {
    await clickStepButton(page, 'Your own model', 'Open the Export Example');
    await page.locator('.tab[aria-label*="export_checkpoint.py"]').first().waitFor({ timeout: 30_000 });
    await waitStepDone(page, 'your-model');
    await shot(page, '7-your-model-run.png');
    await clickStepButton(page, 'Your own model', 'Open a Checkpoint');
    const dialog = page.locator('.quick-input-widget', { hasText: 'open a checkpoint' });
    await dialog.first().waitFor({ state: 'visible', timeout: 20_000 });
    await shot(page, '7-open-checkpoint.png');
    await page.keyboard.press('Escape');
  });
});
