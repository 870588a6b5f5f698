/**
 * Sidecar metadata: `corpus/<page>.txt` may have `corpus/<page>.meta.json` beside it with facts the
 * page text lacks: {"date", "year", "city", "publication" (or "source"), "url", "page" (or
 * "edition"), "items": [{"headline" or "item", "url", "page"}]}. It is never a page itself.
 */
import { readFile } from "node:fs/promises";
import { parseIsoDate } from "./dates.js";
import type { PageMeta, PageMetaItem } from "./types.js";

export const META_SUFFIX = ".meta.json";

/** The sidecar path of a page file: name without its extension + ".meta.json". */
export function metaPathFor(pagePath: string): string {
  return pagePath.replace(/\.[^./\\]*$/, "") + META_SUFFIX;
}

/** Validate parsed sidecar JSON; unknown keys are ignored, wrong types are reported. */
export function parseMeta(data: unknown, warnings: string[]): PageMeta {
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    warnings.push("not a JSON object; ignored");
    return {};
  }
  const rec = data as Record<string, unknown>;
  const meta: PageMeta = {};
  if (rec.date !== undefined) {
    const date = parseIsoDate(rec.date);
    if (date) meta.date = date;
    else warnings.push(`"date" ${JSON.stringify(rec.date)} is not YYYY-MM-DD; ignored`);
  }
  if (rec.year !== undefined) {
    const year = typeof rec.year === "string" ? Number(rec.year) : rec.year;
    if (typeof year === "number" && Number.isInteger(year) && year >= 1800 && year <= 2200) meta.year = year;
    else warnings.push(`"year" ${JSON.stringify(rec.year)} is not a year; ignored`);
  }
  const text = (key: string): string | undefined => {
    const v = rec[key];
    if (typeof v === "string" && v.trim()) return v.trim();
    if (typeof v === "number" && (key === "page" || key === "edition")) return String(v);
    if (v !== undefined && v !== null) warnings.push(`"${key}" is not a string; ignored`);
    return undefined;
  };
  const city = text("city");
  const publication = text("publication") ?? text("source");
  const url = text("url");
  const edition = text("page") ?? text("edition");
  if (city) meta.city = city;
  if (publication) meta.source = publication;
  if (url) meta.url = url;
  if (edition) meta.edition = edition;
  if (rec.items !== undefined) {
    if (Array.isArray(rec.items)) meta.items = rec.items.flatMap((item, i) => metaItem(item, i, warnings));
    else warnings.push(`"items" is not an array; ignored`);
  }
  return meta;
}

/** One entry of a sidecar's "items" list, or nothing (with a warning) when unusable. */
function metaItem(value: unknown, index: number, warnings: string[]): PageMetaItem[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    warnings.push(`items[${index}] is not an object; ignored`);
    return [];
  }
  const rec = value as Record<string, unknown>;
  const item: PageMetaItem = {};
  const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : typeof v === "number" ? String(v) : undefined);
  const headline = str(rec.headline ?? rec.title);
  if (headline) item.headline = headline;
  if (typeof rec.item === "number" && Number.isInteger(rec.item) && rec.item >= 1) item.item = rec.item;
  const url = str(rec.url);
  if (url) item.url = url;
  const edition = str(rec.page ?? rec.edition);
  if (edition) item.edition = edition;
  if (!item.headline && item.item === undefined) {
    warnings.push(`items[${index}] names neither a headline nor an item number; ignored`);
    return [];
  }
  return [item];
}

const squash = (text: string) => text.replace(/[\s\u3000]+/g, "");

/**
 * The sidecar's entry for an item: by headline (one containing the other, spaces ignored), else
 * by position (from 1).
 */
export function metaItemFor(meta: PageMeta, headline: string, position: number): PageMetaItem | undefined {
  if (!meta.items) return undefined;
  const h = squash(headline);
  return (
    meta.items.find((i) => i.headline && h && (squash(i.headline) === h || h.includes(squash(i.headline)) || squash(i.headline).includes(h))) ??
    meta.items.find((i) => !i.headline && i.item === position)
  );
}

/**
 * Read the sidecar of a page, if any. A missing sidecar is normal ({}); a broken one is reported
 * through `warnings` and ignored, so the page still loads.
 */
export async function readMeta(pagePath: string, warnings: string[]): Promise<PageMeta> {
  let text: string;
  try {
    text = await readFile(metaPathFor(pagePath), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "ENOTDIR") warnings.push(`unreadable (${code ?? "error"}); ignored`);
    return {};
  }
  try {
    return parseMeta(JSON.parse(text.replace(/^\uFEFF/, "")), warnings);
  } catch (error) {
    warnings.push(`invalid JSON (${error instanceof Error ? error.message : String(error)}); ignored`);
    return {};
  }
}
