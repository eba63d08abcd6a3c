/**
 * Follows the webview's runs from its validated messages, so a tour step can wait until the panel
 * really shows what the step describes.
 *
 * Why it is needed: Visualize Attention returns once the tokens are posted, before the forward pass
 * has run. Asking the panel to turn positional encoding off at that moment would start a second
 * forward pass of the same run while the first is still going, and whichever finishes last would be
 * drawn. Waiting for the first to finish makes the order certain.
 *
 * No `vscode` import: `subscribe` has the shape of a `vscode.Event`, and unit tests drive it directly.
 */
import type { WebviewMessage } from '../../shared/protocol';

export type Subscribe = (listener: (m: WebviewMessage) => void) => { dispose(): void };

export type RunOutcome =
  | {
      ok: true;
      /**
       * Whether that forward pass added positional encodings. The webview's `results` carry the
       * encodings added to the source, all zeros when the pass ran without them
       * (`ForwardOutput.positionalEncoding`).
       */
      positionalEncoding: boolean | undefined;
    }
  | { ok: false; reason: string };

interface RunRecord {
  /** Forward passes of this run that finished (a positional-encoding toggle re-runs the same run id). */
  finished: number;
  /** From the latest `results` of this run. */
  positionalEncoding?: boolean;
  /** The latest error the webview reported for this run. */
  error?: { after: number; message: string };
}

/** Runs remembered; older ones are dropped (a step only ever waits on the run it just started). */
const KEEP = 16;

export class RunWatcher {
  private readonly runs = new Map<number, RunRecord>();
  /** Pending `whenFinished` calls: `check` settles one if it can; `cancel` settles it regardless. */
  private readonly waiters = new Set<{ check(): boolean; cancel(reason: string): void }>();
  /** The newest run id that finished a forward pass: a newer run makes the webview drop older ones. */
  private newestFinished = 0;
  private readonly subscription: { dispose(): void };

  constructor(subscribe: Subscribe) {
    this.subscription = subscribe((m) => this.accept(m));
  }

  private record(runId: number): RunRecord {
    let r = this.runs.get(runId);
    if (!r) {
      r = { finished: 0 };
      this.runs.set(runId, r);
      if (this.runs.size > KEEP) this.runs.delete(this.runs.keys().next().value as number);
    }
    return r;
  }

  private accept(m: WebviewMessage): void {
    if (m.type === 'results') this.record(m.runId).positionalEncoding = m.pe.some((v) => v !== 0);
    else if (m.type === 'runFinished') {
      this.record(m.runId).finished++;
      this.newestFinished = Math.max(this.newestFinished, m.runId);
    }
    else if (m.type === 'error' && m.runId !== undefined) {
      const r = this.record(m.runId);
      r.error = { after: r.finished, message: m.message };
    } else return;
    for (const w of [...this.waiters]) w.check();
  }

  /** Forward passes of `runId` finished so far. */
  finishedCount(runId: number): number {
    return this.runs.get(runId)?.finished ?? 0;
  }

  /**
   * Resolves when more than `already` forward passes of `runId` have finished; or with `ok: false`
   * when the webview reports an error for it after those, when a newer run finished (the webview
   * drops older runs), or after `timeoutMs`. Never rejects.
   */
  whenFinished(runId: number, already: number, timeoutMs: number): Promise<RunOutcome> {
    return new Promise((resolve) => {
      const waiter = {
        check: (): boolean => {
          const r = this.runs.get(runId);
          if (r && r.finished > already) return done({ ok: true, positionalEncoding: r.positionalEncoding });
          if (r?.error && r.error.after >= already) return done({ ok: false, reason: r.error.message });
          if (this.newestFinished > runId) return done({ ok: false, reason: `run ${this.newestFinished} replaced run ${runId}` });
          return false;
        },
        cancel: (reason: string) => done({ ok: false, reason }),
      };
      const timer = setTimeout(() => done({ ok: false, reason: `the panel did not finish run ${runId} within ${Math.round(timeoutMs / 1000)} s` }), timeoutMs);
      const done = (outcome: RunOutcome): true => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(outcome);
        return true;
      };
      if (!waiter.check()) this.waiters.add(waiter);
    });
  }

  dispose(): void {
    this.subscription.dispose();
    for (const w of [...this.waiters]) w.cancel('the extension is shutting down');
  }
}
