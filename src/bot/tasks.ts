/**
 * Work that outlives the update that started it: a reload, an upload's download and preview,
 * saving a confirmed upload. Handlers start it here and return at once, so no chat ever waits
 * behind an admin's slow work; shutdown aborts what is still running (downloads end, nothing
 * new starts) and waits for the rest, and tests wait for idle().
 */
export type Task = (signal: AbortSignal) => Promise<unknown>;

export class TaskTracker {
  private readonly running = new Set<Promise<unknown>>();
  private readonly controller = new AbortController();

  constructor(private readonly onError: (error: unknown) => void = () => undefined) {}

  /** Start a task now; it gets the tracker's abort signal. After abort(), nothing starts. */
  run(task: Task): void {
    if (this.controller.signal.aborted) return;
    const promise = (async () => task(this.controller.signal))().catch((error: unknown) => this.onError(error));
    this.running.add(promise);
    void promise.finally(() => this.running.delete(promise));
  }

  /** Tell every task to stop (their signal aborts) and refuse new ones. */
  abort(): void {
    this.controller.abort();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Resolves when every task started so far (and any they start) has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  get size(): number {
    return this.running.size;
  }
}
