/**
 * Issue 12, results: a button per listed result, paging back and forth on the same message, the
 * original's URL where known, the source line, and button presses outside the question budget.
 */
import { describe, expect, it } from "vitest";
import { buttons, callback, makeHarness, privateText, texts, USER_ID, useTempLibrary } from "./helpers/harness.js";
import { LINKED_ARTICLES, LINKED_CORPUS } from "./fixtures/linked-articles.js";

const seed = useTempLibrary(LINKED_CORPUS);
const KEY = "[0-9a-z]{8}";
const share = (query: string) => ({
  text: "分享",
  switch_inline_query_chosen_chat: { query, allow_user_chats: true, allow_group_chats: true, allow_channel_chats: true },
});
const urlOf = (headline: string) => LINKED_ARTICLES.find((a) => a.headline === headline)!.url;

/** The headlines an answer page lists, in order (from 《…》 on its lines). */
function listedHeadlines(html: string): string[] {
  return [...html.matchAll(/《([^》]+)》/g)].map((m) => m[1]);
}

describe("an answer page", () => {
  it("has a [全文 n] button per listed result, a link per known original, paging and Share", async () => {
    const h = makeHarness(seed.library);
    await h.send(privateText("口袋公园"));
    const [reply] = h.sent("sendMessage");
    const html = reply.payload.text as string;
    const listed = listedHeadlines(html);
    expect(listed).toHaveLength(3);
    const total = seed.library.engine.ask("口袋公园").total;
    expect(total).toBe(7);
    const key = /f:([0-9a-z]{8}):0/.exec(JSON.stringify(reply.payload.reply_markup))![1];
    expect(reply.payload.reply_markup).toEqual({
      inline_keyboard: [
        [
          { text: "全文 ①", callback_data: `f:${key}:0` },
          { text: "全文 ②", callback_data: `f:${key}:1` },
          { text: "全文 ③", callback_data: `f:${key}:2` },
        ],
        [
          { text: "原文 ①", url: urlOf(listed[0]) },
          { text: "原文 ②", url: urlOf(listed[1]) },
          { text: "原文 ③", url: urlOf(listed[2]) },
        ],
        [
          { text: "1/3", callback_data: "n" },
          { text: "下一页 ›", callback_data: `m:${key}:3` },
        ],
        [share("口袋公园")],
      ],
    });
    // The source line: publication · date · 《headline》; results numbered like their buttons.
    const first = LINKED_ARTICLES.find((a) => a.headline === listed[0])!;
    expect(html.split("\n")[1]).toBe(`📰 聊城日报 · ${first.date} · 《${first.headline}》`);
    expect(html.startsWith("① ")).toBe(true);
    expect(html).toContain(`② 《${listed[1]}》`);
    expect(html).toContain(`③ 《${listed[2]}》`);
  });

  it("each [全文 n] opens its own article", async () => {
    const h = makeHarness(seed.library);
    await h.send(privateText("口袋公园"));
    const [reply] = h.sent("sendMessage");
    const listed = listedHeadlines(reply.payload.text);
    for (const [rank, headline] of listed.entries()) {
      h.reset();
      await h.send(callback(buttons(reply.payload)[rank].callback_data!));
      const [article] = h.sent("sendMessage");
      expect(article.payload.text.startsWith(`<b>【${headline}】</b>`)).toBe(true);
      expect(article.payload.reply_markup).toEqual({ inline_keyboard: [[{ text: "阅读原文", url: urlOf(headline) }]] });
    }
  });

  it("pages forward and back on the same message: ‹ 上一页 · n/N · 下一页 ›", async () => {
    const h = makeHarness(seed.library);
    await h.send(privateText("口袋公园"));
    const first = h.sent("sendMessage")[0].payload;
    const key = new RegExp(`m:(${KEY}):3`).exec(JSON.stringify(first.reply_markup))![1];
    const pageRow = (payload: any) => payload.reply_markup.inline_keyboard.find((row: any[]) => row.some((b) => b.callback_data === "n"));

    h.reset();
    await h.send(callback(`m:${key}:3`));
    const [page2] = h.sent("editMessageText");
    expect(page2.payload.chat_id).toBe(USER_ID);
    expect(page2.payload.message_id).toBe(77);
    expect(page2.payload.text).toContain("第 4–6 条，共 7 条");
    expect(page2.payload.text.startsWith("④ ")).toBe(true);
    expect(page2.payload.reply_markup.inline_keyboard[0]).toEqual([
      { text: "全文 ④", callback_data: `f:${key}:3` },
      { text: "全文 ⑤", callback_data: `f:${key}:4` },
      { text: "全文 ⑥", callback_data: `f:${key}:5` },
    ]);
    expect(pageRow(page2.payload)).toEqual([
      { text: "‹ 上一页", callback_data: `m:${key}:0` },
      { text: "2/3", callback_data: "n" },
      { text: "下一页 ›", callback_data: `m:${key}:6` },
    ]);
    expect(h.sent("answerCallbackQuery")).toHaveLength(1);
    expect(h.sent("sendMessage")).toHaveLength(0);

    h.reset();
    await h.send(callback(`m:${key}:6`));
    const [page3] = h.sent("editMessageText");
    expect(pageRow(page3.payload)).toEqual([
      { text: "‹ 上一页", callback_data: `m:${key}:3` },
      { text: "3/3", callback_data: "n" },
    ]);
    // ⑦'s [全文] still opens the seventh result, recorded as that page was shown.
    expect(page3.payload.reply_markup.inline_keyboard[0]).toEqual([{ text: "全文 ⑦", callback_data: `f:${key}:6` }]);

    h.reset();
    await h.send(callback(`m:${key}:0`));
    const [back] = h.sent("editMessageText");
    expect(back.payload.text).toBe(first.text);
    expect(back.payload.reply_markup).toEqual(first.reply_markup);
  });

  it("the n/N button is answered and changes nothing", async () => {
    const h = makeHarness(seed.library);
    await h.send(callback("n"));
    expect(h.calls).toEqual([{ method: "answerCallbackQuery", payload: { callback_query_id: expect.any(String) } }]);
  });

  it("shows no link button for an article without a URL, and no number on a single result", async () => {
    const h = makeHarness(seed.library);
    await h.send(privateText("东阿县阿胶文化节吸引游客多少人次？"));
    const [reply] = h.sent("sendMessage");
    expect(reply.payload.text).toBe(
      "11月25日，东阿县第十届阿胶文化节开幕，吸引游客<b>3万人</b>次。\n📰 2024-11-25 · 《东阿县阿胶文化节开幕》",
    );
    expect(reply.payload.reply_markup.inline_keyboard).toEqual([
      [{ text: "全文", callback_data: expect.stringMatching(new RegExp(`^f:${KEY}:0$`)) }],
      [share("东阿县阿胶文化节吸引游客多少人次？")],
    ]);
  });

  it("button presses do not count against the question budget", async () => {
    const h = makeHarness(seed.library, { config: { rateLimit: 1 } });
    await h.send(privateText("口袋公园"));
    const key = new RegExp(`m:(${KEY}):3`).exec(JSON.stringify(h.sent("sendMessage")[0].payload.reply_markup))![1];
    for (const data of [`m:${key}:3`, `m:${key}:0`, `f:${key}:0`, "x:0", `m:${key}:3`]) await h.send(callback(data));
    expect(h.calls.filter((c) => c.method === "answerCallbackQuery" && c.payload.text)).toEqual([]);
    expect(h.sent("editMessageText")).toHaveLength(3);
    // The example button asked its question although the budget of 1 was spent.
    expect(texts(h.sent("sendMessage")).some((t) => t.includes("79家"))).toBe(true);
  });
});
