/**
 * Shared by the Markdown and JSON loaders: turn an article-like record (already split into fields)
 * into an Article, filling what is missing the same way the page parser does.
 */
import { inferCity } from "../city.js";
import { inferPageYear, parseIsoDate, resolveDate } from "../dates.js";
import { itemId } from "../ids.js";
import { deriveHeadline, despaceBody, firstSentence, normalizeHeading } from "../text.js";
import type { Article, PageMeta } from "../types.js";

export interface ArticleFields {
  headline?: string | null;
  paragraphs: string[];
  kind?: "article" | "photo";
  kicker?: string | null;
  subtitle?: string | null;
  byline?: string | null;
  date?: string | null;
  city?: string | null;
  url?: string | null;
  publication?: string | null;
}

const clean = (value: string | null | undefined): string | null => {
  const text = value ? normalizeHeading(value) : "";
  return text || null;
};

/**
 * An Article from fields, or a reason why not. `label` names the record in warnings
 * ("line 3", "[2]", "front matter").
 */
export function buildArticle(
  fields: ArticleFields,
  source: string,
  index: number,
  meta: PageMeta,
  label: string,
  warnings: string[],
): Article | null {
  const paragraphs = fields.paragraphs.map(despaceBody).filter(Boolean);
  const body = paragraphs.join("\n");
  let headline = clean(fields.headline);
  if (!body) {
    // Nothing to answer questions from.
    warnings.push(`${label}: no text; skipped`);
    return null;
  }
  if (!headline) {
    headline = deriveHeadline(body) || null;
    if (!headline) {
      warnings.push(`${label}: no headline; skipped`);
      return null;
    }
    warnings.push(`${label}: no headline; used its first sentence`);
  }
  let date = parseIsoDate(fields.date ?? undefined);
  if (fields.date && !date) warnings.push(`${label}: date "${fields.date}" is not a calendar date; ignored`);
  date ??= resolveDate(firstSentence(body), {
    metaDate: parseIsoDate(meta.date),
    metaYear: typeof meta.year === "number" && Number.isInteger(meta.year) ? meta.year : null,
    pageYear: inferPageYear(`${headline}\n${body}`),
  });
  const city = clean(fields.city ?? meta.city)?.replace(/市$/u, "") || inferCity(`${headline}\n${body}`);
  const url = fields.url?.trim() || meta.url || null;
  const publication = fields.publication?.trim() || meta.source || null;
  return {
    id: itemId(source, index),
    kind: fields.kind ?? "article",
    headline,
    kicker: clean(fields.kicker),
    subtitle: clean(fields.subtitle)?.replace(/^[—―-]+\s*/u, "") || null,
    byline: clean(fields.byline),
    date,
    body,
    source,
    city,
    ...(url ? { url } : {}),
    ...(publication ? { publication } : {}),
  };
}
