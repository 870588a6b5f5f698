/**
 * Asking the engine and replying: shared by private questions, /ask, group mentions, captions,
 * deep links and the help examples, so an answer looks the same wherever it is asked. Never a dead
 * end: a direct answer, else related headlines, else "nothing found" with help; greetings and
 * thanks get a help card. An edited question edits the reply it got.
 */
import { InlineKeyboard } from "grammy";
import type { Article } from "../corpus/types.js";
import type { AskResult } from "../search/types.js";
import type { BotContext } from "./context.js";
import { HTML, isPrivate, smallTalkCard } from "./help-card.js";
import { labels, pickLang, type Lang } from "./i18n.js";
import { answerKeyboard, articleKeyboard, articleListKeyboard, PAGE_SIZE, type KeyboardPlace } from "./keyboards.js";
import { buttonData } from "./callback-data.js";
import {
  cleanUserText,
  renderAnswerHtml,
  renderArticleHtml,
  renderNotFoundHtml,
  renderRelatedHtml,
  shownAnswers,
  type AnswerView,
} from "./render.js";
import { smallTalk } from "./small-talk.js";

export { HTML } from "./help-card.js";
export { PAGE_SIZE } from "./keyboards.js";

/** Headlines offered when no sentence answers the question. */
export const RELATED_COUNT = 3;
/** A full article longer than this many messages is cut: a chat is not a reader. */
export const MAX_ARTICLE_MESSAGES = 10;

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

export function keyboardPlace(ctx: BotContext, lang: Lang): KeyboardPlace {
  return { private: isPrivate(ctx), botUsername: ctx.me.username, lang };
}

/** Remember which articles the shown ranks point at, for the "full article" buttons. */
export function recordIds(ids: string[], view: AnswerView, shown: number): void {
  view.answers.slice(0, shown).forEach((answer, i) => {
    ids[view.offset + i] = answer.id;
  });
}

/** One page of a question's answers: its HTML and keyboard (also used by paging). */
export function answerPage(
  ctx: BotContext,
  key: string,
  question: string,
  lang: Lang,
  result: Pick<AskResult, "answers" | "total">,
  offset: number,
  articleIds: string[],
): { html: string; keyboard: InlineKeyboard } {
  const view: AnswerView = { answers: result.answers, offset, total: result.total };
  const shown = shownAnswers(view, lang);
  recordIds(articleIds, view, shown);
  return {
    html: renderAnswerHtml(view, lang),
    keyboard: answerKeyboard(key, view, shown, question, keyboardPlace(ctx, lang)),
  };
}

export interface AnswerOptions {
  /** Edit this earlier reply of ours instead of sending a new one (an edited question). */
  editMessageId?: number;
  /** Say nothing unless there is a direct answer (a group reply that does not read as a question). */
  quietUnlessAnswered?: boolean;
}

/** Where the reply goes: as a reply to the question in groups (in its forum topic), plainly in private. */
function replyOptions(ctx: BotContext): object {
  return !isPrivate(ctx) && ctx.msg?.message_id
    ? { reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true } }
    : {};
}

/** Send html with keyboard, or edit our earlier reply; remember which message answers the question. */
async function deliver(ctx: BotContext, html: string, keyboard: InlineKeyboard | undefined, options: AnswerOptions): Promise<void> {
  const chatId = ctx.chat?.id;
  const markup = keyboard ? { reply_markup: keyboard } : {};
  if (options.editMessageId !== undefined && chatId !== undefined) {
    await ctx.api.editMessageText(chatId, options.editMessageId, html, { ...HTML, ...markup });
    return;
  }
  const sent = await ctx.reply(html, { ...HTML, ...replyOptions(ctx), ...markup });
  const asked = ctx.msg?.message_id;
  if (chatId !== undefined && asked !== undefined && !ctx.callbackQuery) {
    ctx.deps.replies.set(`${chatId}:${asked}`, { messageId: sent.message_id });
  }
}

/** Our reply to a question message, if we still remember it. */
export function replyTo(ctx: BotContext, chatId: number, messageId: number): number | undefined {
  return ctx.deps.replies.get(`${chatId}:${messageId}`)?.messageId;
}

/** Answer question in the current chat: the answer, related headlines, a help card or "nothing found". */
export async function replyWithAnswer(ctx: BotContext, rawQuestion: string, options: AnswerOptions = {}): Promise<void> {
  // Control and bidi characters are noise to the search and must not be echoed: spaces.
  const question = cleanUserText(rawQuestion).trim();
  const userLang = pickLang(ctx.from?.language_code);
  if (!question) {
    if (!options.quietUnlessAnswered) await deliver(ctx, labels(userLang).emptyQuestion, undefined, options);
    return;
  }
  const talk = smallTalk(question);
  if (talk) {
    if (options.quietUnlessAnswered) return;
    const card = smallTalkCard(ctx, talk, userLang);
    await deliver(ctx, card.html, card.keyboard, options);
    return;
  }
  const result = ask(ctx, question, 0);
  const lang = pickLang(ctx.from?.language_code, result.lang);
  if (result.answers.length > 0) {
    const entry = { question, lang, articleIds: [] as string[] };
    const key = ctx.deps.results.put(entry);
    const page = answerPage(ctx, key, question, lang, result, 0, entry.articleIds);
    await deliver(ctx, page.html, page.keyboard, options);
    return;
  }
  if (options.quietUnlessAnswered) return;
  const related = ctx.deps.library.engine.related?.(question, RELATED_COUNT) ?? [];
  if (related.length > 0) {
    const key = ctx.deps.results.put({ question: null, lang, articleIds: related.map((a) => a.id) });
    await deliver(ctx, renderRelatedHtml(related, lang), articleListKeyboard(key, related, keyboardPlace(ctx, lang)), options);
    return;
  }
  const help = new InlineKeyboard().text(labels(lang).help, buttonData({ kind: "help" }));
  await deliver(ctx, renderNotFoundHtml(question, lang), help, options);
}

/** The whole article in the current chat, split at paragraphs, the original linked under the last part. */
export async function sendArticle(ctx: BotContext, article: Article, lang: Lang): Promise<void> {
  const parts = renderArticleHtml(article, lang, MAX_ARTICLE_MESSAGES);
  const keyboard = articleKeyboard(article, lang);
  for (const [i, part] of parts.entries()) {
    const last = i === parts.length - 1;
    await ctx.reply(part, { ...HTML, ...(last && keyboard ? { reply_markup: keyboard } : {}) });
  }
}
