/**
 * Dates of items: a page says "11月29日" in each item's dateline and the year somewhere else
 * (or not at all), so the year is inferred per page and never invented.
 */

/** Most frequent plausible explicit year (20xx年 / 19xx年) in the text, or null. */
export function inferPageYear(text: string): number | null {
  const counts = new Map<number, number>();
  for (const m of text.matchAll(/(?<!\d)((?:19|20)\d{2})\s*年/g)) {
    const year = Number(m[1]);
    counts.set(year, (counts.get(year) ?? 0) + 1);
  }
  let best: number | null = null;
  let bestCount = 0;
  for (const [year, count] of counts) {
    // Ties go to the later year: a page looks back more often than it looks ahead.
    if (count > bestCount || (count === bestCount && best !== null && year > best)) {
      best = year;
      bestCount = count;
    }
  }
  return best;
}

/** A dateline found in text: month, day and the year if it was written out. */
export interface Dateline {
  year: number | null;
  month: number;
  day: number;
}

/** The first "M月D日" (optionally "YYYY年M月D日") in the text, when it is a real calendar day. */
export function findDateline(text: string): Dateline | null {
  const re = /(?:(?<!\d)((?:19|20)\d{2})\s*年\s*)?(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*日/g;
  for (const m of text.matchAll(re)) {
    const month = Number(m[2]);
    const day = Number(m[3]);
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31) {
      return { year: m[1] ? Number(m[1]) : null, month, day };
    }
  }
  return null;
}

/** YYYY-MM-DD if that day exists, else null. */
export function isoDate(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Accept YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日 (also with a time after it); else null. */
export function parseIsoDate(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const m = /^\s*(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?(?:[T\s].*)?$/.exec(value);
  return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/** What the page tells about dates besides the item's own dateline. */
export interface DateContext {
  /** Year from metadata (wins over the text). */
  metaYear?: number | null;
  /** Date from metadata (the issue date): supplies the year, and is the fallback date. */
  metaDate?: string | null;
  /** Year inferred from the page text. */
  pageYear?: number | null;
}

/**
 * The item's date: its dateline with the best known year; without a dateline, the metadata date;
 * otherwise null. A dateline month after the issue month means the previous year (Dec news in a
 * January issue).
 */
export function resolveDate(datelineText: string, ctx: DateContext): string | null {
  const dl = findDateline(datelineText);
  const meta = ctx.metaDate ? parseIsoDate(ctx.metaDate) : null;
  if (dl) {
    let year = dl.year ?? ctx.metaYear ?? null;
    if (year === null && meta) {
      const [y, m] = meta.split("-").map(Number);
      year = dl.month > m ? y - 1 : y;
    }
    year ??= ctx.pageYear ?? null;
    if (year !== null) {
      const date = isoDate(year, dl.month, dl.day);
      if (date) return date;
    }
    return meta;
  }
  return meta;
}
