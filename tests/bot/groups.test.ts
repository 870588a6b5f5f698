/** Groups: silent unless addressed by /ask, a mention, or a reply to the bot. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { addressedQuestion } from "../../src/bot/features/groups.js";
import {
  ADMIN_ID,
  BOT_ID,
  BOT_USERNAME,
  buttons,
  callback,
  GROUP_ID,
  groupText,
  makeHarness,
  privateText,
  texts,
  USER_ID,
  useTempLibrary,
} from "./helpers/harness.js";
import { LINKED_CORPUS } from "./fixtures/linked-articles.js";

const seed = useTempLibrary(LINKED_CORPUS);

const botUser = { id: BOT_ID, is_bot: true, first_name: "News", username: BOT_USERNAME };

describe("in a group", () => {
  it("stays silent on plain text, other bots' mentions and unknown commands", async () => {
    const h = makeHarness(seed.library);
    await h.send(groupText("聊城有多少家单项冠军企业？"));
    await h.send(groupText("@someone_else 聊城有多少家单项冠军企业？", {}, { entities: [{ type: "mention", offset: 0, length: 13 }] }));
    await h.send(groupText("/reload"));
    await h.send(groupText("/frobnicate"));
    expect(h.calls).toHaveLength(0);
  });

  it("answers /ask (also /ask@bot), replying to the question", async () => {
    const h = makeHarness(seed.library);
    await h.send(groupText("/ask 聊城有多少家单项冠军企业？"));
    await h.send(groupText(`/ask@${BOT_USERNAME} 聊城有多少家单项冠军企业？`));
    const replies = h.sent("sendMessage");
    expect(replies).toHaveLength(2);
    for (const r of replies) {
      expect(r.payload.chat_id).toBe(GROUP_ID);
      expect(r.payload.text).toContain("79家");
      expect(r.payload.reply_parameters.message_id).toBeGreaterThan(0);
    }
  });

  it("answers a mention, with the mention stripped from the question", async () => {
    const h = makeHarness(seed.library);
    await h.send(groupText(`@${BOT_USERNAME} 聊城有多少家单项冠军企业？`));
    const [reply] = h.sent("sendMessage");
    expect(reply.payload.text).toContain("79家");
    const share = reply.payload.reply_markup.inline_keyboard.flat().find((b: any) => b.switch_inline_query_chosen_chat !== undefined);
    expect(share.switch_inline_query_chosen_chat.query).toBe("聊城有多少家单项冠军企业？");
  });

  it("answers a reply to one of its messages", async () => {
    const h = makeHarness(seed.library);
    const replyTo = { message_id: 9, date: 0, chat: { id: GROUP_ID, type: "supergroup", title: "g" }, from: botUser, text: "…" };
    await h.send(groupText("聊城有多少家单项冠军企业？", {}, { reply_to_message: replyTo }));
    expect(texts(h.calls)[0]).toContain("79家");
  });

  it("ignores replies to other people and messages sent via itself", async () => {
    const h = makeHarness(seed.library);
    const other = {
      message_id: 9,
      date: 0,
      chat: { id: GROUP_ID, type: "supergroup", title: "g" },
      from: { id: 5, is_bot: false, first_name: "P" },
      text: "…",
    };
    await h.send(groupText("聊城有多少家单项冠军企业？", {}, { reply_to_message: other }));
    await h.send(groupText(`@${BOT_USERNAME} 企业`, {}, { via_bot: botUser }));
    expect(h.calls).toHaveLength(0);
  });
});

describe("addressedQuestion", () => {
  const me = { id: BOT_ID, username: BOT_USERNAME };
  const msg = (text: string, extra: object = {}) =>
    ({ message_id: 1, date: 0, chat: { id: 1, type: "group", title: "g" }, text, ...extra }) as any;

  it("strips every mention of the bot, case-insensitively, wherever it is", () => {
    const text = `问一下 @${BOT_USERNAME.toUpperCase()}，聊城 @${BOT_USERNAME}`;
    const entities = [
      { type: "mention", offset: 4, length: BOT_USERNAME.length + 1 },
      { type: "mention", offset: text.lastIndexOf("@"), length: BOT_USERNAME.length + 1 },
    ];
    expect(addressedQuestion(msg(text, { entities }), me)).toEqual({ question: "问一下 ，聊城", by: "mention" });
  });

  it("leaves the leading punctuation after a mention out", () => {
    const text = `@${BOT_USERNAME}: 聊城`;
    expect(
      addressedQuestion(msg(text, { entities: [{ type: "mention", offset: 0, length: BOT_USERNAME.length + 1 }] }), me)?.question,
    ).toBe("聊城");
  });

  it("is null for unaddressed text and for commands", () => {
    expect(addressedQuestion(msg("聊城"), me)).toBeNull();
    expect(addressedQuestion(msg(`/ask @${BOT_USERNAME}`), me)).toBeNull();
  });
});

const replyToBot = { message_id: 9, date: 0, chat: { id: GROUP_ID, type: "supergroup", title: "g" }, from: botUser, text: "…" };

describe("in a group, issue 12", () => {
  it("[全文] is a deep link into the private chat, and the article there is sent only to the reader", async () => {
    const h = makeHarness(seed.library);
    await h.send(groupText("/ask 口袋公园"));
    const [answer] = h.sent("sendMessage");
    expect(answer.payload.chat_id).toBe(GROUP_ID);
    const full = buttons(answer.payload).filter((b) => b.text.startsWith("全文"));
    expect(full).toHaveLength(3);
    const ids = seed.library.engine.ask("口袋公园", { limit: 3 }).answers.map((a) => a.id);
    expect(full).toEqual(ids.map((id, i) => ({ text: `全文 ${"①②③"[i]}`, url: `https://t.me/${BOT_USERNAME}?start=a_${id}` })));
    expect(full.some((b) => b.callback_data !== undefined)).toBe(false);

    // The reader follows the link: /start a_<id> in the private chat sends the article there.
    h.reset();
    await h.send(privateText(`/start a_${ids[0]}`));
    const article = seed.library.engine.article(ids[0])!;
    const [sent] = h.sent("sendMessage");
    expect(sent.payload.chat_id).toBe(USER_ID);
    expect(sent.payload.text.startsWith(`<b>【${article.headline}】</b>`)).toBe(true);
    expect(sent.payload.reply_markup).toEqual({ inline_keyboard: [[{ text: "阅读原文", url: article.url }]] });
  });

  it("an old callback [全文] pressed in a group opens the private chat instead of posting the article", async () => {
    const h = makeHarness(seed.library);
    await h.send(privateText("口袋公园"));
    const data = buttons(h.sent("sendMessage")[0].payload)[0].callback_data!;
    const id = seed.library.engine.ask("口袋公园", { limit: 1 }).answers[0].id;
    h.reset();
    await h.send(callback(data, {}, GROUP_ID));
    expect(h.calls).toEqual([
      {
        method: "answerCallbackQuery",
        payload: { callback_query_id: expect.any(String), url: `https://t.me/${BOT_USERNAME}?start=a_${id}` },
      },
    ]);
  });

  it("leaves a reply to the bot alone when it is thanks, an acknowledgement or not a question without an answer", async () => {
    const h = makeHarness(seed.library);
    for (const text of ["谢谢！", "好的", "👍", "thanks!", "今天天气不错啊"]) {
      await h.send(groupText(text, {}, { reply_to_message: replyToBot }));
    }
    expect(h.calls).toEqual([]);
    // A reply that asks something is answered, as is one that finds a direct answer.
    await h.send(groupText("高唐县电子信息产业前三季度产值增长多少？", {}, { reply_to_message: replyToBot }));
    expect(texts(h.calls)[0]).toContain("38.4%");
  });

  it("answers a greeting by mention with a short help card, not 'nothing found'", async () => {
    const h = makeHarness(seed.library);
    await h.send(groupText(`@${BOT_USERNAME} 你好`));
    const [reply] = h.sent("sendMessage");
    expect(reply.payload.text).toBe("你好！我是聊城本地新闻问答机器人。直接把问题发给我就行，比如下面这些。发送 /help 查看全部用法。");
    expect(reply.payload.reply_markup).toBeUndefined();
  });

  it("answers in the forum topic it was asked in, and so does a reload report", async () => {
    const h = makeHarness(seed.library);
    const topic = { is_topic_message: true, message_thread_id: 42 };
    await h.send(groupText("/ask 口袋公园", {}, topic));
    await h.send(groupText("/help", {}, topic));
    for (const call of h.sent("sendMessage")) expect(call.payload.message_thread_id).toBe(42);

    h.reset();
    writeFileSync(
      join(seed.dir, "topic-reload.json"),
      JSON.stringify([{ headline: "论坛话题测试报道", date: "2024-12-05", body: ["测试。"] }]),
    );
    await h.send(groupText("/reload", { id: ADMIN_ID }, topic));
    // One message per reload (issue 12 item 8): the status reply in the topic, edited into the report.
    const sent = h.sent("sendMessage");
    expect(sent).toHaveLength(1);
    expect(sent[0].payload).toMatchObject({ chat_id: GROUP_ID, message_thread_id: 42 });
    const report = h.sent("editMessageText").at(-1)!;
    expect(report.payload.chat_id).toBe(GROUP_ID);
    expect(report.payload.text).toContain("论坛话题测试报道");
  });

  it("group help shows /ask@bot and no example buttons", async () => {
    const h = makeHarness(seed.library);
    await h.send(groupText(`/help@${BOT_USERNAME}`));
    const [help] = h.sent("sendMessage");
    expect(help.payload.text).toBe(
      [
        "我可以回答关于聊城本地新闻的问题，回答来自报纸原文。",
        "",
        "在群里提问：",
        `/ask@${BOT_USERNAME} 问题`,
        `或者 @${BOT_USERNAME} 加问题，或回复我的消息。`,
        "",
        "私聊我可以看全文、最新报道和更多示例。",
      ].join("\n"),
    );
    expect(help.payload.reply_markup).toBeUndefined();
  });

  it("says a short hello when added to a group, and only for itself", async () => {
    const h = makeHarness(seed.library);
    await h.send(groupText("", {}, { text: undefined, new_chat_members: [{ id: 555, is_bot: false, first_name: "P" }] }));
    expect(h.calls).toEqual([]);
    await h.send(groupText("", {}, { text: undefined, new_chat_members: [botUser] }));
    const [hello] = h.sent("sendMessage");
    expect(hello.payload).toEqual({
      chat_id: GROUP_ID,
      text: `大家好！我回答关于聊城本地新闻的问题，回答来自报纸原文。\n在群里用 /ask@${BOT_USERNAME} 问题，或 @${BOT_USERNAME} 加问题。`,
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
    });
  });

  it("a captioned photo that mentions the bot is a question", async () => {
    const h = makeHarness(seed.library);
    const caption = `@${BOT_USERNAME} 聊城有多少家单项冠军企业？`;
    await h.send(
      groupText(
        "",
        {},
        {
          text: undefined,
          photo: [{ file_id: "p1", file_unique_id: "u1", width: 10, height: 10 }],
          caption,
          caption_entities: [{ type: "mention", offset: 0, length: BOT_USERNAME.length + 1 }],
        },
      ),
    );
    expect(texts(h.calls)[0]).toContain("<b>79家</b>");
  });
});
