/**
 * Runs in headless Chromium (bundled by webgl.test.ts): the forward pass on cpu and on webgl in the
 * same page, plus what the page knows about its WebGL. Exposed as `window.modelCheck`.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import type { TransformerConfig } from '../../../src/model/config';
import { initParameters } from '../../../src/model/init';
import { buildModel, forward, forwardToArrays, type ForwardArrays, type ForwardInput } from '../../../src/model/transformer';

export interface CheckRequest {
  config: TransformerConfig;
  seed: number;
  input: ForwardInput;
  /** Store every texture as half float, as some mobile and older GPUs do. */
  f16: boolean;
}

/** ForwardArrays with plain arrays, so that it survives the trip to Node. */
export type PlainArrays = { [K in keyof ForwardArrays]: ForwardArrays[K] extends Float32Array[] ? number[][] : ForwardArrays[K] extends Float32Array ? number[] : ForwardArrays[K] };

export interface CheckResult {
  setBackendWebgl: boolean;
  backend: string;
  webglVersion: number;
  renderFloat32: boolean;
  renderer: string;
  /** Tensors left after output and model were disposed, per backend. */
  leaked: { cpu: number; webgl: number };
  cpu: PlainArrays;
  webgl: PlainArrays;
  /** Issue 16's opt-in outputs: value norms of every layer and kind, and q, k of the last cross attention. */
  explain: { cpu: ExplainArrays; webgl: ExplainArrays };
}

export interface ExplainArrays {
  norms: number[][];
  q: number[];
  k: number[];
}

function plain(a: ForwardArrays): PlainArrays {
  return {
    ...a,
    encoderSelfAttention: a.encoderSelfAttention.map((x) => Array.from(x)),
    decoderSelfAttention: a.decoderSelfAttention.map((x) => Array.from(x)),
    crossAttention: a.crossAttention.map((x) => Array.from(x)),
    positionalEncoding: Array.from(a.positionalEncoding),
    probabilities: Array.from(a.probabilities),
  };
}

function rendererName(): string {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return 'no WebGL2 context';
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}

async function run(req: CheckRequest): Promise<{ arrays: ForwardArrays; leaked: number; explain: ExplainArrays }> {
  const start = tf.memory().numTensors;
  const model = buildModel(req.config, initParameters(req.config, req.seed));
  const arrays = await forwardToArrays(model, req.input);
  const out = forward(model, req.input, { valueNorms: true, queryKeys: { kind: 'cross', layer: req.config.N - 1 } });
  const n = out.valueNorms!;
  const norms = await Promise.all([...n.encoderSelf, ...n.decoderSelf, ...n.cross].map(async (t) => Array.from(await t.data())));
  const explain = { norms, q: Array.from(await out.queryKeys!.q.data()), k: Array.from(await out.queryKeys!.k.data()) };
  out.dispose();
  model.dispose();
  return { arrays, leaked: tf.memory().numTensors - start, explain };
}

async function modelCheck(req: CheckRequest): Promise<CheckResult> {
  // Both flags are read when the webgl backend starts: set them first.
  tf.env().set('WEBGL_FORCE_F16_TEXTURES', req.f16);
  // Small tensors would otherwise be computed on the CPU and hide the GPU path.
  tf.env().set('WEBGL_CPU_FORWARD', false);
  if (!(await tf.setBackend('cpu'))) throw new Error('cpu backend did not start');
  const cpu = await run(req);
  const setBackendWebgl = await tf.setBackend('webgl');
  if (!setBackendWebgl) throw new Error('tf.setBackend("webgl") resolved false');
  await tf.ready();
  const webgl = await run(req);
  return {
    setBackendWebgl, backend: tf.getBackend(), webglVersion: tf.env().getNumber('WEBGL_VERSION'),
    renderFloat32: tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED'), renderer: rendererName(),
    leaked: { cpu: cpu.leaked, webgl: webgl.leaked }, cpu: plain(cpu.arrays), webgl: plain(webgl.arrays),
    explain: { cpu: cpu.explain, webgl: webgl.explain },
  };
}

(globalThis as unknown as { modelCheck: typeof modelCheck }).modelCheck = modelCheck;
