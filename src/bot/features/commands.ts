/**
 * Commands for everyone, in every chat: /start (with deep-link payloads: a_<id> opens an article,
 * q_<question> answers it at once), /help, /ask, /latest, /stats; and the help card's buttons.
 * The command menus Telegram shows are in menus.ts.
 */
import { Composer } from "grammy";
import { keyboardPlace, replyWithAnswer, sendArticle } from "../answer-reply.js";
import { BUTTONS } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { parseStartParam } from "../deep-link.js";
import { HTML, sendHelp } from "../help-card.js";
import { rateLimited } from "../guards.js";
import { articleListKeyboard } from "../keyboards.js";
import { EXAMPLE_QUESTIONS, inScript, labels, pickLang } from "../i18n.js";
import { renderLatestHtml, renderStatsHtml } from "../render.js";

const LATEST_COUNT = 5;

export const commands = new Composer<BotContext>();

commands.command("start", async (ctx) => {
  const action = ctx.chat.type === "private" ? parseStartParam(ctx.match.trim()) : null;
  const lang = pickLang(ctx.from?.language_code);
  if (action?.kind === "article") {
    const article = ctx.deps.library.engine.article(action.id);
    if (article) await sendArticle(ctx, article, lang);
    else await ctx.reply(labels(lang).articleGone);
    return;
  }
  if (action?.kind === "question") return rateLimited(ctx, () => replyWithAnswer(ctx, action.text));
  return sendHelp(ctx, lang);
});

commands.command("help", (ctx) => sendHelp(ctx));

commands.command("ask", rateLimited, (ctx) => replyWithAnswer(ctx, ctx.match));

commands.command("latest", async (ctx) => {
  const lang = pickLang(ctx.from?.language_code);
  const articles = ctx.deps.library.engine.latest(LATEST_COUNT);
  if (articles.length === 0) {
    await ctx.reply(labels(lang).latestEmpty);
    return;
  }
  // "Full article" buttons, numbered like the list, through the same store as answers.
  const key = ctx.deps.results.put({ question: null, lang, articleIds: articles.map((a) => a.id) });
  await ctx.reply(renderLatestHtml(articles, lang), {
    ...HTML,
    reply_markup: articleListKeyboard(key, articles, keyboardPlace(ctx, lang)),
  });
});

commands.command("stats", async (ctx) => {
  const { library, config } = ctx.deps;
  const lang = pickLang(ctx.from?.language_code);
  await ctx.reply(renderStatsHtml(library.engine.size, library.pages, library.loadedAt, lang, config.display.timeZone), HTML);
});

commands.callbackQuery(BUTTONS.help.pattern, async (ctx) => {
  await ctx.answerCallbackQuery();
  return sendHelp(ctx);
});

// A button press, not a typed question: outside the question budget.
commands.callbackQuery(BUTTONS.example.pattern, async (ctx, next) => {
  const { index } = BUTTONS.example.decode(ctx.match);
  if (index >= EXAMPLE_QUESTIONS.length || !ctx.chat) return next();
  await ctx.answerCallbackQuery();
  await replyWithAnswer(ctx, inScript(pickLang(ctx.from.language_code), EXAMPLE_QUESTIONS[index]));
});
