/**
 * Work that outlives the update that started it (a reload, saving an upload). Handlers must not
 * await it — long polling handles updates one batch at a time, so questions would wait — but
 * shutdown and tests need to know when it is done.
 */
export class TaskTracker {
  private readonly running = new Set<Promise<unknown>>();

  run(task: () => Promise<unknown>): void {
    const promise = task().catch(() => undefined);
    this.running.add(promise);
    void promise.finally(() => this.running.delete(promise));
  }

  /** Resolves when every task started so far (and any they start) has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  get size(): number {
    return this.running.size;
  }
}
