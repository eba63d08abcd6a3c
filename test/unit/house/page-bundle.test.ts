/**
 * The page's own script stays small (issue 15: it is downloaded and parsed before anything else the
 * panel does): TensorFlow.js and the model run in the engine's worker, or, on the fallback, in
 * dist/page-engine.js, which the page loads only then. Bundled here as esbuild.js does.
 */
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { build } from 'esbuild';

const root = path.resolve(__dirname, '../../../..');

async function inputsOf(entry: string): Promise<string[]> {
  const result = await build({ entryPoints: [path.join(root, entry)], bundle: true, write: false, metafile: true, platform: 'browser', format: 'iife', target: 'es2022', outdir: 'out', logLevel: 'silent' });
  return Object.keys(result.metafile.inputs);
}

describe('the house: what the page\'s script bundles', function () {
  this.timeout(60_000);

  it('dist/webview.js holds no TensorFlow.js; dist/page-engine.js holds the page\'s engine', async () => {
    const page = await inputsOf('webview/main.ts');
    assert.deepEqual(page.filter((f) => f.includes('@tensorflow')), [], 'no tfjs module in the page\'s script');
    assert.ok(page.some((f) => f.endsWith('webview/app/run-controller.ts')), 'the control case: the page\'s own modules are listed');
    const fallback = await inputsOf('webview/engine/page-engine-script.ts');
    assert.ok(fallback.some((f) => f.includes('@tensorflow/tfjs-backend-webgl')) && fallback.some((f) => f.endsWith('webview/engine/page-engine.ts')));
  });
});
