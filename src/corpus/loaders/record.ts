/**
 * Shared by the Markdown and JSON loaders: turn an article-like record (already split into fields)
 * into an Article, filling what is missing the same way the page parser does.
 */
import { loadGazetteer } from "../../places/gazetteer.js";
import { assignCities, type CityItem } from "../city.js";
import { dateFromPath, inferPageYear, parseIsoDate, resolveItemDate, type ItemDate } from "../dates.js";
import { itemId } from "../ids.js";
import { deriveHeadline, despaceBody, firstSentence, normalizeHeading } from "../text.js";
import type { Article } from "../types.js";
import type { LoaderContext } from "./types.js";

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
  /** Page or edition (A03, 第3版). */
  edition?: string | null;
}

const clean = (value: string | null | undefined): string | null => {
  const text = value ? normalizeHeading(value) : "";
  return text || null;
};

/**
 * An article from fields (its city still to be set: see finishRecords), or null with a warning.
 * `label` names the record in warnings ("line 3", "[2]", "front matter").
 */
export function buildArticle(
  fields: ArticleFields,
  ctx: LoaderContext,
  index: number,
  label: string,
  warnings: string[],
): CityItem | null {
  const { source, meta } = ctx;
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
  const own = parseIsoDate(fields.date ?? undefined);
  if (fields.date && !own) warnings.push(`${label}: date "${fields.date}" is not a calendar date; ignored`);
  const metaDate = parseIsoDate(meta.date);
  const fileDate = dateFromPath(source);
  const dated: ItemDate = own
    ? { date: own, dateSource: "metadata" }
    : resolveItemDate(firstSentence(body), {
        metaDate,
        fileDate,
        metaYear: typeof meta.year === "number" && Number.isInteger(meta.year) ? meta.year : null,
        pageYear: inferPageYear(`${headline}\n${body}`, Number((metaDate ?? fileDate)?.slice(0, 4)) || null),
        uploadDate: ctx.uploadDate ?? null,
      });
  const url = fields.url?.trim() || meta.url || null;
  const publication = fields.publication?.trim() || meta.source || null;
  const edition = fields.edition?.trim() || meta.edition || null;
  const article: Article = {
    id: itemId(source, index),
    kind: fields.kind ?? "article",
    headline,
    kicker: clean(fields.kicker),
    subtitle: clean(fields.subtitle)?.replace(/^[—―-]+\s*/u, "") || null,
    byline: clean(fields.byline),
    ...dated,
    body,
    source,
    city: null,
    ...(url ? { url } : {}),
    ...(publication ? { publication } : {}),
    ...(edition ? { edition } : {}),
  };
  return { article, explicitCity: clean(fields.city) };
}

/** The articles of one file, their cities set (the file's records read like the items of one page). */
export function finishRecords(items: CityItem[], ctx: LoaderContext): Article[] {
  const publication = items.find((i) => i.article.publication)?.article.publication ?? ctx.meta.source;
  assignCities(items, { metaCity: ctx.meta.city, publication, localCity: ctx.localCity }, ctx.gazetteer ?? loadGazetteer());
  return items.map((i) => i.article);
}
