import * as assert from 'assert';
import { closeWorkbench, openFile, openWorkbench, panelFrame, runFromPalette, screenshot, waitInWebview, type Session } from './workbench';

interface Seen {
  text: string;
  value: number | null;
}

/**
 * Records, inside the panel's page, every status it shows, and presses Cancel when the progress bar
 * moves the second time (so that the test sees it move). During a cpu pass the page answers the test only between layers (and
 * headless Chromium paints only on demand), so polling from outside would miss the short window.
 */
const RECORD_AND_CANCEL = `(() => {
  const seen = (window.__xrSeen = []);
  let bars = 0;
  new MutationObserver(() => {
    const status = document.querySelector('.xr-progress');
    if (!status) return;
    const last = seen[seen.length - 1];
    const text = status.querySelector('span')?.textContent ?? '';
    const bar = status.querySelector('progress');
    if (last && last.text === text) return;
    seen.push({ text, value: bar ? bar.value : null });
    if (bar && ++bars === 2) status.querySelector('vscode-button').click();
  }).observe(document.getElementById('app'), { subtree: true, childList: true, characterData: true });
  return true;
})()`;

/**
 * A long run: progress layer by layer, a Cancel that stops it, and the next run working. The cpu
 * backend makes the shipped model slow at 512 tokens (seconds per layer here).
 */
describe('UI: a long run shows its progress and can be cancelled', function () {
  this.timeout(300_000);
  let s: Session | undefined;
  after(() => closeWorkbench(s));

  it('shows each layer as it is done, and Cancel stops the pass at the next layer without showing a result', async () => {
    s = await openWorkbench({ development: true, settings: { 'transformerXray.backend': 'cpu', 'transformerXray.followSelection': false } });
    const page = s.page;
    await openFile(page, 'export_checkpoint.py');
    // A first, short run opens the panel, where the recorder is then installed.
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Shift+ArrowDown');
    await runFromPalette(page, 'Transformer X-Ray: Visualize Attention');
    const frame = await waitInWebview(page, '.xr-tab-heatmap canvas.xr-matrix-canvas', 120_000);
    assert.strictEqual(await (await panelFrame(page)).evaluate(RECORD_AND_CANCEL), true);
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+A');
    await runFromPalette(page, 'Transformer X-Ray: Visualize Attention');
    const webview = await panelFrame(page);
    let seen: Seen[] = [];
    const ended = (): boolean => seen.some((x) => x.text.startsWith('Run cancelled'));
    for (let i = 0; i < 120 && !ended(); i++) {
      await page.waitForTimeout(1000);
      seen = await webview.evaluate<Seen[]>('window.__xrSeen');
    }
    // Long enough for the rest of the pass to have finished and drawn, had it not stopped.
    await page.waitForTimeout(15_000);
    seen = await webview.evaluate<Seen[]>('window.__xrSeen');
    const texts = seen.map((x) => x.text);
    const all = texts.join(' | ');
    assert.match(texts[0], /^Running the forward pass on 512 tokens/, all);
    assert.strictEqual(texts[1], 'Forward pass on 512 tokens: encoder layer 1 of 3 done', all);
    assert.strictEqual(texts[2], 'Forward pass on 512 tokens: encoder layer 2 of 3 done', all);
    assert.ok(seen[1].value! > 0 && seen[1].value! < seen[2].value! && seen[2].value! < 1, `progress ${seen[1].value}, then ${seen[2].value}`);
    assert.strictEqual(texts[3], 'Cancelling…', all);
    // The pass checks between layers: it stops at the next one, long before its sixth and last.
    assert.match(texts[4], /^Run cancelled after encoder layer [23] of 3\.$/, all);
    assert.strictEqual(texts.length, 5, all);
    assert.match((await frame.locator('.xr-run-header h1').textContent()) ?? '', /^export_checkpoint\.py, line 1$/, 'the panel still shows the earlier run, not the cancelled one');
    await screenshot(page, 'cancelled.png');
  });

  it('runs again after a cancel', async () => {
    const page = s!.page;
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Home');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowDown');
    await runFromPalette(page, 'Transformer X-Ray: Visualize Attention');
    const frame = await waitInWebview(page, '.xr-run-header h1:text("lines 1–3")', 120_000);
    await frame.locator('.xr-tab-heatmap canvas.xr-matrix-canvas').first().waitFor({ timeout: 60_000 });
    assert.match((await frame.locator('.backend').textContent()) ?? '', /^Backend: cpu /);
  });
});
