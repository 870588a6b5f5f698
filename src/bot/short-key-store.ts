/**
 * A small LRU map with short random keys: callback data must fit 64 bytes, so buttons carry a
 * key into this store instead of the question or an article id. Entries also expire, so a button
 * from last week answers "expired" rather than something surprising.
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

export class ShortKeyStore<T> {
  private readonly entries = new Map<string, { value: T; at: number }>();

  constructor(
    private readonly capacity: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Store value under a new key and return the key. */
  put(value: T): string {
    let key = shortKey();
    while (this.entries.has(key)) key = shortKey();
    this.entries.set(key, { value, at: this.now() });
    this.evict();
    return key;
  }

  private evict(): void {
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  /** Store value under the caller's own key (replacing any value there). */
  set(key: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, { value, at: this.now() });
    this.evict();
  }

  /** The value, refreshed as most recently used; undefined when unknown or expired. */
  get(key: string): T | undefined {
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

  delete(key: string): boolean {
    return this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
