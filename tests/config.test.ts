import { describe, expect, it } from "vitest";
import {
  DEFAULT_CORPUS_DIR,
  DEFAULT_CORPUS_POLL_MS,
  DEFAULT_LOCAL_CITY,
  DEFAULT_MAX_UPLOAD_BYTES,
  DEFAULT_RATE_LIMIT,
  DEFAULT_TELEGRAM_API_ROOT,
  parseAdminIds,
  parseConfig,
} from "../src/config.js";

describe("parseConfig", () => {
  it("gives defaults for an empty environment (console mode)", () => {
    const config = parseConfig({});
    expect(config).toEqual({
      botToken: null,
      adminIds: [],
      corpusDir: DEFAULT_CORPUS_DIR,
      telegramApiRoot: DEFAULT_TELEGRAM_API_ROOT,
      logLevel: "info",
      localCity: DEFAULT_LOCAL_CITY,
      rateLimit: DEFAULT_RATE_LIMIT,
      maxUploadBytes: DEFAULT_MAX_UPLOAD_BYTES,
      webhookUrl: null,
      webhookSecret: null,
      port: 8080,
      corpusPollMs: DEFAULT_CORPUS_POLL_MS,
      instanceId: null,
      display: { timeZone: "Asia/Shanghai", inlineThumbUrl: null },
    });
    expect(DEFAULT_CORPUS_POLL_MS).toBe(2000);
    expect(DEFAULT_MAX_UPLOAD_BYTES).toBe(2 * 1024 * 1024);
  });

  it("reads every variable", () => {
    const config = parseConfig({
      BOT_TOKEN: "123:abc-DEF_9",
      ADMIN_IDS: " 1, 22 ,333",
      CORPUS_DIR: "/data/pages",
      TELEGRAM_API_ROOT: "http://127.0.0.1:9000/",
      LOG_LEVEL: "DEBUG",
      LOCAL_CITY: "济南",
      RATE_LIMIT: "0",
      MAX_UPLOAD_BYTES: "512KB",
      WEBHOOK_URL: "https://bot.example.org/hook",
      WEBHOOK_SECRET: "s3cret_-",
      PORT: "3000",
      CORPUS_POLL_MS: "500",
      INSTANCE_ID: "bot-a.1",
      TIMEZONE: "Europe/Berlin",
      INLINE_THUMB_URL: "https://cdn.example.org/thumb.png",
    });
    expect(config).toEqual({
      botToken: "123:abc-DEF_9",
      adminIds: [1, 22, 333],
      corpusDir: "/data/pages",
      telegramApiRoot: "http://127.0.0.1:9000",
      logLevel: "debug",
      localCity: "济南",
      rateLimit: 0,
      maxUploadBytes: 512 * 1024,
      webhookUrl: "https://bot.example.org/hook",
      webhookSecret: "s3cret_-",
      port: 3000,
      corpusPollMs: 500,
      instanceId: "bot-a.1",
      display: { timeZone: "Europe/Berlin", inlineThumbUrl: "https://cdn.example.org/thumb.png" },
    });
  });

  it("treats blank values as unset", () => {
    expect(parseConfig({ BOT_TOKEN: "  ", ADMIN_IDS: "", RATE_LIMIT: "" }).botToken).toBeNull();
  });

  it("CORPUS_POLL_MS: 0 turns the corpus sync off", () => {
    expect(parseConfig({ CORPUS_POLL_MS: "0" }).corpusPollMs).toBe(0);
    expect(parseConfig({ CORPUS_POLL_MS: "100" }).corpusPollMs).toBe(100);
  });

  it("parses sizes with units", () => {
    expect(parseConfig({ MAX_UPLOAD_BYTES: "2MB" }).maxUploadBytes).toBe(2 * 1024 * 1024);
    expect(parseConfig({ MAX_UPLOAD_BYTES: "1000" }).maxUploadBytes).toBe(1000);
  });

  it.each([
    [{ ADMIN_IDS: "1,abc" }, /ADMIN_IDS: "abc"/],
    [{ ADMIN_IDS: "1,,2" }, /ADMIN_IDS: ""/],
    [{ ADMIN_IDS: "-5" }, /ADMIN_IDS: "-5"/],
    [{ ADMIN_IDS: "0" }, /ADMIN_IDS: "0"/],
    [{ ADMIN_IDS: "1.5" }, /ADMIN_IDS: "1.5"/],
    [{ ADMIN_IDS: "99999999999999999999" }, /ADMIN_IDS/],
    [{ RATE_LIMIT: "ten" }, /RATE_LIMIT/],
    [{ RATE_LIMIT: "-1" }, /RATE_LIMIT/],
    [{ MAX_UPLOAD_BYTES: "lots" }, /MAX_UPLOAD_BYTES/],
    [{ MAX_UPLOAD_BYTES: "0" }, /MAX_UPLOAD_BYTES/],
    [{ LOG_LEVEL: "loud" }, /LOG_LEVEL/],
    [{ TELEGRAM_API_ROOT: "not a url" }, /TELEGRAM_API_ROOT/],
    [{ TELEGRAM_API_ROOT: "ftp://x" }, /TELEGRAM_API_ROOT/],
    [{ WEBHOOK_URL: "http://insecure.example" }, /WEBHOOK_URL/],
    [{ WEBHOOK_SECRET: "has spaces" }, /WEBHOOK_SECRET/],
    [{ PORT: "70000" }, /PORT/],
    [{ PORT: "0" }, /PORT/],
    [{ CORPUS_POLL_MS: "fast" }, /CORPUS_POLL_MS/],
    [{ CORPUS_POLL_MS: "-1" }, /CORPUS_POLL_MS/],
    [{ CORPUS_POLL_MS: "50" }, /CORPUS_POLL_MS/],
    [{ INSTANCE_ID: "two words" }, /INSTANCE_ID/],
    [{ INSTANCE_ID: "-dash-first" }, /INSTANCE_ID/],
    [{ INSTANCE_ID: "x".repeat(65) }, /INSTANCE_ID/],
    [{ TIMEZONE: "Mars/Olympus" }, /TIMEZONE/],
    [{ INLINE_THUMB_URL: "http://insecure.example/t.png" }, /INLINE_THUMB_URL/],
  ])("rejects %o with a message naming it", (env, pattern) => {
    expect(() => parseConfig(env)).toThrow(pattern);
    expect(() => parseConfig(env)).toThrow(/^config: /);
  });

  it("rejects a malformed token without echoing it", () => {
    let message = "";
    try {
      parseConfig({ BOT_TOKEN: "secret-looking-value" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^config: BOT_TOKEN/);
    expect(message).not.toContain("secret-looking-value");
  });

  it("dedupes admin ids and keeps their order", () => {
    expect(parseAdminIds("3,1,3")).toEqual([3, 1]);
    expect(parseAdminIds(undefined)).toEqual([]);
  });
});
