/**
 * The fleet's stores against a real redis-server (tests/helpers/redis-server.ts): two "instances"
 * are two FleetStates on one Redis, each with its own connection and memory fallback.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Redis } from "ioredis";
import { openFleetState, type FleetState } from "../../src/ops/fleet-state.js";
import { createLogger } from "../../src/log.js";
import { decodeValue, encodeValue } from "../../src/ops/redis-key-store.js";
import { connectRedis } from "../../src/ops/redis-link.js";
import { redisPassword } from "../../src/ops/bot-service.js";
import { RedisServer } from "../helpers/redis-server.js";

const TOKEN = "777001:stores-test-token";
let server: RedisServer;
let probe: Redis;
const opened: FleetState[] = [];

/** Wait for a condition another connection's events decide (bounded, for a loaded machine). */
async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

function lines(): { logger: ReturnType<typeof createLogger>; text: () => string } {
  let out = "";
  const logger = createLogger({ level: "debug", destination: { write: (s: string) => (out += s) } });
  return { logger, text: () => out };
}

async function instance(name: string, rateLimit = 3, token = TOKEN): Promise<FleetState & { log: () => string }> {
  const { logger, text } = lines();
  const fleet = openFleetState({ redisUrl: server.url, rateLimit }, { token, instanceId: name, logger });
  opened.push(fleet);
  expect(await fleet.ready()).toBe(true);
  return Object.assign(fleet, { log: text });
}

beforeAll(async () => {
  server = await RedisServer.start();
  probe = server.client();
});

afterAll(async () => {
  await Promise.all(opened.map((f) => f.close()));
  probe?.disconnect();
  await server?.stop();
});

describe("values", () => {
  it("survive the trip through JSON, bytes included", () => {
    const value = { adminId: 1, name: "页.json", bytes: new Uint8Array([0, 1, 254, 255]), lang: "zh" };
    const back = decodeValue<typeof value>(encodeValue(value));
    expect(back).toEqual(value);
    expect(back.bytes).toBeInstanceOf(Uint8Array);
  });
});

describe("button stores shared by two instances", () => {
  it("a key put on A is read on B, with the store's time to live", async () => {
    const a = await instance("a");
    const b = await instance("b");
    const key = await a.shared.results.put({ question: "问题", lang: "zh", articleIds: ["x1"] });
    expect(key).toMatch(/^[0-9a-z]{8}$/);
    expect(await b.shared.results.get(key)).toEqual({ question: "问题", lang: "zh", articleIds: ["x1"] });
    const ttl = await probe.pttl(`newsbot:777001:results:${key}`);
    expect(ttl).toBeGreaterThan(23 * 3600_000);
    expect(ttl).toBeLessThanOrEqual(24 * 3600_000);
    await b.shared.results.set(key, { question: "问题", lang: "zh", articleIds: ["x1", "x2"] });
    expect((await a.shared.results.get(key))?.articleIds).toEqual(["x1", "x2"]);
    expect(await a.shared.results.get("zzzzzzzz")).toBeUndefined();
  });

  it("a pending upload is confirmed once fleet-wide: of two deletes at once exactly one wins", async () => {
    const a = await instance("a");
    const b = await instance("b");
    const key = await a.shared.uploads.put({ adminId: 5, name: "p.json", bytes: new Uint8Array([123, 125]), lang: "en" });
    expect((await b.shared.uploads.get(key))?.bytes).toEqual(new Uint8Array([123, 125]));
    const wins = await Promise.all([a.shared.uploads.delete(key), b.shared.uploads.delete(key)]);
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await a.shared.uploads.get(key)).toBeUndefined();
  });

  it("two bots on one Redis never see each other's keys", async () => {
    const a = await instance("a");
    const other = await instance("o", 3, "888002:other-bot");
    const key = await a.shared.results.put({ question: null, lang: "en", articleIds: [] });
    expect(await other.shared.results.get(key)).toBeUndefined();
  });
});

describe("question budget and update ids, fleet-wide", () => {
  it("counts one user's questions across instances", async () => {
    const a = await instance("a", 3);
    const b = await instance("b", 3);
    const verdicts = [await a.shared.limiter.hit("u1"), await b.shared.limiter.hit("u1"), await a.shared.limiter.hit("u1")];
    verdicts.push(await b.shared.limiter.hit("u1"), await a.shared.limiter.hit("u1"));
    expect(verdicts).toEqual(["ok", "ok", "ok", "limited-first", "limited"]);
    expect(await b.shared.limiter.hit("u2")).toBe("ok");
    const ttl = await probe.pttl("newsbot:777001:budget:u1");
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    // The inline budget is a separate, larger counter.
    expect(await a.shared.inlineLimiter.hit("u1")).toBe("ok");
  });

  it("claims an update id once across instances", async () => {
    const a = await instance("a");
    const b = await instance("b");
    const claims = await Promise.all([a.recentUpdates.claim(5001), b.recentUpdates.claim(5001), b.recentUpdates.claim(5001)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await a.recentUpdates.claim(5002)).toBe(true);
  });
});

describe("reload generations and the build lock", () => {
  it("claims increase, are published, and survive a Redis that lost them", async () => {
    const a = await instance("a");
    const b = await instance("b");
    let heard = 0;
    const subscribed = new Promise<void>((resolve) => {
      const off = b.onGeneration(() => {
        heard++;
        resolve();
      });
      opened.push({ close: () => Promise.resolve(off()) } as FleetState);
    });
    await subscribed; // the subscription's own catch-up call
    const before = heard;
    const first = await a.generations.claim("a");
    const second = await a.generations.claim("a");
    expect(second).toBe(first + 1);
    expect(await b.generations.latest()).toBe(second);
    await new Promise<void>((resolve) => {
      const check = () => (heard >= before + 2 ? resolve() : setTimeout(check, 20));
      check();
    });
    // Redis restarted without persistence: the counter is gone, the instances put it back.
    await probe.del("newsbot:777001:generation");
    expect(await b.generations.latest()).toBe(second);
    expect(await a.generations.claim("a")).toBe(second + 1);
  });

  it("lets one build run at a time; the second waits for the first", async () => {
    const a = await instance("a");
    const b = await instance("b");
    const order: string[] = [];
    let releaseA!: () => void;
    const aHolding = new Promise<void>((resolve) => {
      void a.lock.hold(async () => {
        order.push("a start");
        resolve();
        await new Promise<void>((r) => (releaseA = r));
        order.push("a end");
      });
    });
    await aHolding;
    let waitedOn = "";
    const bDone = b.lock.hold(
      () => Promise.resolve(order.push("b start")),
      (holder) => {
        waitedOn = holder;
        releaseA();
      },
    );
    await bDone;
    expect(order).toEqual(["a start", "a end", "b start"]);
    expect(waitedOn).toMatch(/^a\//);
    expect(await probe.exists("newsbot:777001:build-lock")).toBe(0);
    await a.lock.free();
  });
});

describe("Redis gone and back", () => {
  it("falls back to memory with one warn line, and uses Redis again once it returns", async () => {
    const a = await instance("a");
    const b = await instance("b");
    await server.kill();
    // Commands fail at once (no offline queue): a button made now lives in A's memory.
    const key = await a.shared.results.put({ question: "q", lang: "en", articleIds: [] });
    expect(await a.shared.results.get(key)).toEqual({ question: "q", lang: "en", articleIds: [] });
    expect(await a.shared.limiter.hit("u9")).toBe("ok");
    expect(await a.recentUpdates.claim(9001)).toBe(true);
    expect(await a.recentUpdates.claim(9001)).toBe(false);
    await until(() => a.state() === "down");
    expect(a.log().match(/redis: unavailable|connection lost/g)?.length).toBe(1);
    expect(a.log()).toMatch(/"level":40/);
    await expect(a.generations.claim("a")).rejects.toThrow();

    await server.launch();
    expect(await a.ready(30_000)).toBe(true);
    expect(await b.ready(30_000)).toBe(true);
    expect(a.log()).toMatch(/redis: reconnected/);
    const shared = await a.shared.results.put({ question: "again", lang: "en", articleIds: [] });
    expect(await b.shared.results.get(shared)).toMatchObject({ question: "again" });
  });
});

describe("the REDIS_URL password", () => {
  it("never reaches a log line: the URL is shown redacted, the password scrubbed anywhere", async () => {
    const password = "s3cret-redis-pass";
    const url = `redis://:${password}@127.0.0.1:${server.port}/0`;
    let out = "";
    const logger = createLogger({ level: "debug", secrets: [redisPassword(url)], destination: { write: (s: string) => (out += s) } });
    const link = connectRedis(url, logger);
    try {
      // This server has no password: the AUTH fails, and ioredis reports it (with the URL's parts).
      await until(() => out.includes("redis"));
      logger.warn({ url }, `a line that carries ${password} by mistake`);
      expect(out).not.toContain(password);
      expect(out).toMatch(/redacted|\[REDACTED\]/i);
    } finally {
      await link.close();
    }
    expect(redisPassword("redis://127.0.0.1:6379")).toBeNull();
    expect(redisPassword("redis://:abc@127.0.0.1:6379")).toBeNull();
  });
});
