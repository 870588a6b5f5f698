/** Inline mode: results per answer, paging by next_offset, latest for an empty query. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NewsLibrary } from "../../src/library/news-library.js";
import { parseStartParam, questionParam } from "../../src/bot/deep-link.js";
import { BOT_USERNAME, inlineQuery, isWellFormedHtml, makeHarness, realLibrary, removeDir, tempCorpus } from "./helpers/harness.js";
import { LINKED_ARTICLES, LINKED_CORPUS } from "./fixtures/linked-articles.js";

let dir: string;
let library: NewsLibrary;

beforeAll(async () => {
  // Enough items that "企业" and the latest list need more than one page of 10.
  const many = Array.from({ length: 14 }, (_, i) => ({
    headline: `第${i + 1}家企业获评专精特新`,
    date: `2024-10-${String(i + 1).padStart(2, "0")}`,
    body: [`近日，聊城第${i + 1}家企业获评省级专精特新企业，企业员工${100 + i}人。`],
  }));
  dir = tempCorpus({ "many.json": JSON.stringify(many), ...LINKED_CORPUS });
  library = await realLibrary(dir);
});
afterAll(() => removeDir(dir));

function lastAnswer(calls: { method: string; payload: any }[]) {
  const call = calls.filter((c) => c.method === "answerInlineQuery").at(-1);
  if (!call) throw new Error("no answerInlineQuery");
  return call.payload;
}

describe("inline mode", () => {
  it("answers with one article result per answer: headline, date and answer, buttons; personal, short cache", async () => {
    const h = makeHarness(library);
    await h.send(inlineQuery("聊城有多少家单项冠军企业？"));
    const payload = lastAnswer(h.calls);
    // Labels (dates, buttons) follow the asker's language: results are personal.
    expect(payload.is_personal).toBe(true);
    expect(payload.cache_time).toBeLessThanOrEqual(10);
    const [first] = payload.results;
    const answer = library.engine.ask("聊城有多少家单项冠军企业？").answers[0];
    expect(first).toEqual({
      type: "article",
      id: "a0",
      title: "我市14家企业拟认定为省制造业单项冠军",
      description: "2024-11-29 · 目前，累计培育国家级制造业单项冠军企业7家、省级79家。",
      input_message_content: {
        message_text:
          "目前，累计培育国家级制造业单项冠军企业<b>7家</b>、省级<b>79家</b>。\n📰 2024-11-29 · 《我市14家企业拟认定为省制造业单项冠军》",
        parse_mode: "HTML",
        link_preview_options: { is_disabled: true },
      },
      reply_markup: {
        inline_keyboard: [
          [
            { text: "全文", url: `https://t.me/${BOT_USERNAME}?start=a_${answer.id}` },
            { text: `问 @${BOT_USERNAME}`, switch_inline_query_current_chat: "" },
          ],
        ],
      },
    });
    expect(isWellFormedHtml(first.input_message_content.message_text)).toBe(true);
    const ids = payload.results.map((r: any) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("pages by next_offset", async () => {
    const h = makeHarness(library);
    await h.send(inlineQuery("企业"));
    const page1 = lastAnswer(h.calls);
    expect(page1.results).toHaveLength(10);
    expect(page1.next_offset).toBe("10");
    await h.send(inlineQuery("企业", page1.next_offset));
    const page2 = lastAnswer(h.calls);
    expect(page2.results.length).toBeGreaterThan(0);
    expect(page2.results[0].id).not.toBe(page1.results[0].id);
    expect(page2.results[0].title).not.toBe(page1.results[0].title);
    const total = library.engine.ask("企业").total;
    expect(page2.next_offset).toBe(total > 20 ? "20" : "");
  });

  it("lists the latest items for an empty query, paged too", async () => {
    const h = makeHarness(library);
    await h.send(inlineQuery(""));
    const page1 = lastAnswer(h.calls);
    expect(page1.button).toBeUndefined();
    expect(page1.results).toHaveLength(10);
    expect(page1.results[0].title).toBe(library.engine.latest(1)[0].headline);
    expect(page1.next_offset).toBe("10");
    await h.send(inlineQuery("  ", "10"));
    const page2 = lastAnswer(h.calls);
    expect(page2.results.length).toBe(Math.min(10, library.engine.size - 10));
    expect(page2.results[0].title).toBe(library.engine.latest(1, 10)[0].headline);
  });

  it("when nothing matches shows the newest items, and a button that takes the query into the private chat", async () => {
    const h = makeHarness(library);
    await h.send(inlineQuery("火星殖民计划进展如何"));
    const payload = lastAnswer(h.calls);
    expect(payload.results.map((r: any) => r.title)).toEqual(library.engine.latest(10).map((a) => a.headline));
    expect(payload.button).toEqual({ text: "没有找到，去私聊里换个说法问", start_parameter: questionParam("火星殖民计划进展如何") });
    expect(parseStartParam(payload.button.start_parameter)).toEqual({ kind: "question", text: "火星殖民计划进展如何" });
  });

  it("when no sentence answers but articles are related, shows them", async () => {
    const h = makeHarness(library);
    await h.send(inlineQuery("口袋公园的设计师是谁？"));
    const payload = lastAnswer(h.calls);
    const related = library.engine.related!("口袋公园的设计师是谁？", 10);
    expect(related.length).toBeGreaterThan(0);
    expect(payload.results.map((r: any) => r.title)).toEqual(related.map((a) => a.headline));
    expect(payload.button.start_parameter).toBe(questionParam("口袋公园的设计师是谁？"));
  });

  it("while the query is one character, shows the newest items (with the private-chat button)", async () => {
    const h = makeHarness(library);
    await h.send(inlineQuery("园"));
    const payload = lastAnswer(h.calls);
    expect(payload.results.map((r: any) => r.title)).toEqual(library.engine.latest(10).map((a) => a.headline));
    expect(payload.button).toEqual({ text: "去私聊里问这个问题", start_parameter: questionParam("园") });
  });

  it("posted results carry [全文] (deep link), [阅读原文] when the URL is known, [问 @bot]; and a thumbnail when configured", async () => {
    const thumb = "https://cdn.example.com/newsbot/inline-thumb.png";
    const h = makeHarness(library, { config: { display: { timeZone: "Asia/Shanghai", inlineThumbUrl: thumb } } });
    await h.send(inlineQuery("口袋公园"));
    const payload = lastAnswer(h.calls);
    for (const result of payload.results) {
      const article = LINKED_ARTICLES.find((a) => a.headline === result.title)!;
      expect(result).toMatchObject({ thumbnail_url: thumb, thumbnail_width: 128, thumbnail_height: 128 });
      expect(result.description.startsWith(`${article.date} · `)).toBe(true);
      expect(result.reply_markup.inline_keyboard).toEqual([
        [
          { text: "全文", url: expect.stringMatching(new RegExp(`^https://t\\.me/${BOT_USERNAME}\\?start=a_[0-9a-f]{8}-\\d+$`)) },
          { text: "阅读原文", url: article.url },
          { text: `问 @${BOT_USERNAME}`, switch_inline_query_current_chat: "" },
        ],
      ]);
      expect(result.input_message_content.message_text).toContain(`📰 聊城日报 · ${article.date} · 《${article.headline}》`);
    }
  });

  it("labels follow the user's language: English dates and buttons for English users", async () => {
    const h = makeHarness(library);
    await h.send(inlineQuery("口袋公园", "", { language_code: "en" }));
    const [first] = lastAnswer(h.calls).results;
    expect(first.reply_markup.inline_keyboard[0].map((b: any) => b.text)).toEqual([
      "Full article",
      "Read original",
      `Ask @${BOT_USERNAME}`,
    ]);
  });

  it("treats a forged offset as the first page", async () => {
    const h = makeHarness(library);
    await h.send(inlineQuery("企业", "-5"));
    await h.send(inlineQuery("企业", "1e9"));
    for (const call of h.sent("answerInlineQuery")) expect(call.payload.next_offset).toBe("10");
  });
});
