/**
 * The ORIGINAL retrieval index, kept for the benchmark's comparison (`newsbot bench --baseline`)
 * and for the ranking-equivalence test: everything in MiniSearch, fed the plain way.
 *
 * The retrieval index: one MiniSearch document per article, fed terms that are already segmented
 * (so MiniSearch's tokenizer just splits on spaces). Fields: the headline with kicker and subtitle
 * (boosted), the body, the page's city (what 我市 means there) and CJK bigrams for words jieba cuts
 * differently. Document frequencies are kept beside it for IDF weights and for the vocabulary
 * that English and pinyin translation check against.
 */
import MiniSearch, { type Query, type SearchOptions } from "minisearch";
import type { Article } from "../corpus/types.js";
import { normalizeText } from "../search/text/normalize.js";
import type { ParsedQuery } from "../search/answer/question.js";
import { hanBigrams, segment } from "../search/text/segment.js";

import { FIELD_BOOST, SELF_CITY_WORDS, type AnalyzedArticle, type Hit } from "../search/index/article-index.js";

const FIELDS = ["title", "body", "place", "grams"] as const;
type Field = (typeof FIELDS)[number];
type IndexedFields = Record<Field, string> & { n: number };

/** Segment one article for the index. Pure: the same article always gives the same terms. */
function analyzeArticle(article: Article): AnalyzedArticle {
  const title = normalizeText([article.kicker, article.headline, article.subtitle].filter(Boolean).join(" "));
  const body = normalizeText(article.body);
  const place: string[] = [];
  if (article.city && SELF_CITY_WORDS.some((w) => body.includes(w) || title.includes(w))) place.push(article.city);
  return {
    title: segment(title, "search"),
    body: segment(body, "search"),
    place,
    grams: [...new Set(hanBigrams(title + "。" + body))],
  };
}

const miniSearchOptions = {
  fields: [...FIELDS],
  idField: "n",
  storeFields: [],
  tokenize: (text: string) => (text ? text.split(" ") : []),
  processTerm: (term: string) => term,
  searchOptions: { tokenize: (text: string) => text.split(" "), processTerm: (term: string) => term },
};

export class LegacyArticleIndex {
  private constructor(
    readonly articles: readonly Article[],
    private readonly search: MiniSearch<IndexedFields>,
    private readonly documentFrequency: Map<string, number>,
  ) {}

  /** Build from articles, analysing each (the costly part: segmentation). */
  static build(articles: readonly Article[]): LegacyArticleIndex {
    return LegacyArticleIndex.fromAnalyzed(articles, articles.map(analyzeArticle));
  }

  /** Build from articles whose analysis is already done (e.g. in worker threads). */
  static fromAnalyzed(articles: readonly Article[], analyzed: readonly AnalyzedArticle[]): LegacyArticleIndex {
    const search = new MiniSearch<IndexedFields>(miniSearchOptions);
    const df = new Map<string, number>();
    analyzed.forEach((a, n) => {
      search.add({ n, title: a.title.join(" "), body: a.body.join(" "), place: a.place.join(" "), grams: a.grams.join(" ") });
      for (const term of new Set([...a.title, ...a.body, ...a.place])) df.set(term, (df.get(term) ?? 0) + 1);
    });
    return new LegacyArticleIndex(articles, search, df);
  }

  get size(): number {
    return this.articles.length;
  }

  /** In how many articles a term occurs (headline, body or city). */
  df(term: string): number {
    return this.documentFrequency.get(term) ?? 0;
  }

  /** In how many articles a CJK bigram occurs (for words that are not index terms). */
  bigramDf(bigram: string): number {
    return this.search.search(bigram, { fields: ["grams"], boostTerm: undefined }).length;
  }

  /** Inverse document frequency, BM25-style; an unknown term gets the highest. */
  idf(term: string): number {
    const n = this.articles.length;
    const df = this.df(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  vocabulary(): IterableIterator<[string, number]> {
    return this.documentFrequency.entries();
  }

  /** Articles matching any of the query's terms, best first. */
  retrieve(query: ParsedQuery, limit: number): Hit[] {
    const boosts = new Map<string, number>();
    const grams = new Set<string>();
    for (const concept of query.concepts) {
      for (const alt of concept.alternatives) {
        const boost = concept.weight * alt.weight * (concept.role === "number" ? 0.3 : 1);
        boosts.set(alt.term, Math.max(boosts.get(alt.term) ?? 0, boost));
        // Words the index does not know as terms may still stand in the text: look for their bigrams.
        if (this.df(alt.term) === 0 && alt.weight >= 0.9) for (const g of hanBigrams(alt.term)) grams.add(g);
      }
    }
    if (boosts.size === 0) return [];
    const queries: Query[] = [{ queries: [...boosts.keys()], fields: ["title", "body", "place"], combineWith: "OR" }];
    if (grams.size > 0) queries.push({ queries: [...grams], fields: ["grams"], combineWith: "OR" });
    const options: SearchOptions = {
      boost: { ...FIELD_BOOST },
      boostTerm: (term) => boosts.get(term) ?? 0.5,
    };
    return this.search
      .search({ queries, combineWith: "OR" }, options)
      .slice(0, limit)
      .map((r) => ({ n: r.id as number, score: r.score }));
  }
}
