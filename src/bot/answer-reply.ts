/**
 * Asking the engine and replying with a rich answer: shared by private questions, /ask, group
 * mentions and the help examples, so an answer looks the same wherever it is asked.
 */
import { InlineKeyboard } from "grammy";
import type { AskResult } from "../search/types.js";
import { buttonData } from "./callback-data.js";
import type { BotContext } from "./context.js";
import { labels, pickLang, type Lang } from "./i18n.js";
import { cleanUserText, renderAnswerHtml, renderNotFoundHtml, truncate, type AnswerView } from "./render.js";

/** Answers per message: one main answer and up to two short ones. */
export const PAGE_SIZE = 3;
/** Inline queries are at most 256 characters; the Share button pre-fills one. */
const SHARE_QUERY_MAX = 200;

export const HTML = { parse_mode: "HTML", link_preview_options: { is_disabled: true } } as const;

/** Ask the live engine (read per request: a reload swaps it) and log without the question text. */
export function ask(ctx: BotContext, question: string, offset: number, limit = PAGE_SIZE): AskResult {
  const started = performance.now();
  const result = ctx.deps.library.engine.ask(question, { limit, offset });
  const ms = Math.round(performance.now() - started);
  const where = { chat: ctx.chat?.type ?? (ctx.inlineQuery ? "inline" : "unknown"), offset, total: result.total, ms };
  ctx.deps.logger.info(where, "bot: question answered");
  ctx.deps.logger.debug({ question, offset }, "bot: question text");
  return result;
}

export function answerKeyboard(key: string, view: AnswerView, question: string, lang: Lang): InlineKeyboard {
  const L = labels(lang);
  const keyboard = new InlineKeyboard();
  const next = view.offset + view.answers.length;
  if (next < view.total) keyboard.text(L.moreResults, buttonData({ kind: "more", key, offset: next }));
  keyboard.text(L.fullArticle, buttonData({ kind: "full", key, rank: view.offset }));
  keyboard.row().switchInline(L.share, truncate(cleanUserText(question).replace(/\s+/g, " ").trim(), SHARE_QUERY_MAX));
  return keyboard;
}

/** Remember which articles the shown ranks point at, for the "full article" button. */
export function recordIds(ids: string[], view: AnswerView): void {
  view.answers.forEach((answer, i) => {
    ids[view.offset + i] = answer.id;
  });
}

/** Answer question in the current chat (as a reply to the asking message in groups). */
export async function replyWithAnswer(ctx: BotContext, rawQuestion: string): Promise<void> {
  // Control and bidi characters are noise to the search and must not be echoed: spaces.
  const question = cleanUserText(rawQuestion).trim();
  const replyTo =
    ctx.chat && ctx.chat.type !== "private" && ctx.msg?.message_id
      ? { reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true } }
      : {};
  if (!question) {
    await ctx.reply(labels(pickLang(ctx.from?.language_code)).emptyQuestion, replyTo);
    return;
  }
  const result = ask(ctx, question, 0);
  const lang = pickLang(ctx.from?.language_code, result.lang);
  if (result.answers.length === 0) {
    const keyboard = new InlineKeyboard().text(labels(lang).help, buttonData({ kind: "help" }));
    await ctx.reply(renderNotFoundHtml(question, lang), { ...HTML, ...replyTo, reply_markup: keyboard });
    return;
  }
  const view: AnswerView = { answers: result.answers, offset: 0, total: result.total };
  const entry = { question, lang, articleIds: [] as string[] };
  recordIds(entry.articleIds, view);
  const key = ctx.deps.results.put(entry);
  await ctx.reply(renderAnswerHtml(view, lang), {
    ...HTML,
    ...replyTo,
    reply_markup: answerKeyboard(key, view, question, lang),
  });
}
