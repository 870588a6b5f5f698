// Types of scripts/redis-server.mjs, for the TypeScript tests that use it.
import type { Redis } from "ioredis";

export function freePort(): Promise<number>;
export class RedisServer {
  readonly port: number;
  readonly url: string;
  output: string;
  static start(): Promise<RedisServer>;
  launch(): Promise<void>;
  client(): Redis;
  kill(): Promise<void>;
  stop(): Promise<void>;
}
