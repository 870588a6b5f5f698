/**
 * The search engine: questions in, answers out. Retrieval ranks articles (MiniSearch over jieba
 * terms); answer selection then ranks the sentences of the best few; one answer per article.
 * Knows nothing about Telegram.
 */
import type { Article } from "../corpus/types.js";
import { answerFocus } from "./answer/focus.js";
import { ANSWER_DEFAULTS, bestSentence, weighConcepts, type ScoredSentence } from "./answer/sentence-score.js";
import { ArticleIndex } from "./index/article-index.js";
import { parseQuestion, type ParsedQuery, type QueryContext } from "./answer/question.js";
import { hanBigrams } from "./text/segment.js";
import { PinyinIndex } from "./text/translate.js";
import type { Answer, AskOptions, AskResult, SearchEngine } from "./types.js";

export interface EngineOptions {
  /** English phrase → Chinese terms, from the glossary files (see translate.ts). */
  glossary?: Map<string, string[]>;
  /** Place names known beyond the corpus (e.g. user-dictionary words tagged ns). */
  places?: Iterable<string>;
  /** Articles whose sentences are ranked per question (the rest are not read). */
  candidates?: number;
  /** The paper's own city, preferred when a question names no place. */
  localCity?: string;
}

/** Articles retrieved, and how many of them get their sentences ranked. */
const DEFAULT_CANDIDATES = 12;
const RETRIEVE_LIMIT = 40;
const DEFAULT_LIMIT = 5;
/** A page's city matching the paper's gets this small edge when the question names no place. */
const LOCAL_EDGE = 1.05;
/** Below this many articles every term gets a pinyin key; above, only names and repeated words. */
const PINYIN_ALL_TERMS_BELOW = 2000;
/** A related article scores at least this share of the best one. */
const RELATED_MIN_SHARE = 0.3;
const PLACE_WORD = /^(\p{Script=Han}{2,})(市|县|区)$/u;

export class NewsEngine implements SearchEngine {
  private readonly byId = new Map<string, Article>();
  private readonly newest: Article[];
  private readonly placeNames = new Set<string>();
  private pinyinIndex?: PinyinIndex;
  private readonly unknownDf = new Map<string, number>();
  private readonly queryContext: QueryContext;

  constructor(
    readonly index: ArticleIndex,
    private readonly options: EngineOptions = {},
  ) {
    this.queryContext = {
      glossary: options.glossary ?? new Map(),
      known: (term) => index.df(term) > 0,
      isPlace: (term) => this.placeNames.has(term),
      pinyin: () => (this.pinyinIndex ??= new PinyinIndex(index.vocabulary(), (term, df) => this.pinyinWorthy(term, df))),
    };
    index.articles.forEach((a) => this.byId.set(a.id, a));
    this.newest = index.articles
      .map((article, n) => ({ article, n }))
      .sort((a, b) => (b.article.date ?? "").localeCompare(a.article.date ?? "") || a.n - b.n)
      .map((e) => e.article);
    for (const place of options.places ?? []) this.placeNames.add(place);
    for (const a of index.articles) if (a.city) this.placeNames.add(a.city);
    for (const [term] of index.vocabulary()) {
      const stem = PLACE_WORD.exec(term)?.[1];
      if (stem) this.placeNames.add(stem).add(term);
    }
  }

  /**
   * Terms worth a pinyin key: every place name, and in a large archive the words of more than one
   * article (a one-off word is rarely what a reader spells in pinyin).
   */
  private pinyinWorthy(term: string, df: number): boolean {
    return this.placeNames.has(term) || df >= (this.index.size < PINYIN_ALL_TERMS_BELOW ? 1 : 2);
  }

  get size(): number {
    return this.index.size;
  }

  article(id: string): Article | undefined {
    return this.byId.get(id);
  }

  latest(limit: number, offset = 0): Article[] {
    return this.newest.slice(offset, offset + limit);
  }

  /** The query a question becomes (exposed for the CLI and tests). */
  parse(question: string): ParsedQuery {
    return parseQuestion(question, this.queryContext);
  }

  ask(question: string, options: AskOptions = {}): AskResult {
    const limit = Math.max(0, options.limit ?? DEFAULT_LIMIT);
    const offset = Math.max(0, options.offset ?? 0);
    const query = this.parse(question);
    const ranked = this.rank(query);
    return {
      answers: ranked.slice(offset, offset + limit).map((s) => toAnswer(s, query)),
      total: ranked.length,
      lang: query.lang,
    };
  }

  /**
   * Articles retrieved for the question whether or not a sentence answers it: what a reader may
   * open when there is no direct answer. Only those scoring near the best, so one stray shared
   * word does not make an article "related".
   */
  related(question: string, limit: number): Article[] {
    const query = this.parse(question);
    if (limit <= 0 || !query.concepts.some((c) => c.role !== "number")) return [];
    const hits = this.index.retrieve(query, limit);
    const top = hits[0]?.score ?? 0;
    return hits.filter((h) => h.score >= top * RELATED_MIN_SHARE).map((h) => this.index.articles[h.n]);
  }

  /** All relevant answers for a parsed query, best first. */
  rank(query: ParsedQuery): ScoredSentence[] {
    if (!query.concepts.some((c) => c.role !== "number")) return [];
    const hits = this.index.retrieve(query, RETRIEVE_LIMIT);
    if (hits.length === 0) return [];
    const concepts = weighConcepts(query, { idf: (term) => this.idf(term) });
    const namesPlace = query.concepts.some((c) => c.role === "place");
    const top = hits[0].score;
    const scored: ScoredSentence[] = [];
    for (const hit of hits.slice(0, this.options.candidates ?? DEFAULT_CANDIDATES)) {
      const article = this.index.articles[hit.n];
      const best = bestSentence(article, query, concepts, ANSWER_DEFAULTS);
      if (!best?.relevant) continue;
      // Retrieval's view of the whole article breaks ties between equally good sentences.
      best.score *= 0.85 + 0.15 * (hit.score / top);
      if (!namesPlace && this.options.localCity && article.city === this.options.localCity) best.score *= LOCAL_EDGE;
      scored.push(best);
    }
    return scored.sort((a, b) => b.score - a.score);
  }

  /** IDF of a term; for a word the index does not hold as a term, estimated from its bigrams. */
  private idf(term: string): number {
    if (this.index.df(term) > 0 || !/^\p{Script=Han}{2,}$/u.test(term)) return this.index.idf(term);
    let df = this.unknownDf.get(term);
    if (df === undefined) {
      df = Math.min(...hanBigrams(term).map((g) => this.index.bigramDf(g)));
      if (this.unknownDf.size > 10_000) this.unknownDf.clear();
      this.unknownDf.set(term, df);
    }
    const n = this.index.size;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }
}

function toAnswer(s: ScoredSentence, query: ParsedQuery): Answer {
  const a = s.article;
  return {
    id: a.id,
    kind: a.kind,
    headline: a.headline,
    kicker: a.kicker,
    subtitle: a.subtitle,
    date: a.date,
    answer: s.answer,
    excerpt: s.excerpt,
    highlights: s.highlights,
    score: Math.round(s.score * 1000) / 1000,
    source: a.source,
    publication: a.publication ?? null,
    url: a.url ?? null,
    focus: answerFocus(s.answer, query.intent),
  };
}

/** Build an engine over parsed articles (segments every article: seconds for large corpora). */
export function buildEngine(articles: readonly Article[], options: EngineOptions = {}): NewsEngine {
  return new NewsEngine(ArticleIndex.build(articles), options);
}
