/**
 * Button state in Redis, so a button sent by one instance works when pressed on another. Each
 * value is one key with the store's time to live (PX); a new key is claimed with NX, so two
 * instances can never hand out the same one. When Redis cannot be reached the value goes to, and
 * is looked up in, this instance's memory store: questions keep being answered, and only buttons
 * made elsewhere during the outage answer "expired".
 */
import type { Redis } from "ioredis";
import { shortKey, type KeyStore } from "../bot/short-key-store.js";

/** JSON, with byte arrays (a pending upload's file) kept as base64. */
export function encodeValue(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? { $bytes: Buffer.from(v).toString("base64") } : v));
}

export function decodeValue<T>(raw: string): T {
  return JSON.parse(raw, (_key, v: unknown) => {
    if (v && typeof v === "object" && typeof (v as { $bytes?: unknown }).$bytes === "string" && Object.keys(v).length === 1) {
      return new Uint8Array(Buffer.from((v as { $bytes: string }).$bytes, "base64"));
    }
    return v;
  }) as T;
}

export interface RedisKeyStoreOptions<T> {
  redis: Redis;
  /** Namespace of this store's keys, e.g. "newsbot:4242:results:". */
  prefix: string;
  ttlMs: number;
  /** Used while Redis is away. */
  fallback: KeyStore<T>;
  /** Told of every failed command (the link logs once per outage). */
  onError: (what: string, error: unknown) => void;
}

/** Attempts at a fresh random key before giving up (36^8 keys: a clash is already rare). */
const PUT_ATTEMPTS = 5;

export class RedisKeyStore<T> implements KeyStore<T> {
  constructor(private readonly options: RedisKeyStoreOptions<T>) {}

  private name(key: string): string {
    return this.options.prefix + key;
  }

  async put(value: T): Promise<string> {
    const { redis, ttlMs, fallback, onError } = this.options;
    try {
      const raw = encodeValue(value);
      for (let attempt = 0; attempt < PUT_ATTEMPTS; attempt++) {
        const key = shortKey();
        if ((await redis.set(this.name(key), raw, "PX", ttlMs, "NX")) === "OK") return key;
      }
      throw new Error("redis-key-store: no free key");
    } catch (error) {
      onError("storing a button", error);
      return fallback.put(value);
    }
  }

  async set(key: string, value: T): Promise<void> {
    try {
      await this.options.redis.set(this.name(key), encodeValue(value), "PX", this.options.ttlMs);
    } catch (error) {
      this.options.onError("storing a button", error);
      await this.options.fallback.set(key, value);
    }
  }

  async get(key: string): Promise<T | undefined> {
    try {
      const raw = await this.options.redis.get(this.name(key));
      if (raw !== null) return decodeValue<T>(raw);
    } catch (error) {
      this.options.onError("reading a button", error);
    }
    // Made here while Redis was away (or Redis is away now).
    return this.options.fallback.get(key);
  }

  async delete(key: string): Promise<boolean> {
    let deleted = false;
    try {
      // DEL is atomic: of two instances pressed at once, exactly one sees 1 (one upload saved).
      deleted = (await this.options.redis.del(this.name(key))) > 0;
    } catch (error) {
      this.options.onError("removing a button", error);
    }
    return (await this.options.fallback.delete(key)) || deleted;
  }
}
