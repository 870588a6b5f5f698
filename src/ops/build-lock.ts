/**
 * One index build at a time in the fleet: a reload holds a Redis lock (SET NX PX, renewed while
 * it builds, released only by its holder), so a second reload anywhere waits and then reads the
 * snapshot the first one wrote instead of building again. Instances following a generation wait
 * until no build runs, then read the snapshot. A holder that dies loses the lock when its time
 * to live runs out. Redis away: the reload goes ahead without the lock (logged by the link).
 */
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";

export interface BuildLock {
  /** Run fn holding the fleet's build lock, waiting for any other holder first. */
  hold<T>(fn: () => Promise<T>, onWait?: (holder: string) => void): Promise<T>;
  /** Resolves once no instance holds the lock. */
  free(): Promise<void>;
}

/** The lock lives this long without renewal (a paused or dead holder blocks at most this). */
export const LOCK_TTL_MS = 30_000;
/** How often a waiter looks again. */
const LOCK_POLL_MS = 200;
/** A waiter gives up and builds anyway after this (a lock that never goes is a bug, not a reason to stop reloading). */
const LOCK_MAX_WAIT_MS = 15 * 60_000;

const RENEW_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export interface RedisBuildLockOptions {
  redis: Redis;
  key: string;
  /** This instance's id, written into the lock (whoever reads Redis sees who builds). */
  owner: string;
  onError: (what: string, error: unknown) => void;
  ttlMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class RedisBuildLock implements BuildLock {
  private readonly ttlMs: number;

  constructor(private readonly options: RedisBuildLockOptions) {
    this.ttlMs = options.ttlMs ?? LOCK_TTL_MS;
  }

  /** The token when taken; null when Redis is away (go ahead unlocked). */
  private async acquire(onWait?: (holder: string) => void): Promise<string | null> {
    const { redis, key, owner, onError } = this.options;
    const token = `${owner}/${randomBytes(6).toString("hex")}`;
    const deadline = Date.now() + LOCK_MAX_WAIT_MS;
    let told = false;
    try {
      while (Date.now() < deadline) {
        if ((await redis.set(key, token, "PX", this.ttlMs, "NX")) === "OK") return token;
        if (!told && onWait) {
          told = true;
          onWait((await redis.get(key)) ?? "?");
        }
        await sleep(LOCK_POLL_MS);
      }
    } catch (error) {
      onError("taking the build lock", error);
    }
    return null;
  }

  async hold<T>(fn: () => Promise<T>, onWait?: (holder: string) => void): Promise<T> {
    const { redis, key, onError } = this.options;
    const token = await this.acquire(onWait);
    const renew =
      token === null
        ? undefined
        : setInterval(() => {
            redis.eval(RENEW_SCRIPT, 1, key, token, this.ttlMs).catch((error: unknown) => onError("renewing the build lock", error));
          }, this.ttlMs / 3);
    try {
      return await fn();
    } finally {
      if (renew) clearInterval(renew);
      if (token !== null)
        await redis.eval(RELEASE_SCRIPT, 1, key, token).catch((error: unknown) => onError("releasing the build lock", error));
    }
  }

  async free(): Promise<void> {
    const deadline = Date.now() + LOCK_MAX_WAIT_MS;
    try {
      while (Date.now() < deadline && (await this.options.redis.exists(this.options.key)) > 0) await sleep(LOCK_POLL_MS);
    } catch (error) {
      this.options.onError("checking the build lock", error);
    }
  }
}
