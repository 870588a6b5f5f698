/**
 * The question budget counted fleet-wide: one counter per user and window in Redis, created
 * with the window as its time to live and incremented atomically (the scheme of
 * @grammyjs/ratelimiter's Redis storage, kept here because the budget counts questions, not
 * updates: see src/bot/rate-limit.ts). While Redis is away each instance counts in its memory.
 */
import type { Redis } from "ioredis";
import type { QuestionBudget, RateVerdict } from "../bot/rate-limit.js";

export interface RedisBudgetOptions {
  redis: Redis;
  prefix: string;
  /** Allowed hits per window; 0 disables the limit. */
  limit: number;
  windowMs: number;
  fallback: QuestionBudget;
  onError: (what: string, error: unknown) => void;
}

export class RedisQuestionBudget implements QuestionBudget {
  constructor(private readonly options: RedisBudgetOptions) {}

  async hit(key: string): Promise<RateVerdict> {
    const { redis, prefix, limit, windowMs, fallback, onError } = this.options;
    if (limit <= 0) return "ok";
    const name = prefix + key;
    let count: number;
    try {
      // The window starts with the first hit (SET NX PX) and ends when the key expires.
      const replies = await redis.multi().set(name, 0, "PX", windowMs, "NX").incr(name).exec();
      const incr = replies?.[1];
      if (!incr || incr[0]) throw incr?.[0] ?? new Error("redis-rate-limit: transaction aborted");
      count = Number(incr[1]);
    } catch (error) {
      onError("counting a question", error);
      return fallback.hit(key);
    }
    if (count <= limit) return "ok";
    return count === limit + 1 ? "limited-first" : "limited";
  }
}
