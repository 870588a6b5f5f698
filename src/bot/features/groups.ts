/**
 * Groups and supergroups (privacy mode on): answer only when addressed — a mention of the bot
 * (stripped from the question), or a reply to one of its messages that reads as a question or has
 * a direct answer. Thanks and "ok" replies, and everything else, are left alone: a bot that chimes
 * in on every message gets removed. Captions count as text; an edited question edits our reply.
 * /ask and /help are in commands.ts; a short hello when the bot joins.
 */
import { Composer } from "grammy";
import type { Message } from "grammy/types";
import { replyTo, replyWithAnswer, type AnswerOptions } from "../answer-reply.js";
import type { BotContext } from "../context.js";
import { rateLimited } from "../guards.js";
import { sendGroupHello } from "../help-card.js";
import { looksLikeQuestion, smallTalk } from "../small-talk.js";

export interface Addressed {
  question: string;
  /** Mentioned by name, or only replied to (then only a question or a direct answer is answered). */
  by: "mention" | "reply";
}

/** The question in a group message addressed to the bot, or null when it is not addressed to it. */
export function addressedQuestion(msg: Message, me: { id: number; username: string }): Addressed | null {
  const text = msg.text ?? msg.caption;
  if (text === undefined || /^\//.test(text)) return null;
  const handle = `@${me.username}`.toLowerCase();
  const mentions = (msg.entities ?? msg.caption_entities ?? []).filter(
    (e) =>
      (e.type === "mention" && text.slice(e.offset, e.offset + e.length).toLowerCase() === handle) ||
      (e.type === "text_mention" && e.user.id === me.id),
  );
  if (mentions.length > 0) {
    // Cut from the end so earlier offsets stay valid.
    let question = text;
    for (const e of [...mentions].sort((a, b) => b.offset - a.offset)) {
      question = question.slice(0, e.offset) + " " + question.slice(e.offset + e.length);
    }
    const cleaned = question
      .replace(/\s+/g, " ")
      .trim()
      .replace(/^[,，:：]\s*/, "");
    return { question: cleaned, by: "mention" };
  }
  if (msg.reply_to_message?.from?.id === me.id) return { question: text.trim(), by: "reply" };
  return null;
}

/** How to answer an addressed message; null to stay silent (a reply that is only thanks or "ok"). */
function answerMode(addressed: Addressed): AnswerOptions | null {
  if (addressed.by === "mention") return {};
  if (smallTalk(addressed.question) !== null) return null;
  return looksLikeQuestion(addressed.question) ? {} : { quietUnlessAnswered: true };
}

export const groups = new Composer<BotContext>();
const inGroups = groups.chatType(["group", "supergroup"]);

// Added to a group (or the group was created with the bot in it): say how to ask, once.
inGroups.on("message:new_chat_members", async (ctx, next) => {
  if (!ctx.msg.new_chat_members.some((m) => m.id === ctx.me.id)) return next();
  await sendGroupHello(ctx);
});
inGroups.on(["message:group_chat_created", "message:supergroup_chat_created"], sendGroupHello);

inGroups.on(["message:text", "message:caption"]).filter(
  (ctx) => {
    const addressed = addressedQuestion(ctx.msg, ctx.me);
    return addressed !== null && answerMode(addressed) !== null;
  },
  rateLimited,
  (ctx) => {
    const addressed = addressedQuestion(ctx.msg, ctx.me) as Addressed;
    return replyWithAnswer(ctx, addressed.question, answerMode(addressed) ?? {});
  },
);

inGroups.on(["edited_message:text", "edited_message:caption"]).filter(
  (ctx) => {
    const addressed = addressedQuestion(ctx.msg, ctx.me);
    return addressed !== null && answerMode(addressed) !== null;
  },
  rateLimited,
  (ctx) => {
    const addressed = addressedQuestion(ctx.msg, ctx.me) as Addressed;
    const editMessageId = replyTo(ctx, ctx.chat.id, ctx.msg.message_id);
    return replyWithAnswer(ctx, addressed.question, { ...(answerMode(addressed) ?? {}), editMessageId });
  },
);
