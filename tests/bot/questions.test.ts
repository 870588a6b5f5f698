/** Private chat questions and the buttons under answers, against the real engine on the seed page. */
import { describe, expect, it } from "vitest";
import type { Update } from "grammy/types";
import type { NewsLibrary } from "../../src/library/news-library.js";
import { buttons, callback, isWellFormedHtml, makeHarness, privateText, texts, USER_ID, useTempLibrary } from "./helpers/harness.js";

const LONG_BODY = Array.from(
  { length: 40 },
  (_, i) => `第${i + 1}段：东昌湖畔的文化活动丰富多彩，市民游客纷至沓来，${"湖光水色相映成趣。".repeat(20)}`,
);
const LONG_ARTICLE = JSON.stringify([{ headline: "东昌湖畔文化长廊全景纪实", date: "2024-12-03", body: LONG_BODY }]);

const seed = useTempLibrary({ "long.json": LONG_ARTICLE });

describe("a question in private chat", () => {
  it("is answered with the fact in bold first, then the date and headline; one [全文] for the one article and a share button", async () => {
    const h = makeHarness(seed.library);
    await h.send(privateText("聊城有多少家单项冠军企业？"));
    const [reply] = h.sent("sendMessage");
    // The ranker's likeliest answers follow the first (here more sentences of the same article),
    // but the article gets one button.
    expect(reply.payload).toEqual({
      chat_id: USER_ID,
      text: expect.stringMatching(
        /^① 目前，累计培育国家级制造业单项冠军企业<b>7家<\/b>、省级<b>79家<\/b>。\n📰 2024-11-29 · 《我市14家企业拟认定为省制造业单项冠军》\n/,
      ) as string,
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
      reply_markup: {
        inline_keyboard: [
          [{ text: "全文", callback_data: expect.stringMatching(/^f:[0-9a-z]{8}:0$/) as string }],
          [
            {
              text: "分享",
              switch_inline_query_chosen_chat: {
                query: "聊城有多少家单项冠军企业？",
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

  it("drops the bot's own @handle from a private question", async () => {
    const h = makeHarness(seed.library);
    await h.send(privateText("@news_test_bot 聊城有多少家单项冠军企业？"));
    const [reply] = h.sent("sendMessage");
    expect(reply.payload.text).toContain("79家");
    expect(buttons(reply.payload).find((b) => b.text === "分享")?.switch_inline_query_chosen_chat?.query).toBe(
      "聊城有多少家单项冠军企业？",
    );
  });

  it("labels follow the user's language", async () => {
    const h = makeHarness(seed.library);
    await h.send(privateText("聊城有多少家单项冠军企业？", { language_code: "en-US" }));
    const [reply] = h.sent("sendMessage");
    expect(reply.payload.text).toContain("79家");
    expect(buttons(reply.payload).map((b) => b.text)).toEqual(["Full article", "Share"]);
  });

  it("sends the full article split into messages of at most 4096 characters", async () => {
    const h = makeHarness(seed.library);
    await h.send(privateText("东昌湖畔文化长廊全景纪实"));
    const reply = h.sent("sendMessage")[0];
    expect(reply.payload.text).toContain("东昌湖畔文化长廊全景纪实");
    const full = buttons(reply.payload).find((b) => b.text.startsWith("全文"));
    h.reset();
    await h.send(callback(full!.callback_data!));
    const parts = texts(h.calls);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(4096);
    for (const call of h.sent("sendMessage")) expect(call.payload.parse_mode).toBe("HTML");
    expect(parts[0].startsWith("<b>【东昌湖畔文化长廊全景纪实】</b>")).toBe(true);
    expect(parts.join("\n\n")).toContain(LONG_BODY[39]);
    // Split at paragraph boundaries: every paragraph arrives whole.
    for (const paragraph of LONG_BODY) expect(parts.some((p) => p.includes(paragraph))).toBe(true);
  });

  it("says plainly when nothing is found, suggests rephrasing and offers /help", async () => {
    const h = makeHarness(seed.library);
    await h.send(privateText("火星殖民计划进展如何"));
    const [reply] = h.sent("sendMessage");
    expect(reply.payload.text).toContain("没有找到");
    expect(reply.payload.text).toContain("/help");
    expect(buttons(reply.payload).map((b) => b.callback_data)).toEqual(["h"]);
  });

  it("escapes HTML in questions and keeps huge questions within 4096", async () => {
    const h = makeHarness(seed.library);
    await h.send(privateText("<script>alert('x')</script> & <b>"));
    await h.send(privateText("<i>".repeat(1000) + "企业"));
    await h.send(privateText("&".repeat(4000)));
    const replies = h.sent("sendMessage").map((c) => c.payload.text as string);
    expect(replies).toHaveLength(3);
    for (const html of replies) {
      expect(html.length).toBeLessThanOrEqual(4096);
      expect(isWellFormedHtml(html)).toBe(true);
      expect(html).not.toContain("<script>");
    }
    for (const call of h.sent("sendMessage")) {
      for (const b of buttons(call.payload)) {
        if (b.switch_inline_query_chosen_chat) expect(String(b.switch_inline_query_chosen_chat.query).length).toBeLessThanOrEqual(256);
      }
    }
  });

  it("answers forged, unknown and stale buttons with 'expired' and nothing else", async () => {
    const h = makeHarness(seed.library);
    for (const data of ["m:zzzzzzzz:3", "f:abc:1", "m:abcdefgh:99999", "garbage", "", "u:abcdefgh:ok", "x:9", "m:ABCDEFGH:1"]) {
      await h.send(callback(data));
    }
    const answers = h.sent("answerCallbackQuery");
    expect(answers).toHaveLength(8);
    for (const a of answers) expect(a.payload.text).toBe("已过期");
    expect(h.calls.filter((c) => c.method !== "answerCallbackQuery")).toHaveLength(0);
  });

  it("limits questions per user per minute: one notice, then a reaction on each later question", async () => {
    let now = new Date("2024-12-02T10:00:00Z").getTime();
    const h = makeHarness(seed.library, { config: { rateLimit: 2 }, deps: { now: () => new Date(now) } });
    for (let i = 0; i < 5; i++) await h.send(privateText("企业"));
    const replies = texts(h.calls);
    expect(replies).toHaveLength(3);
    expect(replies[2]).toBe("提问太频繁了，请稍等一分钟再问。");
    const reactions = h.sent("setMessageReaction");
    expect(reactions).toHaveLength(2);
    expect(reactions[0].payload).toEqual({
      chat_id: USER_ID,
      message_id: expect.any(Number) as number,
      reaction: [{ type: "emoji", emoji: "👀" }],
    });
    // Another user is not affected.
    await h.send(privateText("企业", { id: 999 }));
    expect(texts(h.calls)).toHaveLength(4);
    // A minute later the budget is back.
    now += 61_000;
    h.reset();
    await h.send(privateText("企业"));
    expect(texts(h.calls)[0]).toContain("<b>企业</b>");
  });

  it("asks for text when sent something else, and treats unknown commands as such", async () => {
    const h = makeHarness(seed.library);
    await h.send({
      message: {
        message_id: 5,
        date: 0,
        chat: { id: USER_ID, type: "private", first_name: "T" },
        from: { id: USER_ID, is_bot: false, first_name: "T" },
        sticker: {},
      },
    } as Omit<Update, "update_id">);
    await h.send(privateText("/frobnicate"));
    const [a, b] = texts(h.calls);
    expect(a).toBe("请用文字提问（图片请附上文字说明）。发送 /help 查看示例。");
    expect(b).toContain("不认识这个命令");
  });

  it("ignores messages that came via this bot (its own inline results)", async () => {
    const h = makeHarness(seed.library);
    await h.send(privateText("企业", {}, { via_bot: { id: 4242, is_bot: true, first_name: "News", username: "news_test_bot" } }));
    expect(h.calls).toHaveLength(0);
  });

  it("never shows a stack trace: a failing engine gets a short apology", async () => {
    const broken = {
      ...seed.library,
      get engine() {
        throw new Error("boom at engine.ts:42");
      },
    } as unknown as NewsLibrary;
    const h = makeHarness(broken);
    await h.send(privateText("企业"));
    const [reply] = texts(h.calls);
    expect(reply).toContain("抱歉");
    expect(reply).not.toContain("boom");
  });
});
