/**
 * Each update is handled once: Telegram redelivers a webhook update whose response was slow or
 * lost, and a restarted poller may see the last batch again. The store of recently handled
 * update ids is an interface so that a fleet can share one (Redis `SET NX EX`); the in-memory
 * one serves a single instance.
 */
import type { MiddlewareFn, Context } from "grammy";
import type { Logger } from "../log.js";

export interface RecentUpdates {
  /** True the first time an id is claimed, false for a repeat. */
  claim(updateId: number): Promise<boolean> | boolean;
}

/** Updates far older than this many newer ones are never redelivered. */
export const DEFAULT_RECENT_UPDATES = 10_000;

/** A bounded set of the newest ids, oldest forgotten first. */
export class MemoryRecentUpdates implements RecentUpdates {
  private readonly seen = new Set<number>();

  constructor(private readonly capacity = DEFAULT_RECENT_UPDATES) {}

  claim(updateId: number): boolean {
    if (this.seen.has(updateId)) return false;
    this.seen.add(updateId);
    if (this.seen.size > this.capacity) {
      const oldest = this.seen.values().next().value as number;
      this.seen.delete(oldest);
    }
    return true;
  }

  get size(): number {
    return this.seen.size;
  }
}

/** Middleware: a repeated update_id stops here, logged at debug. */
export function skipRepeatedUpdates(store: RecentUpdates, logger: Logger): MiddlewareFn<Context> {
  return async (ctx, next) => {
    if (!(await store.claim(ctx.update.update_id))) {
      logger.debug({ update_id: ctx.update.update_id }, "bot: repeated update skipped");
      return;
    }
    await next();
  };
}
