/**
 * Several instances, for real: `node dist/main.js` twice in webhook mode (ports A and B), one
 * shared temp corpus folder, a tiny fake Bot API on 127.0.0.1. An admin's /reload posted to A's
 * webhook must reach B through the reload generation; B then answers from the new page. Also: the
 * webhook secret on every request, /healthz in webhook and polling mode, SIGTERM. Needs
 * `npm run build` first (npm test does it).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttp, type Server } from "node:http";
import { createServer as createNet, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const MAIN = join(ROOT, "dist", "main.js");
const TOKEN = "424242:OPS-test_token";
const SECRET = "ops-webhook-secret_1234567890";
const ADMIN_ID = 9001;
const USER_ID = 9002;
const VERSION = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version as string;

interface ApiCall {
  method: string;
  payload: Record<string, any>;
}

/** A fake Bot API: answers every method ok, records the calls. */
class FakeBotApi {
  calls: ApiCall[] = [];
  private server: Server;
  private messageId = 100;
  url = "";

  constructor() {
    this.server = createHttp((req, res) => {
      let raw = "";
      req.setEncoding("utf8");
      req.on("data", (c) => (raw += c));
      req.on("end", async () => {
        const match = /^\/bot([^/]+)\/(\w+)/.exec(req.url ?? "");
        if (!match || match[1] !== TOKEN) {
          res
            .writeHead(401, { "content-type": "application/json" })
            .end(JSON.stringify({ ok: false, error_code: 401, description: "Unauthorized" }));
          return;
        }
        const method = match[2];
        let payload: Record<string, any> = {};
        try {
          payload = raw ? JSON.parse(raw) : {};
        } catch {
          payload = {};
        }
        this.calls.push({ method, payload });
        if (method === "getUpdates") await new Promise((r) => setTimeout(r, 100));
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, result: this.result(method, payload) }));
      });
    });
  }

  private result(method: string, payload: Record<string, any>): unknown {
    const date = Math.floor(Date.now() / 1000);
    switch (method) {
      case "getMe":
        return {
          id: 4242,
          is_bot: true,
          first_name: "News",
          username: "ops_news_bot",
          can_join_groups: true,
          can_read_all_group_messages: false,
          supports_inline_queries: true,
        };
      case "getUpdates":
        return [];
      case "sendMessage":
        return { message_id: ++this.messageId, date, chat: { id: payload.chat_id, type: "private" }, text: payload.text };
      case "editMessageText":
        return { message_id: payload.message_id, date, chat: { id: payload.chat_id, type: "private" }, text: payload.text };
      default:
        return true;
    }
  }

  sent(chatId: number): string[] {
    // Messages and their edits (a reload's report edits its status message).
    return this.calls
      .filter((c) => (c.method === "sendMessage" || c.method === "editMessageText") && c.payload.chat_id === chatId)
      .map((c) => String(c.payload.text));
  }

  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createNet();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Generous: a loaded 2-core machine (load average 10-20) starts node, jieba and workers slowly. */
const SLOW_MS = 120_000;
/** The 4 s shutdown budget plus a loaded machine's process exit. */
const STOP_WALL_MS = 12_000;

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = SLOW_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

interface Instance {
  name: string;
  port: number;
  child: ChildProcess;
  output: string;
  /** /healthz statuses seen while it started. */
  statuses: number[];
}

function startInstance(name: string, port: number, env: Record<string, string>): Instance {
  const child = spawn(process.execPath, [MAIN], {
    cwd: corpus, // no developer's .env leaks in
    env: {
      PATH: process.env.PATH,
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: api.url,
      CORPUS_DIR: corpus,
      ADMIN_IDS: String(ADMIN_ID),
      PORT: String(port),
      INSTANCE_ID: name,
      CORPUS_POLL_MS: "200",
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const instance: Instance = { name, port, child, output: "", statuses: [] };
  child.stdout!.on("data", (c) => (instance.output += String(c)));
  child.stderr!.on("data", (c) => (instance.output += String(c)));
  return instance;
}

async function health(instance: Instance): Promise<{ status: number; body: any } | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${instance.port}/healthz`);
    return { status: res.status, body: await res.json() };
  } catch {
    return undefined; // not listening yet
  }
}

async function waitHealthy(instance: Instance, logLine: RegExp): Promise<any> {
  return until(
    `${instance.name} to be ready`,
    async () => {
      if (instance.child.exitCode !== null) throw new Error(`${instance.name} exited (${instance.child.exitCode}):\n${instance.output}`);
      const h = await health(instance);
      if (h && instance.statuses.at(-1) !== h.status) instance.statuses.push(h.status);
      return h?.status === 200 && logLine.test(instance.output) ? h.body : undefined;
    },
    SLOW_MS,
  );
}

let updateId = 1;
function textUpdate(text: string, from: number) {
  const command = /^\/\w+/.exec(text);
  return {
    update_id: updateId++,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: from, type: "private", first_name: "T" },
      from: { id: from, is_bot: false, first_name: "T", language_code: "zh" },
      text,
      ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } : {}),
    },
  };
}

function postUpdate(instance: Instance, update: unknown, secret: string | null = SECRET): Promise<Response> {
  return fetch(`http://127.0.0.1:${instance.port}/telegram/webhook`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(secret === null ? {} : { "x-telegram-bot-api-secret-token": secret }) },
    body: JSON.stringify(update),
  });
}

async function stopInstance(instance: Instance): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  if (instance.child.exitCode !== null) return { code: instance.child.exitCode, ms: 0 };
  const exited = new Promise<number | null>((resolve) => instance.child.once("exit", (code) => resolve(code)));
  instance.child.kill("SIGTERM");
  return { code: await exited, ms: Date.now() - started };
}

let api: FakeBotApi;
let corpus: string;
let a: Instance;
let b: Instance;

beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error("ops: dist/main.js is missing: run `npm run build` first");
  api = new FakeBotApi();
  await api.start();
  corpus = mkdtempSync(join(tmpdir(), "newsbot-ops-corpus-"));
  for (const name of readdirSync(join(ROOT, "corpus"))) {
    if (!name.startsWith(".")) cpSync(join(ROOT, "corpus", name), join(corpus, name), { recursive: true });
  }
  const webhook = { WEBHOOK_URL: "https://bot.example.org/telegram/webhook", WEBHOOK_SECRET: SECRET };
  const [portA, portB] = [await freePort(), await freePort()];
  a = startInstance("inst-a", portA, webhook);
  b = startInstance("inst-b", portB, webhook);
  await Promise.all([waitHealthy(a, /webhook set/), waitHealthy(b, /webhook set/)]);
}, SLOW_MS * 2);

afterAll(async () => {
  if (process.env.E2E_DEBUG) process.stderr.write(`${a?.output}\n${b?.output}\n`);
  for (const instance of [a, b]) if (instance && instance.child.exitCode === null) instance.child.kill("SIGKILL");
  await api?.stop();
  if (corpus) rmSync(corpus, { recursive: true, force: true });
});

describe("two instances in webhook mode on one corpus folder", () => {
  it("both set the webhook with the secret and the update types, and report healthy", async () => {
    const sets = api.calls.filter((c) => c.method === "setWebhook");
    expect(sets).toHaveLength(2);
    for (const set of sets) {
      expect(set.payload).toMatchObject({ url: "https://bot.example.org/telegram/webhook", secret_token: SECRET });
      expect(set.payload.allowed_updates).toEqual(["message", "edited_message", "callback_query", "inline_query"]);
    }
    expect(api.calls.some((c) => c.method === "deleteWebhook")).toBe(false);
    const h = (await health(a))!;
    expect(h.status).toBe(200);
    expect(h.body).toMatchObject({ status: "ok", mode: "webhook", version: VERSION, instance: "inst-a", pages: 1 });
    expect(h.body.items).toBeGreaterThan(5);
    expect(typeof h.body.indexAgeSeconds).toBe("number");
    expect(new Date(h.body.loadedAt).getTime()).toBeLessThanOrEqual(Date.now());
    // Only 503 (index loading) or nothing at all came before the first 200.
    expect(a.statuses.filter((s) => s !== 200).every((s) => s === 503)).toBe(true);
  });

  it("rejects updates without the secret or with a wrong one (401) and answers one with it", async () => {
    const question = "聊城有多少家单项冠军企业？";
    const before = api.sent(USER_ID).length;
    expect((await postUpdate(a, textUpdate(question, USER_ID), null)).status).toBe(401);
    expect((await postUpdate(a, textUpdate(question, USER_ID), "not-the-secret")).status).toBe(401);
    await sleep(200);
    expect(api.sent(USER_ID)).toHaveLength(before);

    expect((await postUpdate(a, textUpdate(question, USER_ID))).status).toBe(200);
    const answer = await until("an answer", () =>
      api
        .sent(USER_ID)
        .slice(before)
        .find((t) => t.includes("79家")),
    );
    expect(answer).toContain("我市14家企业拟认定为省制造业单项冠军");
  });

  it("an admin's /reload on A reaches B within seconds; B answers from the new page", async () => {
    const itemsBefore = (await health(b))!.body.items as number;
    writeFileSync(
      join(corpus, "new-page.json"),
      JSON.stringify([
        { headline: "东昌湖新建观景台正式开放", date: "2024-12-03", body: ["东昌湖景区新建的观景台今天正式开放，观景台高42米。"] },
      ]),
    );
    const question = "东昌湖观景台有多高？";
    const seen = api.sent(USER_ID).length;
    expect((await postUpdate(b, textUpdate(question, USER_ID))).status).toBe(200);
    const old = await until("B's answer before the reload", () => api.sent(USER_ID)[seen]);
    expect(old).not.toContain("42米");

    const adminSeen = api.sent(ADMIN_ID).length;
    expect((await postUpdate(a, textUpdate("/reload", ADMIN_ID))).status).toBe(200);
    const report = await until("A's reload report", () =>
      api
        .sent(ADMIN_ID)
        .slice(adminSeen)
        .find((t) => t.includes("→")),
    );
    expect(report).toContain("东昌湖新建观景台正式开放");

    // A claimed the next reload generation; B follows it.
    const generations = readdirSync(join(corpus, ".newsbot", "generations"));
    expect(generations).toEqual(["1"]);
    expect(JSON.parse(readFileSync(join(corpus, ".newsbot", "generations", "1"), "utf8"))).toMatchObject({ by: "inst-a" });

    const started = Date.now();
    const after = await until(
      "B's index to change",
      async () => {
        const h = await health(b);
        return h && h.body.items !== itemsBefore ? h.body : undefined;
      },
      SLOW_MS,
    );
    expect(after.items).toBe(itemsBefore + 1);
    // No wall-clock bound: on a loaded machine B's rebuild alone may take tens of seconds.
    expect(Date.now() - started).toBeLessThan(SLOW_MS);
    expect(b.output).toMatch(/corpus-sync: reloaded after another instance's change/);

    const seen2 = api.sent(USER_ID).length;
    expect((await postUpdate(b, textUpdate(question, USER_ID))).status).toBe(200);
    const fresh = await until("B's answer from the new page", () => api.sent(USER_ID)[seen2]);
    expect(fresh).toContain("42米");
    // A reloaded once (the admin's); B once (the marker); nobody reloads in a loop.
    await sleep(600);
    expect(a.output.match(/corpus-sync: reloaded/g) ?? []).toHaveLength(0);
    expect(b.output.match(/corpus-sync: reloaded/g) ?? []).toHaveLength(1);
  });

  it("logs one JSON line per update, never the token or the secret", () => {
    const lines = a.output
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l));
    const updates = lines.filter((l) => l.msg === "update");
    expect(updates.length).toBeGreaterThanOrEqual(2);
    expect(updates[0]).toMatchObject({ kind: "message", chat_type: "private", outcome: "answered" });
    expect(updates.some((u) => u.command === "reload")).toBe(true);
    for (const out of [a.output, b.output]) {
      expect(out).not.toContain(TOKEN);
      expect(out).not.toContain(SECRET);
    }
  });

  it("both stop within a few seconds of SIGTERM, exit code 0", async () => {
    const results = await Promise.all([stopInstance(a), stopInstance(b)]);
    for (const r of results) {
      expect(r.code).toBe(0);
      // Exit 0 means each finished within its own shutdown budget (else it exits 1); the wall clock
      // only guards against a hang (process exit on a loaded machine is slow).
      expect(r.ms).toBeLessThan(STOP_WALL_MS);
    }
    expect(a.output).toContain("main: stopped");
  });
});

describe("long polling mode", () => {
  it(
    "serves /healthz too (mode polling) and stops on SIGTERM",
    async () => {
      const polling = startInstance("inst-p", await freePort(), {});
      try {
        const body = await waitHealthy(polling, /main: polling/);
        expect(body).toMatchObject({ status: "ok", mode: "polling", instance: "inst-p", version: VERSION });
        expect(polling.statuses.filter((s) => s !== 200).every((s) => s === 503)).toBe(true);
        // Not a webhook: an update POSTed here is not taken.
        expect((await postUpdate(polling, textUpdate("hi", USER_ID))).status).toBe(404);
        const { code, ms } = await stopInstance(polling);
        expect(code).toBe(0);
        expect(ms).toBeLessThan(STOP_WALL_MS);
      } finally {
        if (polling.child.exitCode === null) polling.child.kill("SIGKILL");
      }
    },
    SLOW_MS,
  );

  it(
    "webhook mode without WEBHOOK_SECRET generates one, uses it and never logs it",
    async () => {
      const port = await freePort();
      const inst = startInstance("inst-g", port, { WEBHOOK_URL: "https://bot.example.org/hook", WEBHOOK_SECRET: "" });
      const callsBefore = api.calls.length;
      try {
        await waitHealthy(inst, /webhook set/);
        const set = api.calls.slice(callsBefore).find((c) => c.method === "setWebhook")!;
        const generated = String(set.payload.secret_token);
        expect(generated).toMatch(/^[A-Za-z0-9_-]{32,256}$/);
        expect(inst.output).toMatch(/generated a random one/);
        expect(inst.output).not.toContain(generated);
        expect((await postUpdate(inst, textUpdate("/help", USER_ID), SECRET)).status).toBe(401);
        expect((await postUpdate(inst, textUpdate("/help", USER_ID), generated)).status).toBe(200);
        expect((await stopInstance(inst)).code).toBe(0);
      } finally {
        if (inst.child.exitCode === null) inst.child.kill("SIGKILL");
      }
    },
    SLOW_MS,
  );
});
