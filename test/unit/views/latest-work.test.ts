import * as assert from 'node:assert/strict';
import { LatestWork } from '../../../webview/app/latest-work';

describe('latest work: the one way the webview drops stale work', () => {
  it('makes every older token stale when newer work starts, and leaves the newest current', () => {
    const work = new LatestWork();
    const a = work.start();
    const b = work.start();
    const c = work.start();
    assert.deepEqual([a.isStale, b.isStale, c.isStale], [true, true, false]);
    assert.equal(a.cancelledByUser, false, 'replaced, not cancelled');
  });

  it('tells a cancelled run from a replaced one, and the first reason wins', () => {
    const work = new LatestWork();
    const a = work.start();
    a.cancel();
    assert.equal(a.isStale, true);
    assert.equal(a.cancelledByUser, true);
    const b = work.start();
    assert.equal(a.cancelledByUser, true, 'cancelled, then replaced: still reported as cancelled');
    assert.equal(b.isStale, false, 'the cancel of an older run does not reach the new one');
  });

  it('keeps streams apart: a new token of one stream leaves the other alone', () => {
    const runs = new LatestWork();
    const results = new LatestWork();
    const run = runs.start();
    results.start();
    assert.equal(run.isStale, false);
  });

  it('tells a listener once when the work becomes stale (cancelled or replaced), at once if it already is', () => {
    const work = new LatestWork();
    const heard: string[] = [];
    const a = work.start();
    a.whenStale(() => heard.push('a'));
    a.cancel();
    a.cancel();
    work.start().whenStale(() => heard.push('b'));
    assert.deepEqual(heard, ['a'], 'a once; b is current');
    work.start();
    assert.deepEqual(heard, ['a', 'b'], 'b replaced');
    a.whenStale(() => heard.push('late'));
    assert.deepEqual(heard, ['a', 'b', 'late']);
  });
});
