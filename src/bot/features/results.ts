/**
 * The buttons under answers and lists, in any chat: paging (‹ previous · n/N · next ›) edits the
 * same message; "full article" sends the article into the private chat it was pressed in, and in a
 * group points the presser at the private chat instead of posting the article for everyone.
 * Button presses are not questions: they do not count against the question budget.
 */
import { Composer } from "grammy";
import { answerPage, ask, HTML, sendArticle } from "../answer-reply.js";
import { BUTTONS } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { articleParam, deepLink } from "../deep-link.js";
import { answerExpired } from "../guards.js";
import { labels } from "../i18n.js";
import { PAGE_SIZE } from "../keyboards.js";

export const results = new Composer<BotContext>();

results.callbackQuery(BUTTONS.page.pattern, async (ctx) => {
  const { key, offset } = BUTTONS.page.decode(ctx.match);
  const entry = ctx.deps.results.get(key);
  if (!entry || entry.question === null || !ctx.callbackQuery.message) return answerExpired(ctx);
  const result = ask(ctx, entry.question, offset, PAGE_SIZE);
  if (result.answers.length === 0) {
    await ctx.answerCallbackQuery({ text: labels(entry.lang).noMorePages });
    return;
  }
  const page = answerPage(ctx, key, entry.question, entry.lang, result, offset, entry.articleIds);
  await ctx.editMessageText(page.html, { ...HTML, reply_markup: page.keyboard });
  await ctx.answerCallbackQuery();
});

results.callbackQuery(BUTTONS.pageInfo.pattern, (ctx) => ctx.answerCallbackQuery());

results.callbackQuery(BUTTONS.full.pattern, async (ctx) => {
  const { key, rank } = BUTTONS.full.decode(ctx.match);
  const entry = ctx.deps.results.get(key);
  const id = entry?.articleIds[rank];
  const article = id === undefined ? undefined : ctx.deps.library.engine.article(id);
  if (!entry || !article || !ctx.chat) return answerExpired(ctx);
  if (ctx.chat.type !== "private") {
    // Telegram opens t.me/<bot>?start=… links from a callback answer: the article, in private.
    const param = articleParam(article.id);
    if (!param) return answerExpired(ctx);
    await ctx.answerCallbackQuery({ url: deepLink(ctx.me.username, param) });
    return;
  }
  await ctx.answerCallbackQuery();
  await sendArticle(ctx, article, entry.lang);
});
