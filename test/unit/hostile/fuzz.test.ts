/**
 * The fuzz suite of issue 18: hostile checkpoints, tokenizer files and webview messages. Each target
 * runs in a worker with a memory limit and a time limit per case (fuzz-harness.ts), on at least
 * 20,000 generated cases: valid inputs, then mutated (fuzz-random.ts, targets/). Required: 0 escapes
 * (an exception other than the target's typed errors, or a message over the length bound), 0 hangs,
 * 0 limits hit. FUZZ_SEED and FUZZ_CASES change the seed (default fixed, so a run is reproducible)
 * and the number of cases.
 */
import * as assert from 'assert';
import { runFuzz, type FuzzLimits } from './fuzz-harness';
import type { FuzzJob } from './fuzz-worker';

const SEED = Number(process.env.FUZZ_SEED ?? 18);
const CASES = Number(process.env.FUZZ_CASES ?? 20_000);
/** Generous for a loaded two-core machine: the slowest case seen is reported beside it. */
const LIMITS: FuzzLimits = { memoryMb: 256, caseMs: 5_000 };

describe('hostile inputs: fuzz (worker threads, memory and time limits)', function () {
  this.timeout(300_000);
  for (const target of ['checkpoint', 'tokenizer', 'messages'] as FuzzJob['target'][]) {
    it(`${target}: ${CASES} cases, 0 escapes, 0 hangs, 0 limits hit`, async () => {
      const outcome = await runFuzz(target, SEED, CASES, LIMITS);
      if (outcome.kind === 'hang') assert.fail(`case ${outcome.index} (seed ${SEED}) ran ${outcome.ms.toFixed(0)} ms, over the ${LIMITS.caseMs} ms limit`);
      if (outcome.kind === 'limit') assert.fail(`case ${outcome.index} (seed ${SEED}) hit a limit: ${outcome.error}`);
      const r = outcome.report;
      console.log(`      ${r.cases} cases in ${(outcome.wallMs / 1000).toFixed(1)} s: ${r.accepted} accepted, ${r.refused} refused (${r.distinctRefusals} distinct messages), ${r.escapeCount} escapes; slowest case ${r.slowestMs.toFixed(0)} ms (#${r.slowestIndex})`);
      assert.strictEqual(r.cases, CASES);
      assert.deepStrictEqual(r.escapes, [], `${r.escapeCount} escapes (seed ${SEED})`);
      assert.ok(r.accepted > 0 && r.refused > 0, 'the generators reach both success and refusal');
    });
  }
});
