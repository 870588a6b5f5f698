/**
 * The connection to Redis for a fleet (REDIS_URL): one client for commands, one for the
 * generation channel (a subscribed connection can do nothing else). Commands fail at once while
 * the connection is down (no offline queue) and time out after COMMAND_TIMEOUT_MS, so a missing
 * Redis never holds an answer: every store falls back to this instance's memory and says so at
 * warn, once per outage. ioredis reconnects on its own, forever, with a capped backoff.
 */
import { Redis, type RedisOptions } from "ioredis";
import { redactUrlPassword } from "../config.js";
import type { Logger } from "../log.js";
import type { RedisState } from "../server/http.js";

export type { RedisState };

/** A command that takes longer than this counts as Redis being away. */
export const COMMAND_TIMEOUT_MS = 2000;
/** Longest wait between reconnection attempts. */
export const MAX_RECONNECT_DELAY_MS = 5000;
/** How long start-up waits for the first connection before going on without it. */
export const FIRST_CONNECT_WAIT_MS = 5000;
/** A fallback to memory is logged at most this often (a down Redis fails every command). */
const DEGRADED_LOG_EVERY_MS = 30_000;

export interface RedisLink {
  /** Commands. */
  readonly client: Redis;
  /** Pub/sub only. */
  readonly subscriber: Redis;
  state(): RedisState;
  /** Resolves true once connected, false after `timeoutMs` without (it keeps trying). */
  ready(timeoutMs?: number): Promise<boolean>;
  /** A command failed and the caller used memory instead: one warn line per outage. */
  degraded(what: string, error: unknown): void;
  close(): Promise<void>;
}

export function redisOptions(): RedisOptions {
  return {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: COMMAND_TIMEOUT_MS * 2,
    retryStrategy: (times) => Math.min(times * 200, MAX_RECONNECT_DELAY_MS),
  };
}

export function connectRedis(url: string, logger: Logger): RedisLink {
  const shown = redactUrlPassword(url);
  const client = new Redis(url, { ...redisOptions(), connectionName: "newsbot" });
  // The subscriber may queue its SUBSCRIBE until connected: nothing waits on it.
  const subscriber = new Redis(url, { ...redisOptions(), enableOfflineQueue: true, maxRetriesPerRequest: null });
  let state: RedisState = "connecting";
  let everReady = false;
  let lastDegradedLog = 0;

  client.on("ready", () => {
    logger.info({ redis: shown }, everReady ? "redis: reconnected" : "redis: connected");
    everReady = true;
    state = "ready";
    lastDegradedLog = 0;
  });
  client.on("error", (error: Error) => {
    // ioredis emits one per failed attempt: log the first of an outage only.
    if (state !== "down")
      logger.warn({ err: error, redis: shown }, "redis: unavailable; answering from this instance's memory, reconnecting");
    state = "down";
  });
  client.on("close", () => {
    if (state === "ready") logger.warn({ redis: shown }, "redis: connection lost; answering from this instance's memory, reconnecting");
    if (everReady || state === "ready") state = "down";
  });
  subscriber.on("error", () => {
    // Same outage as the client's, logged there; the subscriber resubscribes on reconnect.
  });

  return {
    client,
    subscriber,
    // ioredis's own status is the truth (events may trail a command that already failed).
    state: () => (client.status === "ready" ? "ready" : everReady || state === "down" ? "down" : "connecting"),
    ready(timeoutMs = FIRST_CONNECT_WAIT_MS) {
      if (state === "ready") return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          client.off("ready", onReady);
          resolve(false);
        }, timeoutMs);
        const onReady = () => {
          clearTimeout(timer);
          resolve(true);
        };
        client.once("ready", onReady);
      });
    },
    degraded(what, error) {
      const now = Date.now();
      if (now - lastDegradedLog < DEGRADED_LOG_EVERY_MS) return;
      lastDegradedLog = now;
      logger.warn({ err: error, what }, `redis: ${what} failed; this instance's memory used instead`);
    },
    async close() {
      await Promise.allSettled([client.quit(), subscriber.quit()]);
      client.disconnect();
      subscriber.disconnect();
    },
  };
}
