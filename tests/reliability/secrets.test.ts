/**
 * Secrets and privacy, against the real process: the token never appears in logs or errors, even
 * when Telegram's error descriptions echo the request URL (/bot<token>/method) and at the most
 * verbose level; question texts are not logged at info, not even inside a failed call's payload;
 * .env files are git-ignored; users never see a stack trace (a failing handler → a short apology).
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// A plain ES module (no types), shared with scripts/load-test.mjs.
import { startFakeTelegram } from "../../scripts/fake-telegram.mjs";
import { labels } from "../../src/bot/i18n.js";
import type { NewsLibrary } from "../../src/library/news-library.js";
import { makeHarness, privateText, texts } from "../bot/helpers/harness.js";
import { copyCorpus, removeDir, requireBuild, ROOT, spawnBot, type BotProcess } from "./helpers.js";

const TOKEN = "777111:SECRET-tok_en-Zq9";
const ADMIN = 9001;
/** Distinctive enough never to appear by accident. */
const MARK = "ZQXJ7781";

/** An error description that quotes the request, as some proxies and local Bot API servers do. */
const echoUrl =
  (code: number, what: string) =>
  ({ method, url }: { method: string; url: string }) => ({
    type: "error",
    code,
    description: `${what}: POST ${url} (${method}) http://127.0.0.1/bot${TOKEN}/${method}`,
  });

describe("the token", () => {
  let server: any;
  let bot: BotProcess;
  let corpus: string;

  beforeAll(async () => {
    requireBuild();
    const fail = {
      setMyCommands: echoUrl(400, "Bad Request: commands rejected"),
      sendMessage: echoUrl(403, "Forbidden: bot was blocked by the user"),
    } as Record<string, (ctx: any) => unknown>;
    server = await startFakeTelegram({
      token: TOKEN,
      // Every setMyCommands, and the first two sendMessage (the answer and the apology), fail.
      fault: (ctx: any) =>
        ctx.method === "setMyCommands" || (ctx.method === "sendMessage" && ctx.attempt <= 2) ? fail[ctx.method](ctx) : null,
    });
    corpus = copyCorpus();
    bot = await spawnBot({
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: server.apiRoot,
      CORPUS_DIR: corpus,
      ADMIN_IDS: String(ADMIN),
      LOG_LEVEL: "trace",
    });
    await bot.waitForLog(/main: polling/);
  }, 30_000);

  afterAll(async () => {
    await bot?.stop();
    await server?.close();
    removeDir(corpus);
  });

  it("never appears in logs, whatever fails and however verbose", async () => {
    server.pushText(5001, "聊城有多少家单项冠军企业？");
    // An admin's upload: the download URL holds the token, and the file server answers 404.
    server.push({
      message: {
        message_id: 99,
        date: 0,
        chat: { id: ADMIN, type: "private", first_name: "A" },
        from: { id: ADMIN, is_bot: false, first_name: "A" },
        document: { file_id: "doc1", file_unique_id: "u1", file_name: "page.txt", file_size: 10 },
      },
    });
    await server.waitFor(() => server.sent("sendMessage").some((c: any) => c.payload.chat_id === ADMIN), 15_000, "the upload reply");
    await bot.waitForLog(/profile set-up call failed/);
    await bot.waitForLog(/could not report the error to the user/);
    const code = await bot.stop();
    const output = bot.output();
    expect(code).toBe(0);
    // The failures were logged (with the descriptions), just never the token.
    expect(output).toMatch(/Forbidden: bot was blocked by the user/);
    expect(output).toContain("[redacted]");
    expect(output).not.toContain(TOKEN);
    expect(output).not.toContain(TOKEN.split(":")[1]);
    const upload = server.sent("sendMessage").find((c: any) => c.payload.chat_id === ADMIN);
    expect(upload.payload.text).not.toContain(TOKEN);
  });

  it("a wrong token at start: exit 1, a clear line, no token, no stack", async () => {
    const denied = await startFakeTelegram({
      token: TOKEN,
      fault: ({ url }: { url: string }) => ({ type: "error", code: 401, description: `Unauthorized: ${url}` }),
    });
    const dir = copyCorpus();
    try {
      const proc = await spawnBot({ BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: denied.apiRoot, CORPUS_DIR: dir, LOG_LEVEL: "info" });
      const code = await new Promise<number | null>((resolve) => proc.child.once("exit", resolve));
      expect(code).toBe(1);
      expect(proc.output()).toMatch(/Telegram refused the bot: is BOT_TOKEN right\?/);
      expect(proc.output()).not.toContain(TOKEN);
      expect(proc.output()).not.toContain(TOKEN.split(":")[1]);
    } finally {
      await denied.close();
      removeDir(dir);
    }
  });
});

describe("question texts at info level", () => {
  let server: any;
  let bot: BotProcess;
  let corpus: string;

  beforeAll(async () => {
    requireBuild();
    server = await startFakeTelegram({
      token: TOKEN,
      // The reply to the second question fails for good (a 400 is not retried): its payload,
      // which quotes the question, must not reach the log either.
      fault: ({ method, payload }: any) =>
        method === "sendMessage" && String(payload.chat_id) === "6002"
          ? { type: "error", code: 400, description: "Bad Request: can't parse entities" }
          : null,
    });
    corpus = copyCorpus();
    bot = await spawnBot({ BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: server.apiRoot, CORPUS_DIR: corpus, LOG_LEVEL: "info" });
    await bot.waitForLog(/main: polling/);
  }, 30_000);

  afterAll(async () => {
    await bot?.stop();
    await server?.close();
    removeDir(corpus);
  });

  it("are not logged, answered, unanswered or failed", async () => {
    server.pushText(6001, `聊城有多少家单项冠军企业 ${MARK}？`);
    server.pushText(6002, `聊城有多少家单项冠军企业？${MARK}b`);
    server.pushText(6003, `${MARK}c 独角兽乐园门票`);
    server.pushText(6004, `/ask ${MARK}d 企业`);
    await server.waitFor(
      () => [6001, 6003, 6004].every((u) => server.sent("sendMessage").some((c: any) => c.payload.chat_id === u)),
      15_000,
      "replies",
    );
    await bot.waitForLog(/"update_id":4\b/);
    await bot.waitForLog(/handler failed/);
    const output = bot.output();
    expect(output).toMatch(/"level":30/); // info lines were written
    expect(output).not.toContain(MARK);
    expect(output).not.toContain("单项冠军企业");
  });
});

describe(".env and the repository", () => {
  it("every .env file but the example is git-ignored", () => {
    // The project's .gitignore, judged by git in a scratch repository: works in a git checkout
    // and in a plain copy of the tree alike (CI may run from either).
    const scratch = mkdtempSync(join(tmpdir(), "newsbot-gitignore-"));
    copyFileSync(join(ROOT, ".gitignore"), join(scratch, ".gitignore"));
    expect(spawnSync("git", ["init", "-q"], { cwd: scratch }).status).toBe(0);
    const ignored = (path: string) => spawnSync("git", ["check-ignore", "-q", path], { cwd: scratch }).status === 0;
    expect(ignored(".env")).toBe(true);
    expect(ignored(".env.local")).toBe(true);
    expect(ignored(".env.production")).toBe(true);
    expect(ignored(".env.example")).toBe(false);
    rmSync(scratch, { recursive: true, force: true });
  });
});

describe("users never see a stack trace", () => {
  it("an engine that throws (with a stack and a path) gets a short apology", async () => {
    const boom = new Error(`ENOENT: no such file, open '/srv/secret/${TOKEN}/x'`);
    const library = {
      engine: {
        ask: () => {
          throw boom;
        },
        article: () => undefined,
        latest: () => [],
        size: 1,
      },
      corpusDir: "/srv/secret",
      pages: 1,
      loadedAt: new Date(),
      warnings: [],
      reloading: false,
      reloadProgress: null,
      reload: async () => {
        throw boom;
      },
    } as unknown as NewsLibrary;
    const h = makeHarness(library);
    await h.send(privateText("聊城有多少家单项冠军企业？"));
    await h.send(privateText("聊城", { language_code: "en" }));
    expect(texts(h.calls)).toEqual([labels("zh").error, labels("en").error]);
    for (const text of texts(h.calls)) {
      expect(text.length).toBeLessThan(200);
      expect(text).not.toMatch(/ENOENT|\/srv|at |Error/);
    }
  });
});
