/**
 * Private chat: any text is a question, and so is a photo's caption. An edited question is
 * answered again by editing our reply. Unknown commands get one plain line; other media a hint.
 */
import { Composer } from "grammy";
import { replyTo, replyWithAnswer } from "../answer-reply.js";
import type { BotContext } from "../context.js";
import { rateLimited } from "../guards.js";
import { labels, pickLang } from "../i18n.js";

const COMMAND = /^\/[A-Za-z0-9_]+(@\w+)?(\s|$)/;

export const questions = new Composer<BotContext>();

const privateChat = questions.chatType("private");

/** "@bot question" typed in the private chat out of group habit: the handle is not part of it. */
function withoutHandle(text: string, username: string): string {
  return text.replace(new RegExp(`@${username}\\b`, "gi"), " ");
}

privateChat.on("message:text", async (ctx, next) => {
  if (!COMMAND.test(ctx.msg.text)) return next();
  // Unknown commands, and admin commands from non-admins: the same answer, no hint.
  await ctx.reply(labels(pickLang(ctx.from.language_code)).unknownCommand);
});

privateChat.on(["message:text", "message:caption"], rateLimited, (ctx) =>
  replyWithAnswer(ctx, withoutHandle(ctx.msg.text ?? ctx.msg.caption ?? "", ctx.me.username)),
);

privateChat.on(["edited_message:text", "edited_message:caption"], async (ctx, next) => {
  const text = ctx.msg.text ?? ctx.msg.caption ?? "";
  if (COMMAND.test(text)) return next();
  return rateLimited(ctx, () =>
    replyWithAnswer(ctx, withoutHandle(text, ctx.me.username), { editMessageId: replyTo(ctx, ctx.chat.id, ctx.msg.message_id) }),
  );
});

privateChat.on("message", async (ctx) => {
  await ctx.reply(labels(pickLang(ctx.from.language_code)).textOnly);
});
