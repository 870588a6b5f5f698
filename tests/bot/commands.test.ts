/** /start, /help, /ask, /latest, /stats and the command menus. */
import { describe, expect, it } from "vitest";
import { Api } from "grammy";
import { DESCRIPTION_MAX, setupBotProfile, setupCommandMenus, SHORT_DESCRIPTION_MAX } from "../../src/bot/menus.js";
import { EXAMPLE_QUESTIONS } from "../../src/bot/i18n.js";
import {
  ADMIN_ID,
  buttons,
  callback,
  isWellFormedHtml,
  makeHarness,
  privateText,
  silentLogger,
  texts,
  useTempLibrary,
} from "./helpers/harness.js";

const seed = useTempLibrary();

describe("/start and /help", () => {
  it("explain the bot in Chinese with example buttons and an inline-mode button", async () => {
    const h = makeHarness(seed.library);
    await h.send(privateText("/start"));
    await h.send(privateText("/help"));
    const [start, help] = h.sent("sendMessage");
    expect(start.payload.text).toBe(help.payload.text);
    expect(start.payload.text).toContain("聊城本地新闻");
    const keys = buttons(help.payload);
    expect(keys.slice(0, 3).map((b) => b.text)).toEqual([...EXAMPLE_QUESTIONS]);
    expect(keys.slice(0, 3).map((b) => b.callback_data)).toEqual(["x:0", "x:1", "x:2"]);
    expect(keys[3].switch_inline_query_current_chat).toBe("");
  });

  it("speak English to English users", async () => {
    const h = makeHarness(seed.library);
    await h.send(privateText("/help", { language_code: "en" }));
    const [help] = h.sent("sendMessage");
    expect(help.payload.text).toContain("local news");
    expect(buttons(help.payload)[3].text).toBe("Search in this chat");
  });

  it("an example button asks its question", async () => {
    const h = makeHarness(seed.library);
    await h.send(callback("x:0"));
    expect(h.sent("answerCallbackQuery")).toHaveLength(1);
    const [answer] = h.sent("sendMessage");
    expect(answer.payload.text).toContain("79家");
  });

  it("the help button of a not-found answer shows help", async () => {
    const h = makeHarness(seed.library);
    await h.send(callback("h"));
    expect(texts(h.calls)[0]).toContain("/ask");
  });
});

describe("/help for admins", () => {
  it("adds /reload and uploads (formats, size cap, preview → confirm)", async () => {
    const h = makeHarness(seed.library);
    await h.send(privateText("/help", { id: ADMIN_ID }));
    await h.send(privateText("/help"));
    const [admin, reader] = texts(h.calls);
    expect(
      admin.endsWith(
        [
          "管理员：",
          "/reload — 重新读取资料库文件夹并报告变化",
          "私聊发送 .txt、.md、.json 或 .jsonl 文件（最大 2.0 MB）— 先预览，确认后保存并重新加载",
        ].join("\n"),
      ),
    ).toBe(true);
    expect(reader).not.toContain("/reload");
  });
});

describe("/ask, /latest, /stats", () => {
  it("/ask answers the text after the command", async () => {
    const h = makeHarness(seed.library);
    await h.send(privateText("/ask 聊城有多少家单项冠军企业？"));
    expect(texts(h.calls)[0]).toContain("79家");
  });

  it("/ask without a question explains how to use it", async () => {
    const h = makeHarness(seed.library);
    await h.send(privateText("/ask"));
    expect(texts(h.calls)[0]).toContain("/ask 聊城");
  });

  it("/latest lists the newest items, with full-article buttons", async () => {
    const h = makeHarness(seed.library);
    await h.send(privateText("/latest"));
    const [reply] = h.sent("sendMessage");
    expect(reply.payload.text).toContain("冠县镀涂钢板制品产业集群位列全省综合评价第三");
    expect(reply.payload.text).toContain("2024-12-02");
    expect(isWellFormedHtml(reply.payload.text)).toBe(true);
    const first = buttons(reply.payload)[0];
    expect(first.text).toBe("全文 ①");
    h.reset();
    await h.send(callback(first.callback_data!));
    expect(texts(h.calls)[0]).toContain("【冠县镀涂钢板制品产业集群位列全省综合评价第三】");
  });

  it("/stats tells items, pages and the time of the last load", async () => {
    const h = makeHarness(seed.library);
    await h.send(privateText("/stats"));
    const text = texts(h.calls)[0];
    expect(text).toContain(`${seed.library.engine.size} 条报道`);
    expect(text).toContain(`${seed.library.pages} 个版面文件`);
    // In the paper's time zone, saying which.
    expect(text).toMatch(/上次加载：\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(UTC\+8\)$/);
  });
});

describe("command menus", () => {
  function recordingApi(fail: boolean) {
    const api = new Api("1:x", { apiRoot: "http://127.0.0.1:1" });
    const calls: { method: string; payload: any }[] = [];
    api.config.use(async (_prev, method, payload) => {
      calls.push({ method, payload });
      if (fail) return { ok: false, error_code: 400, description: "Bad Request: nope" } as any;
      return { ok: true, result: true } as any;
    });
    return { api, calls };
  }

  it("sets the private menu, /ask and /help for groups, and /reload for each admin, in zh and en", async () => {
    const { api, calls } = recordingApi(false);
    await setupCommandMenus(api, [ADMIN_ID, 7], silentLogger());
    expect(calls.every((c) => c.method === "setMyCommands")).toBe(true);
    const scoped = (type: string, lang?: string) => calls.filter((c) => c.payload.scope.type === type && c.payload.language_code === lang);
    expect(scoped("all_private_chats")[0].payload.commands).toEqual([
      { command: "start", description: "开始" },
      { command: "help", description: "帮助与示例" },
      { command: "ask", description: "提问：/ask 问题" },
      { command: "latest", description: "最新报道" },
      { command: "stats", description: "资料库概况" },
    ]);
    expect(scoped("all_group_chats")[0].payload.commands).toEqual([
      { command: "ask", description: "提问：/ask 问题" },
      { command: "help", description: "帮助与示例" },
    ]);
    expect(scoped("all_group_chats", "en")[0].payload.commands).toEqual([
      { command: "ask", description: "Ask: /ask question" },
      { command: "help", description: "Help and examples" },
    ]);
    const admins = scoped("chat");
    expect(admins.map((c) => c.payload.scope)).toEqual([
      { type: "chat", chat_id: ADMIN_ID },
      { type: "chat", chat_id: 7 },
    ]);
    expect(admins[0].payload.commands.map((c: any) => c.command)).toEqual(["start", "help", "ask", "latest", "stats", "reload"]);
    expect(calls).toHaveLength(8);
  });

  it("sets the description and short description in zh (default) and en at start-up", async () => {
    const { api, calls } = recordingApi(false);
    await setupBotProfile(api, { adminIds: [], localCity: "聊城" }, silentLogger());
    const of = (method: string) => calls.filter((c) => c.method === method).map((c) => c.payload);
    expect(of("setMyDescription")).toEqual([
      {
        description:
          "我是聊城本地新闻问答机器人。直接发问题给我，例如「聊城有多少家单项冠军企业？」，我会从报纸原文里找出回答的那一句，附上报道标题、日期和原文链接。不编造：回答都来自报道原文。",
      },
      {
        description:
          'I answer questions about the local news of Liaocheng, China. Send me a question, e.g. "聊城有多少家单项冠军企业？", and I\'ll find the sentence in the newspaper that answers it, with the headline, date and a link to the original. Nothing is made up: every answer is quoted from an article.',
        language_code: "en",
      },
    ]);
    expect(of("setMyShortDescription")).toEqual([
      { short_description: "问我聊城本地新闻：回答来自报纸原文，附出处。" },
      { short_description: "Ask about Liaocheng local news: answers quoted from the paper, with the source.", language_code: "en" },
    ]);
    for (const p of of("setMyDescription")) expect(Array.from(p.description as string).length).toBeLessThanOrEqual(DESCRIPTION_MAX);
    for (const p of of("setMyShortDescription"))
      expect(Array.from(p.short_description as string).length).toBeLessThanOrEqual(SHORT_DESCRIPTION_MAX);
  });

  it("logs failures and never throws", async () => {
    const { api, calls } = recordingApi(true);
    await expect(setupBotProfile(api, { adminIds: [ADMIN_ID], localCity: "聊城" }, silentLogger())).resolves.toBeUndefined();
    expect(calls).toHaveLength(10);
  });
});
