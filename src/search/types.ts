import type { Article } from "../corpus/types.js";

/** One answer to a question: the sentence that answers it, and where it comes from. */
export interface Answer {
  id: string;
  kind: Article["kind"];
  headline: string;
  kicker: string | null;
  subtitle: string | null;
  date: string | null;
  /** The answer sentence, verbatim from the article body. */
  answer: string;
  /** The answer sentence with a little context, at most about 300 characters. */
  excerpt: string;
  /** Substrings of answer/excerpt to emphasise (matched terms), longest first. */
  highlights: string[];
  score: number;
  source: string;
  /** The publication the article appeared in (e.g. 聊城日报), when the corpus says. */
  publication?: string | null;
  /** Where the article can be read online, when the corpus says. */
  url?: string | null;
  /**
   * [start, end) offsets (UTF-16 units) in `answer` of the asked fact itself (79家, 11月19日,
   * 第3名), at most two; absent or [] when the question asks for no such fact.
   */
  focus?: [number, number][];
}

export interface AskOptions {
  /** How many answers to return (default 5). */
  limit?: number;
  /** How many of the best answers to skip (paging; default 0). */
  offset?: number;
}

export interface AskResult {
  answers: Answer[];
  /** How many relevant answers exist in all (for paging). */
  total: number;
  /** The language the question was asked in, so labels can follow it. */
  lang: "zh" | "en";
}

/** What the bot and the CLI need from the search engine. Telegram-free. */
export interface SearchEngine {
  ask(question: string, options?: AskOptions): AskResult;
  /** The whole item, for "full article". */
  article(id: string): Article | undefined;
  /** Newest items first (by date, then corpus order). */
  latest(limit: number, offset?: number): Article[];
  /** Articles about the question's words even when none holds an answer sentence, best first. */
  related?(question: string, limit: number): Article[];
  readonly size: number;
}
