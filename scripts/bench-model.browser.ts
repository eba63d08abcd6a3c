/**
 * The model benchmark inside headless Chromium on webgl (bundled by bench-model.ts). Exposes
 * `window.benchWebgl(lengths)`.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import { benchBackend, type BackendResult } from './bench-model.common';

async function benchWebgl(lengths: number[]): Promise<{ result: BackendResult; log: string[]; renderer: string }> {
  if (!(await tf.setBackend('webgl'))) throw new Error('tf.setBackend("webgl") resolved false');
  await tf.ready();
  const log: string[] = [];
  const gl = document.createElement('canvas').getContext('webgl2');
  const ext = gl?.getExtension('WEBGL_debug_renderer_info');
  const renderer = gl ? String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : 'none';
  const result = await benchBackend(lengths, (s) => log.push(s));
  return { result, log, renderer };
}

(globalThis as unknown as { benchWebgl: typeof benchWebgl }).benchWebgl = benchWebgl;
