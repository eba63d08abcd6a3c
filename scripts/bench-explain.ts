/**
 * Issue 16: what the opt-in value norms add to the webview's pass (attentionSteps) at 128 and 512
 * tokens, shipped configuration, random weights, on wasm and cpu in Node. Median of warm runs.
 * `npx tsc -b && node out/scripts/bench-explain.js`
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { attentionSteps, buildModel, finish, initParameters, SHIPPED, type ForwardOptions } from '../src/model';
import { attentionRollout } from '../src/model/rollout';
import { backendProduct } from '../webview/engine/attention-rollout';
import { shiftRight } from '../src/shared/teacher-forcing';
import { BOS_ID } from '../src/model/tokenizer/special-tokens';

async function time(f: () => Promise<void>, runs: number): Promise<number> {
  await f();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await f();
    t.push(performance.now() - s);
  }
  return t.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

async function main(): Promise<void> {
  const c = { ...SHIPPED };
  const params = initParameters(c, 1);
  for (const backend of process.argv.slice(2).length ? process.argv.slice(2) : ['wasm', 'cpu']) {
    await tf.setBackend(backend);
    await tf.ready();
    const model = buildModel(c, params);
    for (const n of [128, 512]) {
      const ids = Array.from({ length: n }, (_, i) => 300 + (i * 37) % 1000);
      const input = { src: [ids], tgt: [shiftRight(ids, BOS_ID)] };
      const pass = (o: ForwardOptions) => async () => {
        const out = finish(attentionSteps(model, input, o));
        await out.crossAttention[c.N - 1].data();
        if (out.valueNorms) await out.valueNorms.cross[c.N - 1].data();
        out.dispose();
      };
      const runs = backend === 'cpu' && n === 512 ? 3 : 5;
      const plain = await time(pass({}), runs);
      const norms = await time(pass({ valueNorms: true }), runs);
      const mean = new Float32Array(n * n).fill(1 / n);
      const s = performance.now();
      attentionRollout([mean, mean, mean], n);
      const rollout = performance.now() - s;
      const s2 = performance.now();
      attentionRollout([mean, mean, mean], n, backendProduct);
      const rolloutBackend = performance.now() - s2;
      console.log(`${backend} n=${n}: plain ${plain.toFixed(0)} ms, with value norms ${norms.toFixed(0)} ms (+${(norms - plain).toFixed(0)} ms, ${((100 * (norms - plain)) / plain).toFixed(1)}%); rollout of ${c.N} layers: plain JS ${rollout.toFixed(0)} ms, on the backend ${rolloutBackend.toFixed(0)} ms`);
    }
    model.dispose();
  }
}
void main();
