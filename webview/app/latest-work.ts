/**
 * The webview's one way to drop stale work. Asynchronous work (a forward pass, a tab being mounted,
 * a row of weights for the editor, the results for the host's hovers) takes a token when it starts;
 * starting the same kind of work again makes the older token stale, and so does the user's Cancel.
 * Before it shows or sends anything, the work checks its token: a late answer to an old question is
 * dropped instead of overwriting the answer to the new one. (Host run ids may repeat, so they cannot
 * serve as the token.)
 */

export interface WorkToken {
  /** True once newer work of the same kind started, or this work was cancelled. */
  readonly isStale: boolean;
  /** True when cancel() stopped this work before anything newer replaced it. */
  readonly cancelledByUser: boolean;
  /** Makes this work stale, on the user's request (the Cancel button). */
  cancel(): void;
  /** Calls `listener` once when this work becomes stale (at once if it is already). */
  whenStale(listener: () => void): void;
}

class Token implements WorkToken {
  /** The first reason wins: a run cancelled and then replaced still counts as cancelled. */
  private reason: 'cancelled' | 'superseded' | undefined;
  private listeners: (() => void)[] = [];

  get isStale(): boolean {
    return this.reason !== undefined;
  }

  get cancelledByUser(): boolean {
    return this.reason === 'cancelled';
  }

  cancel(): void {
    this.stale('cancelled');
  }

  supersede(): void {
    this.stale('superseded');
  }

  whenStale(listener: () => void): void {
    if (this.reason) listener();
    else this.listeners.push(listener);
  }

  private stale(reason: 'cancelled' | 'superseded'): void {
    if (this.reason) return;
    this.reason = reason;
    const listeners = this.listeners;
    this.listeners = [];
    for (const l of listeners) l();
  }
}

/** One stream of work where only the newest counts. */
export class LatestWork {
  private current: Token | undefined;

  /** A token for new work; every older token of this stream is stale from now on. */
  start(): WorkToken {
    this.current?.supersede();
    this.current = new Token();
    return this.current;
  }
}
