/**
 * The Node half of the benchmark suite: forward pass on wasm and cpu (shipped model with its real
 * weights, base with seeded random ones), memory held by a base run at n = 1024, activation of
 * dist/extension.js with a minimal vscode stub. Prints one JSON object on the last line of stdout.
 *
 *   node out/scripts/bench/node.js forward wasm|cpu   |   node out/scripts/bench/node.js memory   |   ... activation
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { loadCheckpoint } from '../../src/model/checkpoint';
import { BASE } from '../../src/model/config';
import { initParameters } from '../../src/model/init';
import { buildModel, forward, type TransformerModel } from '../../src/model/transformer';
import { benchLength } from '../bench-model.common';
import { ATTENTION_BUDGET_BYTES } from '../../webview/engine/attention-store';
import { ModelSession } from '../../webview/engine/model-session';
import type { WireToken } from '../../src/shared/protocol';
import { lengthsFor, MODELS, repsFor } from './common';

const root = path.resolve(__dirname, '..', '..', '..');

export function shippedModel(): TransformerModel {
  const bytes = new Uint8Array(fs.readFileSync(path.join(root, 'media', 'model', 'model.safetensors')));
  const { config, params } = loadCheckpoint(bytes);
  return buildModel(config, params);
}

async function forwardBench(backend: string, models: string[]): Promise<unknown[]> {
  if (!(await tf.setBackend(backend))) throw new Error(`setBackend(${backend}) false`);
  await tf.ready();
  const cpu = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const rows: unknown[] = [];
  for (const name of models) {
    const model = name === 'shipped' ? shippedModel() : buildModel(MODELS[name], initParameters(MODELS[name], 1));
    for (const n of lengthsFor(name, backend)) {
      const r = await benchLength(model, n, repsFor(name, backend, n), backend === 'cpu' ? 2 : 5, cpu);
      console.error(`${backend} ${name} n=${n}: first ${r.firstMs.toFixed(0)} ms, median ${r.medianMs.toFixed(1)} ms, ${r.gflops.toFixed(2)} GFLOP/s (matMul ${r.matMulGflops.toFixed(2)})`);
      rows.push({ backend, model: name, ...r });
    }
    model.dispose();
  }
  return rows;
}

/** tf.memory() before/after building the base model and after a forward pass at n = 1024. */
async function memoryBench(backend: string, n: number): Promise<unknown> {
  if (!(await tf.setBackend(backend))) throw new Error(`setBackend(${backend}) false`);
  await tf.ready();
  const bytes = (): number => tf.memory().numBytes;
  const b0 = bytes();
  const model = buildModel(BASE, initParameters(BASE, 1));
  const b1 = bytes();
  const ids = Array.from({ length: n }, (_, i) => (i * 7919) % BASE.vocabSize);
  const out = forward(model, { src: [ids], tgt: [ids] });
  await out.probabilities.data();
  const b2 = bytes();
  const size = (ts: tf.Tensor[]): number => ts.reduce((s, t) => s + t.size * 4, 0);
  const attention = {
    encoderSelf: size(out.encoderSelfAttention), decoderSelf: size(out.decoderSelfAttention), cross: size(out.crossAttention),
  };
  const probabilities = out.probabilities.size * 4;
  const positionalEncoding = out.positionalEncoding.size * 4;
  out.dispose();
  const b3 = bytes();
  // The webview's path: ModelSession.run and its AttentionStore (probabilities freed, maps within a budget).
  const session = new ModelSession();
  const tokens = ids.map((id) => ({ id })) as unknown as WireToken[];
  const t0 = performance.now();
  const { store } = await session.run(model, tokens);
  const runMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 10));
  const b4 = bytes();
  // Views as a person would use them: the encoder heatmap, then the cross-attention overview (a re-run).
  const t1 = performance.now();
  await store.matrix('encoderSelf', 0, 0);
  const firstViewMs = performance.now() - t1;
  await new Promise((r) => setTimeout(r, 10));
  const t2 = performance.now();
  await Promise.all(Array.from({ length: BASE.N }, (_, l) => store.matrix('cross', l, 'mean')));
  const switchMs = performance.now() - t2;
  await new Promise((r) => setTimeout(r, 10));
  const b5 = bytes();
  store.dispose();
  const b6 = bytes();
  model.dispose();
  return {
    backend, n, weightsBytes: b1 - b0, heldAfterRunBytes: b2 - b1, attentionBytes: attention, probabilitiesBytes: probabilities,
    positionalEncodingBytes: positionalEncoding, leakedAfterDisposeBytes: b3 - b1,
    store: { heldAfterRunBytes: b4 - b1, runMs, heldAfterKindSwitchBytes: b5 - b1, kindSwitchMs: switchMs, firstViewMs, leakedAfterDisposeBytes: b6 - b1, budgetBytes: ATTENTION_BUDGET_BYTES },
  };
}

/** require + activate() of dist/extension.js with a Proxy stub of the vscode API (no real VS Code). */
function activationBench(reps: number): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Module = require('node:module') as { _load: (r: string, ...a: unknown[]) => unknown };
  const stub = (): unknown => new Proxy(function () { /* stub */ }, {
    get: (_t, p) => (p === Symbol.toPrimitive ? () => '' : p === 'then' ? undefined : stub()),
    apply: () => stub(),
    construct: () => stub() as object,
  });
  // esbuild's __toESM copies the module's own property names: give the stub vscode's top-level names.
  const dts = fs.readFileSync(path.join(root, 'node_modules', '@types', 'vscode', 'index.d.ts'), 'utf8');
  const api: Record<string, unknown> = {};
  for (const m of dts.matchAll(/^\s*export (?:class|namespace|enum|function|const|let) (\w+)/gm)) api[m[1]] = stub();
  const original = Module._load;
  Module._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? api : original.call(this, request, ...rest);
  };
  const file = path.join(root, 'dist', 'extension.js');
  const requireMs: number[] = [];
  const activateMs: number[] = [];
  for (let i = 0; i < reps; i++) {
    delete require.cache[require.resolve(file)];
    const t0 = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ext = require(file) as { activate(c: unknown): unknown };
    const t1 = performance.now();
    const context = { subscriptions: [] as unknown[], extensionUri: stub(), extensionPath: root, globalState: stub(), workspaceState: stub() };
    ext.activate(context);
    const t2 = performance.now();
    requireMs.push(t1 - t0);
    activateMs.push(t2 - t1);
  }
  Module._load = original;
  return { requireMs, activateMs };
}

async function main(): Promise<void> {
  const [what, arg] = process.argv.slice(2);
  let result: unknown;
  if (what === 'forward') result = await forwardBench(arg, (process.argv[4] ?? 'shipped,base').split(','));
  else if (what === 'memory') result = await memoryBench(arg ?? 'wasm', Number(process.argv[4] ?? 1024));
  else if (what === 'activation') result = activationBench(Number(arg ?? 5));
  else throw new Error(`unknown benchmark ${what}`);
  console.log(JSON.stringify(result));
}

if (require.main === module) main().catch((e: unknown) => { console.error(e); process.exit(1); });
