/**
 * An admin's upload whose download hangs must not stop the bot: the built bot long-polls our own
 * Bot API server (scripts/fake-telegram.mjs), whose file endpoint sends headers and then nothing.
 * Other chats are answered meanwhile, the admin is told the download timed out, and a SIGTERM
 * while another download hangs ends the process (exit 0) within the shutdown budget.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeTelegram } from "../../scripts/fake-telegram.mjs";
import { copyCorpus, requireBuild } from "../reliability/helpers.js";
import { killIfRunning, removeDir, SLOW, startMain, type Running } from "./helpers.js";

const TOKEN = "777001:SLOW-io_token";
const ADMIN = 5001;
const USERS = [6001, 6002, 6003, 6004, 6005];
const DOWNLOAD_TIMEOUT_MS = 4000;
const SHUTDOWN_BUDGET_MS = 4000;

let fake: Awaited<ReturnType<typeof startFakeTelegram>>;
let bot: Running | undefined;
let corpus: string;

function pushDocument(fileId: string): void {
  fake.push({
    message: {
      message_id: Date.now() % 1_000_000,
      date: Math.floor(Date.now() / 1000),
      chat: { id: ADMIN, type: "private", first_name: "Admin" },
      from: { id: ADMIN, is_bot: false, first_name: "Admin", language_code: "zh-hans" },
      document: { file_id: fileId, file_unique_id: `u-${fileId}`, file_name: "page.json", file_size: 10 },
    },
  });
}

const textTo = (chatId: number) => (c: { method: string; payload: Record<string, any> }) =>
  (c.method === "sendMessage" || c.method === "editMessageText") && Number(c.payload.chat_id) === chatId;

beforeAll(async () => {
  requireBuild();
  corpus = copyCorpus();
  fake = await startFakeTelegram({ token: TOKEN, holdMs: 300, file: () => ({ type: "hang" }) });
  bot = await startMain({
    BOT_TOKEN: TOKEN,
    ADMIN_IDS: String(ADMIN),
    TELEGRAM_API_ROOT: fake.apiRoot,
    CORPUS_DIR: corpus,
    DOWNLOAD_TIMEOUT_MS: String(DOWNLOAD_TIMEOUT_MS),
    SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_BUDGET_MS),
  });
  await bot.waitForLog(/"msg":"main: polling"/);
}, SLOW);

afterAll(async () => {
  await killIfRunning(bot);
  await fake?.close();
  removeDir(corpus);
});

describe("an upload whose download hangs", () => {
  it(
    "does not hold up other chats; the admin is told it timed out",
    async () => {
      pushDocument("stalled-1");
      await new Promise<void>((resolve) => fake.events.once("file", () => resolve()));
      const askedAt = Date.now();
      for (const user of USERS) fake.pushText(user, "聊城有多少家单项冠军企业？");
      const answers = await Promise.all(USERS.map((user) => fake.nextCall(textTo(user), SLOW, `an answer to ${user}`)));
      for (const answer of answers) expect(answer.payload.text).toContain("79家");
      // Answered while the download still hung: before the admin heard anything.
      expect(fake.calls.filter(textTo(ADMIN))).toEqual([]);

      const told = await fake.nextCall(textTo(ADMIN), SLOW, "the admin's timeout message");
      expect(told.payload.text).toContain("无法读取这个文件：download timed out");
      expect(told.at - askedAt).toBeGreaterThanOrEqual(DOWNLOAD_TIMEOUT_MS - 1500);
      expect(bot!.output()).toMatch(/bot: upload download failed/);
    },
    SLOW,
  );

  it(
    "a SIGTERM while a download hangs exits 0 within the shutdown budget",
    async () => {
      const files = fake.fileRequests.length;
      pushDocument("stalled-2");
      await new Promise<void>((resolve) => {
        if (fake.fileRequests.length > files) resolve();
        else fake.events.once("file", () => resolve());
      });
      const { code, ms } = await bot!.terminate();
      expect(code).toBe(0);
      // The budget plus process exit on a loaded machine.
      expect(ms).toBeLessThan(SHUTDOWN_BUDGET_MS + 8000);
      expect(bot!.output()).not.toMatch(/shutdown took too long/);
    },
    SLOW,
  );
});
