/**
 * Reloads queue, never drop: a request made while a job runs is coalesced into exactly one
 * follow-up that starts when the running job ends (everyone who asked meanwhile gets the
 * follow-up's result). A page saved during a reload is thus always indexed, and a burst of ten
 * requests costs two builds, not ten.
 *
 * An interface, so that a fleet can put a shared lock behind it (Redis `SET NX PX`): the local
 * one coalesces inside this process.
 */
export interface ReloadQueue<T> {
  /** Run the job now, or once after the running one (shared with other requests made meanwhile). */
  request(): Promise<T>;
  /** A job runs now. */
  readonly running: boolean;
  /** A follow-up is waiting for the running job. */
  readonly queued: boolean;
}

export class CoalescingQueue<T> implements ReloadQueue<T> {
  private current: Promise<T> | null = null;
  private next: Promise<T> | null = null;

  constructor(private readonly job: () => Promise<T>) {}

  get running(): boolean {
    return this.current !== null;
  }
  get queued(): boolean {
    return this.next !== null;
  }

  request(): Promise<T> {
    if (this.next) return this.next;
    if (!this.current) return this.start();
    const after = this.current.then(
      () => undefined,
      () => undefined,
    );
    this.next = after.then(() => {
      this.next = null;
      return this.start();
    });
    return this.next;
  }

  private start(): Promise<T> {
    const run: Promise<T> = this.job().finally(() => {
      if (this.current === run) this.current = null;
    });
    this.current = run;
    return run;
  }
}
