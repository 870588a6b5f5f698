/**
 * Inline mode: @bot question in any chat. One article result per answer, paged by next_offset;
 * an empty query lists the newest items; no match offers a button into the private chat.
 */
import { Composer } from "grammy";
import type { InlineQueryResultArticle } from "grammy/types";
import { ask } from "../answer-reply.js";
import type { BotContext } from "../context.js";
import { labels, pickLang, type Lang } from "../i18n.js";
import { cleanUserText, lead, renderAnswerHtml, renderArticleSummaryHtml, truncate } from "../render.js";
import type { Article } from "../../corpus/types.js";
import type { Answer } from "../../search/types.js";

export const INLINE_PAGE = 10;
/** Short: the corpus changes on reload, and answers are the same for everyone. */
export const INLINE_CACHE_SECONDS = 10;
const OFFSET = /^(0|[1-9]\d{0,3})$/;
/** Deeper than this nobody scrolls; it also keeps offsets within what OFFSET accepts. */
const MAX_OFFSET = 9999;

function article(id: string, title: string, description: string, html: string): InlineQueryResultArticle {
  return {
    type: "article",
    id,
    title: truncate(title, 100),
    description: truncate(description, 200),
    input_message_content: { message_text: html, parse_mode: "HTML", link_preview_options: { is_disabled: true } },
  };
}

function answerResult(answer: Answer, rank: number, lang: Lang): InlineQueryResultArticle {
  const html = renderAnswerHtml({ answers: [answer], offset: 0, total: 1 }, lang, { pageInfo: false });
  return article(`a${rank}`, answer.headline, answer.answer, html);
}

function latestResult(item: Article, rank: number, lang: Lang): InlineQueryResultArticle {
  return article(`l${rank}`, item.headline, `${labels(lang).date(item.date)} · ${lead(item, 120)}`, renderArticleSummaryHtml(item, lang));
}

export const inline = new Composer<BotContext>();

inline.on("inline_query", async (ctx) => {
  const { deps } = ctx;
  const cache = { cache_time: INLINE_CACHE_SECONDS, is_personal: false };
  if (deps.inlineLimiter.hit(String(ctx.from.id)) !== "ok") {
    await ctx.answerInlineQuery([], { cache_time: 5, is_personal: true });
    return;
  }
  const query = cleanUserText(ctx.inlineQuery.query).trim();
  // Offsets are ours, but anyone can send any; a bad one starts over.
  const offset = OFFSET.test(ctx.inlineQuery.offset) ? Number(ctx.inlineQuery.offset) : 0;
  if (!query) {
    const lang = pickLang(ctx.from.language_code);
    const items = deps.library.engine.latest(INLINE_PAGE, offset);
    const next = items.length === INLINE_PAGE && offset + INLINE_PAGE <= MAX_OFFSET ? String(offset + INLINE_PAGE) : "";
    await ctx.answerInlineQuery(
      items.map((item, i) => latestResult(item, offset + i, lang)),
      { ...cache, next_offset: next },
    );
    return;
  }
  const result = ask(ctx, query, offset, INLINE_PAGE);
  const lang = pickLang(ctx.from.language_code, result.lang);
  if (result.answers.length === 0) {
    const button = offset === 0 ? { button: { text: labels(lang).inlineNoMatch, start_parameter: "help" } } : {};
    await ctx.answerInlineQuery([], { ...cache, next_offset: "", ...button });
    return;
  }
  const end = offset + result.answers.length;
  await ctx.answerInlineQuery(
    result.answers.map((answer, i) => answerResult(answer, offset + i, lang)),
    { ...cache, next_offset: end < result.total && end <= MAX_OFFSET ? String(end) : "" },
  );
});
