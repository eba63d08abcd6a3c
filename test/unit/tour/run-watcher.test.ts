import * as assert from 'assert';
import type { WebviewMessage } from '../../../src/shared/protocol';
import { RunWatcher } from '../../../src/host/tour/run-watcher';

/** A stand-in for the extension's message event. */
function channel() {
  const listeners = new Set<(m: WebviewMessage) => void>();
  return {
    subscribe: (l: (m: WebviewMessage) => void) => {
      listeners.add(l);
      return { dispose: () => listeners.delete(l) };
    },
    send: (m: WebviewMessage) => listeners.forEach((l) => l(m)),
    get listening() {
      return listeners.size;
    },
  };
}

const results = (runId: number, pe: number[]): WebviewMessage => ({
  type: 'results', runId, label: '', meanLabel: '', focused: new Float32Array(1), mean: new Float32Array(1), dModel: pe.length, pe: Float32Array.from(pe),
});
const finished = (runId: number): WebviewMessage => ({ type: 'runFinished', runId, millis: 5, tensors: 0 } as WebviewMessage);

describe('tour: following the panel\'s runs', () => {
  it('resolves when the run finishes, saying whether positional encodings were added', async () => {
    const c = channel();
    const w = new RunWatcher(c.subscribe);
    const done = w.whenFinished(3, 0, 5000);
    c.send(results(3, [0, 1, 0, 1]));
    c.send(finished(3));
    assert.deepStrictEqual(await done, { ok: true, positionalEncoding: true });
    w.dispose();
  });

  it('a re-run of the same run id is told apart from the first pass by counting passes', async () => {
    const c = channel();
    const w = new RunWatcher(c.subscribe);
    c.send(results(4, [0, 1]));
    c.send(finished(4));
    assert.strictEqual(w.finishedCount(4), 1);
    // Already finished once: asking for the first pass answers at once.
    assert.deepStrictEqual(await w.whenFinished(4, 0, 5000), { ok: true, positionalEncoding: true });
    let settled = false;
    const second = w.whenFinished(4, 1, 5000).then((r) => ((settled = true), r));
    await new Promise((r) => setTimeout(r, 20));
    assert.strictEqual(settled, false, 'waits for the second pass');
    c.send(results(4, [0, 0]));
    c.send(finished(4));
    assert.deepStrictEqual(await second, { ok: true, positionalEncoding: false }, 'all-zero encodings: the pass ran without them');
    w.dispose();
  });

  it('reports the webview\'s error for the run, a newer run replacing it, and a timeout', async () => {
    const c = channel();
    const w = new RunWatcher(c.subscribe);
    const failed = w.whenFinished(5, 0, 5000);
    c.send({ type: 'error', runId: 5, message: 'Run cancelled.' });
    assert.deepStrictEqual(await failed, { ok: false, reason: 'Run cancelled.' });

    const replaced = w.whenFinished(6, 0, 5000);
    c.send(finished(7));
    assert.deepStrictEqual(await replaced, { ok: false, reason: 'run 7 replaced run 6' });

    const late = await w.whenFinished(8, 0, 30);
    assert.strictEqual(late.ok, false);
    assert.match((late as { reason: string }).reason, /did not finish run 8/);
    w.dispose();
  });

  it('an error before an earlier pass does not fail the wait for a later one', async () => {
    const c = channel();
    const w = new RunWatcher(c.subscribe);
    c.send({ type: 'error', runId: 9, message: 'first pass failed' });
    c.send(finished(9));
    const next = w.whenFinished(9, 1, 5000);
    c.send(finished(9));
    assert.strictEqual((await next).ok, true);
    w.dispose();
  });

  it('stops listening and settles waiters when disposed', async () => {
    const c = channel();
    const w = new RunWatcher(c.subscribe);
    const pending = w.whenFinished(10, 0, 5000);
    w.dispose();
    assert.deepStrictEqual(await pending, { ok: false, reason: 'the extension is shutting down' });
    assert.strictEqual(c.listening, 0);
  });
});
