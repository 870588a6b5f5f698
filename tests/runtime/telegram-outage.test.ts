/**
 * Telegram out of reach, as an operator would see it: the built bot against an API root that
 * refuses connections, and against one that accepts and never answers (init() hangs). The warn
 * line comes within seconds, /healthz turns 503 "unreachable" after the grace, and one SIGTERM
 * ends the process with exit 0 within the shutdown budget. Also the proxy: every Bot API request
 * goes through TELEGRAM_PROXY.
 */
import { createServer, request as httpRequest, type Server } from "node:http";
import { createServer as createNet, type Server as NetServer, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeTelegram } from "../../scripts/fake-telegram.mjs";
import { copyCorpus, requireBuild } from "../reliability/helpers.js";
import { freePort, health, killIfRunning, removeDir, SLOW, startMain, type Running } from "./helpers.js";

const TOKEN = "777002:OUTAGE-token";
const GRACE_MS = 3000;
const BUDGET_MS = 4000;

let bot: Running | undefined;
let corpus: string | undefined;
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  await killIfRunning(bot);
  bot = undefined;
  for (const close of closers.splice(0)) await close();
  removeDir(corpus);
});

/** A server that accepts connections and never says a word. */
async function silentServer(): Promise<{ port: number }> {
  const sockets = new Set<Socket>();
  const server: NetServer = createNet((socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  closers.push(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  });
  return { port: (server.address() as { port: number }).port };
}

/** Poll /healthz until test() holds (the endpoint itself is what is observed). */
async function healthUntil(port: number, test: (h: { code: number; body: Record<string, unknown> }) => boolean, timeoutMs = SLOW) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const h = await health(port);
    if (h && test(h)) return h;
    if (Date.now() > deadline) throw new Error(`healthz never passed; last: ${JSON.stringify(h)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function start(apiRoot: string, extra: Record<string, string> = {}) {
  requireBuild();
  corpus = copyCorpus();
  return startMain({
    BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: apiRoot,
    CORPUS_DIR: corpus,
    TELEGRAM_GRACE_MS: String(GRACE_MS),
    SHUTDOWN_TIMEOUT_MS: String(BUDGET_MS),
    ...extra,
  });
}

describe("an unreachable Bot API", () => {
  it(
    "refusing connections: a warn line, /healthz 503 after the grace, exit 0 on one SIGTERM",
    async () => {
      const closed = await freePort(); // nothing listens there
      bot = await start(`http://127.0.0.1:${closed}`);
      await bot.waitForLog(/"msg":"main: library open"/);
      const libraryOpenAt = Date.now();
      await bot.waitForLog(/"level":40,.*"msg":"telegram: cannot reach Telegram \(ECONNREFUSED[^"]*\), retrying in \d+ s"/);
      expect(Date.now() - libraryOpenAt).toBeLessThan(30_000);
      const before = await health(bot.port);
      expect(before?.code).toBe(200); // within the grace: starting to connect is not an outage yet
      expect(before?.body.telegram).toBe("connecting");
      const down = await healthUntil(bot.port, (h) => h.code === 503);
      expect(down.body).toMatchObject({ status: "unreachable", telegram: "unreachable" });
      // Backoff: the warn lines thin out (1 s, 2 s, 4 s…), not one per attempt per call.
      const warns = bot.output().match(/cannot reach Telegram/g) ?? [];
      expect(warns.length).toBeLessThan(8);
      const { code, ms } = await bot.terminate();
      expect(code).toBe(0);
      expect(ms).toBeLessThan(BUDGET_MS + 8000);
    },
    SLOW,
  );

  it(
    "accepting and never answering (init() hangs): SIGTERM still exits 0 within the budget",
    async () => {
      const { port } = await silentServer();
      bot = await start(`http://127.0.0.1:${port}`);
      await bot.waitForLog(/"msg":"main: library open"/);
      const down = await healthUntil(bot.port, (h) => h.code === 503);
      expect(down.body.telegram).toBe("unreachable");
      const { code, ms } = await bot.terminate();
      expect(code).toBe(0);
      expect(ms).toBeLessThan(BUDGET_MS + 8000);
      expect(bot.output()).not.toMatch(/shutdown took too long/);
    },
    SLOW,
  );
});

describe("TELEGRAM_PROXY", () => {
  it(
    "sends every Bot API request through the proxy",
    async () => {
      const fake = await startFakeTelegram({ token: TOKEN, holdMs: 200 });
      closers.push(() => fake.close());
      // A forward proxy for plain-http targets: absolute-URI requests, relayed to the target.
      const seen: string[] = [];
      const proxy: Server = createServer((req, res) => {
        seen.push(`${req.method} ${req.url}`);
        const target = new URL(req.url ?? "");
        const upstream = httpRequest(
          { host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers },
          (up) => {
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
          },
        );
        upstream.on("error", () => res.destroy());
        req.pipe(upstream);
      });
      await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
      closers.push(async () => {
        proxy.closeAllConnections();
        await new Promise<void>((r) => proxy.close(() => r()));
      });
      const proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
      bot = await start(fake.apiRoot, { TELEGRAM_PROXY: proxyUrl });
      await bot.waitForLog(/"msg":"main: polling"/);
      fake.pushText(4321, "聊城有多少家单项冠军企业？");
      const answer = await fake.nextCall(
        (c: { method: string; payload: Record<string, any> }) => c.method === "sendMessage" && Number(c.payload.chat_id) === 4321,
        SLOW,
        "the answer",
      );
      expect(answer.payload.text).toContain("79家");
      for (const method of ["getMe", "getUpdates", "sendMessage"]) {
        expect(seen.some((line) => line.startsWith(`POST ${fake.apiRoot}/bot${TOKEN}/${method}`))).toBe(true);
      }
      expect(bot.output()).not.toContain(TOKEN);
      expect((await bot.terminate()).code).toBe(0);
    },
    SLOW,
  );
});
