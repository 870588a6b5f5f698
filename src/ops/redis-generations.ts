/**
 * Reload generations in Redis: claim = INCR (done by a script that never goes below what this
 * instance has seen), then PUBLISH, so the other instances reload at once instead of on their
 * next poll. The poll stays as the catch-up for a message missed while a connection was down.
 *
 * Redis runs without persistence in most set-ups: after a restart the counter is gone. Every
 * instance remembers the highest generation it saw and writes it back when Redis reports less,
 * so a restart can never make a new reload look older than the last one.
 */
import type { Redis } from "ioredis";
import type { ReloadAnnouncer } from "./corpus-sync.js";

/** GET, restored to at least ARGV[1]. */
const LATEST_SCRIPT = `
local v = tonumber(redis.call('GET', KEYS[1]) or '0')
local floor = tonumber(ARGV[1])
if v < floor then redis.call('SET', KEYS[1], floor) return floor end
return v`;

/** max(GET, ARGV[1]) + 1, stored. */
const CLAIM_SCRIPT = `
local v = tonumber(redis.call('GET', KEYS[1]) or '0')
local floor = tonumber(ARGV[1])
if v < floor then v = floor end
v = v + 1
redis.call('SET', KEYS[1], v)
return v`;

export interface RedisGenerationsOptions {
  redis: Redis;
  /** The counter's key. */
  key: string;
  /** Where claims are published (the generation as the message). */
  channel: string;
  onError: (what: string, error: unknown) => void;
}

export class RedisGenerations implements ReloadAnnouncer {
  private highest = 0;

  constructor(private readonly options: RedisGenerationsOptions) {}

  /** Redis away: the highest generation seen (no reload until it is back), logged by the link. */
  async latest(): Promise<number> {
    try {
      const n = Number(await this.options.redis.eval(LATEST_SCRIPT, 1, this.options.key, this.highest));
      this.highest = Math.max(this.highest, n);
    } catch (error) {
      this.options.onError("reading the reload generation", error);
    }
    return this.highest;
  }

  /** Throws when Redis is away: the admin's report then says the others were not told. */
  async claim(by: string): Promise<number> {
    const { redis, key, channel } = this.options;
    const n = Number(await redis.eval(CLAIM_SCRIPT, 1, key, this.highest));
    this.highest = Math.max(this.highest, n);
    try {
      await redis.publish(channel, JSON.stringify({ generation: n, by }));
    } catch (error) {
      // Claimed: the others see it on their next poll.
      this.options.onError("announcing a reload", error);
    }
    return n;
  }
}

/** Call onGeneration for every claim published, and after every (re)subscription (catch-up). */
export function onGenerations(subscriber: Redis, channel: string, onGeneration: () => void): () => void {
  const onMessage = (from: string) => {
    if (from === channel) onGeneration();
  };
  const onReady = () => onGeneration();
  subscriber.on("message", onMessage);
  subscriber.on("ready", onReady);
  // Subscribed: catch up on anything claimed before. Down now: ioredis subscribes when it
  // connects ("ready" then catches up).
  subscriber.subscribe(channel).then(onReady, () => {});
  return () => {
    subscriber.off("message", onMessage);
    subscriber.off("ready", onReady);
  };
}
