/**
 * Everything a fleet shares through Redis (REDIS_URL), assembled: button and upload stores,
 * question budgets, recent update ids, reload generations with their channel, and the build
 * lock. Every store keeps a memory one of this instance to fall back on while Redis is away.
 * Keys are namespaced by the bot's numeric id (public, unlike the token), so several bots may
 * share one Redis.
 */
import type { Config } from "../config.js";
import type { Logger } from "../log.js";
import type { PendingUpload, ReplyRecord, ResultsEntry, SharedStores } from "../bot/context.js";
import { INLINE_BUDGET_FACTOR, RATE_WINDOW_MS, REPLIES_TTL_MS, RESULTS_TTL_MS, UPLOADS_TTL_MS, memoryStores } from "../bot/create-bot.js";
import { RedisBuildLock, type BuildLock } from "./build-lock.js";
import { connectRedis, type RedisLink, type RedisState } from "./redis-link.js";
import { RedisGenerations, onGenerations } from "./redis-generations.js";
import { RedisKeyStore } from "./redis-key-store.js";
import { RedisQuestionBudget } from "./redis-rate-limit.js";
import { RedisRecentUpdates } from "./redis-recent-updates.js";
import { MemoryRecentUpdates, type RecentUpdates } from "../telegram/update-dedupe.js";

export interface FleetState {
  shared: SharedStores;
  recentUpdates: RecentUpdates;
  generations: RedisGenerations;
  lock: BuildLock;
  /** Call onGeneration whenever another instance announces a reload (and after reconnecting). */
  onGeneration(onGeneration: () => void): () => void;
  state(): RedisState;
  /** Resolves true once connected (false after the wait; it keeps trying). */
  ready(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/** "newsbot:<bot id>:" for the token "<bot id>:<secret>". */
export function keyPrefix(token: string): string {
  return `newsbot:${token.split(":")[0]}:`;
}

export function openFleetState(
  config: Pick<Config, "redisUrl" | "rateLimit">,
  options: { token: string; instanceId: string; logger: Logger; link?: RedisLink },
): FleetState {
  if (!config.redisUrl) throw new Error("fleet-state: needs REDIS_URL");
  const link = options.link ?? connectRedis(config.redisUrl, options.logger);
  const redis = link.client;
  const prefix = keyPrefix(options.token);
  const onError = (what: string, error: unknown) => link.degraded(what, error);
  const memory = memoryStores(config.rateLimit);
  const channel = `${prefix}generation`;
  return {
    shared: {
      results: new RedisKeyStore<ResultsEntry>({
        redis,
        prefix: `${prefix}results:`,
        ttlMs: RESULTS_TTL_MS,
        fallback: memory.results,
        onError,
      }),
      replies: new RedisKeyStore<ReplyRecord>({
        redis,
        prefix: `${prefix}replies:`,
        ttlMs: REPLIES_TTL_MS,
        fallback: memory.replies,
        onError,
      }),
      uploads: new RedisKeyStore<PendingUpload>({
        redis,
        prefix: `${prefix}uploads:`,
        ttlMs: UPLOADS_TTL_MS,
        fallback: memory.uploads,
        onError,
      }),
      limiter: new RedisQuestionBudget({
        redis,
        prefix: `${prefix}budget:`,
        limit: config.rateLimit,
        windowMs: RATE_WINDOW_MS,
        fallback: memory.limiter,
        onError,
      }),
      inlineLimiter: new RedisQuestionBudget({
        redis,
        prefix: `${prefix}inline-budget:`,
        limit: config.rateLimit * INLINE_BUDGET_FACTOR,
        windowMs: RATE_WINDOW_MS,
        fallback: memory.inlineLimiter,
        onError,
      }),
    },
    recentUpdates: new RedisRecentUpdates({
      redis,
      prefix: `${prefix}update:`,
      instanceId: options.instanceId,
      fallback: new MemoryRecentUpdates(),
      onError,
    }),
    generations: new RedisGenerations({ redis, key: `${prefix}generation`, channel, onError }),
    lock: new RedisBuildLock({ redis, key: `${prefix}build-lock`, owner: options.instanceId, onError }),
    onGeneration: (onGeneration) => onGenerations(link.subscriber, channel, onGeneration),
    state: () => link.state(),
    ready: (timeoutMs) => link.ready(timeoutMs),
    close: () => link.close(),
  };
}
