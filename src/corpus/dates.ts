/**
 * Dates of items: a page says "11月29日" in each item's dateline and the year somewhere else (or
 * not at all), so the year is inferred per page and never invented. What a date rests on is kept
 * beside it (DateSource): a dateline, metadata, a date in the file name, or only the day the file
 * was uploaded. A year inside a range or a plan (2025–2027年, 到2030年) says nothing about when the
 * page appeared and is never used.
 */

/** What an item's date rests on, most reliable first. */
export type DateSource = "dateline" | "metadata" | "file-name" | "upload";

/** A year right after another and a range sign (2025–2027年, 2025年至2027年): the range's end. */
const RANGE_END = /(?:19|20)\d{2}\s*年?\s*[-–—~～至到]\s*$/u;
/** A year right before a range sign and another year: the range's start. */
const RANGE_START = /^\s*[-–—~～至到]\s*(?:19|20)?\d{2}/u;
/** Words right before a year that make it a target, not the present: 到2030年, 力争2027年. */
const PLAN_BEFORE = /(?:到|至|力争|争取|计划|预计|规划|目标|将在|将于|预期|展望|远景)\s*$/u;
/** Words right after "YYYY年" that make it a target: 2030年前, 2035年远景目标. */
const PLAN_AFTER = /^\s*(?:前|以前|之前|左右|将|远景|目标|愿景|规划)/u;

/** One "YYYY年" in a text, and whether it is a plain year (not part of a range or a plan). */
export interface YearMention {
  year: number;
  index: number;
  plain: boolean;
}

/** Every 19xx年/20xx年 in the text, each marked plain or not (a range end, a plan target). */
export function yearMentions(text: string): YearMention[] {
  const out: YearMention[] = [];
  for (const m of text.matchAll(/(?<!\d)((?:19|20)\d{2})\s*年/gu)) {
    const index = m.index ?? 0;
    const before = text.slice(Math.max(0, index - 8), index);
    const after = text.slice(index + m[0].length, index + m[0].length + 8);
    // 截至2024年10月底 is the present, 至2030年 a target.
    const plan = PLAN_BEFORE.test(before) && !/截\s*至\s*$/u.test(before);
    const range = RANGE_END.test(before) || RANGE_START.test(after);
    out.push({ year: Number(m[1]), index, plain: !plan && !range && !PLAN_AFTER.test(after) });
  }
  return out;
}

/**
 * Most frequent plain year in the text (ranges and plans do not count), or null. With `latest`
 * (the issue date's year, when known), later years are targets and do not count either.
 */
export function inferPageYear(text: string, latest?: number | null): number | null {
  const counts = new Map<number, number>();
  for (const { year, plain } of yearMentions(text)) {
    if (!plain || (latest != null && year > latest)) continue;
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

/** A local calendar day as YYYY-MM-DD (the upload date of a file, "today"). */
export function localIsoDate(date: Date): string {
  return isoDate(date.getFullYear(), date.getMonth() + 1, date.getDate()) ?? date.toISOString().slice(0, 10);
}

const YEAR = "((?:19|20)\\d{2})";
const MONTH = "(0?[1-9]|1[0-2])";
const DAY = "(0?[1-9]|[12]\\d|3[01])";
/** 2024-11-29, 2024_11_29, 2024.11.29, 2024年11月29日 in a name. */
const SEPARATED_DATE = new RegExp(`(?<!\\d)${YEAR}[-_.年]${MONTH}[-_.月]${DAY}(?!\\d)`, "u");
/** 20241129 in a name (not inside a longer number). */
const COMPACT_DATE = /(?<!\d)((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)/u;
/** 2024/11/29/page.txt: a date spread over folders. */
const FOLDER_DATE = new RegExp(`(?:^|/)${YEAR}/${MONTH}/${DAY}(?=/)`, "u");

/**
 * The issue date a page's path gives (2024-11-29_A03.txt, 20241129/a3.txt, 2024/11/29/a3.txt),
 * or null. The file name is read before its folders.
 */
export function dateFromPath(relPath: string): string | null {
  const parts = relPath.split("/");
  const name = parts[parts.length - 1];
  for (const text of [name, relPath]) {
    for (const re of [SEPARATED_DATE, COMPACT_DATE]) {
      const m = re.exec(text);
      const date = m && isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
      if (date) return date;
    }
  }
  const m = FOLDER_DATE.exec(relPath);
  return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/** What the page tells about dates besides the item's own dateline. */
export interface DateContext {
  /** Year from metadata (wins over the text). */
  metaYear?: number | null;
  /** Date from metadata (the issue date): supplies the year, and is the fallback date. */
  metaDate?: string | null;
  /** The issue date from the file name: like metaDate, when metadata has none. */
  fileDate?: string | null;
  /** Year inferred from the page text. */
  pageYear?: number | null;
  /** The day the file was uploaded (its modification time): the last resort, marked as such. */
  uploadDate?: string | null;
}

/** An item's date and what it rests on (both null when nothing says). */
export interface ItemDate {
  date: string | null;
  dateSource: DateSource | null;
}

/** Days from a to b (ISO dates). */
function daysBetween(a: string, b: string): number {
  return (Date.parse(b) - Date.parse(a)) / 86_400_000;
}

/** A dateline may lie this many days after the issue date (a late edition); later, it is a plan. */
const DATELINE_AFTER_ISSUE_DAYS = 3;

/**
 * The item's date: its dateline with the best known year; without a dateline, the metadata date,
 * then the file-name date, then the upload date. A dateline month well after the issue month
 * means the previous year (December news in a January issue); a dateline a few days after the
 * issue date is a plan the first sentence names ("12月15日起"), not the dateline.
 */
export function resolveItemDate(datelineText: string, ctx: DateContext): ItemDate {
  const metaDate = ctx.metaDate ? parseIsoDate(ctx.metaDate) : null;
  const issue = metaDate ?? ctx.fileDate ?? null;
  const fallback = (): ItemDate =>
    metaDate
      ? { date: metaDate, dateSource: "metadata" }
      : ctx.fileDate
        ? { date: ctx.fileDate, dateSource: "file-name" }
        : ctx.uploadDate
          ? { date: ctx.uploadDate, dateSource: "upload" }
          : { date: null, dateSource: null };
  const dl = findDateline(datelineText);
  if (!dl) return fallback();
  let year = dl.year ?? ctx.metaYear ?? null;
  if (year === null && issue) {
    const [y, m] = issue.split("-").map(Number);
    year = dl.month - m >= 6 ? y - 1 : y;
  }
  year ??= ctx.pageYear ?? null;
  const date = year !== null ? isoDate(year, dl.month, dl.day) : null;
  if (!date) return fallback();
  if (issue && daysBetween(issue, date) > DATELINE_AFTER_ISSUE_DAYS) return fallback();
  return { date, dateSource: "dateline" };
}

/** The item's date alone (see resolveItemDate). */
export function resolveDate(datelineText: string, ctx: DateContext): string | null {
  return resolveItemDate(datelineText, ctx).date;
}
