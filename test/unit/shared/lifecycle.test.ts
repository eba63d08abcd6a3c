import * as assert from 'node:assert/strict';
import { Disposable, DisposableStore, Emitter, MutableDisposable, toDisposable } from '../../../src/shared/lifecycle';

function counter(): { count: number; d: { dispose(): void } } {
  const c = { count: 0, d: { dispose: () => c.count++ } };
  return c;
}

describe('lifecycle: one way to dispose', () => {
  it('toDisposable runs its function once', () => {
    let n = 0;
    const d = toDisposable(() => n++);
    d.dispose();
    d.dispose();
    assert.equal(n, 1);
  });

  it('a store disposes every item once, even when one throws, and rethrows the first error', () => {
    const store = new DisposableStore();
    const a = counter();
    const b = counter();
    store.add(a.d);
    store.add(toDisposable(() => {
      throw new Error('first');
    }));
    store.add(b.d);
    assert.throws(() => store.dispose(), /first/);
    store.dispose();
    assert.deepEqual([a.count, b.count, store.isDisposed], [1, 1, true]);
  });

  it('adding to a disposed store disposes the item at once (no leak after teardown)', () => {
    const store = new DisposableStore();
    store.dispose();
    const late = counter();
    store.add(late.d);
    assert.equal(late.count, 1);
  });

  it('clear disposes the items and keeps the store usable', () => {
    const store = new DisposableStore();
    const a = counter();
    store.add(a.d);
    store.clear();
    const b = counter();
    store.add(b.d);
    assert.deepEqual([a.count, b.count, store.isDisposed], [1, 0, false]);
  });

  it('a mutable slot disposes the old value when set, and its value when disposed', () => {
    const slot = new MutableDisposable<{ dispose(): void }>();
    const a = counter();
    const b = counter();
    slot.value = a.d;
    slot.value = a.d; // the same value again: kept, not disposed
    assert.equal(a.count, 0);
    slot.value = b.d;
    assert.equal(a.count, 1);
    assert.equal(slot.clearAndLeak(), b.d);
    assert.equal(b.count, 0);
    slot.value = b.d;
    slot.dispose();
    assert.equal(b.count, 1);
    const c = counter();
    slot.value = c.d; // a disposed slot takes nothing
    assert.deepEqual([c.count, slot.value], [1, undefined]);
  });

  it('a Disposable subclass releases what it registered', () => {
    const a = counter();
    class Owner extends Disposable {
      constructor() {
        super();
        this.register(a.d);
      }
    }
    const owner = new Owner();
    owner.dispose();
    owner.dispose();
    assert.equal(a.count, 1);
  });

  it('an emitter delivers to listeners until they are disposed', () => {
    const emitter = new Emitter<number>();
    const seen: number[] = [];
    const sub = emitter.event((v) => seen.push(v));
    emitter.fire(1);
    sub.dispose();
    emitter.fire(2);
    assert.deepEqual(seen, [1]);
  });
});
