import * as assert from 'assert';
import { closeWorkbench, openFile, openWorkbench, runFromPalette, screenshot, waitInWebview, type Session } from './workbench';

/**
 * A long run as a person sees it: progress layer by layer, a Cancel that stops it, and the next run
 * working. The cpu backend makes the shipped model slow enough (seconds) to watch and to cancel.
 */
describe('UI: a long run shows its progress and can be cancelled', function () {
  this.timeout(300_000);
  let s: Session | undefined;
  after(() => closeWorkbench(s));

  it('shows each layer as it is done, and Cancel stops the run without showing a result', async () => {
    s = await openWorkbench({ development: true, settings: { 'transformerXray.backend': 'cpu', 'transformerXray.followSelection': false } });
    const page = s.page;
    await openFile(page, 'attention.py');
    await page.keyboard.press('Control+A');
    await runFromPalette(page, 'Transformer X-Ray: Visualize Attention');
    // The panel is new: wait for its page, then watch it closely (the run lasts seconds).
    const frame = await waitInWebview(page, '#app', 120_000);
    await frame.locator('.xr-progress progress').waitFor({ state: 'attached', timeout: 120_000 });
    const text = (await frame.locator('.xr-progress span').textContent()) ?? '';
    assert.match(text, /^Forward pass on \d+ tokens: (encoder|decoder) layer [1-3] of 3 done$/);
    const fraction = Number(await frame.locator('.xr-progress progress').evaluate((p) => (p as HTMLProgressElement).value));
    assert.ok(fraction > 0 && fraction < 1, `progress ${fraction} is between 0 and 1 while running`);
    await screenshot(page, 'progress.png');
    await frame.locator('.xr-progress vscode-button', { hasText: 'Cancel' }).click();
    await frame.locator('.xr-progress').waitFor({ state: 'detached', timeout: 30_000 });
    // Long enough for the rest of the pass to have finished, had it not stopped.
    await page.waitForTimeout(8000);
    assert.strictEqual(await frame.locator('.xr-run-header h1').count(), 0, 'no result of the cancelled run is shown');
    assert.strictEqual(await frame.locator('.xr-tab-heatmap canvas.xr-matrix-canvas').count(), 0);
  });

  it('runs again after a cancel', async () => {
    const page = s!.page;
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Shift+ArrowDown');
    await runFromPalette(page, 'Transformer X-Ray: Visualize Attention');
    const frame = await waitInWebview(page, '.xr-tab-heatmap canvas.xr-matrix-canvas', 120_000);
    assert.match((await frame.locator('.xr-run-header h1').textContent()) ?? '', /^attention\.py, line 1$/);
    assert.match((await frame.locator('.backend').textContent()) ?? '', /^Backend: cpu /);
  });
});
