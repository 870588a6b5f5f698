/**
 * "No answer" as a probability: question-level features of the ranked candidates (how sure the
 * ranker is of its best sentence, how much of the question that sentence and its article cover,
 * how much of the question the corpus has never seen), for the abstention model in ranker.ts.
 */
import { FEATURES, type Candidate } from "./features.js";

export const ABSTAIN_FEATURES = [
  "topScore",
  "topProb",
  "margin",
  "bestCov",
  "bestCovUnion",
  "bestCovWindow",
  "bestCovArticle",
  "bestBigram",
  "bestBigramArticle",
  "bestLcs",
  "bestTypeFit",
  "bestPlaceMissing",
  "bestCovLocal",
  "bestEcho",
  "bestCovNonTitle",
  "bestArticleNonTitle",
  "maxArticleNonTitle",
  "maxCovNonTitle",
  "secondProb",
  "bestCovContent",
  "bestAnchor",
  "bestRareWindow",
  "rarestUnknown",
  "bestDominantMissing",
  "bestPlaceWindow",
  "maxCovArticle",
  "maxBigramArticle",
  "unknownShare",
  "concepts",
  "candidates",
] as const;

const at = (name: (typeof FEATURES)[number]) => FEATURES.indexOf(name);
const COV = at("cov");
const COV_UNION = at("covUnion");
const COV_WINDOW = at("covWindow");
const COV_ARTICLE = at("covArticle");
const BIGRAM = at("bigram");
const BIGRAM_ARTICLE = at("bigramArticle");
const LCS = at("lcs");
const TYPE_FIT = at("typeFit");
const PLACE_MISSING = at("placeMissing");
const COV_LOCAL = at("covLocal");
const ECHO = at("echo");
const COV_NON_TITLE = at("covNonTitle");
const ARTICLE_NON_TITLE = at("articleNonTitle");
const COV_CONTENT = at("covContent");
const ANCHOR = at("anchorHere");
const RARE_WINDOW = at("rareWindow");
const DOMINANT_MISSING = at("dominantMissing");
const PLACE_WINDOW = at("placeWindow");

/**
 * The candidates that may be answers, best first: those with one of the question's content words
 * in the sentence or its headline (a place or a number alone is not what was asked about).
 */
export function answerOrder(candidates: Candidate[], scores: Float64Array): number[] {
  return candidates
    .map((_, i) => i)
    .filter((i) => candidates[i].features[ANCHOR] > 0)
    .sort((a, b) => scores[b] - scores[a]);
}

export interface QuestionFacts {
  /** Share of the question's weight whose terms the corpus never uses. */
  unknownShare: number;
  /** Concepts in the question. */
  concepts: number;
  /** The question's heaviest concept is a word the corpus never uses. */
  rarestUnknown: boolean;
  /**
   * A content word carrying half the question's weight is one the corpus never uses (not
   * even its character pairs): nothing here can be about it (世界杯冠军是谁 asked of a city paper).
   */
  dominantUnknown: boolean;
}

/** The abstention features; `order` lists candidate indexes best first by `scores`. */
export function abstainFeatures(candidates: Candidate[], scores: Float64Array, order: number[], facts: QuestionFacts): Float64Array {
  const x = new Float64Array(ABSTAIN_FEATURES.length);
  if (order.length === 0) return x;
  const best = candidates[order[0]].features;
  const top = scores[order[0]];
  const second = order.length > 1 ? scores[order[1]] : top - 10;
  let z = 0;
  for (const i of order) z += Math.exp(scores[i] - top);
  let maxCovArticle = 0;
  let maxBigramArticle = 0;
  let maxArticleNonTitle = 0;
  let maxCovNonTitle = 0;
  for (const c of candidates) {
    maxCovArticle = Math.max(maxCovArticle, c.features[COV_ARTICLE]);
    maxBigramArticle = Math.max(maxBigramArticle, c.features[BIGRAM_ARTICLE]);
    maxArticleNonTitle = Math.max(maxArticleNonTitle, c.features[ARTICLE_NON_TITLE]);
    maxCovNonTitle = Math.max(maxCovNonTitle, c.features[COV_NON_TITLE]);
  }
  const values = [
    top,
    1 / z,
    Math.min(10, top - second),
    best[COV],
    best[COV_UNION],
    best[COV_WINDOW],
    best[COV_ARTICLE],
    best[BIGRAM],
    best[BIGRAM_ARTICLE],
    best[LCS],
    best[TYPE_FIT],
    best[PLACE_MISSING],
    best[COV_LOCAL],
    best[ECHO],
    best[COV_NON_TITLE],
    best[ARTICLE_NON_TITLE],
    maxArticleNonTitle,
    maxCovNonTitle,
    order.length > 1 ? Math.exp(scores[order[1]] - top) / z : 0,
    best[COV_CONTENT],
    best[ANCHOR],
    best[RARE_WINDOW],
    facts.rarestUnknown ? 1 : 0,
    best[DOMINANT_MISSING],
    best[PLACE_WINDOW],
    maxCovArticle,
    maxBigramArticle,
    facts.unknownShare,
    Math.log(1 + facts.concepts),
    Math.log(1 + candidates.length),
  ];
  values.forEach((v, i) => (x[i] = v));
  return x;
}
