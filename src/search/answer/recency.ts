/**
 * "How many now": of the articles that answer a question about the present about equally well,
 * the newest goes first, and the older ones whose figures differ ride along as earlier figures
 * with their dates (「2023-12-20：省级66家」). Applies when the question asks for the present
 * (目前, 最新, 近日…) and, more cautiously, to a quantity question without any time word: a
 * count asked in the present tense is a question about now.
 */
import type { Article } from "../../corpus/types.js";
import { normalizeText } from "../../text/normalize.js";
import { findTypeHits, type QuestionIntent } from "./intent.js";
import type { ScoredSentence } from "./scored-sentence.js";
import { hasTimeWords, type TimeScope } from "./time-scope.js";

/** An older answer with another figure, shown beside the newest. */
export interface EarlierAnswer {
  id: string;
  date: string | null;
  /** The answer sentence. */
  answer: string;
  /** The figures in it that answer (7家、79家), when the question asks for a quantity. */
  figure: string | null;
}

/** A scored answer with what the archive adds to it. */
export type ArchiveSentence = ScoredSentence & { earlier?: EarlierAnswer[] };

/**
 * Share of the best answer's probability from which another counts as answering too, per case:
 * the ranker splits its probability between sentences that say the same of different years.
 */
const ANSWERING_SHARE_ASKED = 0.3;
const ANSWERING_SHARE_IMPLICIT = 0.5;
/** Earlier figures shown at most. */
const MAX_EARLIER = 3;

/** Whether answers to this question go newest first. */
export function wantsNewest(scope: TimeScope, intent: QuestionIntent): boolean {
  if (scope.newest) return true;
  return !hasTimeWords(scope) && intent.type === "quantity";
}

/** Where an article is: answers about the same place compete for "newest". */
const placeOf = (a: Article) => a.cityCode ?? a.city ?? "";
/** A date to sort by: an upload date counts as unknown. */
const sortDate = (a: Article) => (a.dateSource === "upload" ? "" : (a.date ?? ""));

/**
 * The figures of an answer sentence that fit the question (its quantities with the asked
 * measure), from the clauses that hold the question's words (`highlights`) when any does: in
 * 「累计培育国家级6家、省级72家，较上年分别增加1家、6家」 the figures are 6家 and 72家.
 */
export function figuresOf(answer: string, intent: QuestionIntent, highlights: readonly string[] = []): string[] {
  const clauses = normalizeText(answer).split(/[，,；;。！？]/u);
  const words = highlights.map((h) => normalizeText(h));
  const asked = clauses.filter((c) => words.some((w) => c.includes(w)));
  const figures: string[] = [];
  for (const clause of asked.length > 0 ? asked : clauses) {
    for (const h of findTypeHits(clause, intent)) if (h.fit >= 0.8) figures.push(clause.slice(h.start, h.end));
  }
  return [...new Set(figures)];
}

/**
 * Answers (best first) reordered for a question about now: those answering about as well as the
 * best, about the same place, newest first; the first carries the older differing figures.
 */
export function newestFirst(ranked: ScoredSentence[], scope: TimeScope, intent: QuestionIntent): ArchiveSentence[] {
  if (ranked.length < 2 || !wantsNewest(scope, intent)) return ranked;
  const top = ranked[0];
  const share = scope.newest ? ANSWERING_SHARE_ASKED : ANSWERING_SHARE_IMPLICIT;
  const place = placeOf(top.article);
  const answering: ScoredSentence[] = [];
  const rest: ScoredSentence[] = [];
  for (const s of ranked) {
    (s.score >= top.score * share && placeOf(s.article) === place ? answering : rest).push(s);
  }
  answering.sort((a, b) => sortDate(b.article).localeCompare(sortDate(a.article)) || b.score - a.score);
  const [first, ...older] = answering;
  const earlier = earlierFigures(first, older, intent);
  const lead: ArchiveSentence = earlier.length > 0 ? { ...first, earlier } : first;
  return [lead, ...older, ...rest];
}

/** Older answers whose figures differ from the newest's, newest first, each figure once. */
function earlierFigures(first: ScoredSentence, older: ScoredSentence[], intent: QuestionIntent): EarlierAnswer[] {
  if (intent.type !== "quantity") return [];
  const seen = new Set([figuresOf(first.answer, intent, first.highlights).join("、")]);
  const out: EarlierAnswer[] = [];
  for (const s of older) {
    if (!sortDate(s.article) || sortDate(s.article) >= sortDate(first.article)) continue;
    const figures = figuresOf(s.answer, intent, s.highlights).join("、");
    if (!figures || seen.has(figures)) continue;
    seen.add(figures);
    out.push({ id: s.article.id, date: s.article.date, answer: s.answer, figure: figures });
    if (out.length >= MAX_EARLIER) break;
  }
  return out;
}
