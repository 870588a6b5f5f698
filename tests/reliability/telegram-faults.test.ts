/**
 * Telegram faults, end to end: the built bot (`node dist/main.js`) long-polls our own Bot API
 * server (scripts/fake-telegram.mjs) that answers some calls with 429 + retry_after, 500, slow
 * responses and dropped connections. Twenty questions from twenty users must get exactly one reply
 * each: no loss, no duplicate. Drops happen before the server processes a call, as a lost request
 * would; a retried sendMessage that had in fact been delivered would be a duplicate no client can
 * avoid without Telegram's help, so it is not simulated.
 *
 * The bot handles updates one at a time and @grammyjs/auto-retry waits 3 s after a 500 or a
 * network error, so the faults are few and chosen to keep the whole run near 20 s.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// A plain ES module (typed by its .d.mts), shared with scripts/load-test.mjs.
import { startFakeTelegram, type FakeTelegram, type Fault } from "../../scripts/fake-telegram.mjs";
import { copyCorpus, removeDir, requireBuild, spawnBot, type BotProcess } from "./helpers.js";

const TOKEN = "424242:FAULTS-token_xyz";
const QUESTIONS = [
  "聊城有多少家单项冠军企业？",
  "高唐县电子信息产业前三季度产值增长多少？",
  "企业",
  "上海迪士尼门票多少钱",
  "聊城空气质量怎么样",
  "<script>alert(1)</script>",
  "蓝天",
  "How many single champion enterprises does Liaocheng have?",
  "/ask 聊城有多少家单项冠军企业？",
  "😀",
];

/** Per method, the attempt numbers (1-based) that fail, and how. */
const PLAN: Record<string, Record<number, Fault>> = {
  getUpdates: { 3: { type: "500" }, 5: { type: "drop" }, 7: { type: "429", retryAfter: 1 } },
  sendMessage: {
    2: { type: "429", retryAfter: 1 },
    5: { type: "500" },
    8: { type: "drop" },
    11: { type: "slow", ms: 2000 },
    14: { type: "429", retryAfter: 1 },
    17: { type: "slow", ms: 800 },
  },
  setMyCommands: { 1: { type: "500" }, 2: { type: "drop" } },
};

let server: FakeTelegram;
let bot: BotProcess;
let corpus: string;
const USERS = Array.from({ length: 20 }, (_, i) => 5000 + i);

beforeAll(async () => {
  requireBuild();
  server = await startFakeTelegram({
    token: TOKEN,
    holdMs: 1000,
    fault: ({ method, attempt }) => PLAN[method]?.[attempt] ?? null,
  });
  corpus = copyCorpus();
  bot = await spawnBot({
    BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: server.apiRoot,
    CORPUS_DIR: corpus,
    LOG_LEVEL: "warn",
    RATE_LIMIT: "0",
  });
  await server.waitFor(() => server.sent("getUpdates").length > 0, 20_000, "the first getUpdates");
}, 30_000);

afterAll(async () => {
  await bot?.stop();
  await server?.close();
  removeDir(corpus);
});

describe("the bot process under Telegram faults", () => {
  it("answers every question exactly once, honours retry_after and keeps polling", async () => {
    // Three bursts, so several getUpdates calls (and their faults) happen in between.
    const bursts = [USERS.slice(0, 8), USERS.slice(8, 14), USERS.slice(14)];
    for (const burst of bursts) {
      for (const user of burst) server.pushText(user, QUESTIONS[user % QUESTIONS.length]);
      await new Promise((r) => setTimeout(r, 500));
    }
    await server.waitFor(
      () => USERS.every((u) => server.sent("sendMessage").some((c) => c.payload.chat_id === u)),
      40_000,
      "a reply to every question",
    );
    // Polling goes on through every getUpdates fault and confirms every update; meanwhile a late
    // duplicate would have the chance to show up.
    await server.waitFor(
      () => server.pendingUpdates === 0 && server.sent("getUpdates").some((c) => c.attempt > 7),
      20_000,
      "polling past the getUpdates faults",
    );

    const replies = server.sent("sendMessage");
    for (const user of USERS) {
      const mine = replies.filter((c) => c.payload.chat_id === user);
      expect(mine, `user ${user}`).toHaveLength(1);
      expect(mine[0].payload.text?.length).toBeGreaterThan(0);
    }
    expect(replies).toHaveLength(USERS.length);

    // Every planned fault happened.
    const faulted = server.attempts.filter((a) => a.fault);
    for (const [method, plan] of Object.entries(PLAN)) {
      for (const [attempt, fault] of Object.entries(plan)) {
        expect(
          faulted.some((a) => a.method === method && a.attempt === Number(attempt) && a.fault === fault.type),
          `${method} #${attempt}`,
        ).toBe(true);
      }
    }

    // retry_after: the same message was not tried again before a second had passed.
    for (const limited of server.attempts.filter((a) => a.method === "sendMessage" && a.fault === "429")) {
      const retry = server.attempts.find(
        (a) => a.method === "sendMessage" && a.at > limited.at && a.payload.chat_id === limited.payload.chat_id,
      );
      expect(retry, `retry of the 429 to ${limited.payload.chat_id}`).toBeDefined();
      expect(retry!.at - limited.at).toBeGreaterThanOrEqual(950);
    }

    // Polling went on after each failed getUpdates.
    const lastFault = Math.max(...faulted.filter((a) => a.method === "getUpdates").map((a) => a.at));
    expect(server.sent("getUpdates").some((c) => c.at > lastFault)).toBe(true);
    expect(bot.child.exitCode).toBeNull();
  }, 60_000);

  it("logged no fatal error and never the token; stops cleanly", async () => {
    const code = await bot.stop();
    expect(code).toBe(0);
    const output = bot.output();
    expect(output).not.toContain(TOKEN);
    expect(output).not.toMatch(/"level":60/);
  });
});
