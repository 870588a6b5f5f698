import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  closeHttp,
  createHttpServer,
  listenHttp,
  secretMatches,
  type HttpServerOptions,
  type UpdateHandler,
} from "../../src/server/http.js";
import { createLogger } from "../../src/log.js";
import type { NewsLibrary } from "../../src/library/news-library.js";

const SECRET = "s3cret-Token_abc";
const logger = createLogger({ level: "silent", pretty: false });

function fakeLibrary(items: number, loadedAt: Date): NewsLibrary {
  return {
    engine: { size: items } as NewsLibrary["engine"],
    corpusDir: "/nowhere",
    pages: 2,
    loadedAt,
    warnings: [],
    reloading: false,
    reloadProgress: null,
    reload: () => Promise.reject(new Error("not here")),
  };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => closeHttp(s, 0)));
});

async function start(options: Partial<HttpServerOptions> & Pick<HttpServerOptions, "library">): Promise<string> {
  const server = createHttpServer({ mode: "polling", version: "9.9.9", logger, ...options });
  expect(server.listening).toBe(false); // a factory: it does not listen by itself
  servers.push(server);
  await listenHttp(server, 0, "127.0.0.1");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function post(base: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}/hook`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe("GET /healthz", () => {
  it.each(["polling", "webhook"] as const)("%s mode: 503 while the index loads, then 200 with the figures", async (mode) => {
    let library: NewsLibrary | null = null;
    const loadedAt = new Date("2024-12-01T00:00:00Z");
    const base = await start({
      library: () => library,
      mode,
      instanceId: "inst-1",
      now: () => new Date("2024-12-01T00:01:40Z"),
      webhook: mode === "webhook" ? { secretToken: SECRET, handler: () => null } : undefined,
    });
    const before = await fetch(`${base}/healthz`);
    expect(before.status).toBe(503);
    expect(await before.json()).toEqual({ status: "starting", version: "9.9.9", mode, instance: "inst-1" });

    library = fakeLibrary(42, loadedAt);
    const after = await fetch(`${base}/healthz`);
    expect(after.status).toBe(200);
    expect(after.headers.get("content-type")).toMatch(/application\/json/);
    expect(await after.json()).toEqual({
      status: "ok",
      items: 42,
      pages: 2,
      indexAgeSeconds: 100,
      loadedAt: "2024-12-01T00:00:00.000Z",
      reloading: false,
      version: "9.9.9",
      mode,
      instance: "inst-1",
    });
    expect((await fetch(`${base}/healthz`, { method: "HEAD" })).status).toBe(200);
    expect((await fetch(`${base}/healthz`, { method: "DELETE" })).status).toBe(405);
    expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
  });

  it("polling mode takes no updates", async () => {
    const base = await start({ library: () => fakeLibrary(1, new Date()) });
    expect((await post(base, { update_id: 1 }, { "x-telegram-bot-api-secret-token": SECRET })).status).toBe(404);
  });
});

describe("webhook", () => {
  function webhookServer(handler: UpdateHandler | null, timeoutMs?: number) {
    return start({
      library: () => fakeLibrary(3, new Date()),
      mode: "webhook",
      webhook: { secretToken: SECRET, handler: () => handler, timeoutMs, maxBodyBytes: 10_000 },
    });
  }

  it("rejects every request without the secret or with a wrong one (401), handles one with it", async () => {
    const seen: number[] = [];
    const base = await webhookServer((update) => {
      seen.push(update.update_id);
      return Promise.resolve();
    });
    const update = { update_id: 7, message: { message_id: 1, date: 0, chat: { id: 1, type: "private" }, text: "hi" } };
    expect((await post(base, update)).status).toBe(401);
    expect((await post(base, update, { "x-telegram-bot-api-secret-token": "wrong" })).status).toBe(401);
    expect((await post(base, update, { "x-telegram-bot-api-secret-token": `${SECRET}x` })).status).toBe(401);
    expect((await post(base, "not json")).status).toBe(401); // the secret comes before anything else
    expect(seen).toEqual([]);

    const ok = await post(base, update, { "x-telegram-bot-api-secret-token": SECRET });
    expect(ok.status).toBe(200);
    expect(seen).toEqual([7]);
  });

  it("answers 400 for a body that is not an update, 413 for a huge one", async () => {
    const base = await webhookServer(() => Promise.resolve());
    const h = { "x-telegram-bot-api-secret-token": SECRET };
    expect((await post(base, "{oops", h)).status).toBe(400);
    expect((await post(base, { hello: 1 }, h)).status).toBe(400);
    expect((await post(base, { update_id: 1, pad: "x".repeat(20_000) }, h)).status).toBe(413);
  });

  it("503 while the bot is not ready (Telegram retries)", async () => {
    const base = await webhookServer(null);
    const res = await post(base, { update_id: 1 }, { "x-telegram-bot-api-secret-token": SECRET });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
  });

  it("acknowledges a failed update (no redelivery loop) and a slow one after the timeout", async () => {
    const h = { "x-telegram-bot-api-secret-token": SECRET };
    const failing = await webhookServer(() => Promise.reject(new Error("boom")));
    expect((await post(failing, { update_id: 1 }, h)).status).toBe(200);

    let finished = false;
    const slow = await webhookServer(async () => {
      await new Promise((r) => setTimeout(r, 300));
      finished = true;
    }, 50);
    const started = Date.now();
    expect((await post(slow, { update_id: 2 }, h)).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(250);
    expect(finished).toBe(false);
  });

  it("secretMatches", () => {
    expect(secretMatches(SECRET, SECRET)).toBe(true);
    expect(secretMatches([SECRET], SECRET)).toBe(true);
    expect(secretMatches(undefined, SECRET)).toBe(false);
    expect(secretMatches("", SECRET)).toBe(false);
    expect(secretMatches(SECRET.toUpperCase(), SECRET)).toBe(false);
  });
});

describe("webhook with the real bot", () => {
  it("the same update delivered twice (a Telegram redelivery) is answered once", async () => {
    const { makeHarness, tempCorpus, realLibrary, removeDir, privateText } = await import("../bot/helpers/harness.js");
    const dir = tempCorpus();
    try {
      const library = await realLibrary(dir);
      const h = makeHarness(library);
      const base = await start({
        library: () => library,
        mode: "webhook",
        webhook: { secretToken: SECRET, handler: () => (update) => h.bot.handleUpdate(update) },
      });
      const update = { update_id: 90_001, ...privateText("聊城有多少家单项冠军企业？") };
      const first = await post(base, update, { "x-telegram-bot-api-secret-token": SECRET });
      const again = await post(base, update, { "x-telegram-bot-api-secret-token": SECRET });
      expect([first.status, again.status]).toEqual([200, 200]);
      const replies = h.sent("sendMessage");
      expect(replies).toHaveLength(1);
      expect(replies[0].payload.text).toContain("79家");
      // A new update id is a new question.
      await post(base, { ...update, update_id: 90_002 }, { "x-telegram-bot-api-secret-token": SECRET });
      expect(h.sent("sendMessage")).toHaveLength(2);
    } finally {
      removeDir(dir);
    }
  });
});

describe("GET /healthz and Telegram", () => {
  it("turns 503 unreachable once the Bot API has failed for longer than the grace", async () => {
    const { TelegramStatus } = await import("../../src/telegram/telegram-status.js");
    let now = 1_000_000;
    const status = new TelegramStatus(5000, () => now);
    const base = await start({ library: () => fakeLibrary(3, new Date()), telegram: () => status.health() });
    const body = async () => {
      const res = await fetch(`${base}/healthz`);
      return { code: res.status, ...((await res.json()) as Record<string, unknown>) };
    };
    expect(await body()).toMatchObject({ code: 200, status: "ok", telegram: "connecting" });
    status.answered(status.started("getMe"));
    expect(await body()).toMatchObject({ code: 200, telegram: "ok" });
    status.failed(status.started("sendMessage"), "ECONNREFUSED");
    now += 4000;
    expect(await body()).toMatchObject({ code: 200, telegram: "ok" }); // within the grace
    now += 2000;
    expect(await body()).toMatchObject({ code: 503, status: "unreachable", telegram: "unreachable" });
    status.answered(status.started("getUpdates"));
    expect(await body()).toMatchObject({ code: 200, telegram: "ok" });
  });
});
