/**
 * Backend selection for the model tests. Importing the wasm backend registers it with a higher
 * priority than cpu, so every test file sets its backend explicitly and restores the previous one.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

export type NodeBackend = 'cpu' | 'wasm';

/** Switches to `name` and fails loudly if it cannot start (setBackend resolves false on failure). */
export async function useBackend(name: NodeBackend): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tf.setBackend('${name}') resolved false: the ${name} backend did not start.`);
  await tf.ready();
  if (tf.getBackend() !== name) throw new Error(`Backend is ${tf.getBackend()}, expected ${name}.`);
}

/** Mocha hooks: run the suite on `name`, then go back to cpu. */
export function onBackend(name: NodeBackend): void {
  before(async () => useBackend(name));
  after(async () => useBackend('cpu'));
}
