/**
 * Pure functions that turn answers, articles and reports into Telegram HTML (and plain text for
 * the console). Rules that keep every reply valid:
 *  - all user and corpus text is escaped piece by piece, and only then wrapped in tags;
 *  - highlighting splits the PLAIN text on the matched terms, never an HTML string;
 *  - nothing exceeds 4096 characters: plain text is shortened (drop extra results, then shorten
 *    the excerpt) before escaping, and the result is measured after.
 */
import type { Article, LoadWarning } from "../corpus/types.js";
import type { ReloadReport } from "../library/news-library.js";
import type { Answer } from "../search/types.js";
import { DEFAULT_TIME_ZONE } from "../config.js";
import { circled, labels, type Lang } from "./i18n.js";

/** Telegram's limit for one message's text. Measured in UTF-16 units, which never undercounts. */
export const TELEGRAM_LIMIT = 4096;
/** Headline, kicker and subtitle are capped so the answer itself always keeps room. */
const SOURCE_PART_MAX = 120;
const EXTRA_ANSWER_MAX = 80;
const NOT_FOUND_QUESTION_MAX = 100;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * Characters a user may type that must not be echoed back or passed on: C0 controls (but "\n"),
 * DEL, C1 controls, the bidi embeddings, overrides and isolates (U+202A–202E, U+2066–2069: a
 * stray U+202E reverses the rest of our reply), and surrogate halves without their partner.
 */
const UNSAFE_USER_CHARS =
  // eslint-disable-next-line no-control-regex -- matching control characters is this pattern's job
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** User text made safe to echo or prefill: unsafe characters become spaces (the caller trims). */
export function cleanUserText(text: string): string {
  return text.replace(UNSAFE_USER_CHARS, " ");
}

/** At most max code points (never splits a surrogate pair), with "…" when cut. */
export function truncate(text: string, max: number): string {
  const points = Array.from(text);
  if (points.length <= max) return text;
  if (max <= 0) return "";
  return points.slice(0, max - 1).join("") + "…";
}

function length(text: string): number {
  return Array.from(text).length;
}

/**
 * HTML of text with each occurrence of a term in <b>: longest term wins, case-insensitive, and
 * adjacent matches make one run (新建口袋公园, not 新建·口袋·公园); at most maxRuns runs.
 */
export function highlightHtml(text: string, terms: readonly string[], maxRuns = Infinity): string {
  const wanted = [...new Set(terms.filter((t) => t.trim().length > 0))].sort((a, b) => b.length - a.length);
  const lowerText = text.toLowerCase();
  const lowerTerms = wanted.map((t) => t.toLowerCase());
  const runs: [number, number][] = [];
  let i = 0;
  outer: while (i < text.length) {
    for (const term of lowerTerms) {
      // toLowerCase can change lengths for a few scripts; only trust same-length matches.
      if (lowerText.startsWith(term, i) && text.slice(i, i + term.length).toLowerCase() === term) {
        const last = runs.at(-1);
        if (last && last[1] === i) last[1] = i + term.length;
        else if (runs.length < maxRuns) runs.push([i, i + term.length]);
        else break outer;
        i += term.length;
        continue outer;
      }
    }
    i += 1;
  }
  return boldSpansHtml(text, runs);
}

/** HTML of text with the [start, end) spans in <b> (spans past the end of text are clipped). */
export function boldSpansHtml(text: string, spans: readonly (readonly [number, number])[]): string {
  let out = "";
  let at = 0;
  for (const [start, end] of [...spans].sort((a, b) => a[0] - b[0])) {
    const s = Math.max(start, at);
    const e = Math.min(end, text.length);
    if (e <= s) continue;
    out += escapeHtml(text.slice(at, s)) + "<b>" + escapeHtml(text.slice(s, e)) + "</b>";
    at = e;
  }
  return out + escapeHtml(text.slice(at));
}

/** Question words bolded when the engine names no answer span: a keyword search still shows its hits. */
const TERM_RUNS_MAX = 3;

/**
 * An answer sentence, answer first: the asked fact (answer.focus) in bold; without one, the first
 * few matched terms. max shortens the sentence (code points) and is applied before escaping.
 */
export function answerSentenceHtml(answer: Pick<Answer, "answer" | "highlights" | "focus">, max = Infinity): string {
  const text = truncate(answer.answer, max);
  // Spans refer to the whole sentence; a shortened one keeps those that still fit before the "…".
  const kept = text === answer.answer ? text.length : text.length - 1;
  const focus = (answer.focus ?? []).filter(([, end]) => end <= kept);
  if (focus.length > 0) return boldSpansHtml(text, focus);
  if (answer.focus && answer.focus.length > 0) return escapeHtml(text);
  return highlightHtml(text, answer.highlights, TERM_RUNS_MAX);
}

/** Try renderings from richest to leanest; the first that fits wins. The last must always fit. */
function firstThatFits(candidates: Iterable<() => string>, limit = TELEGRAM_LIMIT): string {
  let last = "";
  for (const build of candidates) {
    last = build();
    if (last.length <= limit) return last;
  }
  // Unreachable when the leanest candidate is small by construction; never send an oversize text.
  return "…";
}

/** The largest n in [0, max] for which build(n) fits, assuming length grows with n. */
function fitLength(max: number, build: (n: number) => string, limit = TELEGRAM_LIMIT): string {
  if (build(max).length <= limit) return build(max);
  let lo = 0;
  let hi = max;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (build(mid).length <= limit) lo = mid;
    else hi = mid - 1;
  }
  return build(lo);
}

type Source = Pick<Answer, "headline" | "date"> & { publication?: string | null };

/** The source line: 聊城日报 · 2024-11-29 · 《headline》 (the publication when the corpus names it). */
export function sourceHtml(source: Source, lang: Lang): string {
  return sourcePlainParts(source, lang).map(escapeHtml).join(" · ");
}

export function sourcePlain(source: Source, lang: Lang): string {
  return sourcePlainParts(source, lang).join(" · ");
}

function sourcePlainParts(source: Source, lang: Lang): string[] {
  const parts = [truncate(labels(lang).date(source.date), 20), `《${truncate(source.headline, SOURCE_PART_MAX)}》`];
  return source.publication ? [truncate(source.publication, 40), ...parts] : parts;
}

/** A figure of an earlier answer is shortened to this (it is a few quantities, e.g. 5家、66家). */
const EARLIER_FIGURE_MAX = 40;

/**
 * A question about now: the older articles' other figures with their dates, one line
 * (此前：2024-12-17：6家、72家；2023-12-19：5家、66家), plain text; undefined when there are none.
 */
function earlierPlain(answer: Answer, lang: Lang): string | undefined {
  if (!answer.earlier?.length) return undefined;
  const L = labels(lang);
  const items = answer.earlier.map((e) =>
    L.earlierFigure(truncate(L.date(e.date), 20), truncate(e.figure ?? e.answer, EARLIER_FIGURE_MAX)),
  );
  return L.earlierFigures(items.join(L.earlierSeparator));
}

/** One page of answers: the first is the main answer, the rest are shown as short lines. */
export interface AnswerView {
  answers: readonly Answer[];
  /** Rank of answers[0] among all answers (0-based). */
  offset: number;
  total: number;
}

/** ① before a result when there is more than one, so it matches its [全文 ①] button. */
function marker(view: AnswerView, i: number): string {
  return view.total > 1 ? `${circled(view.offset + i + 1)} ` : "";
}

/**
 * Whether answer i of the page comes from an article already shown above it: its headline and
 * date are then left out (they are the line above's; its [全文] button is that answer's).
 */
function sameArticleAbove(view: AnswerView, i: number): boolean {
  const id = view.answers[i]?.id;
  return view.answers.slice(0, i).some((a) => a.id === id);
}

/** How many of a page's answers the message shows (the rest are dropped to fit 4096). */
export function shownAnswers(view: AnswerView, lang: Lang, options: { pageInfo?: boolean } = {}): number {
  return renderAnswer(view, lang, options).shown;
}

export function renderAnswerHtml(view: AnswerView, lang: Lang, options: { pageInfo?: boolean } = {}): string {
  return renderAnswer(view, lang, options).html;
}

function renderAnswer(view: AnswerView, lang: Lang, { pageInfo = true } = {}): { html: string; shown: number } {
  const L = labels(lang);
  const [main, ...rest] = view.answers;
  if (!main) return { html: escapeHtml(L.noMorePages), shown: 0 };
  const earlier = earlierPlain(main, lang);
  const build = (extras: number, answerMax: number): string => {
    const shown = rest.slice(0, extras);
    const lines = [marker(view, 0) + answerSentenceHtml(main, answerMax), `📰 ${sourceHtml(main, lang)}`];
    if (earlier) lines.push(escapeHtml(earlier));
    if (shown.length > 0) {
      lines.push("", escapeHtml(L.alsoFound));
      shown.forEach((a, i) => {
        const answer = answerSentenceHtml(a, EXTRA_ANSWER_MAX);
        const head = escapeHtml(`《${truncate(a.headline, SOURCE_PART_MAX)}》`);
        const date = escapeHtml(truncate(L.date(a.date), 20));
        const source = lang === "en" ? `${head} (${date}): ` : `${head}（${date}）：`;
        lines.push(`${marker(view, i + 1)}${sameArticleAbove(view, i + 1) ? "" : source}${answer}`);
      });
    }
    if (pageInfo && view.total > 1) {
      const to = view.offset + 1 + shown.length;
      lines.push("", `<i>${escapeHtml(L.pageInfo(view.offset + 1, to, view.total))}</i>`);
    }
    return lines.join("\n");
  };
  const full = length(main.answer);
  for (const extras of [2, 1].filter((n) => n <= rest.length)) {
    const html = build(extras, full);
    if (html.length <= TELEGRAM_LIMIT) return { html, shown: 1 + extras };
  }
  return { html: fitLength(full, (max) => build(0, max)), shown: 1 };
}

export function renderAnswerPlain(view: AnswerView, lang: Lang): string {
  const L = labels(lang);
  const [main, ...rest] = view.answers;
  if (!main) return L.noMorePages;
  const lines = [marker(view, 0) + main.answer, `📰 ${sourcePlain(main, lang)}`];
  const earlier = earlierPlain(main, lang);
  if (earlier) lines.push(earlier);
  const shown = rest.slice(0, 2);
  if (shown.length > 0) {
    lines.push("", L.alsoFound);
    shown.forEach((a, i) => {
      const answer = truncate(a.answer, EXTRA_ANSWER_MAX);
      const source = lang === "en" ? `《${a.headline}》 (${L.date(a.date)}): ` : `《${a.headline}》（${L.date(a.date)}）：`;
      lines.push(`${marker(view, i + 1)}${sameArticleAbove(view, i + 1) ? "" : source}${answer}`);
    });
  }
  if (view.total > 1) lines.push("", L.pageInfo(view.offset + 1, view.offset + 1 + shown.length, view.total));
  return lines.join("\n");
}

/** No direct answer, but articles about the question's words: their headlines, numbered like their buttons. */
export function renderRelatedHtml(articles: readonly Article[], lang: Lang): string {
  const L = labels(lang);
  const build = (leadMax: number) => () => {
    const lines = [escapeHtml(L.relatedTitle)];
    articles.forEach((a, i) => {
      lines.push("", `${circled(i + 1)} ${sourceHtml(a, lang)}`);
      if (leadMax > 0) lines.push(escapeHtml(lead(a, leadMax)));
    });
    return lines.join("\n");
  };
  return firstThatFits([build(80), build(0)]);
}

/** Nothing found: say so, suggest rephrasing, point at /help. The question is echoed, shortened. */
export function renderNotFoundHtml(question: string, lang: Lang): string {
  return escapeHtml(labels(lang).notFound(echo(question)));
}

export function renderNotFoundPlain(question: string, lang: Lang): string {
  return labels(lang).notFound(echo(question));
}

/** The user's question as we quote it back: one line, safe characters, shortened. */
function echo(question: string): string {
  return truncate(cleanUserText(question).replace(/\s+/g, " ").trim(), NOT_FOUND_QUESTION_MAX);
}

/** The first paragraph of an article, shortened: what a list or an inline result shows. */
export function lead(article: Pick<Article, "body">, max: number): string {
  const first = article.body.split("\n").find((p) => p.trim().length > 0) ?? "";
  return truncate(first.trim(), max);
}

export function renderLatestHtml(articles: readonly Article[], lang: Lang, offset = 0): string {
  const L = labels(lang);
  if (articles.length === 0) return escapeHtml(L.latestEmpty);
  const build = (count: number, leadMax: number) => () => {
    const lines = [`<b>${escapeHtml(L.latestTitle)}</b>`];
    articles.slice(0, count).forEach((a, i) => {
      lines.push("", `${circled(offset + i + 1)} ${sourceHtml(a, lang)}`);
      if (leadMax > 0) lines.push(escapeHtml(lead(a, leadMax)));
    });
    return lines.join("\n");
  };
  const n = articles.length;
  return firstThatFits([build(n, 80), build(n, 0), build(Math.min(n, 5), 0), build(1, 0)]);
}

export function renderLatestPlain(articles: readonly Article[], lang: Lang): string {
  const L = labels(lang);
  if (articles.length === 0) return L.latestEmpty;
  const lines = [L.latestTitle];
  articles.forEach((a, i) => lines.push(`${circled(i + 1)} ${sourcePlain(a, lang)}`, `   ${lead(a, 80)}`));
  return lines.join("\n");
}

/** An article as a self-contained message (inline results for "latest"). */
export function renderArticleSummaryHtml(article: Article, lang: Lang): string {
  return `📰 ${sourceHtml(article, lang)}\n\n${escapeHtml(lead(article, 600))}`;
}

/** The whole article as paragraphs for splitForTelegram: a title line, a meta line, the body. */
export function articleParagraphs(article: Article, lang: Lang): string[] {
  const title = [article.kicker, article.headline, article.subtitle].filter((p): p is string => !!p).join(" / ");
  const meta = [article.publication, labels(lang).date(article.date), article.byline].filter((p): p is string => !!p).join(" · ");
  return [`【${title}】`, `📰 ${meta}`, ...article.body.split("\n")].map((p) => p.trim()).filter((p) => p.length > 0);
}

/** "<b>" + "</b>": what the bold title adds to the first message. */
const TITLE_TAGS = 7;

/**
 * The full article as HTML messages of at most 4096 characters: split between paragraphs (a
 * paragraph longer than a message at a sentence end), measured escaped, and escaped piece by
 * piece; the title line in bold. At most maxMessages, the last one ending in "…" when cut.
 */
export function renderArticleHtml(article: Article, lang: Lang, maxMessages = Infinity): string[] {
  const paragraphs = articleParagraphs(article, lang);
  const title = paragraphs[0];
  const plain = splitForTelegram(paragraphs, TELEGRAM_LIMIT - TITLE_TAGS - 2, { measure: (s) => escapeHtml(s).length });
  const cut = plain.length > maxMessages;
  const parts = plain.slice(0, maxMessages);
  return parts.map((part, i) => {
    const html =
      i === 0 && part.startsWith(title) ? `<b>${escapeHtml(title)}</b>${escapeHtml(part.slice(title.length))}` : escapeHtml(part);
    return cut && i === parts.length - 1 ? `${html}\n…` : html;
  });
}

function cutTo(text: string, limit: number, measure: (s: string) => number): [string, string] {
  const points = Array.from(text);
  // Prefer to end at a sentence end in the last fifth of the piece; else cut where it fits.
  let lo = 1;
  let hi = points.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(points.slice(0, mid).join("")) <= limit) lo = mid;
    else hi = mid - 1;
  }
  let cut = lo;
  for (let i = lo; i > Math.floor(lo * 0.8); i--) {
    if (/[。！？!?.；;]/.test(points[i - 1])) {
      cut = i;
      break;
    }
  }
  return [points.slice(0, cut).join(""), points.slice(cut).join("")];
}

/**
 * Pack paragraphs into as few messages as possible, each at most limit (by measure), breaking
 * only between paragraphs; a paragraph longer than a message is cut at a sentence end if one is
 * near, else where it must be.
 */
export function splitForTelegram(
  paragraphs: readonly string[],
  limit = TELEGRAM_LIMIT,
  { separator = "\n\n", measure = (s: string) => s.length } = {},
): string[] {
  if (limit < 2) throw new Error("render: splitForTelegram needs a limit of at least 2");
  const messages: string[] = [];
  let current = "";
  const push = (paragraph: string) => {
    const joined = current ? current + separator + paragraph : paragraph;
    if (measure(joined) <= limit) {
      current = joined;
      return;
    }
    if (current) messages.push(current);
    current = "";
    let rest = paragraph;
    while (measure(rest) > limit) {
      const [head, tail] = cutTo(rest, limit, measure);
      messages.push(head);
      rest = tail;
    }
    current = rest;
  };
  for (const paragraph of paragraphs) if (paragraph.length > 0) push(paragraph);
  if (current) messages.push(current);
  return messages;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

function listHtml(title: string, items: readonly string[], cap: number, itemMax: number, lang: Lang): string[] {
  if (items.length === 0) return [];
  const shown = items.slice(0, cap).map((item) => `• ${escapeHtml(truncate(item, itemMax))}`);
  if (items.length > cap) shown.push(escapeHtml(labels(lang).andMore(items.length - cap)));
  return title ? ["", `<b>${escapeHtml(title)}</b>`, ...shown] : ["", ...shown];
}

/** "file: reason", the reason in the reader's language when its kind is known. */
function warningLines(warnings: readonly LoadWarning[], lang: Lang): string[] {
  return warnings.map((w) => `${w.file}: ${labels(lang).warningReason(w.reason)}`);
}

export function renderReloadReportHtml(report: ReloadReport, lang: Lang): string {
  const L = labels(lang);
  const head = escapeHtml(L.reloadDone(report.before, report.after, report.added.length, report.removed.length, seconds(report.ms)));
  const build = (cap: number, itemMax: number) => () =>
    [
      head,
      ...listHtml(
        L.added,
        report.added.map((a) => a.headline),
        cap,
        itemMax,
        lang,
      ),
      ...listHtml(
        L.removed,
        report.removed.map((a) => a.headline),
        cap,
        itemMax,
        lang,
      ),
      ...listHtml(L.warnings, warningLines(report.warnings, lang), cap, itemMax, lang),
    ].join("\n");
  return firstThatFits([build(10, 100), build(5, 60), build(3, 40), build(0, 0)]);
}

export function renderReloadFailedHtml(reason: string, warnings: readonly LoadWarning[], lang: Lang): string {
  const L = labels(lang);
  const build = (reasonMax: number, cap: number) => () =>
    [escapeHtml(L.reloadFailed(truncate(reason, reasonMax))), ...listHtml(L.warnings, warningLines(warnings, lang), cap, 100, lang)].join(
      "\n",
    );
  return firstThatFits([build(500, 10), build(300, 3), build(200, 0)]);
}

export interface UploadPreview {
  name: string;
  headlines: readonly string[];
  warnings: readonly LoadWarning[];
  /** The library file this upload repeats, if any. */
  duplicateOf?: string;
  /** Whether Confirm replaces duplicateOf (same format); else it adds a copy the loader skips. */
  replaces?: boolean;
}

/** 「这一版已在资料库中（与 X 相同）」, and what Confirm then does. */
function duplicateNote(file: string, replaces: boolean, lang: Lang): string {
  const L = labels(lang);
  const shown = truncate(file, 100);
  return replaces ? L.uploadDuplicate(shown) : L.uploadDuplicateOtherFormat(shown);
}

export function renderUploadPreviewHtml(preview: UploadPreview, lang: Lang): string {
  const L = labels(lang);
  const build = (cap: number) => () =>
    [
      escapeHtml(L.uploadPreview(truncate(preview.name, 100), preview.headlines.length)),
      ...(preview.duplicateOf ? [escapeHtml(duplicateNote(preview.duplicateOf, preview.replaces === true, lang))] : []),
      ...listHtml("", preview.headlines, cap, 100, lang),
      ...listHtml(L.warnings, warningLines(preview.warnings, lang), Math.min(cap, 5), 100, lang),
    ].join("\n");
  return firstThatFits([build(15), build(5), build(0)]);
}

export function renderStatsHtml(items: number, pages: number, loadedAt: Date, lang: Lang, timeZone = DEFAULT_TIME_ZONE): string {
  return escapeHtml(labels(lang).stats(items, pages, formatTime(loadedAt, timeZone)));
}

/** "2024-12-02 18:30:00 (UTC+8)": in the paper's time zone, with the offset so nobody has to guess. */
export function formatTime(date: Date, timeZone = DEFAULT_TIME_ZONE): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZoneName: "shortOffset",
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  const offset =
    part("timeZoneName")
      .replace(/^GMT(?:[+-]0)?$/, "UTC")
      .replace(/^GMT/, "UTC") || "UTC";
  return `${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")}:${part("second")} (${offset})`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}
