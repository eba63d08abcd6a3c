/**
 * Issue 15 in headless Chromium: the engine in a real dedicated Web Worker, started the panel's way
 * (fetched, run from a blob: URL) under the webview's own Content Security Policy. The worker's maps
 * equal the page engine's; without Worker, or with a policy that refuses workers, the page runs the
 * model and says why; a terminated worker is replaced; cancel stops at a layer boundary.
 * Performance (the long tasks the page has meanwhile) is measured by the benchmark, not here.
 */
import * as assert from 'node:assert/strict';
import { launchChromium, type Browser, type Page } from '../../browser/model/chromium';
import { serveEnginePage, type EnginePage } from './browser/engine-page';

/** Calls `window.engineTest[name](...args)` in the page (playwright's evaluate is not subject to the page's policy). */
const call = (page: Page, name: string, ...args: unknown[]): Promise<any> =>
  page.evaluate(({ name, args }) => (globalThis as any).engineTest[name](...args), { name, args });
/** Takes the page's CSP violations so far. */
const violations = (page: Page): Promise<string[]> => page.evaluate(() => (globalThis as any).cspViolations.splice(0), undefined);

describe('the engine in a Web Worker, in Chromium (issue 15)', function () {
  this.timeout(240_000);
  let browser: Browser;
  let server: EnginePage;
  let page: Page;
  const errors: string[] = [];

  before(async () => {
    [browser, server] = await Promise.all([launchChromium(), serveEnginePage()]);
  });
  beforeEach(async () => {
    page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(e.message ?? String(e)));
    await page.goto(server.url);
  });
  afterEach(async () => {
    const seen = await violations(page);
    await page.close();
    assert.deepEqual(seen, [], 'no CSP violation on the page');
    assert.deepEqual(errors.splice(0), [], 'no page error');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const backend of ['wasm', 'cpu', 'webgl'] as const) {
    it(`${backend}: the pass runs in the worker and gives the page engine's attention (every head, layer, kind, rollout; max diff < 1e-5)`, async () => {
      const r = await call(page, 'compare', backend, 40);
      assert.equal(r.workerReport.backend, backend, `the worker runs ${backend} (${r.workerReport.fallbackNote ?? ''})`);
      assert.equal(r.pageReport.backend, backend);
      assert.equal(r.maps, 3 * (3 * 4 + 1));
      assert.ok(r.sizes, 'same sizes');
      assert.ok(r.maxDiff < 1e-5, `max diff ${r.maxDiff}`);
      assert.ok(r.qkDiff < 1e-4, `q, k max diff ${r.qkDiff}`);
      console.log(`      ${backend} in the worker: ${r.workerReport.renderer}; max diff ${r.maxDiff.toExponential(2)}`);
    });
  }

  it('wasm in the worker runs on the binaries the page fetched (the worker itself cannot reach their folder, as in a VS Code webview)', async () => {
    const r = await call(page, 'wasmWithoutBinaries');
    assert.notEqual(r.backend, 'wasm', 'without the page\'s copy, wasm fails in that worker');
    assert.match(r.fallbackNote, /wasm (did not initialise|failed)/);
  });

  it('no Worker: the page runs the model, and the backend report says so', async () => {
    const r = await call(page, 'withoutWorker', 'wasm');
    assert.equal(r.where, 'page');
    assert.equal(r.report.backend, 'wasm');
    assert.match(r.report.renderer, /\(on the page: no Web Worker\)$/);
    assert.match(r.report.fallbackNote, /this webview has no Web Workers/);
    assert.equal(r.size, 32 * 32);
  });

  it('a policy that refuses workers (worker-src \'none\'): the page runs the model, and says so', async () => {
    await page.goto(`${server.url}?policy=no-workers`);
    const r = await call(page, 'terminateAndRecover', 'wasm');
    assert.equal(r.whereFirst, 'page', JSON.stringify(r));
    assert.match(r.first.renderer, /\(on the page: /);
    // The refusal itself is the one violation expected here.
    const refused = await violations(page);
    assert.ok(refused.every((v) => v.startsWith('worker-src')), refused.join('; '));
  });

  it('the worker terminated: the maps it held say so, the panel hears once, and the next start runs a new worker', async () => {
    const r = await call(page, 'terminateAndRecover', 'wasm');
    assert.equal(r.whereFirst, 'worker');
    assert.match(r.first.renderer, /\(in a Web Worker\)$/);
    assert.equal(r.terminated, true);
    assert.deepEqual(r.losses, [{ kind: 'workerDied', message: 'it was terminated' }]);
    assert.match(r.oldMaps, /Web Worker stopped \(it was terminated\)/);
    assert.equal(r.where, 'worker');
    assert.match(r.second.renderer, /\(in a Web Worker\)$/);
    assert.equal(r.size, 24 * 24);
  });

  it('the WebGL context of the worker\'s OffscreenCanvas lost: the panel hears, and the same worker runs on another backend', async () => {
    const r = await call(page, 'contextLoss');
    assert.equal(r.first.backend, 'webgl');
    assert.match(r.first.renderer, /\(in a Web Worker\)$/);
    assert.equal(r.lost, true, 'WEBGL_lose_context in the worker');
    assert.deepEqual(r.losses, [{ kind: 'contextLost' }]);
    assert.notEqual(r.second.backend, 'webgl');
    assert.equal(r.where, 'worker');
    assert.equal(r.size, 16 * 16);
  });

  it('cancel reaches the worker at once: the pass stops at the next layer boundary, leaves no tensor, and the next pass runs', async () => {
    const r = await call(page, 'cancel', 'wasm');
    assert.equal(r.outcome, 'cancelled');
    assert.ok(r.heard.length <= 2, `stopped at the next layer (heard ${r.heard.join(', ')})`);
    assert.equal(r.tensorsAfter, r.tensors);
    assert.equal(r.size, 64 * 64);
  });
});
