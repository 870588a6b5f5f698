/** One answer as answer selection ranked it (engine.ts), before it becomes an Answer (types.ts). */
import type { Article } from "../../corpus/types.js";

export interface ScoredSentence {
  article: Article;
  /** The answer's sentence, by position in its article's sentences. */
  sentence: number;
  answer: string;
  /**
   * When the answer takes in a neighbour: [start, end) of the ranked sentence itself in answer
   * (the asked fact is looked for there first, so the bold stays on what the ranker chose).
   */
  core?: [number, number];
  excerpt: string;
  highlights: string[];
  /** The ranker's probability for this sentence among the question's candidates. */
  score: number;
}
