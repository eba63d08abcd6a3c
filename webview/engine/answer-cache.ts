/**
 * One promise per key, shared by everyone who asks; a failed one is forgotten, so asking again
 * retries. What the worker client asked of its worker, the page's fetch of the shipped weights and
 * its load of the page engine all keep their answers this way.
 */
export class AnswerCache {
  private readonly answers = new Map<string, Promise<unknown>>();

  get<T>(key: string, ask: () => Promise<T>): Promise<T> {
    let p = this.answers.get(key) as Promise<T> | undefined;
    if (!p) {
      p = ask();
      p.catch(() => this.answers.delete(key));
      this.answers.set(key, p);
    }
    return p;
  }

  /** Forgets one answer (it turned out wrong), or all of them. */
  forget(key?: string): void {
    if (key === undefined) this.answers.clear();
    else this.answers.delete(key);
  }
}
