/**
 * Private chat: any text is a question. Also the buttons under every answer (in any chat):
 * "more results" edits the message in place, "full article" sends the article split to fit.
 */
import { Composer } from "grammy";
import { answerKeyboard, ask, HTML, PAGE_SIZE, recordIds, replyWithAnswer } from "../answer-reply.js";
import { parseButton } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { answerExpired, rateLimited } from "../guards.js";
import { labels, pickLang } from "../i18n.js";
import { articleParagraphs, renderAnswerHtml, splitForTelegram, type AnswerView } from "../render.js";

/** A full article longer than this many messages is cut: a chat is not a reader. */
const MAX_ARTICLE_MESSAGES = 10;
const COMMAND = /^\/[A-Za-z0-9_]+(@\w+)?(\s|$)/;

export const questions = new Composer<BotContext>();

questions.on("callback_query:data", async (ctx, next) => {
  const action = parseButton(ctx.callbackQuery.data);
  if (action?.kind === "more") {
    const entry = ctx.deps.results.get(action.key);
    if (!entry || entry.question === null || !ctx.callbackQuery.message) return answerExpired(ctx);
    return rateLimited(ctx, async () => {
      const result = ask(ctx, entry.question as string, action.offset, PAGE_SIZE);
      if (result.answers.length === 0) {
        await ctx.answerCallbackQuery({ text: labels(entry.lang).noMorePages });
        return;
      }
      const view: AnswerView = { answers: result.answers, offset: action.offset, total: result.total };
      recordIds(entry.articleIds, view);
      await ctx.editMessageText(renderAnswerHtml(view, entry.lang), {
        ...HTML,
        reply_markup: answerKeyboard(action.key, view, entry.question as string, entry.lang),
      });
      await ctx.answerCallbackQuery();
    });
  }
  if (action?.kind === "full") {
    const entry = ctx.deps.results.get(action.key);
    const id = entry?.articleIds[action.rank];
    const article = id === undefined ? undefined : ctx.deps.library.engine.article(id);
    if (!entry || !article || !ctx.chat) return answerExpired(ctx);
    await ctx.answerCallbackQuery();
    const parts = splitForTelegram(articleParagraphs(article, entry.lang)).slice(0, MAX_ARTICLE_MESSAGES);
    // Plain text: nothing to escape, so the split lengths are the sent lengths.
    for (const part of parts) await ctx.reply(part, { link_preview_options: { is_disabled: true } });
    return;
  }
  return next();
});

const privateChat = questions.chatType("private");

privateChat.on("message:text", async (ctx, next) => {
  if (!COMMAND.test(ctx.msg.text)) return next();
  // Unknown commands, and admin commands from non-admins: the same answer, no hint.
  await ctx.reply(labels(pickLang(ctx.from.language_code)).unknownCommand);
});

privateChat.on("message:text", rateLimited, (ctx) => {
  // "@bot question" typed in the private chat out of group habit: the handle is not part of it.
  const handle = new RegExp(`@${ctx.me.username}\\b`, "gi");
  return replyWithAnswer(ctx, ctx.msg.text.replace(handle, " "));
});

privateChat.on("message", async (ctx) => {
  await ctx.reply(labels(pickLang(ctx.from.language_code)).textOnly);
});
