/** The small parts: callback data, the LRU store, the rate limiter, the logger's redaction. */
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { BUTTONS, buttonData, parseButton } from "../../src/bot/callback-data.js";
import { ShortKeyStore } from "../../src/bot/short-key-store.js";
import { RateLimiter } from "../../src/bot/rate-limit.js";
import { createLogger } from "../../src/log.js";

describe("callback data", () => {
  it("round-trips and stays short", () => {
    for (const action of [
      { kind: "page", key: "abcd1234", offset: 9999 },
      { kind: "full", key: "abcd1234", rank: 0 },
      { kind: "example", index: 2 },
      { kind: "help" },
      { kind: "pageInfo" },
      { kind: "upload", key: "abcd1234", confirm: false },
    ] as const) {
      const data = buttonData(action);
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      expect(parseButton(data)).toEqual(action);
    }
  });

  it.each(["m:abcd1234:01", "m:abcd1234:10000", "m:abcd123:1", "m:abcd1234:1 ", "M:abcd1234:1", "u:abcd1234:yes", "x:10", "h ", undefined])(
    "rejects %s",
    (data) => {
      expect(parseButton(data)).toBeNull();
    },
  );

  it("gives each kind a whole-string pattern that matches only its own data", () => {
    const samples = {
      page: "m:abcd1234:3",
      full: "f:abcd1234:0",
      example: "x:1",
      help: "h",
      pageInfo: "n",
      upload: "u:abcd1234:ok",
    } as const;
    for (const [kind, data] of Object.entries(samples)) {
      for (const [other, codec] of Object.entries(BUTTONS)) expect(codec.pattern.test(data), `${other} on ${kind}`).toBe(other === kind);
    }
    expect(BUTTONS.page.decode("m:abcd1234:3")).toEqual({ key: "abcd1234", offset: 3 });
    expect(() => BUTTONS.page.decode("m:abcd1234:x")).toThrow();
  });
});

describe("ShortKeyStore", () => {
  it("evicts the least recently used and expires old entries", () => {
    let now = 0;
    const store = new ShortKeyStore<string>(2, 1000, () => now);
    const a = store.put("a");
    const b = store.put("b");
    expect(store.get(a)).toBe("a"); // a is now the most recent
    const c = store.put("c");
    expect(store.get(b)).toBeUndefined();
    expect(store.get(a)).toBe("a");
    now = 2000;
    expect(store.get(c)).toBeUndefined();
    expect(a).toMatch(/^[0-9a-z]{8}$/);
  });
});

describe("RateLimiter", () => {
  it("allows limit hits per window per key and flags the first refusal", () => {
    let now = 0;
    const limiter = new RateLimiter(2, 60_000, () => now);
    expect(["a", "a", "a", "a", "b"].map((k) => limiter.hit(k))).toEqual(["ok", "ok", "limited-first", "limited", "ok"]);
    now = 60_000;
    expect(limiter.hit("a")).toBe("ok");
    expect(new RateLimiter(0).hit("a")).toBe("ok");
  });
});

describe("logger", () => {
  function capture() {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    return { lines, destination };
  }
  const TOKEN = "123456:AAHsecretTOKENvalue";

  it("never writes the token, wherever it hides", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: "debug", secrets: [TOKEN], destination, pretty: false });
    logger.info(`fetching https://api.telegram.org/file/bot${TOKEN}/documents/x.txt`);
    logger.warn({ url: `https://api.telegram.org/bot${TOKEN}/getMe`, token: TOKEN, config: { botToken: TOKEN } }, "x");
    logger.error(new Error(`request to /bot${TOKEN}/sendMessage failed`), "failed");
    logger.error({ err: new Error(`nested ${TOKEN}`) }, "nested");
    const all = lines.join("\n");
    expect(lines).toHaveLength(4);
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain("AAHsecretTOKENvalue");
    expect(all).toContain("[redacted]");
    expect(JSON.parse(lines[2]).err.message).toContain("[redacted]");
  });

  it("writes question texts only at debug level", async () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: "info", destination, pretty: false });
    const { ask } = await import("../../src/bot/answer-reply.js");
    const engine = { ask: () => ({ answers: [], total: 0, lang: "zh" }) };
    ask({ deps: { logger, library: { engine } }, chat: { type: "private" } } as any, "我的秘密问题", 0);
    expect(lines.join("")).not.toContain("我的秘密问题");
    const debug = capture();
    const debugLogger = createLogger({ level: "debug", destination: debug.destination, pretty: false });
    ask({ deps: { logger: debugLogger, library: { engine } }, chat: { type: "private" } } as any, "我的秘密问题", 0);
    expect(debug.lines.join("")).toContain("我的秘密问题");
  });
});
