/**
 * Sidecar metadata: `corpus/<page>.txt` may have `corpus/<page>.meta.json` beside it with facts the
 * page text lacks ({"date", "year", "city", "source", "url"}). It is never a page itself.
 */
import { readFile } from "node:fs/promises";
import { parseIsoDate } from "./dates.js";
import type { PageMeta } from "./types.js";

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
  for (const key of ["city", "source", "url"] as const) {
    const v = rec[key];
    if (typeof v === "string" && v.trim()) meta[key] = v.trim();
    else if (v !== undefined && v !== null) warnings.push(`"${key}" is not a string; ignored`);
  }
  return meta;
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
