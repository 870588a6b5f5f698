/**
 * Every constant of answer selection, in one documented options object with its defaults
 * (MiniSearch's `Options` is the model). The weights that combine the features are not here: they
 * are learned (ranker-model.json, `npm run train:ranker`); these are the knobs around them.
 */

export interface AnswerOptions {
  /** Articles retrieval returns per question. */
  retrieve: number;
  /** Of those, the best this many have their sentences ranked. */
  candidateArticles: number;
  /**
   * Sentences of an article described in full at most: those sharing the most with the question
   * (and their neighbours). Keeps the cost of a long article bounded.
   */
  sentencesPerArticle: number;
  /** Answers kept per question at most (the bot pages through them three at a time). */
  maxAnswers: number;
  /** Answers from one article at most. */
  maxPerArticle: number;
  /**
   * A further article's answer is kept while its ranker probability is at least this share of the
   * first's, or when its sentence holds every word of the question.
   */
  minShareOfBest: number;
  /**
   * The same share for an article that fits the question's place or period less well than the
   * best-fitting candidate (another city's story naming the city asked): it needs the ranker's word.
   */
  minShareOutOfScope: number;
  /** The first answers (the bot's first page): for a question, further sentences of an article found may take these places… */
  fewAnswers: number;
  /**
   * …when their ranker probability is at least this share of the first answer's. 0: the first
   * page is simply the ranker's three likeliest answers, whichever articles they come from (the
   * right sentence is often the ranker's second choice in the right article: answer@3 +4.7 points
   * on the DRCD-style held-out split, +6.3 on the CMRC-style, against 0.7).
   */
  minShareSameArticle: number;
  /**
   * The answer takes in the best neighbouring sentence of the same paragraph when the ranker gives
   * that neighbour at least this share of the answer's probability (the fact and the words asked
   * about often sit in two sentences) and the two fit in maxWindowChars. Above 1: never;
   * undefined: the share chosen when the model was trained.
   */
  windowShare?: number;
  maxWindowChars: number;
  /**
   * An answer sentence that opens by pointing back (它/其/该/这些…, or 无论如何，这些…) takes in the previous sentence
   * of its paragraph (within maxWindowChars): what it refers to is often the fact asked.
   */
  joinAnaphoric: boolean;
  /** Longest answer sentence given whole; a longer one is cut to its key clauses (with "…"). */
  maxAnswerChars: number;
  /** A clause-cut answer is widened to at least this many characters, for context. */
  minCutAnswerChars: number;
  /** The excerpt: the answer with the sentences around it, at most this long. */
  maxExcerptChars: number;
  /**
   * Sentences end at ；/; too (off by default: a ；joins clauses of one sentence, and the whole
   * sentence holds the fact more often: +0.8 answer@1 on the public sets' train split).
   */
  splitAtSemicolons: boolean;
  /** Credit for a long word whose parts all stand in the sentence apart (share of full credit). */
  splitWordCredit: number;
  /** Share of a long word that must be covered by its parts for that credit. */
  splitWordShare: number;
  /** Characters between an answer-type span and the nearest matched word that halve its fit. */
  typeDistanceChars: number;
  /** BM25 of a sentence: k1, b, and the average sentence length it is measured against. */
  bm25: { k1: number; b: number; averageChars: number };
  /** Prepared articles kept in memory between questions. */
  cachedArticles: number;
  /**
   * "No answer" below this probability that the corpus answers the question (the abstention
   * model's); undefined: the threshold trained with the model.
   */
  abstainThreshold?: number;
}

export const ANSWER_DEFAULTS: Readonly<AnswerOptions> = Object.freeze({
  retrieve: 40,
  candidateArticles: 12,
  sentencesPerArticle: 6,
  maxAnswers: 12,
  maxPerArticle: 3,
  minShareOfBest: 0.02,
  minShareOutOfScope: 0.25,
  fewAnswers: 3,
  minShareSameArticle: 0,
  // The trainer's share (0.2 with the committed model): the bold fact of a two-sentence answer is
  // looked for in the ranked sentence first, so a joined neighbour's numbers do not take it.
  windowShare: undefined,
  maxWindowChars: 200,
  joinAnaphoric: true,
  maxAnswerChars: 300,
  minCutAnswerChars: 50,
  maxExcerptChars: 300,
  splitAtSemicolons: false,
  splitWordCredit: 0.8,
  splitWordShare: 0.75,
  typeDistanceChars: 5,
  bm25: Object.freeze({ k1: 1.2, b: 0.75, averageChars: 40 }),
  cachedArticles: 2000,
  abstainThreshold: undefined,
});

/** Okapi BM25 of one term: its IDF, its count in a text, the text's length against the average. */
export function bm25(idf: number, tf: number, length: number, averageLength: number, k1: number, b: number): number {
  if (tf <= 0) return 0;
  return (idf * (tf * (k1 + 1))) / (tf + k1 * (1 - b + (b * length) / averageLength));
}
