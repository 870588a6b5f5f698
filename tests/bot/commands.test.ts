/** /start, /help, /ask, /latest, /stats and the command menus. */
import { describe, expect, it } from "vitest";
import { Api } from "grammy";
import { setupCommandMenus } from "../../src/bot/features/commands.js";
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
    expect(first.text).toBe("全文 1");
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
    expect(text).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
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

  it("sets the public menu for everyone and adds /reload for each admin, per language", async () => {
    const { api, calls } = recordingApi(false);
    await setupCommandMenus(api, [ADMIN_ID, 7], silentLogger());
    expect(calls.every((c) => c.method === "setMyCommands")).toBe(true);
    const defaults = calls.filter((c) => !c.payload.scope);
    expect(defaults).toHaveLength(2);
    expect(defaults[0].payload.commands.map((c: any) => c.command)).toEqual(["start", "help", "ask", "latest", "stats"]);
    expect(defaults[1].payload.language_code).toBe("en");
    const admins = calls.filter((c) => c.payload.scope);
    expect(admins).toHaveLength(4);
    expect(admins[0].payload.scope).toEqual({ type: "chat", chat_id: ADMIN_ID });
    expect(admins[0].payload.commands.map((c: any) => c.command)).toContain("reload");
  });

  it("logs failures and never throws", async () => {
    const { api, calls } = recordingApi(true);
    await expect(setupCommandMenus(api, [ADMIN_ID], silentLogger())).resolves.toBeUndefined();
    expect(calls).toHaveLength(4);
  });
});
