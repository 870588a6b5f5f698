/**
 * Commands for everyone, in every chat: /start, /help (with example questions as buttons),
 * /ask, /latest, /stats; and the command menus Telegram shows, per scope.
 */
import { Composer, InlineKeyboard, type Api } from "grammy";
import type { BotCommand } from "grammy/types";
import type { Logger } from "../../log.js";
import { HTML, replyWithAnswer } from "../answer-reply.js";
import { buttonData, parseButton } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { rateLimited } from "../guards.js";
import { EXAMPLE_QUESTIONS, labels, pickLang, type Lang } from "../i18n.js";
import { escapeHtml, renderLatestHtml, renderStatsHtml, truncate } from "../render.js";

const LATEST_COUNT = 5;

export const commands = new Composer<BotContext>();

function helpKeyboard(lang: Lang): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  EXAMPLE_QUESTIONS.forEach((question, index) => {
    keyboard.text(truncate(question, 60), buttonData({ kind: "example", index })).row();
  });
  return keyboard.switchInlineCurrent(labels(lang).openInline, "");
}

async function sendHelp(ctx: BotContext): Promise<void> {
  const lang = pickLang(ctx.from?.language_code);
  await ctx.reply(escapeHtml(labels(lang).helpText(ctx.deps.config.localCity)), {
    ...HTML,
    reply_markup: helpKeyboard(lang),
  });
}

commands.command(["start", "help"], sendHelp);

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
  const keyboard = new InlineKeyboard();
  articles.forEach((_, rank) => keyboard.text(`${labels(lang).fullArticle} ${rank + 1}`, buttonData({ kind: "full", key, rank })));
  await ctx.reply(renderLatestHtml(articles, lang), { ...HTML, reply_markup: keyboard });
});

commands.command("stats", async (ctx) => {
  const { library } = ctx.deps;
  const lang = pickLang(ctx.from?.language_code);
  await ctx.reply(renderStatsHtml(library.engine.size, library.pages, library.loadedAt, lang), HTML);
});

commands.on("callback_query:data", async (ctx, next) => {
  const action = parseButton(ctx.callbackQuery.data);
  if (action?.kind === "help") {
    await ctx.answerCallbackQuery();
    return sendHelp(ctx);
  }
  if (action?.kind === "example" && action.index < EXAMPLE_QUESTIONS.length && ctx.chat) {
    return rateLimited(ctx, async () => {
      await ctx.answerCallbackQuery();
      await replyWithAnswer(ctx, EXAMPLE_QUESTIONS[action.index]);
    });
  }
  return next();
});

type MenuEntry = [command: string, zh: string, en: string];

const PUBLIC_MENU: MenuEntry[] = [
  ["start", "开始", "Start"],
  ["help", "帮助与示例", "Help and examples"],
  ["ask", "提问：/ask 问题", "Ask: /ask question"],
  ["latest", "最新报道", "Newest articles"],
  ["stats", "资料库概况", "Library statistics"],
];
const ADMIN_MENU: MenuEntry[] = [["reload", "重新加载资料库（管理员）", "Reload the library (admin)"]];

function menu(entries: MenuEntry[], lang: Lang): BotCommand[] {
  return entries.map(([command, zh, en]) => ({ command, description: lang === "en" ? en : zh }));
}

/**
 * The menus: the public commands for everyone, plus /reload in each admin's private chat.
 * Decorative: a failure is logged and the bot runs on.
 */
export async function setupCommandMenus(api: Api, adminIds: readonly number[], logger: Logger): Promise<void> {
  const calls: [string, () => Promise<unknown>][] = [];
  for (const lang of ["zh", "en"] as const) {
    const language_code = lang === "en" ? "en" : undefined;
    calls.push([`default/${lang}`, () => api.setMyCommands(menu(PUBLIC_MENU, lang), { language_code })]);
    for (const chat_id of adminIds) {
      calls.push([
        `admin ${chat_id}/${lang}`,
        () => api.setMyCommands(menu([...PUBLIC_MENU, ...ADMIN_MENU], lang), { scope: { type: "chat", chat_id }, language_code }),
      ]);
    }
  }
  for (const [scope, call] of calls) {
    try {
      await call();
    } catch (error) {
      logger.warn({ scope, error: error instanceof Error ? error.message : String(error) }, "bot: setMyCommands failed (ignored)");
    }
  }
}
