/**
 * `.json` (an array of article-like objects, or {"articles": [...]}) and `.jsonl` (one object
 * per line). Fields: headline|title, body|text|content (string or array of paragraphs), date,
 * kicker, subtitle, byline|author, url, city, publication|source, page|edition, kind. Bad records are skipped with a warning
 * naming their index or line.
 */
import type { CityItem } from "../city.js";
import { buildArticle, finishRecords, type ArticleFields } from "./record.js";
import type { FormatLoader, LoaderContext, LoadedFile } from "./types.js";

const TEXT_FIELDS = ["kicker", "subtitle", "byline", "author", "date", "url", "city", "source", "publication", "page", "edition", "kind"] as const;

/** Fields of one record, or a reason it is unusable. */
function recordFields(value: unknown, label: string, warnings: string[]): ArticleFields | string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not an object";
  const rec = value as Record<string, unknown>;
  const headline = rec.headline ?? rec.title;
  if (headline !== undefined && headline !== null && typeof headline !== "string") return "headline is not a string";
  const rawBody = rec.body ?? rec.text ?? rec.content;
  let paragraphs: string[];
  if (rawBody === undefined || rawBody === null) paragraphs = [];
  else if (typeof rawBody === "string") paragraphs = rawBody.split(/\n+/);
  else if (Array.isArray(rawBody) && rawBody.every((p) => typeof p === "string")) paragraphs = rawBody;
  else return "body is neither a string nor an array of strings";
  const text: Partial<Record<(typeof TEXT_FIELDS)[number], string>> = {};
  for (const key of TEXT_FIELDS) {
    const v = rec[key];
    if (typeof v === "string") text[key] = v;
    else if (typeof v === "number" && (key === "date" || key === "page" || key === "edition")) text[key] = String(v);
    else if (v !== undefined && v !== null) warnings.push(`${label}: field "${key}" is not a string; ignored`);
  }
  return {
    headline: headline ?? null,
    paragraphs,
    kind: text.kind === "photo" ? "photo" : "article",
    kicker: text.kicker,
    subtitle: text.subtitle,
    byline: text.byline ?? text.author,
    date: text.date ?? null,
    city: text.city,
    url: text.url,
    publication: text.publication ?? text.source,
    edition: text.page ?? text.edition,
  };
}

function collect(records: Array<{ value: unknown; label: string; index: number }>, ctx: LoaderContext): LoadedFile {
  const warnings: string[] = [];
  const items: CityItem[] = [];
  for (const { value, label, index } of records) {
    const fields = recordFields(value, label, warnings);
    if (typeof fields === "string") {
      warnings.push(`${label}: ${fields}; skipped`);
      continue;
    }
    const item = buildArticle(fields, ctx, index, label, warnings);
    if (item) items.push(item);
  }
  return { articles: finishRecords(items, ctx), warnings };
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export const jsonLoader: FormatLoader = {
  name: "json",
  extensions: [".json"],
  parse(text, ctx) {
    let data: unknown;
    try {
      data = JSON.parse(text.replace(/^\uFEFF/, ""));
    } catch (error) {
      return { articles: [], warnings: [`invalid JSON (${message(error)}); skipped`] };
    }
    if (data && typeof data === "object" && !Array.isArray(data)) {
      const obj = data as Record<string, unknown>;
      if (Array.isArray(obj.articles)) data = obj.articles;
      else if ("headline" in obj || "title" in obj || "body" in obj || "text" in obj) data = [obj];
    }
    if (!Array.isArray(data)) {
      return { articles: [], warnings: ["not an array of articles (nor {\"articles\": [...]}); skipped"] };
    }
    return collect(
      (data as unknown[]).map((value, index) => ({ value, label: `[${index}]`, index })),
      ctx,
    );
  },
};

export const jsonlLoader: FormatLoader = {
  name: "jsonl",
  extensions: [".jsonl", ".ndjson"],
  parse(text, ctx) {
    const warnings: string[] = [];
    const records: Array<{ value: unknown; label: string; index: number }> = [];
    text
      .replace(/^\uFEFF/, "")
      .split(/\r?\n/)
      .forEach((line, i) => {
        if (!line.trim()) return;
        try {
          records.push({ value: JSON.parse(line), label: `line ${i + 1}`, index: i });
        } catch (error) {
          warnings.push(`line ${i + 1}: invalid JSON (${message(error)}); skipped`);
        }
      });
    const result = collect(records, ctx);
    return { articles: result.articles, warnings: [...warnings, ...result.warnings] };
  },
};
