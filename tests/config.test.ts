import { describe, expect, it } from "vitest";
import {
  DEFAULT_DOWNLOAD_TIMEOUT_MS,
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  DEFAULT_TELEGRAM_GRACE_MS,
  describeSettings,
  resolveSettings,
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
      mode: { kind: "console" },
      adminIds: [],
      corpusDir: DEFAULT_CORPUS_DIR,
      telegramApiRoot: DEFAULT_TELEGRAM_API_ROOT,
      telegramProxy: null,
      telegramGraceMs: DEFAULT_TELEGRAM_GRACE_MS,
      logLevel: "info",
      localCity: DEFAULT_LOCAL_CITY,
      rateLimit: DEFAULT_RATE_LIMIT,
      maxUploadBytes: DEFAULT_MAX_UPLOAD_BYTES,
      downloadTimeoutMs: DEFAULT_DOWNLOAD_TIMEOUT_MS,
      port: 8080,
      corpusPollMs: DEFAULT_CORPUS_POLL_MS,
      instanceId: null,
      shutdownTimeoutMs: DEFAULT_SHUTDOWN_TIMEOUT_MS,
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
      WEBHOOK_SECRET: "s3cret_-0123456789",
      PORT: "3000",
      CORPUS_POLL_MS: "500",
      INSTANCE_ID: "bot-a.1",
      TELEGRAM_PROXY: "http://user:pw@127.0.0.1:3128",
      TELEGRAM_GRACE_MS: "0",
      DOWNLOAD_TIMEOUT_MS: "5000",
      SHUTDOWN_TIMEOUT_MS: "9000",
      TIMEZONE: "Europe/Berlin",
      INLINE_THUMB_URL: "https://cdn.example.org/thumb.png",
    });
    expect(config).toEqual({
      mode: { kind: "webhook", botToken: "123:abc-DEF_9", url: "https://bot.example.org/hook", secret: "s3cret_-0123456789" },
      adminIds: [1, 22, 333],
      corpusDir: "/data/pages",
      telegramApiRoot: "http://127.0.0.1:9000",
      telegramProxy: "http://user:pw@127.0.0.1:3128",
      telegramGraceMs: 0,
      logLevel: "debug",
      localCity: "济南",
      rateLimit: 0,
      maxUploadBytes: 512 * 1024,
      downloadTimeoutMs: 5000,
      port: 3000,
      corpusPollMs: 500,
      instanceId: "bot-a.1",
      shutdownTimeoutMs: 9000,
      display: { timeZone: "Europe/Berlin", inlineThumbUrl: "https://cdn.example.org/thumb.png" },
    });
    // What an operator may see: no token, no secret, no proxy password.
    const shown = JSON.stringify(describeSettings(config));
    expect(shown).not.toContain("abc-DEF_9");
    expect(shown).not.toContain("s3cret");
    expect(shown).not.toContain(":pw@");
  });

  it("treats blank values as unset", () => {
    expect(parseConfig({ BOT_TOKEN: "  ", ADMIN_IDS: "", RATE_LIMIT: "" }).mode).toEqual({ kind: "console" });
  });

  it("picks the mode: polling with a token, webhook with a URL too (secret generated when unset)", () => {
    expect(parseConfig({ BOT_TOKEN: "1:a" }).mode).toEqual({ kind: "polling", botToken: "1:a" });
    expect(parseConfig({ BOT_TOKEN: "1:a", WEBHOOK_URL: "https://x.example/h" }).mode).toEqual({
      kind: "webhook",
      botToken: "1:a",
      url: "https://x.example/h",
      secret: null,
    });
    // Webhook settings without a token: the console, not an error.
    expect(parseConfig({ WEBHOOK_URL: "https://x.example/h" }).mode).toEqual({ kind: "console" });
  });

  it("HTTPS_PROXY is used when TELEGRAM_PROXY is unset", () => {
    expect(parseConfig({ HTTPS_PROXY: "http://127.0.0.1:3128" }).telegramProxy).toBe("http://127.0.0.1:3128");
    expect(parseConfig({ HTTPS_PROXY: "http://a:1", TELEGRAM_PROXY: "http://b:2" }).telegramProxy).toBe("http://b:2");
  });

  it("rejects a WEBHOOK_SECRET shorter than 16 characters, without echoing it", () => {
    let message = "";
    try {
      parseConfig({ BOT_TOKEN: "1:a", WEBHOOK_SECRET: "s3cr7" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^config: WEBHOOK_SECRET is too short: use at least 16 characters/);
    expect(message).not.toContain("s3cr7");
    expect(parseConfig({ BOT_TOKEN: "1:a", WEBHOOK_SECRET: "x".repeat(16) }).mode).toMatchObject({ kind: "polling" });
  });

  it("caps MAX_UPLOAD_BYTES at the Bot API's 20 MB download limit", () => {
    expect(parseConfig({ MAX_UPLOAD_BYTES: "20MB" }).maxUploadBytes).toBe(20 * 1024 * 1024);
    expect(() => parseConfig({ MAX_UPLOAD_BYTES: "21MB" })).toThrow(/MAX_UPLOAD_BYTES must be at most 20MB/);
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
    [{ BOT_TOKEN: "1:a", WEBHOOK_URL: "http://insecure.example" }, /WEBHOOK_URL/],
    [{ BOT_TOKEN: "1:a", WEBHOOK_SECRET: "has spaces but long enough" }, /WEBHOOK_SECRET/],
    [{ TELEGRAM_PROXY: "socks5://x:1" }, /TELEGRAM_PROXY/],
    [{ TELEGRAM_GRACE_MS: "soon" }, /TELEGRAM_GRACE_MS/],
    [{ DOWNLOAD_TIMEOUT_MS: "0" }, /DOWNLOAD_TIMEOUT_MS/],
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

describe("resolveSettings", () => {
  it("makes the corpus folder absolute against cwd; a blank variable is unset, a blank flag an error", () => {
    expect(resolveSettings({}, {}, "/srv").corpusDir).toBe("/srv/corpus");
    expect(resolveSettings({ CORPUS_DIR: "  " }, {}, "/srv").corpusDir).toBe("/srv/corpus");
    expect(resolveSettings({ CORPUS_DIR: "pages" }, {}, "/srv").corpusDir).toBe("/srv/pages");
    expect(resolveSettings({ CORPUS_DIR: "/data/x/" }, {}, "/srv").corpusDir).toBe("/data/x");
    expect(resolveSettings({ CORPUS_DIR: "pages" }, { corpus: "other" }, "/srv").corpusDir).toBe("/srv/other");
    expect(() => resolveSettings({}, { corpus: "" }, "/srv")).toThrow(/--corpus needs a folder/);
    expect(resolveSettings({ LOCAL_CITY: " " }).localCity).toBe(DEFAULT_LOCAL_CITY);
    expect(resolveSettings({ LOCAL_CITY: "济南" }).localCity).toBe("济南");
  });
});
