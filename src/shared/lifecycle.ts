/**
 * One way to dispose, on both sides, in the manner of VS Code's `src/vs/base/common/lifecycle.ts`:
 * - `Disposable`: a base class whose `register()` ties a resource to the object's lifetime;
 * - `DisposableStore`: many resources released together, once;
 * - `MutableDisposable`: one slot whose old value is disposed when a new one is set.
 * `IDisposable` is structurally `vscode.Disposable`, so either kind goes in either store.
 */

export interface IDisposable {
  dispose(): void;
}

/** A disposable that runs `fn` once. */
export function toDisposable(fn: () => void): IDisposable {
  let done = false;
  return {
    dispose() {
      if (done) return;
      done = true;
      fn();
    },
  };
}

/**
 * Disposes every item, even when some throw; rethrows the first error after all ran, so one bad
 * resource neither leaks the others nor hides its failure.
 */
export function disposeAll(items: Iterable<IDisposable>): void {
  let first: unknown;
  let failed = false;
  for (const item of items) {
    try {
      item.dispose();
    } catch (e) {
      if (!failed) first = e;
      failed = true;
    }
  }
  if (failed) throw first;
}

export class DisposableStore implements IDisposable {
  private readonly items = new Set<IDisposable>();
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Keeps `item` until the store is disposed or cleared; a disposed store disposes it at once. */
  add<T extends IDisposable>(item: T): T {
    if (this.disposed) item.dispose();
    else this.items.add(item);
    return item;
  }

  /** Disposes the items now and keeps the store usable. */
  clear(): void {
    const items = [...this.items];
    this.items.clear();
    disposeAll(items);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clear();
  }
}

export abstract class Disposable implements IDisposable {
  private readonly store = new DisposableStore();

  protected register<T extends IDisposable>(item: T): T {
    return this.store.add(item);
  }

  protected get isDisposed(): boolean {
    return this.store.isDisposed;
  }

  dispose(): void {
    this.store.dispose();
  }
}

/** One slot: setting a value disposes the previous one; disposing the slot disposes its value. */
export class MutableDisposable<T extends IDisposable> implements IDisposable {
  private current: T | undefined;
  private disposed = false;

  get value(): T | undefined {
    return this.current;
  }

  set value(next: T | undefined) {
    if (next === this.current) return;
    const old = this.current;
    this.current = this.disposed ? undefined : next;
    if (this.disposed) next?.dispose();
    old?.dispose();
  }

  /** Empties the slot without disposing its value; returns it (ownership moves to the caller). */
  clearAndLeak(): T | undefined {
    const old = this.current;
    this.current = undefined;
    return old;
  }

  dispose(): void {
    this.disposed = true;
    this.value = undefined;
  }
}

/** A typed event in the manner of `vscode.Event`, for code that must not import `vscode`. */
export type Listener<T> = (value: T) => void;
export type Event<T> = (listener: Listener<T>) => IDisposable;

export class Emitter<T> implements IDisposable {
  private listeners = new Set<Listener<T>>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return toDisposable(() => this.listeners.delete(listener));
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }

  dispose(): void {
    this.listeners.clear();
  }
}
