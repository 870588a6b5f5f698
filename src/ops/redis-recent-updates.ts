/**
 * Recently handled update ids for a fleet: the first instance to SET NX the id handles the
 * update, any other that receives it (a redelivery landing elsewhere) skips it. While Redis is
 * away, this instance's memory decides (a repeat reaching another instance then is answered twice).
 */
import type { Redis } from "ioredis";
import type { RecentUpdates } from "../telegram/update-dedupe.js";

/**
 * A repeat that matters is a redelivery of an update already handled (its response was slow or
 * lost): Telegram retries within minutes. An hour covers that with room, and keeps the keys few.
 */
export const UPDATE_ID_TTL_SECONDS = 60 * 60;

export interface RedisRecentUpdatesOptions {
  redis: Redis;
  prefix: string;
  /** Written as the value: which instance took the update (for someone reading Redis). */
  instanceId: string;
  fallback: RecentUpdates;
  onError: (what: string, error: unknown) => void;
}

export class RedisRecentUpdates implements RecentUpdates {
  constructor(private readonly options: RedisRecentUpdatesOptions) {}

  async claim(updateId: number): Promise<boolean> {
    const { redis, prefix, instanceId, fallback, onError } = this.options;
    try {
      return (await redis.set(prefix + updateId, instanceId, "EX", UPDATE_ID_TTL_SECONDS, "NX")) === "OK";
    } catch (error) {
      onError("checking an update id", error);
      return fallback.claim(updateId);
    }
  }
}
