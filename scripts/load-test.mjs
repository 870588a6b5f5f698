#!/usr/bin/env node
/**
 * A bounded load test: the built bot (`node dist/main.js`) long-polls a local Bot API emulator
 * (scripts/fake-telegram.mjs, no faults) while USERS users send QUESTIONS questions in bursts.
 * Reports replies received (all of them, or the exit code is 1), duplicates, reply latency
 * (push → sendMessage, p50/p95/p99/max), throughput and the bot's memory (RSS after start-up,
 * after the load, and the peak).
 *
 *   npm run load                       # 50 users, 400 questions, 8 bursts
 *   npm run load -- --users 100 --questions 1000 --json
 *
 * Needs `npm run build` first. Linux for the memory figures (/proc).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startFakeTelegram } from "./fake-telegram.mjs";
import { MAIN, QUESTIONS, copyProjectCorpus, freePort, percentile, processMemory, sleep } from "./harness-common.mjs";

const TOKEN = "123123:LOAD-test_token";

const { values } = parseArgs({
  options: {
    users: { type: "string", default: "50" },
    questions: { type: "string", default: "400" },
    bursts: { type: "string", default: "8" },
    "burst-gap": { type: "string", default: "250" },
    timeout: { type: "string", default: "120" },
    json: { type: "boolean", default: false },
  },
});
const USERS = Number(values.users);
const TOTAL = Number(values.questions);
const BURSTS = Math.max(1, Number(values.bursts));
const GAP_MS = Number(values["burst-gap"]);
const TIMEOUT_MS = Number(values.timeout) * 1000;

async function main() {
  if (!existsSync(MAIN)) {
    process.stderr.write("load-test: dist/main.js is missing: run `npm run build` first\n");
    return 2;
  }
  const server = await startFakeTelegram({ token: TOKEN, holdMs: 1000 });
  const corpus = copyProjectCorpus("newsbot-load-corpus-");
  const cwd = mkdtempSync(join(tmpdir(), "newsbot-load-cwd-"));
  const child = spawn(process.execPath, [MAIN], {
    cwd,
    env: {
      PATH: process.env.PATH,
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: server.apiRoot,
      CORPUS_DIR: corpus,
      LOG_LEVEL: "warn",
      PORT: String(await freePort()), // the /healthz server
      CORPUS_POLL_MS: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (c) => (output += c));
  child.stderr.on("data", (c) => (output += c));

  try {
    const startedAt = Date.now();
    await server.waitFor(() => server.sent("getUpdates").length > 0 || child.exitCode !== null, 30_000, "the bot to start polling");
    if (child.exitCode !== null) throw new Error(`the bot exited (${child.exitCode}):\n${output}`);
    const startupMs = Date.now() - startedAt;
    await sleep(500); // settle
    const before = processMemory(child.pid);

    // Questions in bursts: each burst, users take turns; question k of user u is answered by
    // the k-th reply in u's chat (the bot answers a chat's messages in order).
    const pushed = new Map(); // chat id → push times, in order
    const users = Array.from({ length: USERS }, (_, i) => 100_000 + i);
    const perBurst = Math.ceil(TOTAL / BURSTS);
    let sent = 0;
    const loadStarted = Date.now();
    for (let b = 0; b < BURSTS && sent < TOTAL; b++) {
      for (let i = 0; i < perBurst && sent < TOTAL; i++, sent++) {
        const user = users[sent % USERS];
        server.pushText(user, QUESTIONS[sent % QUESTIONS.length]);
        if (!pushed.has(user)) pushed.set(user, []);
        pushed.get(user).push(Date.now());
      }
      await sleep(GAP_MS);
    }
    const replies = () => server.sent("sendMessage");
    await server.waitFor(() => replies().length >= TOTAL, TIMEOUT_MS, `${TOTAL} replies`).catch(() => undefined);
    // From the first question to the last reply; then a second for late duplicates to show up.
    const loadMs = Math.max(1, (replies().at(-1)?.at ?? Date.now()) - loadStarted);
    await sleep(1000);
    const after = processMemory(child.pid);

    const latencies = [];
    let duplicates = 0;
    let missing = 0;
    for (const [user, times] of pushed) {
      const mine = replies().filter((c) => c.payload.chat_id === user);
      if (mine.length > times.length) duplicates += mine.length - times.length;
      if (mine.length < times.length) missing += times.length - mine.length;
      mine.slice(0, times.length).forEach((reply, k) => latencies.push(reply.at - times[k]));
    }
    latencies.sort((a, b) => a - b);
    const result = {
      users: USERS,
      questions: TOTAL,
      bursts: BURSTS,
      replies: replies().length,
      missing,
      duplicates,
      latencyMs: {
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
        max: latencies.at(-1) ?? NaN,
      },
      throughputPerSecond: Math.round((latencies.length / (loadMs / 1000)) * 10) / 10,
      wallMs: loadMs,
      startupMs,
      memoryMb: {
        rssBefore: Math.round(before.rssMb),
        rssAfter: Math.round(after.rssMb),
        peak: Math.round(after.peakMb),
      },
      errorsLogged: output.split("\n").filter((l) => /"level":(50|60)/.test(l)).length,
    };
    if (values.json) {
      process.stdout.write(JSON.stringify(result, null, 2) + "\n");
    } else {
      const l = result.latencyMs;
      process.stdout.write(
        [
          `load: ${result.users} users, ${result.questions} questions in ${result.bursts} bursts (node ${process.version})`,
          `replies:    ${result.replies}/${result.questions} (missing ${missing}, duplicates ${duplicates})`,
          `latency:    p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms, max ${l.max} ms`,
          `throughput: ${result.throughputPerSecond} replies/s over ${(loadMs / 1000).toFixed(1)} s (start-up ${startupMs} ms)`,
          `memory:     RSS ${result.memoryMb.rssBefore} MB before → ${result.memoryMb.rssAfter} MB after, peak ${result.memoryMb.peak} MB`,
          `errors:     ${result.errorsLogged} logged`,
        ].join("\n") + "\n",
      );
    }
    return missing === 0 && duplicates === 0 && result.errorsLogged === 0 ? 0 : 1;
  } finally {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await Promise.race([new Promise((r) => child.once("exit", r)), sleep(5000).then(() => child.kill("SIGKILL"))]);
    }
    await server.close();
    rmSync(corpus, { recursive: true, force: true });
    rmSync(cwd, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`load-test: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
