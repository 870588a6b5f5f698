/** Groups: silent unless addressed by /ask, a mention, or a reply to the bot. */
import { describe, expect, it } from "vitest";
import { addressedQuestion } from "../../src/bot/features/groups.js";
import { BOT_ID, BOT_USERNAME, GROUP_ID, groupText, makeHarness, texts, useTempLibrary } from "./helpers/harness.js";

const seed = useTempLibrary();

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
    const share = reply.payload.reply_markup.inline_keyboard.flat().find((b: any) => b.switch_inline_query !== undefined);
    expect(share.switch_inline_query).toBe("聊城有多少家单项冠军企业？");
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
    expect(addressedQuestion(msg(text, { entities }), me)).toBe("问一下 ，聊城");
  });

  it("leaves the leading punctuation after a mention out", () => {
    const text = `@${BOT_USERNAME}: 聊城`;
    expect(addressedQuestion(msg(text, { entities: [{ type: "mention", offset: 0, length: BOT_USERNAME.length + 1 }] }), me)).toBe("聊城");
  });

  it("is null for unaddressed text and for commands", () => {
    expect(addressedQuestion(msg("聊城"), me)).toBeNull();
    expect(addressedQuestion(msg(`/ask @${BOT_USERNAME}`), me)).toBeNull();
  });
});
