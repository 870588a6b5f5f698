/**
 * Groups and supergroups (privacy mode on): answer only when addressed — a mention of the bot
 * (stripped from the question) or a reply to one of its messages. /ask is in commands.ts.
 * Everything else is ignored silently: a bot that chimes in on every message gets removed.
 */
import { Composer } from "grammy";
import type { Message } from "grammy/types";
import { replyWithAnswer } from "../answer-reply.js";
import type { BotContext } from "../context.js";
import { rateLimited } from "../guards.js";

/** The question in a group message addressed to the bot, or null when it is not addressed to it. */
export function addressedQuestion(msg: Message, me: { id: number; username: string }): string | null {
  const text = msg.text;
  if (text === undefined || /^\//.test(text)) return null;
  const handle = `@${me.username}`.toLowerCase();
  const mentions = (msg.entities ?? []).filter(
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
    return question
      .replace(/\s+/g, " ")
      .trim()
      .replace(/^[,，:：]\s*/, "");
  }
  if (msg.reply_to_message?.from?.id === me.id) return text.trim();
  return null;
}

export const groups = new Composer<BotContext>();

groups
  .chatType(["group", "supergroup"])
  .on("message:text")
  .filter(
    (ctx) => addressedQuestion(ctx.msg, ctx.me) !== null,
    rateLimited,
    (ctx) => replyWithAnswer(ctx, addressedQuestion(ctx.msg, ctx.me) ?? ""),
  );
