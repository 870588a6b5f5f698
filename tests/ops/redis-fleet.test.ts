/**
 * A fleet for real: three `node dist/main.js` in webhook mode sharing one redis-server (started by
 * tests/helpers/redis-server.ts) and one corpus folder, behind a round-robin proxy written here,
 * all talking to one fake Bot API. Buttons made on one instance work on another, an update posted
 * to two is answered once, the question budget is counted fleet-wide, racing reloads end on the
 * newest generation everywhere (built once), and questions are answered while Redis is down.
 * Needs `npm run build` first (npm test does it).
 */
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisServer } from "../helpers/redis-server.js";
import {
  ADMIN_ID,
  FakeBotApi,
  MAIN,
  SECRET,
  SLOW_MS,
  callbackUpdate,
  copyCorpus,
  freePort,
  health,
  postUpdate,
  startInstance,
  stopInstance,
  textUpdate,
  until,
  waitHealthy,
  sentMessageId,
  type ApiPayload,
  type Instance,
} from "./helpers/fleet.js";

const QUESTION = "聊城有多少家单项冠军企业？";
const RATE_LIMIT = 4;
const EXPIRED = /已过期|Expired/;

/** Forwards each webhook POST to the next instance in turn; remembers where each update went. */
class RoundRobinProxy {
  private server: Server;
  private next = 0;
  readonly routes = new Map<number, string>();
  port = 0;

  constructor(private readonly instances: Instance[]) {
    this.server = createServer((req, res) => {
      let raw = "";
      req.setEncoding("utf8");
      req.on("data", (c) => (raw += c));
      req.on("end", () => void this.forward(raw, req.url ?? "", String(req.headers["x-telegram-bot-api-secret-token"]), res));
    });
  }

  private async forward(raw: string, url: string, secret: string, res: ServerResponse): Promise<void> {
    const target = this.instances[this.next++ % this.instances.length];
    this.routes.set((JSON.parse(raw) as { update_id: number }).update_id, target.name);
    try {
      const forwarded = await fetch(`http://127.0.0.1:${target.port}${url}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-telegram-bot-api-secret-token": secret,
        },
        body: raw,
      });
      res.writeHead(forwarded.status).end(await forwarded.text());
    } catch {
      res.writeHead(502).end();
    }
  }

  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.port = (this.server.address() as AddressInfo).port;
  }

  post(update: { update_id: number }): Promise<Response> {
    return postUpdate({ port: this.port } as Instance, update);
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}

let redis: RedisServer;
let probe: Redis;
let api: FakeBotApi;
let corpus: string;
const fleet: Instance[] = [];
let proxy: RoundRobinProxy;

/** The messages sent to a chat after `from` calls, with the message ids the fake gave them. */
function sentTo(chatId: number, from = 0) {
  return api.calls
    .slice(from)
    .filter((c) => c.method === "sendMessage" && c.payload.chat_id === chatId)
    .map((c) => ({ text: String(c.payload.text), id: sentMessageId(c), markup: c.payload.reply_markup }));
}

function callbackAnswers(callbackId: string) {
  return api.calls.filter((c) => c.method === "answerCallbackQuery" && c.payload.callback_query_id === callbackId);
}

function buttons(markup: ApiPayload["reply_markup"]): string[] {
  return (markup?.inline_keyboard ?? []).flat().flatMap((b) => (b.callback_data ? [b.callback_data] : []));
}

async function generations(): Promise<number[]> {
  return Promise.all(fleet.map(async (i) => (await health(i))?.body.generation as number));
}

beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error("ops: dist/main.js is missing: run `npm run build` first");
  redis = await RedisServer.start();
  probe = redis.client();
  api = new FakeBotApi();
  await api.start();
  corpus = copyCorpus();
  const env = {
    WEBHOOK_URL: "https://bot.example.org/telegram/webhook",
    WEBHOOK_SECRET: SECRET,
    REDIS_URL: redis.url,
    RATE_LIMIT: String(RATE_LIMIT),
    CORPUS_POLL_MS: "1000",
  };
  for (const name of ["fleet-a", "fleet-b", "fleet-c"]) fleet.push(startInstance(name, await freePort(), env, { api, corpus }));
  await Promise.all(fleet.map((i) => waitHealthy(i, /webhook set/)));
  proxy = new RoundRobinProxy(fleet);
  await proxy.start();
}, SLOW_MS * 2);

afterAll(async () => {
  if (process.env.E2E_DEBUG) for (const i of fleet) process.stderr.write(`${i.output}\n`);
  for (const i of fleet) if (i.child.exitCode === null) i.child.kill("SIGKILL");
  await proxy?.stop();
  await api?.stop();
  probe?.disconnect();
  await redis?.stop();
  if (corpus) rmSync(corpus, { recursive: true, force: true });
});

describe("three webhook instances sharing Redis", () => {
  it("all report Redis ready in /healthz", async () => {
    for (const i of fleet) expect((await health(i))!.body).toMatchObject({ status: "ok", redis: "ready", instance: i.name });
  });

  it("a button on a message from one instance works when the press lands on another", async () => {
    const user = 7101;
    const ask = textUpdate(QUESTION, user);
    expect((await proxy.post(ask)).status).toBe(200);
    const answer = await until("the answer", () => sentTo(user).find((m) => m.text.includes("79家")));
    const full = buttons(answer.markup).find((d) => d.startsWith("f:"));
    expect(full).toBeDefined();
    const before = api.calls.length;
    const press = callbackUpdate(full!, user, answer.id);
    expect((await proxy.post(press)).status).toBe(200);
    expect(proxy.routes.get(press.update_id)).not.toBe(proxy.routes.get(ask.update_id));
    const answered = callbackAnswers(press.callback_query.id);
    expect(answered).toHaveLength(1);
    expect(String(answered[0].payload.text ?? "")).not.toMatch(EXPIRED);
    // The full article arrived (sent or edited in), from the instance that did not make the button.
    const shown = api.calls.slice(before).filter((c) => /sendMessage|editMessageText/.test(c.method) && c.payload.chat_id === user);
    expect(shown.map((c) => String(c.payload.text)).join("\n")).toContain("单项冠军");

    // A forged key is still "expired" everywhere.
    const forged = callbackUpdate("f:zzzzzzzz:0", user, answer.id);
    await proxy.post(forged);
    expect(String(callbackAnswers(forged.callback_query.id)[0].payload.text)).toMatch(EXPIRED);
  });

  it("the same update posted to two instances is answered once", async () => {
    const user = 7102;
    const update = textUpdate(QUESTION, user);
    const statuses = await Promise.all([postUpdate(fleet[0], update), postUpdate(fleet[1], update), postUpdate(fleet[2], update)]);
    expect(statuses.map((r) => r.status)).toEqual([200, 200, 200]);
    // Each POST is answered once its update is handled (or skipped): the count is final now.
    expect(sentTo(user)).toHaveLength(1);
    expect(await probe.get(`newsbot:424242:update:${update.update_id}`)).toMatch(/^fleet-[abc]$/);
  });

  it("counts the question budget fleet-wide", async () => {
    const user = 7103;
    const start = api.calls.length;
    // Six questions, two per instance: per-instance counting would answer all six.
    for (let n = 0; n < RATE_LIMIT + 2; n++) expect((await proxy.post(textUpdate(QUESTION, user))).status).toBe(200);
    const texts = sentTo(user, start).map((m) => m.text);
    expect(texts.filter((t) => t.includes("79家"))).toHaveLength(RATE_LIMIT);
    expect(texts.filter((t) => t.includes("提问太频繁"))).toHaveLength(1);
    expect(api.calls.slice(start).filter((c) => c.method === "setMessageReaction")).toHaveLength(1);
  });
});

describe("reloads across the fleet", () => {
  it("two racing reloads (one instance paused mid-reload) end with every instance on the newest generation, built once each", async () => {
    const [a, b] = fleet;
    const itemsBefore = (await health(a))!.body.items as number;
    const genBefore = Math.max(...(await generations()));
    writeFileSync(
      join(corpus, "race-one.json"),
      JSON.stringify([{ headline: "徒骇河新桥合龙", date: "2024-12-04", body: ["徒骇河新桥今天合龙，全长860米。"] }]),
    );
    const adminSeen = api.calls.length;
    // B starts a reload and is paused while it holds the build lock (or right after, on a fast machine).
    const bReload = postUpdate(b, textUpdate("/reload", ADMIN_ID));
    const generationNow = async () => Number((await probe.get("newsbot:424242:generation")) ?? 0);
    await until("B to take the build lock or finish", async () =>
      (await probe.get("newsbot:424242:build-lock"))?.startsWith("fleet-b/") || (await generationNow()) > genBefore ? true : undefined,
    );
    b.child.kill("SIGSTOP");
    try {
      writeFileSync(
        join(corpus, "race-two.json"),
        JSON.stringify([{ headline: "运河博物馆夜间开放", date: "2024-12-05", body: ["运河博物馆从下周起夜间开放到21点。"] }]),
      );
      const aReload = postUpdate(a, textUpdate("/reload", ADMIN_ID));
      // A waits for B's lock (or builds at once if B was already done); either way B resumes after.
      await until("A to wait or reload", () => (/another instance is building|announced a reload/.test(a.output) ? true : undefined));
      b.child.kill("SIGCONT");
      expect((await Promise.all([bReload, aReload])).map((r) => r.status)).toEqual([200, 200]);
    } finally {
      b.child.kill("SIGCONT");
    }
    // The POSTs return once /reload started (it runs in the background): wait for both reports.
    const reportsOf = () =>
      api.calls.slice(adminSeen).filter((c) => c.payload.chat_id === ADMIN_ID && String(c.payload.text).includes("→"));
    await until("both reload reports", () => (reportsOf().length >= 2 ? true : undefined));
    const newest = await generationNow();
    expect(newest).toBe(genBefore + 2);
    await until("every instance on the newest generation with both pages", async () => {
      const bodies = await Promise.all(fleet.map(async (i) => (await health(i))?.body));
      return bodies.every((h) => h?.generation === newest && h.items === itemsBefore + 2) ? true : undefined;
    });
    expect(
      reportsOf()
        .map((c) => String(c.payload.text))
        .join("\n"),
    ).toContain("运河博物馆夜间开放");
    // Built once per announced reload: an instance following a generation read the snapshot.
    const c = fleet[2];
    const followed = c.output.split("\n").filter((l) => l.includes("reloaded after another instance's change"));
    expect(followed.length).toBeGreaterThanOrEqual(1);
    expect(followed.every((l) => l.includes('"source":"snapshot"'))).toBe(true);
    // Two announced reloads, at most two builds in the whole fleet (one when B's build already saw both pages).
    const builds = fleet.flatMap((i) => i.output.split("\n")).filter((l) => l.includes("corpus-sync") && l.includes('"source":"corpus"'));
    expect(builds.length).toBeGreaterThanOrEqual(1);
    expect(builds.length).toBeLessThanOrEqual(2);
  });
});

describe("Redis killed and restarted", () => {
  it("questions are still answered, /healthz says down, and shared buttons work again once Redis is back", async () => {
    const user = 7104;
    await redis.kill();
    await until("an instance to see Redis down", async () => ((await health(fleet[0]))?.body.redis === "down" ? true : undefined));
    const start = api.calls.length;
    for (let n = 0; n < fleet.length; n++) expect((await proxy.post(textUpdate(QUESTION, user))).status).toBe(200);
    expect(sentTo(user, start).filter((m) => m.text.includes("79家"))).toHaveLength(fleet.length);
    const h = (await health(fleet[0]))!;
    expect(h.status).toBe(200);
    expect(h.body.redis).toBe("down");
    expect(fleet[0].output).toMatch(/redis: (unavailable|connection lost)/);
    // A reload now works here, and the admin is told the others could not be.
    const adminSeen = api.calls.length;
    await postUpdate(fleet[0], textUpdate("/reload", ADMIN_ID));
    const report = await until("the reload report", () =>
      api.calls
        .slice(adminSeen)
        .map((c) => String(c.payload.text ?? ""))
        .find((t) => t.includes("→")),
    );
    expect(report).toContain("未能通知其他实例");

    await redis.launch();
    await until("every instance reconnected", async () => {
      const states = await Promise.all(fleet.map(async (i) => (await health(i))?.body.redis));
      return states.every((s) => s === "ready") ? true : undefined;
    });
    const seen = api.calls.length;
    const ask = textUpdate(QUESTION, user + 1);
    await proxy.post(ask);
    const answer = sentTo(user + 1, seen)[0];
    const press = callbackUpdate(
      buttons(answer.markup).find((d) => d.startsWith("f:"))!,
      user + 1,
      answer.id,
    );
    await proxy.post(press);
    expect(proxy.routes.get(press.update_id)).not.toBe(proxy.routes.get(ask.update_id));
    expect(String(callbackAnswers(press.callback_query.id)[0].payload.text ?? "")).not.toMatch(EXPIRED);
    // The restart lost the counter; the instances put the generation back (on their next poll,
    // or when their subscriber reconnects: wait for it, a loaded machine may take a while).
    const gens = await generations();
    const highest = Math.max(...gens) || 0;
    const restored = await until("the generation put back", async () => {
      const stored = Number(await probe.get("newsbot:424242:generation"));
      return stored >= highest ? stored : undefined;
    });
    expect(restored).toBeGreaterThanOrEqual(highest);
  });

  it("every instance stops cleanly on SIGTERM", async () => {
    const results = await Promise.all(fleet.map((i) => stopInstance(i)));
    for (const r of results) expect(r.code).toBe(0);
  });
});
