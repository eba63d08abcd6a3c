import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { closeWorkbench, openFile, openWorkbench, panelFrame, runFromPalette, waitInWebview, screenshot, type Session } from './workbench';

describe('UI: faults inside the real webview', function () {
  this.timeout(300_000);
  let s: Session | undefined;
  after(() => closeWorkbench(s));

  it('a lost WebGL context: the panel says so, falls back to another backend and shows the analysis again', async () => {
    // WebGL asked for explicitly: 'auto' would pick wasm over software WebGL here.
    s = await openWorkbench({ development: true, settings: { 'transformerXray.backend': 'webgl' } });
    const page = s.page;
    await openFile(page, 'greet.ts');
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Shift+ArrowDown');
    await runFromPalette(page, 'Transformer X-Ray: Visualize Attention');
    let frame = await waitInWebview(page, '.xr-tab-heatmap canvas.xr-matrix-canvas', 90_000);
    // WebGL in the engine's Web Worker, through OffscreenCanvas (issue 15).
    console.log(`      before: ${await frame.locator('.backend').textContent()}`);
    assert.match((await frame.locator('.backend').textContent()) ?? '', /^Backend: webgl .*\(in a Web Worker\)/);
    const lost = await (await panelFrame(page)).evaluate('xrayDebug.loseContext()');
    assert.strictEqual(lost, true, 'WEBGL_lose_context is available');
    // The notices fold into one summary line (issue 14): wait for it; the full note is inside.
    frame = await waitInWebview(page, '.xr-notices-summary', 60_000);
    assert.match((await frame.locator('.notice.fallback').textContent()) ?? '', /WebGL context was lost/);
    await frame.locator('.xr-tab-heatmap canvas.xr-matrix-canvas').first().waitFor({ timeout: 60_000 });
    console.log(`      after the loss: ${await frame.locator('.backend').textContent()}`);
    assert.match((await frame.locator('.backend').textContent()) ?? '', /^Backend: (wasm|cpu) .*\(in a Web Worker\)/);
    await screenshot(page, 'context-lost.png');
  });

  it('the engine\'s Web Worker terminated: the panel says so, and a new worker shows the analysis again', async () => {
    const page = s!.page;
    const debug = await panelFrame(page);
    assert.strictEqual(await debug.evaluate('xrayDebug.engine()'), 'worker');
    await (await waitInWebview(page, '.xr-tab-heatmap canvas.xr-matrix-canvas', 60_000)).locator('.backend').evaluate((e) => e.setAttribute('data-old', '1'));
    assert.strictEqual(await debug.evaluate('xrayDebug.terminateWorker()'), true);
    // The re-run draws a new panel: its backend line has no data-old mark.
    const frame = await waitInWebview(page, '.backend:not([data-old])', 60_000);
    await frame.locator('.xr-tab-heatmap canvas.xr-matrix-canvas').first().waitFor({ timeout: 60_000 });
    assert.match((await frame.locator('.notice.fallback').textContent()) ?? '', /Web Worker stopped \(it was terminated\), so a new one was started/);
    assert.match((await frame.locator('.backend').textContent()) ?? '', /\(in a Web Worker\)/);
    assert.strictEqual(await (await panelFrame(page)).evaluate('xrayDebug.engine()'), 'worker');
    console.log(`      after the new worker: ${await frame.locator('.backend').textContent()}`);
  });

  it('the worker stopped a second time: the page loads its own engine (dist/page-engine.js, with the page\'s nonce) and shows the analysis', async () => {
    const page = s!.page;
    const debug = await panelFrame(page);
    assert.strictEqual(await debug.evaluate('[...document.scripts].some((e) => e.src.endsWith("/page-engine.js"))'), false, 'not loaded while the worker runs the model');
    await (await waitInWebview(page, '.xr-tab-heatmap canvas.xr-matrix-canvas', 60_000)).locator('.backend').evaluate((e) => e.setAttribute('data-old', '1'));
    assert.strictEqual(await debug.evaluate('xrayDebug.terminateWorker()'), true);
    const frame = await waitInWebview(page, '.backend:not([data-old])', 90_000);
    await frame.locator('.xr-tab-heatmap canvas.xr-matrix-canvas').first().waitFor({ timeout: 90_000 });
    const backend = (await frame.locator('.backend').textContent()) ?? '';
    console.log(`      on the page: ${backend}`);
    assert.match(backend, /\(on the page: the worker stopped twice\)/);
    assert.strictEqual(await (await panelFrame(page)).evaluate('xrayDebug.engine()'), 'page');
    assert.strictEqual(await (await panelFrame(page)).evaluate('[...document.scripts].some((e) => e.src.endsWith("/page-engine.js") && e.nonce.length > 0)'), true);
  });

  it('hostile messages from the webview are rejected: no file is written, and the panel keeps working', async () => {
    const page = s!.page;
    const target = path.join(os.tmpdir(), `xray-hostile-${Date.now()}`);
    const frame = await panelFrame(page);
    const hostile = [
      { type: 'export', format: 'csv', suggestedName: `../../${path.basename(target)}`, text: 'pwned' },
      { type: 'export', format: 'svg', suggestedName: target, text: '<svg/>' },
      { type: 'runCommand', command: 'workbench.action.quit' },
      JSON.parse('{"type":"pin","pinned":true,"__proto__":{"polluted":1}}'),
      { type: 'highlight', runId: 1, kind: 'cross', query: 0, weights: new Array(100_000).fill(0.5) },
    ];
    for (const m of hostile) await frame.evaluate(`xrayDebug.post(${JSON.stringify(m)})`);
    await page.waitForTimeout(1500);
    // A save dialog would have opened for a valid export: none did.
    assert.strictEqual(await page.locator('.quick-input-widget input').isVisible(), false);
    assert.ok(!fs.existsSync(target) && !fs.existsSync(`${target}.svg`), 'nothing written');
    // The workbench and the panel still answer.
    await page.keyboard.press('Escape');
    await runFromPalette(page, 'Transformer X-Ray: Visualize Attention');
    const again = await waitInWebview(page, '.xr-tab-heatmap canvas.xr-matrix-canvas', 60_000);
    assert.ok(await again.locator('h1').textContent());
  });
});
