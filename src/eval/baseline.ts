/**
 * The plain baselines `newsbot eval --baseline` measures beside the engine, over the same text
 * analysis (normalize → jieba, question stopwords dropped) and the same sentence splitting:
 *
 * - "paragraph": MiniSearch (default BM25+) over whole articles (headline + body); in the best
 *   articles, the sentence sharing the most distinct question words (ties: the earlier one).
 * - "sentence": every sentence one MiniSearch document (its text, and its article's headline as a
 *   second field); the best-scoring sentences.
 *
 * These are the two 30-line baselines issue 10 measured against (CMRC-style: paragraph, DRCD-style:
 * sentence); both run so the gain is read against the stronger of the two.
 */
import MiniSearch from "minisearch";
import type { Article } from "../corpus/types.js";
import { splitSentences } from "../search/answer/sentences.js";
import { normalizeText } from "../text/normalize.js";
import { segment } from "../search/text/segment.js";
import { CHINESE_STOPWORDS } from "../search/text/stopwords.js";

export interface RankedSentence {
  /** Position of the article in the corpus. */
  article: number;
  text: string;
}

export interface SentenceRanker {
  readonly name: string;
  /** Up to `limit` answer sentences, best first. */
  rank(question: string, limit: number): RankedSentence[];
}

const analyze = (text: string) => segment(normalizeText(text), "search");
const queryTerms = (question: string) => [...new Set(segment(normalizeText(question), "exact").filter((t) => !CHINESE_STOPWORDS.has(t)))];
const searchOptions = (terms: string[]) => ({ tokenize: () => terms, processTerm: (t: string) => t });

export class ParagraphBaseline implements SentenceRanker {
  readonly name = "baseline-paragraph";
  private readonly search = new MiniSearch<{ id: number; title: string; body: string }>({
    fields: ["title", "body"],
    tokenize: analyze,
    processTerm: (t) => t,
  });
  private readonly sentences: string[][];

  constructor(articles: readonly Article[]) {
    this.search.addAll(articles.map((a, id) => ({ id, title: a.headline, body: a.body })));
    this.sentences = articles.map((a) => splitSentences(a.body).map((s) => s.text));
  }

  rank(question: string, limit: number): RankedSentence[] {
    const terms = queryTerms(question);
    if (terms.length === 0) return [];
    const hits = this.search.search(terms.join(" "), searchOptions(terms)).slice(0, limit);
    return hits.map((hit) => {
      const n = hit.id as number;
      let best = "";
      let bestShared = -1;
      for (const sentence of this.sentences[n]) {
        const norm = normalizeText(sentence);
        const shared = terms.filter((t) => norm.includes(t)).length;
        if (shared > bestShared) [best, bestShared] = [sentence, shared];
      }
      return { article: n, text: best };
    });
  }
}

export class SentenceBaseline implements SentenceRanker {
  readonly name = "baseline-sentence";
  private readonly search = new MiniSearch<{ id: number; title: string; text: string }>({
    fields: ["title", "text"],
    tokenize: analyze,
    processTerm: (t) => t,
  });
  private readonly owner: { article: number; text: string }[] = [];

  constructor(articles: readonly Article[]) {
    const docs: { id: number; title: string; text: string }[] = [];
    articles.forEach((a, n) => {
      for (const s of splitSentences(a.body)) {
        docs.push({ id: this.owner.length, title: a.headline, text: s.text });
        this.owner.push({ article: n, text: s.text });
      }
    });
    this.search.addAll(docs);
  }

  rank(question: string, limit: number): RankedSentence[] {
    const terms = queryTerms(question);
    if (terms.length === 0) return [];
    return this.search
      .search(terms.join(" "), searchOptions(terms))
      .slice(0, limit)
      .map((hit) => this.owner[hit.id as number]);
  }
}
