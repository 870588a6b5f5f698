/**
 * Issue 12, never a dead end: related headlines when nothing answers, help cards for greetings and
 * thanks, deep links that carry a question, edited questions and photo captions.
 */
import { describe, expect, it } from "vitest";
import type { Update } from "grammy/types";
import { parseStartParam, questionParam } from "../../src/bot/deep-link.js";
import { EXAMPLE_QUESTIONS } from "../../src/bot/i18n.js";
import { callback, makeHarness, privateText, texts, USER_ID, useTempLibrary } from "./helpers/harness.js";
import { LINKED_CORPUS } from "./fixtures/linked-articles.js";

const seed = useTempLibrary(LINKED_CORPUS);

/** The same message, edited to text (as Telegram sends it: edited_message with edit_date). */
function edited(original: Omit<Update, "update_id">, text: string): Omit<Update, "update_id"> {
  const message = (original as any).message;
  return { edited_message: { ...message, text, edit_date: message.date + 5 } } as Omit<Update, "update_id">;
}

const exampleRows = (lang: "zh" | "en" = "zh") => [
  ...EXAMPLE_QUESTIONS.map((q, i) => [{ text: q, callback_data: `x:${i}` }]),
  [{ text: lang === "en" ? "Search in this chat" : "在当前聊天中搜索", switch_inline_query_current_chat: "" }],
];

describe("no direct answer", () => {
  it("offers up to 3 related headlines as buttons, with their originals", async () => {
    const h = makeHarness(seed.library);
    const question = "口袋公园的设计师是谁？";
    await h.send(privateText(question));
    const [reply] = h.sent("sendMessage");
    const related = seed.library.engine.related!(question, 3);
    expect(related).toHaveLength(3);
    const html = reply.payload.text as string;
    expect(html.split("\n")[0]).toBe("没有找到直接回答，以下是相关报道：");
    related.forEach((a, i) => expect(html).toContain(`${"①②③"[i]} 聊城日报 · ${a.date} · 《${a.headline}》`));
    const key = /f:([0-9a-z]{8}):0/.exec(JSON.stringify(reply.payload.reply_markup))![1];
    expect(reply.payload.reply_markup).toEqual({
      inline_keyboard: [
        related.map((_, i) => ({ text: `全文 ${"①②③"[i]}`, callback_data: `f:${key}:${i}` })),
        related.map((a, i) => ({ text: `原文 ${"①②③"[i]}`, url: a.url })),
      ],
    });
    h.reset();
    await h.send(callback(`f:${key}:1`));
    expect(texts(h.calls)[0].startsWith(`<b>【${related[1].headline}】</b>`)).toBe(true);
  });

  it("says 'nothing found' with help only when nothing is even related", async () => {
    const h = makeHarness(seed.library);
    await h.send(privateText("火星殖民计划进展如何"));
    const [reply] = h.sent("sendMessage");
    expect(reply.payload.text).toContain("没有找到与「火星殖民计划进展如何」相关的报道");
    expect(reply.payload.reply_markup).toEqual({ inline_keyboard: [[{ text: "帮助", callback_data: "h" }]] });
  });
});

describe("greetings and thanks", () => {
  it.each([
    ["你好", "你好！我是聊城本地新闻问答机器人。直接把问题发给我就行，比如下面这些。发送 /help 查看全部用法。"],
    ["您好！", "你好！我是聊城本地新闻问答机器人。直接把问题发给我就行，比如下面这些。发送 /help 查看全部用法。"],
    ["谢谢！", "不客气！还有问题随时问我，比如："],
  ])("%s gets a friendly help card with the examples", async (text, card) => {
    const h = makeHarness(seed.library);
    await h.send(privateText(text));
    expect(h.calls).toEqual([
      {
        method: "sendMessage",
        payload: {
          chat_id: USER_ID,
          text: card,
          parse_mode: "HTML",
          link_preview_options: { is_disabled: true },
          reply_markup: { inline_keyboard: exampleRows() },
        },
      },
    ]);
  });

  it("hello from an English user gets the English card", async () => {
    const h = makeHarness(seed.library);
    await h.send(privateText("hello", { language_code: "en" }));
    const [reply] = h.sent("sendMessage");
    expect(reply.payload.text).toBe(
      "Hello! I answer questions about the local news of Liaocheng. Just send me a question, like the ones below. Send /help for everything I can do.",
    );
    expect(reply.payload.reply_markup).toEqual({ inline_keyboard: exampleRows("en") });
  });
});

describe("questions by deep link", () => {
  it("the start parameter carries the question as base64url within 64 characters", () => {
    for (const question of ["口袋公园", "聊城有多少家单项冠军企业？", "东".repeat(100), "how many parks? <b>&"]) {
      const param = questionParam(question)!;
      expect(param).toMatch(/^q_[A-Za-z0-9_-]+$/);
      expect(param.length).toBeLessThanOrEqual(64);
      const back = parseStartParam(param);
      expect(back?.kind).toBe("question");
      expect(question.startsWith((back as { text: string }).text)).toBe(true);
    }
    expect(parseStartParam("q_" + Buffer.from([0xff, 0xfe]).toString("base64url"))).toBeNull();
    expect(parseStartParam("a_../../etc")).toBeNull();
  });

  it("/start q_… answers the question at once", async () => {
    const h = makeHarness(seed.library);
    await h.send(privateText(`/start ${questionParam("聊城有多少家单项冠军企业？")}`));
    const [reply] = h.sent("sendMessage");
    expect(reply.payload.text).toContain("<b>79家</b>");
    expect(h.sent("sendMessage")).toHaveLength(1);
  });

  it("/start a_<unknown id> says the article is gone", async () => {
    const h = makeHarness(seed.library);
    await h.send(privateText("/start a_00000000-9"));
    expect(texts(h.calls)).toEqual(["这篇报道已不在资料库里了。发送 /latest 看看最新报道。"]);
  });
});

describe("edited questions and captions", () => {
  it("an edited question edits the bot's reply with the new answer", async () => {
    const h = makeHarness(seed.library);
    const question = privateText("聊城有多少家单项冠军企业？");
    await h.send(question);
    const [reply] = h.sent("sendMessage");
    h.reset();
    await h.send(edited(question, "东阿县阿胶文化节吸引游客多少人次？"));
    expect(h.sent("sendMessage")).toHaveLength(0);
    const [edit] = h.sent("editMessageText");
    expect(edit.payload).toEqual({
      chat_id: USER_ID,
      message_id: reply.result.message_id,
      text: "11月25日，东阿县第十届阿胶文化节开幕，吸引游客<b>3万人</b>次。\n📰 2024-11-25 · 《东阿县阿胶文化节开幕》",
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
      reply_markup: {
        inline_keyboard: [
          [{ text: "全文", callback_data: expect.stringMatching(/^f:[0-9a-z]{8}:0$/) }],
          [
            {
              text: "分享",
              switch_inline_query_chosen_chat: {
                query: "东阿县阿胶文化节吸引游客多少人次？",
                allow_user_chats: true,
                allow_group_chats: true,
                allow_channel_chats: true,
              },
            },
          ],
        ],
      },
    });
  });

  it("an edit of a question we never answered is answered as new", async () => {
    const h = makeHarness(seed.library);
    await h.send(edited(privateText("never seen"), "聊城有多少家单项冠军企业？"));
    expect(h.sent("editMessageText")).toHaveLength(0);
    expect(texts(h.sent("sendMessage"))[0]).toContain("<b>79家</b>");
  });

  it("a photo's caption is a question; a photo without one gets a hint", async () => {
    const h = makeHarness(seed.library);
    const photo = [{ file_id: "p1", file_unique_id: "u1", width: 10, height: 10 }];
    await h.send(privateText("", {}, { text: undefined, entities: undefined, photo, caption: "聊城有多少家单项冠军企业？" }));
    await h.send(privateText("", {}, { text: undefined, entities: undefined, photo }));
    const [answer, hint] = texts(h.calls);
    expect(answer).toContain("<b>79家</b>");
    expect(hint).toBe("请用文字提问（图片请附上文字说明）。发送 /help 查看示例。");
  });
});
