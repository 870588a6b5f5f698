/**
 * Button state behind short random keys: callback data must fit 64 bytes, so buttons carry a
 * key into a store instead of the question or an article id. Entries also expire, so a button
 * from last week answers "expired" rather than something surprising.
 *
 * KeyStore is what the features use (asynchronous: a fleet keeps it in Redis, so a button sent by
 * one instance works when pressed on another, src/ops/redis-key-store.ts); ShortKeyStore is the
 * in-memory one of a single instance: a small LRU map.
 */
import { randomBytes } from "node:crypto";

const KEY_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
export const KEY_LENGTH = 8;
export const KEY_PATTERN = "[0-9a-z]{8}";

export function shortKey(): string {
  const bytes = randomBytes(KEY_LENGTH);
  let key = "";
  for (const byte of bytes) key += KEY_ALPHABET[byte % KEY_ALPHABET.length];
  return key;
}

export interface KeyStore<T> {
  /** Store value under a new key and return the key. */
  put(value: T): Promise<string>;
  /** Store value under the caller's own key (replacing any value there; the time to live starts again). */
  set(key: string, value: T): Promise<void>;
  /** The value; undefined when unknown or expired. */
  get(key: string): Promise<T | undefined>;
  /** Forget the key; true when it was there. */
  delete(key: string): Promise<boolean>;
}

export class ShortKeyStore<T> implements KeyStore<T> {
  private readonly entries = new Map<string, { value: T; at: number }>();

  constructor(
    private readonly capacity: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  put(value: T): Promise<string> {
    let key = shortKey();
    while (this.entries.has(key)) key = shortKey();
    this.entries.set(key, { value, at: this.now() });
    this.evict();
    return Promise.resolve(key);
  }

  private evict(): void {
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  set(key: string, value: T): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, { value, at: this.now() });
    this.evict();
    return Promise.resolve();
  }

  /** The value, refreshed as most recently used; undefined when unknown or expired. */
  get(key: string): Promise<T | undefined> {
    return Promise.resolve(this.lookup(key));
  }

  private lookup(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() - entry.at > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  delete(key: string): Promise<boolean> {
    return Promise.resolve(this.entries.delete(key));
  }

  get size(): number {
    return this.entries.size;
  }
}
