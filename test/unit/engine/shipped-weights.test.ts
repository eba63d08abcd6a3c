import * as assert from 'node:assert/strict';
import { ShippedWeights } from '../../../webview/engine/shipped-weights';

describe('webview/engine/shipped-weights: the page fetches the shipped model itself', () => {
  const URL = 'https://file+.vscode-resource.vscode-cdn.net/ext/media/model/model.safetensors';

  it('fetches each URL once, whoever asks (the page at load, then the first run)', async () => {
    let fetches = 0;
    const weights = new ShippedWeights(async () => {
      fetches++;
      return new Uint8Array([1, 2, 3, 4]).buffer;
    });
    const early = weights.get(URL);
    const bytes = await weights.checked(URL, 4);
    assert.deepEqual(Array.from(bytes), [1, 2, 3, 4]);
    assert.equal(await early, bytes);
    assert.equal(fetches, 1);
  });

  it('a failed fetch is reported with what to do, and tried again by the next run', async () => {
    let fetches = 0;
    const weights = new ShippedWeights(async () => {
      if (++fetches === 1) throw new Error('HTTP 404');
      return new ArrayBuffer(8);
    });
    await assert.rejects(weights.checked(URL, 8), /shipped model's weights did not load in the panel \(HTTP 404\)\. Close the panel and run Visualize Attention again/);
    assert.equal((await weights.checked(URL, 8)).byteLength, 8);
    assert.equal(fetches, 2);
  });

  it('bytes of another length than the host checked are refused, and fetched again next time', async () => {
    let fetches = 0;
    const weights = new ShippedWeights(async () => new ArrayBuffer(++fetches === 1 ? 7 : 8));
    await assert.rejects(weights.checked(URL, 8), /7 bytes, not the 8 the extension checked/);
    assert.equal((await weights.checked(URL, 8)).byteLength, 8);
  });
});
