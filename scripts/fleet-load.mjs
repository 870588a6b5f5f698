#!/usr/bin/env node
/**
 * The fleet load run: INSTANCES built bots (`node dist/main.js`, webhook mode) sharing one real
 * redis-server (scripts/redis-server.mjs) and one corpus folder, behind a round-robin proxy, with
 * the Bot API emulator (scripts/fake-telegram.mjs) taking what they send. USERS users ask
 * QUESTIONS questions in rounds (each user at most once per round, as Telegram delivers one chat
 * in order); after each round, every answer with a "full article" button gets it pressed, and
 * the proxy sends the press to the next instance, usually not the one that made the button.
 *
 * Reported: answers per question (exactly one each, or the exit code is 1), presses answered
 * "expired" (none, or exit 1), latency of an update through the proxy until handled, throughput,
 * how the updates spread over the instances, each instance's RSS, Redis memory and commands.
 *
 *   npm run load:fleet                        # 3 instances, 50 users, 400 questions
 *   npm run load:fleet -- --instances 2 --users 100 --questions 1000 --json
 *   npm run load:fleet -- --no-redis           # the same without REDIS_URL: what Redis fixes
 *
 * Needs `npm run build` first, redis-server on PATH, Linux for the memory figures (/proc).
 */
import { spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { startFakeTelegram } from "./fake-telegram.mjs";
import { MAIN, QUESTIONS, copyProjectCorpus, freePort, percentile, processMemory, sleep } from "./harness-common.mjs";
import { RedisServer } from "./redis-server.mjs";

const TOKEN = "123124:FLEET-load_token";
const SECRET = "fleet-load-webhook-secret_123456";
const EXPIRED = /已过期|Expired/;

const { values } = parseArgs({
  options: {
    instances: { type: "string", default: "3" },
    users: { type: "string", default: "50" },
    questions: { type: "string", default: "400" },
    json: { type: "boolean", default: false },
    /** No REDIS_URL: each instance keeps its own state (the figures Redis fixes). */
    "no-redis": { type: "boolean", default: false },
  },
});
const INSTANCES = Math.max(1, Number(values.instances));
const SHARED = !values["no-redis"];
const USERS = Number(values.users);
const TOTAL = Number(values.questions);
const START_TIMEOUT_MS = 180_000;

/** Round-robin over the instances' webhooks; counts where updates went. */
async function startProxy(instances) {
  let next = 0;
  const routed = new Map(instances.map((i) => [i.name, 0]));
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", async () => {
      const target = instances[next++ % instances.length];
      routed.set(target.name, routed.get(target.name) + 1);
      try {
        const forwarded = await fetch(`http://127.0.0.1:${target.port}${req.url}`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
          body: Buffer.concat(chunks),
        });
        res.writeHead(forwarded.status).end(await forwarded.text());
      } catch {
        res.writeHead(502).end();
      }
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { port: server.address().port, routed, close: () => new Promise((r) => server.close(r)) };
}

async function healthy(instance) {
  try {
    const res = await fetch(`http://127.0.0.1:${instance.port}/healthz`);
    const body = await res.json();
    return res.status === 200 && (!SHARED || body.redis === "ready");
  } catch {
    return false;
  }
}

let nextUpdateId = 1;
let nextMessageId = 1;
function question(user, text) {
  const command = /^\/\w+/.exec(text);
  const from = { id: user, is_bot: false, first_name: `U${user}`, language_code: "zh-hans" };
  return {
    update_id: nextUpdateId++,
    message: {
      message_id: nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: user, type: "private", first_name: from.first_name },
      from,
      text,
      ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } : {}),
    },
  };
}

function press(user, data, messageId) {
  const id = nextUpdateId++;
  return {
    update_id: id,
    callback_query: {
      id: `cb-${id}`,
      chat_instance: `ci-${user}`,
      data,
      from: { id: user, is_bot: false, first_name: `U${user}`, language_code: "zh-hans" },
      message: { message_id: messageId, date: Math.floor(Date.now() / 1000), chat: { id: user, type: "private" }, text: "…" },
    },
  };
}

async function main() {
  if (!existsSync(MAIN)) {
    process.stderr.write("fleet-load: dist/main.js is missing: run `npm run build` first\n");
    return 2;
  }
  const redis = await RedisServer.start();
  const probe = redis.client();
  const telegram = await startFakeTelegram({ token: TOKEN, holdMs: 1000 });
  const corpus = copyProjectCorpus("newsbot-fleet-corpus-");
  const instances = [];
  let proxy;
  try {
    for (let n = 0; n < INSTANCES; n++) {
      const name = `load-${String.fromCharCode(97 + n)}`;
      const port = await freePort();
      const child = spawn(process.execPath, [MAIN], {
        cwd: corpus,
        env: {
          PATH: process.env.PATH,
          BOT_TOKEN: TOKEN,
          TELEGRAM_API_ROOT: telegram.apiRoot,
          CORPUS_DIR: corpus,
          LOG_LEVEL: "warn",
          PORT: String(port),
          INSTANCE_ID: name,
          // What setWebhook is told (the emulator does not deliver; this script posts to the proxy).
          WEBHOOK_URL: "https://bot.example.org/telegram/webhook",
          WEBHOOK_SECRET: SECRET,
          ...(SHARED ? { REDIS_URL: redis.url } : {}),
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      const instance = { name, port, child, output: "" };
      child.stdout.on("data", (c) => (instance.output += c));
      child.stderr.on("data", (c) => (instance.output += c));
      instances.push(instance);
    }
    const startedAt = Date.now();
    for (;;) {
      const dead = instances.find((i) => i.child.exitCode !== null);
      if (dead) throw new Error(`${dead.name} exited (${dead.child.exitCode}):\n${dead.output}`);
      // Ready: index loaded, Redis connected, and every instance has set its webhook.
      if ((await Promise.all(instances.map(healthy))).every(Boolean) && telegram.sent("setWebhook").length >= INSTANCES) break;
      if (Date.now() - startedAt > START_TIMEOUT_MS) throw new Error("the instances did not become ready");
      await sleep(100);
    }
    const startupMs = Date.now() - startedAt;
    proxy = await startProxy(instances);
    const post = async (update) => {
      const started = Date.now();
      const res = await fetch(`http://127.0.0.1:${proxy.port}/telegram/webhook`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(update),
      });
      await res.text();
      if (res.status !== 200) throw new Error(`update ${update.update_id}: HTTP ${res.status}`);
      return Date.now() - started;
    };

    const users = Array.from({ length: USERS }, (_, i) => 200_000 + i);
    const latencies = [];
    let asked = 0;
    let answered = 0;
    let unanswered = 0;
    let duplicated = 0;
    let presses = 0;
    let expired = 0;
    let pressUnanswered = 0;
    const loadStarted = Date.now();
    while (asked < TOTAL) {
      // A round: each user at most one question, all at once.
      const round = users
        .slice(0, Math.min(USERS, TOTAL - asked))
        .map((user, i) => question(user, QUESTIONS[(asked + i) % QUESTIONS.length]));
      asked += round.length;
      const from = telegram.calls.length;
      latencies.push(...(await Promise.all(round.map(post))));
      // Each POST returns once its update is handled: the replies are all in.
      const replies = telegram.calls.slice(from).filter((c) => c.method === "sendMessage");
      const pressesNow = [];
      for (const q of round) {
        const mine = replies.filter((c) => c.payload.chat_id === q.message.chat.id);
        if (mine.length === 0) unanswered++;
        else answered++;
        if (mine.length > 1) duplicated += mine.length - 1;
        const full = (mine[0]?.payload.reply_markup?.inline_keyboard ?? [])
          .flat()
          .map((b) => b.callback_data)
          .find((d) => typeof d === "string" && d.startsWith("f:"));
        if (full) pressesNow.push(press(q.message.chat.id, full, mine[0].result.message_id));
      }
      latencies.push(...(await Promise.all(pressesNow.map(post))));
      for (const p of pressesNow) {
        presses++;
        const answers = telegram.calls.filter(
          (c) => c.method === "answerCallbackQuery" && c.payload.callback_query_id === p.callback_query.id,
        );
        if (answers.length === 0) pressUnanswered++;
        else if (EXPIRED.test(String(answers[0].payload.text ?? ""))) expired++;
      }
    }
    const wallMs = Date.now() - loadStarted;
    latencies.sort((a, b) => a - b);
    const info = (section, field) => new RegExp(`${field}:(\\S+)`).exec(section)?.[1];
    const memoryInfo = await probe.info("memory");
    const statsInfo = await probe.info("stats");
    const result = {
      instances: INSTANCES,
      redisShared: SHARED,
      users: USERS,
      questions: TOTAL,
      answered,
      unanswered,
      duplicated,
      presses,
      expired,
      pressUnanswered,
      updatesPerInstance: Object.fromEntries(proxy.routed),
      latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), max: latencies.at(-1) },
      updatesPerSecond: Math.round((latencies.length / (wallMs / 1000)) * 10) / 10,
      wallMs,
      startupMs,
      rssMbPerInstance: Object.fromEntries(instances.map((i) => [i.name, Math.round(processMemory(i.child.pid).rssMb)])),
      redis: {
        usedMemory: info(memoryInfo, "used_memory_human"),
        keys: await probe.dbsize(),
        commands: Number(info(statsInfo, "total_commands_processed")),
      },
      errorsLogged: instances.flatMap((i) => i.output.split("\n")).filter((l) => /"level":(50|60)/.test(l)).length,
    };
    probe.disconnect();
    if (values.json) process.stdout.write(JSON.stringify(result, null, 2) + "\n");
    else {
      const l = result.latencyMs;
      process.stdout.write(
        [
          `fleet load: ${INSTANCES} instances ${SHARED ? "+ Redis" : "WITHOUT Redis"} behind a round-robin proxy, ${USERS} users, ${TOTAL} questions (node ${process.version})`,
          `questions:  ${answered}/${TOTAL} answered (unanswered ${unanswered}, answered twice ${duplicated})`,
          `presses:    ${presses} "full article" presses, ${expired} expired, ${pressUnanswered} unanswered`,
          `spread:     ${Object.entries(result.updatesPerInstance)
            .map(([k, v]) => `${k} ${v}`)
            .join(", ")} updates`,
          `latency:    p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms, max ${l.max} ms (POST through the proxy until handled)`,
          `throughput: ${result.updatesPerSecond} updates/s over ${(wallMs / 1000).toFixed(1)} s (start-up ${startupMs} ms)`,
          `memory:     RSS ${Object.entries(result.rssMbPerInstance)
            .map(([k, v]) => `${k} ${v} MB`)
            .join(", ")}; Redis ${result.redis.usedMemory}, ${result.redis.keys} keys, ${result.redis.commands} commands`,
          `errors:     ${result.errorsLogged} logged`,
        ].join("\n") + "\n",
      );
    }
    return unanswered === 0 && duplicated === 0 && expired === 0 && pressUnanswered === 0 && result.errorsLogged === 0 ? 0 : 1;
  } finally {
    await Promise.all(
      instances.map(async (i) => {
        if (i.child.exitCode !== null) return;
        i.child.kill("SIGTERM");
        await Promise.race([new Promise((r) => i.child.once("exit", r)), sleep(8000).then(() => i.child.kill("SIGKILL"))]);
      }),
    );
    await proxy?.close();
    await telegram.close();
    probe.disconnect();
    await redis.stop();
    rmSync(corpus, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`fleet-load: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
