#!/usr/bin/env node
/**
 * A soak: the built bot (`node dist/main.js`, long polling) against the local Bot API emulator
 * (scripts/fake-telegram.mjs) answers questions at a steady rate for a while, from many distinct
 * users (so every per-user map is exercised), with button presses mixed in. Every `--sample`
 * seconds it records the bot's RSS and the replies so far; at the end it prints the samples, the
 * growth of RSS after warm-up, and whether every question got exactly one reply (exit 1 if not).
 *
 *   npm run build && npm run soak                  # 10 minutes, 20 questions/s, 5,000 users
 *   node scripts/soak.mjs --minutes 1 --rate 50 --json
 *
 * Bounded by design: it sends at most minutes × 60 × rate questions, to 127.0.0.1 only, and
 * stops by itself. Linux for the memory figures (/proc).
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { parseArgs } from "node:util";
import { startFakeTelegram } from "./fake-telegram.mjs";
import { MAIN, copyProjectCorpus, freePort, processMemory, sleep } from "./harness-common.mjs";

const TOKEN = "123124:SOAK-test_token";
const QUESTIONS = [
  "聊城有多少家单项冠军企业？",
  "高唐县电子信息产业前三季度产值增长多少？",
  "聊城的空气质量怎么样？",
  "蓝天保卫战",
  "How many single champion enterprises does Liaocheng have?",
  "上海迪士尼门票多少钱",
  "/latest",
  "PM2.5改善幅度在省内居第几位？",
];

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "10" },
    rate: { type: "string", default: "20" },
    users: { type: "string", default: "5000" },
    sample: { type: "string", default: "30" },
    json: { type: "boolean", default: false },
  },
});
const MINUTES = Math.min(60, Math.max(0.1, Number(values.minutes)));
const RATE = Math.min(200, Math.max(1, Number(values.rate)));
const USERS = Math.max(1, Number(values.users));
const SAMPLE_S = Math.max(1, Number(values.sample));

/** RSS and peak in MB, to one decimal. */
function rssMb(pid) {
  const { rssMb: rss, peakMb: peak } = processMemory(pid);
  return { rss: Math.round(rss * 10) / 10, peak: Math.round(peak * 10) / 10 };
}

async function main() {
  const corpus = copyProjectCorpus("newsbot-soak-");
  const fake = await startFakeTelegram({ token: TOKEN, holdMs: 500 });
  const child = spawn(process.execPath, [MAIN], {
    cwd: corpus,
    env: {
      PATH: process.env.PATH ?? "",
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: fake.apiRoot,
      CORPUS_DIR: corpus,
      PORT: String(await freePort()),
      CORPUS_POLL_MS: "0",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    await fake.nextCall((c) => c.method === "getUpdates", 180_000, "the bot's first getUpdates");
    const replies = new Map();
    fake.events.on("call", (c) => {
      if (c.method === "sendMessage") replies.set(Number(c.payload.chat_id), (replies.get(Number(c.payload.chat_id)) ?? 0) + 1);
    });
    const total = Math.round(MINUTES * 60 * RATE);
    const startedAt = Date.now();
    const samples = [{ s: 0, sent: 0, replies: 0, ...rssMb(child.pid) }];
    let nextSample = startedAt + SAMPLE_S * 1000;
    const asked = new Map();
    for (let i = 0; i < total; i++) {
      // Steady: question i goes out at startedAt + i / RATE seconds.
      const due = startedAt + (i * 1000) / RATE;
      if (due > Date.now()) await sleep(due - Date.now());
      const user = 100_000 + (i % USERS);
      fake.pushText(user, QUESTIONS[i % QUESTIONS.length]);
      asked.set(user, (asked.get(user) ?? 0) + 1);
      if (i % 10 === 5)
        fake.push({
          callback_query: {
            id: `cb${i}`,
            from: { id: user, is_bot: false, first_name: "U" },
            chat_instance: "ci",
            data: "x:junk",
            message: { message_id: 1, date: 0, chat: { id: user, type: "private" }, text: "old" },
          },
        });
      if (Date.now() >= nextSample) {
        samples.push({
          s: Math.round((Date.now() - startedAt) / 1000),
          sent: i + 1,
          replies: [...replies.values()].reduce((a, b) => a + b, 0),
          ...rssMb(child.pid),
        });
        nextSample += SAMPLE_S * 1000;
      }
    }
    const expected = [...asked.values()].reduce((a, b) => a + b, 0);
    const deadline = Date.now() + 60_000;
    const count = () => [...replies.values()].reduce((a, b) => a + b, 0);
    while (count() < expected && Date.now() < deadline) await sleep(200);
    samples.push({ s: Math.round((Date.now() - startedAt) / 1000), sent: total, replies: count(), ...rssMb(child.pid) });
    // RATE_LIMIT (20 a minute) can hold back a user who asks more: count users with a wrong total.
    const perMinute = (asked.size === USERS ? total / USERS : 1) / MINUTES;
    const wrong = [...asked].filter(([user, n]) => (replies.get(user) ?? 0) !== n).length;
    const warm = samples[Math.min(2, samples.length - 1)];
    const last = samples.at(-1);
    const result = {
      minutes: MINUTES,
      rate: RATE,
      users: USERS,
      questions: total,
      replies: count(),
      usersWithWrongReplyCount: wrong,
      questionsPerUserPerMinute: Math.round(perMinute * 100) / 100,
      rssStartMb: samples[0].rss,
      rssWarmMb: warm.rss,
      rssEndMb: last.rss,
      rssPeakMb: last.peak,
      rssGrowthAfterWarmupMb: Math.round((last.rss - warm.rss) * 10) / 10,
      samples,
    };
    if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      process.stdout.write("   s     sent  replies   rss MB  peak MB\n");
      for (const x of samples)
        process.stdout.write(
          `${String(x.s).padStart(4)} ${String(x.sent).padStart(8)} ${String(x.replies).padStart(8)} ${String(x.rss).padStart(8)} ${String(x.peak).padStart(8)}\n`,
        );
      process.stdout.write(
        `\n${total} questions at ${RATE}/s from ${USERS} users over ${MINUTES} min: ${count()} replies, ${wrong} users with a wrong reply count\n`,
      );
      process.stdout.write(
        `RSS ${result.rssStartMb} MB at start, ${result.rssWarmMb} MB after warm-up, ${result.rssEndMb} MB at the end (peak ${result.rssPeakMb}); growth after warm-up ${result.rssGrowthAfterWarmupMb} MB\n`,
      );
    }
    return wrong === 0 ? 0 : 1;
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    await fake.close();
    rmSync(corpus, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`soak: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
