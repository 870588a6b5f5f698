/**
 * The buttons under answers, lists and articles. Where a button can open an article it is a
 * callback in private chat (the article arrives there) and a deep link everywhere else (groups,
 * messages posted through inline mode), so nobody's press posts a long article into a group.
 */
import { InlineKeyboard } from "grammy";
import type { Article } from "../corpus/types.js";
import type { Answer } from "../search/types.js";
import { buttonData } from "./callback-data.js";
import { articleParam, deepLink } from "./deep-link.js";
import { labels, type Lang } from "./i18n.js";
import { cleanUserText, truncate, type AnswerView } from "./render.js";

/** Answers per message: one main answer and up to two short ones. */
export const PAGE_SIZE = 3;
/** URL buttons per row: more would cut their labels on a phone. */
const ORIGINALS_PER_ROW = 3;
/** Inline queries are at most 256 characters; the Share button pre-fills one. */
const SHARE_QUERY_MAX = 200;

/** Where the keyboard will be shown, which decides how "full article" works. */
export interface KeyboardPlace {
  /** Private chat: callbacks; anywhere else: deep links into the private chat. */
  private: boolean;
  botUsername: string;
  lang: Lang;
}

type Linkable = Pick<Answer, "id"> & { url?: string | null };

/** [全文 ①] for the result of rank (0-based) — a callback (private) or a deep link (elsewhere). */
function addFullButton(keyboard: InlineKeyboard, place: KeyboardPlace, key: string, item: Linkable, rank: number, numbered: boolean): void {
  const L = labels(place.lang);
  const text = numbered ? L.fullArticleN(rank + 1) : L.fullArticle;
  if (place.private) {
    keyboard.text(text, buttonData({ kind: "full", key, rank }));
    return;
  }
  const param = articleParam(item.id);
  if (param) keyboard.url(text, deepLink(place.botUsername, param));
}

/** [阅读原文 ①] … for the items that have a URL (one row). */
function addOriginalButtons(
  keyboard: InlineKeyboard,
  place: KeyboardPlace,
  items: readonly Linkable[],
  /** Each item's rank (0-based), or the first one's when they follow each other. */
  ranks: number | readonly number[],
  numbered: boolean,
): void {
  const L = labels(place.lang);
  const rankOf = (i: number) => (typeof ranks === "number" ? ranks + i : ranks[i]);
  const withUrl = items.map((item, i) => ({ url: safeUrl(item.url), rank: rankOf(i) })).filter((x) => x.url !== null);
  if (withUrl.length === 0) return;
  withUrl.forEach(({ url, rank }, i) => {
    if (i % ORIGINALS_PER_ROW === 0) keyboard.row();
    keyboard.url(numbered ? L.readOriginalN(rank + 1) : L.readOriginal, url as string);
  });
}

/** Only http(s) URLs become buttons: the corpus is editable, and Telegram refuses anything else. */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch {
    return null;
  }
}

/** Page n of N for the answer at offset (pages of PAGE_SIZE). */
export function pageOf(offset: number, total: number): { page: number; pages: number } {
  return { page: Math.floor(offset / PAGE_SIZE) + 1, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

/**
 * Under an answer page: a full-article button per listed result, the originals' URLs, paging
 * (‹ previous · n/N · next ›, editing the same message) and Share (pick a chat, the answer is
 * posted there through inline mode).
 */
export function answerKeyboard(key: string, view: AnswerView, shown: number, question: string, place: KeyboardPlace): InlineKeyboard {
  const L = labels(place.lang);
  const keyboard = new InlineKeyboard();
  // One button per article: two answers of one article open the same text (numbered by the first).
  const seen = new Set<string>();
  const listed = view.answers
    .slice(0, shown)
    .map((answer, i) => ({ answer, rank: view.offset + i }))
    .filter(({ answer }) => !seen.has(answer.id) && seen.add(answer.id));
  const numbered = listed.length > 1 || view.total > shown;
  listed.forEach(({ answer, rank }) => addFullButton(keyboard, place, key, answer, rank, numbered));
  addOriginalButtons(
    keyboard,
    place,
    listed.map((l) => l.answer),
    listed.map((l) => l.rank),
    numbered,
  );
  const next = view.offset + shown;
  if (view.offset > 0 || next < view.total) {
    const { page, pages } = pageOf(view.offset, view.total);
    keyboard.row();
    if (view.offset > 0) keyboard.text(L.pagePrev, buttonData({ kind: "page", key, offset: Math.max(0, view.offset - PAGE_SIZE) }));
    keyboard.text(L.pageOf(page, pages), buttonData({ kind: "pageInfo" }));
    if (next < view.total) keyboard.text(L.pageNext, buttonData({ kind: "page", key, offset: next }));
  }
  keyboard.row().switchInlineChosen(L.share, {
    query: truncate(cleanUserText(question).replace(/\s+/g, " ").trim(), SHARE_QUERY_MAX),
    allow_user_chats: true,
    allow_group_chats: true,
    allow_channel_chats: true,
  });
  return keyboard;
}

/** Under a list of articles (latest, related): a full-article button each, numbered like the list, and the originals. */
export function articleListKeyboard(key: string, articles: readonly Article[], place: KeyboardPlace): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  articles.forEach((article, rank) => {
    if (rank > 0 && rank % 5 === 0) keyboard.row();
    addFullButton(keyboard, place, key, article, rank, true);
  });
  addOriginalButtons(keyboard, place, articles, 0, true);
  return keyboard;
}

/** Under the last part of a full article: the original, when the corpus links it. */
export function articleKeyboard(article: Article, lang: Lang): InlineKeyboard | undefined {
  const url = safeUrl(article.url);
  return url ? new InlineKeyboard().url(labels(lang).readOriginal, url) : undefined;
}

/**
 * On a message posted through inline mode (it belongs to no chat of ours, so no callbacks): the
 * article in the reader's private chat, the original, and "ask @bot" to ask in the same chat.
 */
export function inlineResultKeyboard(item: Linkable, place: Omit<KeyboardPlace, "private">): InlineKeyboard {
  const L = labels(place.lang);
  const keyboard = new InlineKeyboard();
  const param = articleParam(item.id);
  if (param) keyboard.url(L.fullArticle, deepLink(place.botUsername, param));
  const url = safeUrl(item.url);
  if (url) keyboard.url(L.readOriginal, url);
  return keyboard.switchInlineCurrent(L.askBot(place.botUsername), "");
}
