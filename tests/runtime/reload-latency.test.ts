/**
 * Answers never wait behind a reload: the built bot long-polls our Bot API server with an
 * archive of a few thousand articles; questions are timed (queued for getUpdates → the answer's
 * sendMessage) without a reload, then while an admin's /reload rebuilds the index. The median
 * stays within a generous factor of the one without, and /healthz answers every time it is asked
 * meanwhile. No speed target: only "not held up".
 */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeTelegram } from "../../scripts/fake-telegram.mjs";
import { ArchiveGenerator, loadLexicon, writeArchive } from "../../src/bench/synthetic.js";
import { requireBuild, SEED_PAGE, tempDir } from "../reliability/helpers.js";
import { health, killIfRunning, removeDir, SLOW, startMain, type Running } from "./helpers.js";

const TOKEN = "777004:LATENCY-token";
const ADMIN = 5101;
const ARTICLES = 3000;
const QUESTIONS = ["聊城有多少家单项冠军企业？", "聊城有几家单项冠军企业"];

let fake: Awaited<ReturnType<typeof startFakeTelegram>>;
let bot: Running | undefined;
let corpus: string;

beforeAll(async () => {
  requireBuild();
  corpus = tempDir("latency");
  mkdirSync(corpus, { recursive: true });
  copyFileSync(SEED_PAGE, join(corpus, "000_777c845344387f30.txt"));
  writeArchive(join(corpus, "archive"), new ArchiveGenerator(loadLexicon(), { seed: 21 }), ARTICLES);
  fake = await startFakeTelegram({ token: TOKEN, holdMs: 200 });
  bot = await startMain({
    BOT_TOKEN: TOKEN,
    ADMIN_IDS: String(ADMIN),
    TELEGRAM_API_ROOT: fake.apiRoot,
    CORPUS_DIR: corpus,
    RATE_LIMIT: "0",
  });
  await bot.waitForLog(/"msg":"main: polling"/, SLOW * 2);
}, SLOW * 2);

afterAll(async () => {
  await killIfRunning(bot);
  await fake?.close();
  removeDir(corpus);
});

let nextUser = 9000;
/** Ask one question as a new user; resolves with the latency in ms. */
async function ask(question: string): Promise<number> {
  const user = nextUser++;
  const queued = Date.now();
  fake.pushText(user, question);
  const answer = await fake.nextCall(
    (c: { method: string; payload: Record<string, any> }) => c.method === "sendMessage" && Number(c.payload.chat_id) === user,
    SLOW,
    `an answer to ${user}`,
  );
  expect(answer.payload.text).toContain("79家");
  return answer.at - queued;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe("questions during a reload of a few thousand articles", () => {
  it(
    "are answered as fast as without one (within a generous factor); /healthz answers throughout",
    async () => {
      for (let i = 0; i < 3; i++) await ask(QUESTIONS[0]); // warm-up: the engine's lazy set-up
      const baseline: number[] = [];
      for (let i = 0; i < 15; i++) baseline.push(await ask(QUESTIONS[i % QUESTIONS.length]));

      // A new page, so the reload rebuilds the whole index (no snapshot to reuse).
      writeFileSync(
        join(corpus, "new.json"),
        JSON.stringify([{ headline: "运河博物馆新馆开馆", date: "2024-12-07", body: ["运河博物馆新馆今天开馆。"] }]),
      );
      fake.pushText(ADMIN, "/reload");
      const during: number[] = [];
      const healthMs: number[] = [];
      let reloading = true;
      let sawReloading = false;
      const deadline = Date.now() + SLOW * 2;
      while (reloading && Date.now() < deadline) {
        const started = Date.now();
        const h = await health(bot!.port);
        healthMs.push(Date.now() - started);
        expect(h?.code).toBe(200);
        reloading = h?.body.reloading === true || !sawReloading;
        if (h?.body.reloading === true) {
          sawReloading = true;
          if (during.length < 30) during.push(await ask(QUESTIONS[during.length % QUESTIONS.length]));
          else await new Promise((r) => setTimeout(r, 250)); // enough questions: keep watching /healthz
        }
      }
      expect(sawReloading).toBe(true);
      await fake.nextCall(
        (c: { method: string; payload: Record<string, any> }) =>
          c.method === "editMessageText" && Number(c.payload.chat_id) === ADMIN && String(c.payload.text).includes("→"),
        SLOW,
        "the reload report",
      );
      expect(during.length).toBeGreaterThanOrEqual(3);

      const without = median(baseline);
      const withReload = median(during);
      process.stdout.write(
        `reload-latency: median ${without} ms without a reload, ${withReload} ms during (${during.length} questions), healthz max ${Math.max(...healthMs)} ms\n`,
      );
      expect(withReload).toBeLessThanOrEqual(Math.max(5 * without, without + 500));
      expect(Math.max(...healthMs)).toBeLessThan(5000);
    },
    SLOW * 3,
  );
});
