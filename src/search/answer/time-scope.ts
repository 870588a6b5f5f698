/**
 * Time words in questions, and how well an article's date fits them. 「2023年…」「去年…」
 * 「上个月…」「11月…」 name a period: articles dated in it answer; others are filtered out when
 * the period is named outright (2023年) and weigh little when it is relative to today (the clock
 * may be ahead of the archive); an article of the next year that names the year (「截至2023年底」)
 * still answers, weighed lower.
 * 「目前/现在/最新…」 ask for the present: the newest article that answers goes first (see
 * recency.ts). 「近日/最近/近期」 do both: the newest first, the last RECENT_DAYS weighed highest.
 * Relative words are read against a clock the engine is given (tests inject one).
 */
import { isoDate, localIsoDate, yearMentions } from "../../corpus/dates.js";
import type { Article } from "../../corpus/types.js";
import { normalizeText } from "../../text/normalize.js";

/** What a question's time words ask for. */
export interface TimeScope {
  /** The period named (both ends inclusive, YYYY-MM-DD), if any. */
  range?: { from: string; to: string; year: number };
  /** Whether the newest answering article should go first (目前, 现在, 最新, 近日…). */
  newest: boolean;
  /** 近日/最近: articles of the last this many days fit best. */
  recentDays?: number;
  /** Today by the engine's clock: articles dated after it are not yet written, for relative words. */
  today: string;
  /** Whether the words are relative to today (今年, 上个月, 目前…): then future articles do not fit. */
  relative: boolean;
  /** The time words found, as written in the (normalized) question. */
  words: string[];
}

/** Window of 近日/最近/近期/日前. */
export const RECENT_DAYS = 45;
/** Date fit of an article outside the period that names its year (a year-end review published later). */
const NAMES_YEAR_FIT = 0.5;
/** Date fit when the date is only the upload day: in the period, and outside it. */
const UPLOAD_IN_RANGE_FIT = 0.6;
const UPLOAD_OUT_OF_RANGE_FIT = 0.15;
/** Date fit of an undated article when a period is asked for. */
const UNDATED_FIT = 0.15;
/**
 * Date fit outside a period named relative to today (今年, 去年, 11月): low, not 0, since the
 * clock may be ahead of the archive; an answer from the period wins whenever there is one. A
 * period named outright (2023年) filters.
 */
const RELATIVE_OUT_OF_RANGE_FIT = 0.1;

/** Words asking for the present. */
const NOW_WORDS = ["目前", "现在", "最新", "当前", "如今", "眼下", "至今", "截至目前", "截止目前", "现有", "迄今"];
/** Words asking for the recent past. */
const RECENT_WORDS = ["近日", "最近", "近期", "日前", "近来"];
/** Relative years. */
const RELATIVE_YEARS: Record<string, number> = { 今年: 0, 本年: 0, 去年: -1, 上一年: -1, 前年: -2, 大前年: -3 };
/** Relative months. */
const RELATIVE_MONTHS: Record<string, number> = { 本月: 0, 这个月: 0, 当月: 0, 上个月: -1, 上月: -1 };

const RELATIVE_WORDS = [...NOW_WORDS, ...RECENT_WORDS, ...Object.keys(RELATIVE_YEARS), ...Object.keys(RELATIVE_MONTHS)];
const RELATIVE_RE = new RegExp(RELATIVE_WORDS.sort((a, b) => b.length - a.length).join("|"), "gu");
const TIME_WORD_SET = new Set(RELATIVE_WORDS);
/** 2024年, 2024年11月, 11月 (not 11月29日: a day is what is asked about, not a period). */
const YEAR_MONTH_RE =
  /(?<!\d)((?:19|20)\d{2})\s*年(?:\s*(\d{1,2})\s*月(?!\s*\d{1,2}\s*[日号]))?|(?<![\d年])(\d{1,2})\s*月(?!\s*\d{1,2}\s*[日号])(?:份)?/gu;

/** English: words asking for the present, the recent past, and periods relative to today. */
const EN_NOW = ["now", "currently", "current", "at present", "presently", "nowadays", "today", "latest", "so far", "to date", "as of now"];
const EN_RECENT = ["recently", "lately", "recent", "these days"];
const EN_RELATIVE_YEARS: Record<string, number> = {
  "this year": 0,
  "last year": -1,
  "past year": -1,
  "previous year": -1,
  "the year before last": -2,
};
const EN_RELATIVE_MONTHS: Record<string, number> = { "this month": 0, "last month": -1, "past month": -1, "previous month": -1 };
const EN_MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];
const EN_WORDS = [...EN_NOW, ...EN_RECENT, ...Object.keys(EN_RELATIVE_YEARS), ...Object.keys(EN_RELATIVE_MONTHS)];
const EN_RE = new RegExp(`\\b(?:${EN_WORDS.sort((a, b) => b.length - a.length).join("|")})\\b`, "g");
/** "in 2023", "november 2024", "in november" (may alone is too common a word to count). */
const EN_DATE_RE = new RegExp(
  `\\b(?:in |during |for |of )?(?:(${EN_MONTHS.join("|")})\\s*)?((?:19|20)\\d{2})\\b|\\bin (${EN_MONTHS.join("|")})\\b`,
  "g",
);
const EN_TIME_WORDS = new Set([...EN_WORDS, ...EN_MONTHS.filter((m) => m !== "may")]);

/** A time word the question analysis should not treat as content (今年, 目前, last year…). */
export function isTimeWord(word: string): boolean {
  return TIME_WORD_SET.has(word) || EN_TIME_WORDS.has(word.toLowerCase());
}

const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const monthRange = (year: number, month: number) => ({
  from: isoDate(year, month, 1)!,
  to: isoDate(year, month, lastDay(year, month))!,
  year,
});
const yearRange = (year: number) => ({ from: `${year}-01-01`, to: `${year}-12-31`, year });

/** The time scope of a question, read against `now`. */
export function parseTimeScope(question: string, now: Date): TimeScope {
  const text = normalizeText(question);
  const today = localIsoDate(now);
  const thisYear = now.getFullYear();
  const thisMonth = now.getMonth() + 1;
  const scope: TimeScope = { newest: false, today, relative: false, words: [] };
  let relativeYear: number | undefined;
  for (const m of text.matchAll(RELATIVE_RE)) {
    const word = m[0];
    scope.words.push(word);
    scope.relative = true;
    if (NOW_WORDS.includes(word)) scope.newest = true;
    else if (RECENT_WORDS.includes(word)) {
      scope.newest = true;
      scope.recentDays = RECENT_DAYS;
    } else if (word in RELATIVE_YEARS) {
      relativeYear = thisYear + RELATIVE_YEARS[word];
      scope.range = yearRange(relativeYear);
    } else if (word in RELATIVE_MONTHS) {
      const k = thisYear * 12 + (thisMonth - 1) + RELATIVE_MONTHS[word];
      scope.range = monthRange(Math.floor(k / 12), (k % 12) + 1);
    }
  }
  if (/[a-z]/.test(text)) relativeYear = englishScope(text, scope, now) ?? relativeYear;
  const years = yearMentions(text);
  for (const m of text.matchAll(YEAR_MONTH_RE)) {
    // A range or a plan in the question (2025–2027年, 到2030年) names no period to filter by.
    if (m[1] && !years.some((y) => y.index === m.index && y.plain)) continue;
    scope.words.push(m[0]);
    if (m[1]) {
      const year = Number(m[1]);
      const month = m[2] ? Number(m[2]) : undefined;
      scope.range = month && month >= 1 && month <= 12 ? monthRange(year, month) : yearRange(year);
      continue;
    }
    const month = Number(m[3]);
    if (month < 1 || month > 12) continue;
    // 11月 alone: that month of the year a relative word names (今年11月), else the last one so far.
    const year = relativeYear ?? (month <= thisMonth ? thisYear : thisYear - 1);
    scope.range = monthRange(year, month);
    scope.relative = true;
  }
  return scope;
}

/** English time words into the scope; returns the year a relative word named, if any. */
function englishScope(text: string, scope: TimeScope, now: Date): number | undefined {
  const thisYear = now.getFullYear();
  const thisMonth = now.getMonth() + 1;
  let relativeYear: number | undefined;
  for (const m of text.matchAll(EN_RE)) {
    const word = m[0];
    scope.words.push(word);
    scope.relative = true;
    if (EN_NOW.includes(word)) scope.newest = true;
    else if (EN_RECENT.includes(word)) {
      scope.newest = true;
      scope.recentDays = RECENT_DAYS;
    } else if (word in EN_RELATIVE_YEARS) {
      relativeYear = thisYear + EN_RELATIVE_YEARS[word];
      scope.range = yearRange(relativeYear);
    } else if (word in EN_RELATIVE_MONTHS) {
      const k = thisYear * 12 + (thisMonth - 1) + EN_RELATIVE_MONTHS[word];
      scope.range = monthRange(Math.floor(k / 12), (k % 12) + 1);
    }
  }
  for (const m of text.matchAll(EN_DATE_RE)) {
    scope.words.push(m[0].trim());
    const monthName = m[1] ?? m[3];
    const month = monthName ? EN_MONTHS.indexOf(monthName) + 1 : undefined;
    if (m[2]) {
      const year = Number(m[2]);
      scope.range = month ? monthRange(year, month) : yearRange(year);
    } else if (month) {
      const year = relativeYear ?? (month <= thisMonth ? thisYear : thisYear - 1);
      scope.range = monthRange(year, month);
      scope.relative = true;
    }
  }
  return relativeYear;
}

/** Whether a question has any time word at all. */
export function hasTimeWords(scope: TimeScope): boolean {
  return scope.words.length > 0;
}

/** Days from a to b (ISO dates). */
const daysBetween = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;

/**
 * How well an article's date fits the question's time words, 0–1: 0 filters it out, 1 is a
 * perfect fit, and a question without time words fits every article (1).
 */
export function dateFit(article: Pick<Article, "date" | "dateSource" | "body">, scope: TimeScope): number {
  if (!hasTimeWords(scope)) return 1;
  const date = article.date;
  if (!date) return scope.range ? UNDATED_FIT : 1;
  const upload = article.dateSource === "upload";
  // Relative words are about the world as of today: a later article was not written yet.
  if (scope.relative && !upload && date > scope.today) return 0;
  let fit = 1;
  if (scope.range) {
    const inside = date >= scope.range.from && date <= scope.range.to;
    if (upload) fit = inside ? UPLOAD_IN_RANGE_FIT : UPLOAD_OUT_OF_RANGE_FIT;
    else if (!inside) {
      // Published within a year after the period and naming its year: 截至2023年底… in 2024.
      const after = daysBetween(scope.range.to, date);
      const year = scope.range.year;
      // The body is read only for an article of the year after (most fall outside at once).
      const names =
        after > 0 &&
        after <= 366 &&
        article.body.includes(`${year}年`) &&
        yearMentions(article.body).some((y) => y.plain && y.year === year);
      fit = names ? NAMES_YEAR_FIT : scope.relative ? RELATIVE_OUT_OF_RANGE_FIT : 0;
    }
  }
  if (fit > 0 && scope.recentDays !== undefined && !upload) {
    const age = daysBetween(date, scope.today);
    // Within the window: a full fit; older: less the older it is (never 0: it may be the newest there is).
    if (age > scope.recentDays) fit *= Math.max(0.3, scope.recentDays / age);
  }
  return fit;
}
