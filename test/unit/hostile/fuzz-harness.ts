/**
 * Starts a fuzz target in a worker thread with a memory limit and watches it: a case that runs
 * longer than the time limit is a hang (the worker is stopped and the case named), a worker that
 * runs out of its memory is a limit hit. The extension host shares one process with every other
 * extension, so neither may happen for any input.
 */
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { FuzzJob, FuzzReport } from './fuzz-worker';

export interface FuzzLimits {
  /** Old-generation heap of the worker, in MB. */
  memoryMb: number;
  /** Longest one case may take, in ms. */
  caseMs: number;
}

/** The outcome of a run: the worker's report, or how it was stopped. */
export type FuzzOutcome =
  | { kind: 'report'; report: FuzzReport; wallMs: number }
  | { kind: 'hang'; index: number; ms: number }
  | { kind: 'limit'; index: number; error: string };

export function runFuzz(target: FuzzJob['target'], seed: number, cases: number, limits: FuzzLimits): Promise<FuzzOutcome> {
  const progress = new SharedArrayBuffer(16);
  const index = new Int32Array(progress, 0, 1);
  index[0] = -1;
  const job: FuzzJob = { target, seed, cases, progress };
  const begun = performance.now();
  const worker = new Worker(path.join(__dirname, 'fuzz-worker.js'), {
    workerData: job,
    // A stack no deeper than the extension host's main thread (about 1 MB; a worker's default is 4).
    resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, stackSizeMb: 1 },
  });
  return new Promise((resolve) => {
    let settled = false;
    const settle = (o: FuzzOutcome): void => {
      if (settled) return;
      settled = true;
      clearInterval(watchdog);
      void worker.terminate();
      resolve(o);
    };
    // The worker's clock and ours differ in origin, so the watchdog times each case itself.
    let seenIndex = -1;
    let seenAt = performance.now();
    const watchdog = setInterval(() => {
      const i = Atomics.load(index, 0);
      const now = performance.now();
      if (i !== seenIndex) {
        seenIndex = i;
        seenAt = now;
      } else if (i >= 0 && now - seenAt > limits.caseMs) {
        settle({ kind: 'hang', index: i, ms: now - seenAt });
      }
    }, 50);
    worker.on('message', (report: FuzzReport) => settle({ kind: 'report', report, wallMs: performance.now() - begun }));
    worker.on('error', (e: Error & { code?: string }) => settle({ kind: 'limit', index: Atomics.load(index, 0), error: `${e.code ?? e.name}: ${e.message}` }));
    worker.on('exit', (code) => settle({ kind: 'limit', index: Atomics.load(index, 0), error: `the worker exited with code ${code}` }));
  });
}
