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
import { labels, type Lang } from "./i18n.js";

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

/** HTML of text with each occurrence of a term in <b>; longest term wins, case-insensitive. */
export function highlightHtml(text: string, terms: readonly string[]): string {
  const wanted = [...new Set(terms.filter((t) => t.trim().length > 0))].sort((a, b) => b.length - a.length);
  if (wanted.length === 0) return escapeHtml(text);
  const lowerText = text.toLowerCase();
  const lowerTerms = wanted.map((t) => t.toLowerCase());
  let out = "";
  let plain = "";
  let i = 0;
  outer: while (i < text.length) {
    for (const term of lowerTerms) {
      // toLowerCase can change lengths for a few scripts; only trust same-length matches.
      if (term.length > 0 && lowerText.startsWith(term, i) && text.slice(i, i + term.length).toLowerCase() === term) {
        out += escapeHtml(plain) + "<b>" + escapeHtml(text.slice(i, i + term.length)) + "</b>";
        plain = "";
        i += term.length;
        continue outer;
      }
    }
    plain += text[i];
    i += 1;
  }
  return out + escapeHtml(plain);
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

type Source = Pick<Answer, "kicker" | "headline" | "subtitle" | "date">;

export function sourceHtml(source: Source, lang: Lang): string {
  const parts = [
    source.kicker ? escapeHtml(truncate(source.kicker, SOURCE_PART_MAX)) : null,
    `<b>${escapeHtml(truncate(source.headline, SOURCE_PART_MAX))}</b>`,
    source.subtitle ? escapeHtml(truncate(source.subtitle, SOURCE_PART_MAX)) : null,
  ].filter((p): p is string => p !== null);
  return `${parts.join(" / ")} · ${escapeHtml(truncate(labels(lang).date(source.date), 20))}`;
}

export function sourcePlain(source: Source, lang: Lang): string {
  const parts = [source.kicker, source.headline, source.subtitle].filter((p): p is string => !!p);
  return `${parts.join(" / ")} · ${labels(lang).date(source.date)}`;
}

/** One page of answers: the first is the main answer, the rest are shown as short lines. */
export interface AnswerView {
  answers: readonly Answer[];
  /** Rank of answers[0] among all answers (0-based). */
  offset: number;
  total: number;
}

export function renderAnswerHtml(view: AnswerView, lang: Lang, { pageInfo = true } = {}): string {
  const L = labels(lang);
  const [main, ...rest] = view.answers;
  if (!main) return escapeHtml(L.noMorePages);
  const build = (extras: number, answerMax: number): string => {
    const shown = rest.slice(0, extras);
    const lines = [highlightHtml(truncate(main.answer, answerMax), main.highlights), "", `📰 ${sourceHtml(main, lang)}`];
    if (shown.length > 0) {
      lines.push("", `<b>${escapeHtml(L.alsoFound)}</b>`);
      shown.forEach((a, i) => {
        const answer = highlightHtml(truncate(a.answer, EXTRA_ANSWER_MAX), a.highlights);
        const head = escapeHtml(truncate(a.headline, SOURCE_PART_MAX));
        const date = escapeHtml(truncate(L.date(a.date), 20));
        lines.push(
          lang === "en"
            ? `${view.offset + i + 2}. <i>${head}</i> (${date}): ${answer}`
            : `${view.offset + i + 2}. <i>${head}</i>（${date}）：${answer}`,
        );
      });
    }
    if (pageInfo && view.total > 1) {
      const to = view.offset + 1 + shown.length;
      lines.push("", `<i>${escapeHtml(L.pageInfo(view.offset + 1, to, view.total))}</i>`);
    }
    return lines.join("\n");
  };
  const full = length(main.answer);
  return firstThatFits([
    ...[2, 1].filter((n) => n <= rest.length).map((n) => () => build(n, full)),
    () => fitLength(full, (max) => build(0, max)),
  ]);
}

export function renderAnswerPlain(view: AnswerView, lang: Lang): string {
  const L = labels(lang);
  const [main, ...rest] = view.answers;
  if (!main) return L.noMorePages;
  const lines = [main.answer, "", `📰 ${sourcePlain(main, lang)}`];
  const shown = rest.slice(0, 2);
  if (shown.length > 0) {
    lines.push("", L.alsoFound);
    shown.forEach((a, i) =>
      lines.push(
        lang === "en"
          ? `${view.offset + i + 2}. ${a.headline} (${L.date(a.date)}): ${truncate(a.answer, EXTRA_ANSWER_MAX)}`
          : `${view.offset + i + 2}. ${a.headline}（${L.date(a.date)}）：${truncate(a.answer, EXTRA_ANSWER_MAX)}`,
      ),
    );
  }
  if (view.total > 1) lines.push("", L.pageInfo(view.offset + 1, view.offset + 1 + shown.length, view.total));
  return lines.join("\n");
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
      lines.push("", `${offset + i + 1}. ${sourceHtml(a, lang)}`);
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
  articles.forEach((a, i) => lines.push(`${i + 1}. ${sourcePlain(a, lang)}`, `   ${lead(a, 80)}`));
  return lines.join("\n");
}

/** An article as a self-contained message (inline results for "latest"). */
export function renderArticleSummaryHtml(article: Article, lang: Lang): string {
  return `📰 ${sourceHtml(article, lang)}\n\n${escapeHtml(lead(article, 600))}`;
}

/** The whole article as paragraphs for splitForTelegram: a title line, a meta line, the body. */
export function articleParagraphs(article: Article, lang: Lang): string[] {
  const title = [article.kicker, article.headline, article.subtitle].filter((p): p is string => !!p).join(" / ");
  const meta = [labels(lang).date(article.date), article.byline].filter((p): p is string => !!p).join(" · ");
  return [`【${title}】`, meta, ...article.body.split("\n")].map((p) => p.trim()).filter((p) => p.length > 0);
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

function warningLines(warnings: readonly LoadWarning[]): string[] {
  return warnings.map((w) => `${w.file}: ${w.reason}`);
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
      ...listHtml(L.warnings, warningLines(report.warnings), cap, itemMax, lang),
    ].join("\n");
  return firstThatFits([build(10, 100), build(5, 60), build(3, 40), build(0, 0)]);
}

export function renderReloadFailedHtml(reason: string, warnings: readonly LoadWarning[], lang: Lang): string {
  const L = labels(lang);
  const build = (reasonMax: number, cap: number) => () =>
    [escapeHtml(L.reloadFailed(truncate(reason, reasonMax))), ...listHtml(L.warnings, warningLines(warnings), cap, 100, lang)].join("\n");
  return firstThatFits([build(500, 10), build(300, 3), build(200, 0)]);
}

export interface UploadPreview {
  name: string;
  headlines: readonly string[];
  warnings: readonly LoadWarning[];
}

export function renderUploadPreviewHtml(preview: UploadPreview, lang: Lang): string {
  const L = labels(lang);
  const build = (cap: number) => () =>
    [
      escapeHtml(L.uploadPreview(truncate(preview.name, 100), preview.headlines.length)),
      ...listHtml("", preview.headlines, cap, 100, lang),
      ...listHtml(L.warnings, warningLines(preview.warnings), Math.min(cap, 5), 100, lang),
    ].join("\n");
  return firstThatFits([build(15), build(5), build(0)]);
}

export function renderStatsHtml(items: number, pages: number, loadedAt: Date, lang: Lang): string {
  return escapeHtml(labels(lang).stats(items, pages, formatTime(loadedAt)));
}

/** "2024-12-02 10:30:00 UTC": unambiguous for admins anywhere. */
export function formatTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}
