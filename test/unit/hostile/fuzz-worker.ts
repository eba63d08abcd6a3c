/**
 * Runs one fuzz target inside a worker thread (fuzz-harness.ts starts it with a memory limit and
 * watches it for hangs). Before each case it publishes the case's index and start time in shared
 * memory, so the harness can tell which case hung; at the end it posts a report.
 */
import { parentPort, workerData } from 'worker_threads';
import { MAX_MESSAGE_LENGTH, type FuzzTarget } from './fuzz-target';
import { Random } from './fuzz-random';

/** What the worker is asked. */
export interface FuzzJob {
  target: 'checkpoint' | 'tokenizer' | 'messages';
  seed: number;
  cases: number;
  /** Int32Array [case index] over SharedArrayBuffer, then Float64Array [start time (ms, performance.now of the worker)]. */
  progress: SharedArrayBuffer;
}

/** One input that escaped: neither a success nor a typed, short refusal. */
export interface Escape {
  index: number;
  error: string;
}

/** What the worker reports. */
export interface FuzzReport {
  cases: number;
  accepted: number;
  refused: number;
  escapes: Escape[];
  escapeCount: number;
  slowestMs: number;
  slowestIndex: number;
  /** Distinct refusal messages (numbers and quoted names blanked), to see the generators reach the checks. */
  distinctRefusals: number;
}

function load(name: FuzzJob['target']): FuzzTarget {
  // Loaded here, not at the top: only the target asked for builds its valid inputs.
  /* eslint-disable @typescript-eslint/no-require-imports */
  if (name === 'checkpoint') return (require('./targets/checkpoint') as typeof import('./targets/checkpoint')).checkpointTarget as FuzzTarget;
  if (name === 'tokenizer') return (require('./targets/tokenizer') as typeof import('./targets/tokenizer')).tokenizerTarget;
  return (require('./targets/messages') as typeof import('./targets/messages')).messageTarget;
  /* eslint-enable @typescript-eslint/no-require-imports */
}

function describe(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message.slice(0, 300)}`;
  return `a thrown ${typeof e}`;
}

function run(job: FuzzJob): FuzzReport {
  const target = load(job.target);
  const index = new Int32Array(job.progress, 0, 1);
  const started = new Float64Array(job.progress, 8, 1);
  const r = new Random(job.seed);
  const report: FuzzReport = { cases: 0, accepted: 0, refused: 0, escapes: [], escapeCount: 0, slowestMs: 0, slowestIndex: -1, distinctRefusals: 0 };
  const refusals = new Set<string>();
  const escape = (i: number, error: string): void => {
    report.escapeCount++;
    if (report.escapes.length < 10) report.escapes.push({ index: i, error });
  };
  for (let i = 0; i < job.cases; i++) {
    const input = target.make(r);
    started[0] = performance.now();
    Atomics.store(index, 0, i);
    try {
      if (target.run(input) === 'refused') report.refused++;
      else report.accepted++;
    } catch (e) {
      if (!target.allowed(e)) escape(i, describe(e));
      else if ((e as Error).message.length > MAX_MESSAGE_LENGTH) escape(i, `a message of ${(e as Error).message.length} characters: ${(e as Error).message.slice(0, 300)}`);
      else {
        report.refused++;
        refusals.add((e as Error).message.slice(0, 60).replace(/\d+/g, 'N').replace(/"[^"]*"/g, '"…"'));
      }
    }
    const ms = performance.now() - started[0];
    if (ms > report.slowestMs) {
      report.slowestMs = ms;
      report.slowestIndex = i;
    }
    report.cases++;
  }
  report.distinctRefusals = refusals.size;
  return report;
}

if (parentPort) parentPort.postMessage(run(workerData as FuzzJob));
