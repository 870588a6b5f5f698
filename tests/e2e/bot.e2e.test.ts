/**
 * End to end: the built bot (`node dist/main.js`) as a real process, long-polling a
 * telegram-test-api server on 127.0.0.1; we talk to it as a user in private, in a group, and as
 * an admin. Needs `npm run build` first (npm test does it). Inline mode is not emulated by
 * telegram-test-api; tests/bot/inline.test.ts covers it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import TelegramServerModule from "telegram-test-api";
import type { TelegramServer as TelegramServerClass } from "telegram-test-api/lib/telegramServer.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const MAIN = join(ROOT, "dist", "main.js");
const TOKEN = "987654:E2E-test_token";
const ADMIN_ID = 7001;
const USER_ID = 7002;
const GROUP_ID = -100777;
/** telegram-test-api's getMe. */
const BOT = { id: 666, username: "TestNameBot" };

// The package is CommonJS (`module.exports = TelegramServer`) but its types declare an ES default export.
const TelegramServer = TelegramServerModule as unknown as typeof TelegramServerClass;
type TelegramServer = TelegramServerClass;
type Client = ReturnType<TelegramServer["getClient"]>;
type BotMessage = { text: string; chat_id: number | string; reply_markup?: any; message_id?: number };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

let server: TelegramServer;
let corpus: string;
let child: ChildProcess;
let output = "";

/** Bot messages to chatId, in order, with their server message ids. */
function botMessages(chatId: number): BotMessage[] {
  return server.storage.botMessages
    .filter((u) => String(u.message.chat_id) === String(chatId))
    .map((u) => ({ ...(u.message as any), message_id: u.messageId }));
}

/** Wait until chatId has received more than `seen` bot messages and the newest passes test. */
async function waitForMessage(
  chatId: number,
  seen: number,
  test: (m: BotMessage) => boolean = () => true,
  // Generous: a loaded 2-core machine may take tens of seconds to start reload workers.
  timeoutMs = 60_000,
): Promise<BotMessage> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = botMessages(chatId).slice(seen).find(test);
    if (found) return found;
    await sleep(50);
  }
  throw new Error(
    `no matching bot message in chat ${chatId}; got: ${JSON.stringify(
      botMessages(chatId)
        .slice(seen)
        .map((m) => m.text),
    )}`,
  );
}

async function say(client: Client, chatId: number, text: string, options: Record<string, unknown> = {}): Promise<BotMessage> {
  const seen = botMessages(chatId).length;
  if (text.startsWith("/")) await client.sendCommand(client.makeCommand(text, options as any));
  else await client.sendMessage(client.makeMessage(text, options as any));
  return waitForMessage(chatId, seen);
}

async function waitForLog(pattern: RegExp, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(output)) {
    if (Date.now() > deadline) throw new Error(`bot did not log ${pattern}; output:\n${output}`);
    if (child.exitCode !== null) throw new Error(`bot exited (${child.exitCode}); output:\n${output}`);
    await sleep(50);
  }
}

beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error("e2e: dist/main.js is missing: run `npm run build` first");
  const port = await freePort();
  server = new TelegramServer({ port, host: "127.0.0.1", storeTimeout: 120 });
  await server.start();

  corpus = mkdtempSync(join(tmpdir(), "newsbot-e2e-corpus-"));
  for (const name of readdirSync(join(ROOT, "corpus"))) {
    if (!name.startsWith(".")) cpSync(join(ROOT, "corpus", name), join(corpus, name), { recursive: true });
  }

  // cwd is the temp folder, so no developer's .env leaks in.
  child = spawn(process.execPath, [MAIN], {
    cwd: corpus,
    env: {
      PATH: process.env.PATH,
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: server.config.apiURL,
      CORPUS_DIR: corpus,
      ADMIN_IDS: String(ADMIN_ID),
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk) => (output += String(chunk)));
  child.stderr!.on("data", (chunk) => (output += String(chunk)));
  await waitForLog(/main: polling/);
}, 60_000);

afterAll(async () => {
  if (process.env.E2E_DEBUG) process.stderr.write(output);
  if (child && child.exitCode === null) child.kill("SIGKILL");
  await server?.stop();
  if (corpus) rmSync(corpus, { recursive: true, force: true });
});

describe("the bot process", () => {
  it("answers a private question with the fact, headline and buttons; 'next page' edits in place", async () => {
    const user = server.getClient(TOKEN, { userId: USER_ID, chatId: USER_ID, type: "private", firstName: "Li" });
    const reply = await say(user, USER_ID, "聊城有多少家单项冠军企业？");
    expect(reply.text).toContain("79家");
    expect(reply.text).toContain("我市14家企业拟认定为省制造业单项冠军");
    expect((reply as any).parse_mode).toBe("HTML");

    const paged = await say(user, USER_ID, "企业");
    const more = paged.reply_markup.inline_keyboard.flat().find((b: any) => b.text === "下一页 ›");
    expect(more).toBeDefined();
    const edited = new Promise<void>((resolve) => server.once("EditedMessageText", () => resolve()));
    await user.sendCallback(user.makeCallbackQuery(more.callback_data, { message: { message_id: paged.message_id } } as any));
    await Promise.race([edited, sleep(10_000).then(() => Promise.reject(new Error("no edit")))]);
    const after = botMessages(USER_ID).find((m) => m.message_id === paged.message_id)!;
    expect(after.text).toContain("第 4–");
  });

  it("deep-link flow: a group answer's [全文] opens the article in the reader's private chat, none in the group", async () => {
    const group = server.getClient(TOKEN, { userId: USER_ID, chatId: GROUP_ID, type: "group", chatTitle: "Liaocheng news" });
    const answer = await say(group, GROUP_ID, "/ask 冠县镀涂钢板制品产业集群位列全省第几？");
    expect(answer.text).toContain("<b>第3名</b>");
    const full = answer.reply_markup.inline_keyboard.flat().find((b: any) => String(b.text).startsWith("全文"));
    expect(full.callback_data).toBeUndefined();
    const link = /^https:\/\/t\.me\/(\w+)\?start=(a_[0-9a-f]{8}-\d+)$/.exec(full.url);
    expect(link?.[1]).toBe(BOT.username);
    const groupCount = botMessages(GROUP_ID).length;

    // Telegram turns the link into /start <param> in the private chat.
    const reader = server.getClient(TOKEN, { userId: USER_ID, chatId: USER_ID, type: "private", firstName: "Li" });
    const article = await say(reader, USER_ID, `/start ${link![2]}`);
    expect(article.text.startsWith("<b>【冠县镀涂钢板制品产业集群位列全省综合评价第三】</b>")).toBe(true);
    expect(article.text).toContain("位列第3名");
    expect(botMessages(GROUP_ID)).toHaveLength(groupCount);
  });

  it("in a group: silent on plain text, answers /ask, a mention and a reply to the bot", async () => {
    const group = server.getClient(TOKEN, { userId: USER_ID, chatId: GROUP_ID, type: "group", chatTitle: "Liaocheng news" });
    const before = botMessages(GROUP_ID).length;
    await group.sendMessage(group.makeMessage("聊城有多少家单项冠军企业？"));
    const ask = await say(group, GROUP_ID, "/ask 聊城有多少家单项冠军企业？");
    // The plain message came first and got nothing: the only reply is to /ask.
    expect(botMessages(GROUP_ID).slice(before)).toHaveLength(1);
    expect(ask.text).toContain("79家");

    const mention = `@${BOT.username}`;
    const viaMention = await say(group, GROUP_ID, `${mention} 聊城有多少家单项冠军企业？`, {
      entities: [{ type: "mention", offset: 0, length: mention.length }],
    });
    expect(viaMention.text).toContain("79家");

    const viaReply = await say(group, GROUP_ID, "高唐县电子信息产业前三季度产值增长多少？", {
      reply_to_message: {
        message_id: ask.message_id,
        date: 0,
        chat: { id: GROUP_ID, type: "group", title: "Liaocheng news" },
        from: { id: BOT.id, is_bot: true, first_name: "Test", username: BOT.username },
        text: ask.text,
      },
    });
    expect(viaReply.text).toContain("38.4%");
    expect(botMessages(GROUP_ID).slice(before)).toHaveLength(3);
  });

  it("lets an admin /reload pick up a new page file; a non-admin's /reload does nothing", async () => {
    const user = server.getClient(TOKEN, { userId: USER_ID, chatId: USER_ID, type: "private" });
    const admin = server.getClient(TOKEN, { userId: ADMIN_ID, chatId: ADMIN_ID, type: "private" });
    writeFileSync(
      join(corpus, "new-page.json"),
      JSON.stringify([
        { headline: "东昌湖新建观景台正式开放", date: "2024-12-03", body: ["东昌湖景区新建的观景台今天正式开放，观景台高42米。"] },
      ]),
    );

    const refused = await say(user, USER_ID, "/reload");
    expect(refused.text).toContain("不认识这个命令");
    const before = await say(user, USER_ID, "东昌湖观景台有多高？");
    expect(before.text).not.toContain("42米");

    const seen = botMessages(ADMIN_ID).length;
    await admin.sendCommand(admin.makeCommand("/reload"));
    // The reload builds in niced worker threads, which a busy machine starves: seconds to minutes.
    const report = await waitForMessage(ADMIN_ID, seen, (m) => m.text.includes("→"), 180_000);
    expect(report.text).toContain("新增 1");
    expect(report.text).toContain("东昌湖新建观景台正式开放");

    const after = await say(user, USER_ID, "东昌湖观景台有多高？");
    expect(after.text).toContain("42米");
  }, 90_000);

  it("never logs the token", () => {
    expect(output).not.toContain(TOKEN);
    expect(output).toContain("profile set-up call failed (ignored)"); // the test server lacks setMyCommands: logged, not fatal
  });

  it("stops within a few seconds of SIGTERM, exit code 0", async () => {
    const started = Date.now();
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    const code = await exited;
    // Exit 0 means within the 4 s shutdown budget (else exit 1); the wall clock guards a hang.
    expect(Date.now() - started).toBeLessThan(12_000);
    expect(code).toBe(0);
    expect(output).toContain("main: stopped");
  });
});

describe("the process without Telegram", () => {
  function run(env: Record<string, string>, input = ""): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const proc = spawn(process.execPath, [MAIN], {
        cwd: tmpdir(),
        env: { PATH: process.env.PATH, CORPUS_DIR: join(ROOT, "corpus"), ...env },
        stdio: ["pipe", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      proc.stdout!.on("data", (c) => (stdout += String(c)));
      proc.stderr!.on("data", (c) => (stderr += String(c)));
      proc.on("exit", (code) => resolve({ code, stdout, stderr }));
      proc.stdin!.end(input);
    });
  }

  it("without BOT_TOKEN runs the console chat on stdin and exits 0 at end of input", async () => {
    const { code, stdout } = await run({}, "聊城有多少家单项冠军企业？\n");
    expect(code).toBe(0);
    expect(stdout).toContain("79家");
    expect(stdout).toContain("我市14家企业拟认定为省制造业单项冠军");
    expect(stdout).not.toContain('"level"'); // logs go to stderr in console mode
  });

  it("a bad variable stops it with a clear message and exit code 1", async () => {
    const { code, stderr } = await run({ ADMIN_IDS: "12,abc" });
    expect(code).toBe(1);
    expect(stderr).toContain('config: ADMIN_IDS: "abc" is not a positive integer Telegram user id');
  });
});
