/**
 * Inline mode: @bot question in any chat. One article result per answer (title = headline,
 * description = date and answer, a thumbnail), paged by next_offset. While the query is too short
 * to ask, or finds no answer, the newest or related items are shown instead, with a button that
 * takes the query into the private chat (/start q_…). Posted messages carry [全文] (a deep link),
 * [阅读原文] and [问 @bot]. Labels follow the user's language, so results are personal.
 */
import { Composer } from "grammy";
import type { InlineQueryResultArticle } from "grammy/types";
import type { Article } from "../../corpus/types.js";
import type { Answer } from "../../search/types.js";
import { ask } from "../answer-reply.js";
import type { BotContext } from "../context.js";
import { questionParam } from "../deep-link.js";
import { labels, pickLang, type Lang } from "../i18n.js";
import { inlineResultKeyboard } from "../keyboards.js";
import { cleanUserText, lead, renderAnswerHtml, renderArticleSummaryHtml, truncate } from "../render.js";

export const INLINE_PAGE = 10;
/** Short: the corpus changes on reload. */
export const INLINE_CACHE_SECONDS = 10;
/** Shorter queries than this (in code points) are still being typed: show the newest items. */
export const INLINE_MIN_QUERY = 2;
const OFFSET = /^(0|[1-9]\d{0,3})$/;
/** Deeper than this nobody scrolls; it also keeps offsets within what OFFSET accepts. */
const MAX_OFFSET = 9999;

interface ResultPlace {
  lang: Lang;
  botUsername: string;
  thumbnailUrl: string | null;
}

function article(
  id: string,
  item: { id: string; url?: string | null; headline: string },
  description: string,
  html: string,
  place: ResultPlace,
): InlineQueryResultArticle {
  return {
    type: "article",
    id,
    title: truncate(item.headline, 100),
    description: truncate(description, 200),
    input_message_content: { message_text: html, parse_mode: "HTML", link_preview_options: { is_disabled: true } },
    reply_markup: inlineResultKeyboard(item, place),
    ...(place.thumbnailUrl ? { thumbnail_url: place.thumbnailUrl, thumbnail_width: 128, thumbnail_height: 128 } : {}),
  };
}

function answerResult(answer: Answer, rank: number, place: ResultPlace): InlineQueryResultArticle {
  const html = renderAnswerHtml({ answers: [answer], offset: 0, total: 1 }, place.lang, { pageInfo: false });
  return article(`a${rank}`, answer, `${labels(place.lang).date(answer.date)} · ${answer.answer}`, html, place);
}

function articleResult(item: Article, id: string, place: ResultPlace): InlineQueryResultArticle {
  return article(id, item, `${labels(place.lang).date(item.date)} · ${lead(item, 120)}`, renderArticleSummaryHtml(item, place.lang), place);
}

/** The button above the results that opens the private chat with this query asked. */
function privateChatButton(query: string, lang: Lang, found: boolean): { button: { text: string; start_parameter: string } } {
  const L = labels(lang);
  return { button: { text: found ? L.inlineAskPrivate : L.inlineNoMatch, start_parameter: questionParam(query) ?? "help" } };
}

export const inline = new Composer<BotContext>();

inline.on("inline_query", async (ctx) => {
  const { deps } = ctx;
  // Labels (dates, buttons) are in the user's language: never serve one user's results to another.
  const cache = { cache_time: INLINE_CACHE_SECONDS, is_personal: true };
  if (deps.inlineLimiter.hit(String(ctx.from.id)) !== "ok") {
    await ctx.answerInlineQuery([], { cache_time: 5, is_personal: true });
    return;
  }
  const query = cleanUserText(ctx.inlineQuery.query).replace(/\s+/g, " ").trim();
  // Offsets are ours, but anyone can send any; a bad one starts over.
  const offset = OFFSET.test(ctx.inlineQuery.offset) ? Number(ctx.inlineQuery.offset) : 0;
  const place = (lang: Lang): ResultPlace => ({ lang, botUsername: ctx.me.username, thumbnailUrl: deps.config.display.inlineThumbUrl });

  const latest = async (lang: Lang, button: object) => {
    const items = deps.library.engine.latest(INLINE_PAGE, offset);
    const next = items.length === INLINE_PAGE && offset + INLINE_PAGE <= MAX_OFFSET ? String(offset + INLINE_PAGE) : "";
    await ctx.answerInlineQuery(
      items.map((item, i) => articleResult(item, `l${offset + i}`, place(lang))),
      { ...cache, next_offset: next, ...button },
    );
  };

  if (Array.from(query).length < INLINE_MIN_QUERY) {
    const lang = pickLang(ctx.from.language_code);
    return latest(lang, query ? privateChatButton(query, lang, true) : {});
  }
  const result = ask(ctx, query, offset, INLINE_PAGE);
  const lang = pickLang(ctx.from.language_code, result.lang);
  if (result.answers.length === 0) {
    if (offset > 0) {
      await ctx.answerInlineQuery([], { ...cache, next_offset: "" });
      return;
    }
    const related = deps.library.engine.related?.(query, INLINE_PAGE) ?? [];
    if (related.length === 0) return latest(lang, privateChatButton(query, lang, false));
    await ctx.answerInlineQuery(
      related.map((item, i) => articleResult(item, `r${i}`, place(lang))),
      { ...cache, next_offset: "", ...privateChatButton(query, lang, false) },
    );
    return;
  }
  const end = offset + result.answers.length;
  await ctx.answerInlineQuery(
    result.answers.map((answer, i) => answerResult(answer, offset + i, place(lang))),
    { ...cache, next_offset: end < result.total && end <= MAX_OFFSET ? String(end) : "" },
  );
});
