import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { buildModel, forward } from '../../../src/model/transformer';
import { ModelSession, RunCancelled } from '../../../webview/engine/model-session';
import { paddedLength, teacherForcedInputs } from '../../../webview/engine/run-inputs';
import type { WireToken } from '../../../src/shared/protocol';
import { randomParameters, tinyConfig } from '../model/helpers/params';

const tokens = (ids: number[]): WireToken[] => ids.map((id, i) => ({ id, text: `t${i}`, start: i, end: i + 1 }));

describe('webview/engine/model-session (cpu)', () => {
  before(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  it('runs layer by layer: reports each encoder then decoder layer, and gives the maps forward() computes', async () => {
    const c = tinyConfig({ N: 3 });
    const model = buildModel(c, randomParameters(c, 2));
    const input = tokens([5, 7, 9, 11]);
    const heard: string[] = [];
    const { store } = await new ModelSession().run(model, input, {}, { onLayer: (d) => heard.push(`${d.stack} ${d.layer}/${d.of}`) });
    assert.deepEqual(heard, ['encoder 1/3', 'encoder 2/3', 'encoder 3/3', 'decoder 1/3', 'decoder 2/3', 'decoder 3/3']);
    const { src, tgt } = teacherForcedInputs(input);
    const whole = forward(model, { src: [src], tgt: [tgt] });
    assert.deepEqual(Array.from(await store.matrix('cross', 2, 1)), Array.from((await whole.crossAttention[2].data()).subarray(16, 32)));
    whole.dispose();
    store.dispose();
    model.dispose();
  });

  it('stops at the first layer boundary after a cancel, frees the partial pass, and runs again afterwards', async () => {
    const c = tinyConfig({ N: 3 });
    const model = buildModel(c, randomParameters(c, 2));
    const withModel = tf.memory().numTensors;
    const session = new ModelSession();
    let layers = 0;
    await assert.rejects(
      session.run(model, tokens([5, 7, 9]), {}, { onLayer: () => layers++, cancelled: () => layers >= 2 }),
      RunCancelled,
    );
    assert.equal(layers, 2, 'no layer ran after the cancel was seen');
    assert.equal(tf.memory().numTensors, withModel, 'the partial pass left no tensor behind');
    const { store } = await session.run(model, tokens([5, 7, 9]));
    assert.equal((await store.matrix('encoderSelf', 0, 0)).length, 9);
    store.dispose();
    model.dispose();
  });

  it('pads only WebGL runs, to bucket lengths within the maximum', () => {
    assert.equal(paddedLength(5, 512, 'wasm'), 5);
    assert.equal(paddedLength(5, 512, 'webgl'), 32);
    assert.equal(paddedLength(129, 512, 'webgl'), 192);
    assert.equal(paddedLength(600, 1024, 'webgl'), 640);
    assert.equal(paddedLength(500, 500, 'webgl'), 500);
  });
});
