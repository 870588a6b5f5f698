/**
 * Per-user question budget: a fixed one-minute window per key. Hand-rolled (a few lines) rather
 * than @grammyjs/ratelimiter, which is only a dev dependency here; it also lets us tell the user
 * once per window instead of on every dropped message.
 */
export type RateVerdict = "ok" | "limited-first" | "limited";

/** Most users tracked at once: beyond it the oldest windows go (a flood of new ids cannot grow the map). */
export const MAX_TRACKED_KEYS = 50_000;

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    /** Allowed hits per window; 0 disables the limit. */
    private readonly limit: number,
    private readonly windowMs: number = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  hit(key: string): RateVerdict {
    if (this.limit <= 0) return "ok";
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
      this.sweep(now);
    }
    window.count += 1;
    if (window.count <= this.limit) return "ok";
    return window.count === this.limit + 1 ? "limited-first" : "limited";
  }

  /** Drop finished windows now and then, so the map does not grow with every user ever seen. */
  private sweep(now: number): void {
    if (this.windows.size < 1000) return;
    for (const [key, window] of this.windows) if (now - window.start >= this.windowMs) this.windows.delete(key);
    for (const key of this.windows.keys()) {
      if (this.windows.size <= MAX_TRACKED_KEYS) break;
      this.windows.delete(key);
    }
  }
}
