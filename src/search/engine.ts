/**
 * The search engine: questions in, answers out. Retrieval ranks articles (MiniSearch over jieba
 * terms); answer selection then ranks the sentences of the best few; one answer per article.
 * Knows nothing about Telegram.
 */
import type { Article } from "../corpus/types.js";
import { loadGazetteer, type Gazetteer } from "../places/gazetteer.js";
import { AnswerScope } from "./answer/answer-scope.js";
import { answerFocus } from "./answer/focus.js";
import { corpusPlaceScope, type PlaceScope } from "./answer/place-scope.js";
import type { ArchiveSentence } from "./answer/recency.js";
import { ANSWER_DEFAULTS, bestSentence, weighConcepts, type ScoredSentence } from "./answer/sentence-score.js";
import { ArticleIndex } from "./index/article-index.js";
import { parseQuestion, type ParsedQuery, type QueryContext } from "./answer/question.js";
import { hanBigrams } from "./text/segment.js";
import { PinyinIndex } from "./text/translate.js";
import { defaultSynonyms, type SynonymTable } from "./text/synonyms.js";
import { articleHasTerm, termsStartingWith } from "./answer/term-presence.js";
import { normalizeText } from "./text/normalize.js";
import { gazetteerNames, MAX_MENTION_CHARS, placeMentions } from "./text/place-mentions.js";
import type { Answer, AskOptions, AskResult, SearchEngine } from "./types.js";

export interface EngineOptions {
  /** English phrase → Chinese terms, from the glossary files (see translate.ts). */
  glossary?: Map<string, string[]>;
  /**
   * Place names from elsewhere (user-dictionary words tagged ns): places only where the gazetteer
   * confirms them (editors add places to corpus/places.tsv, which the gazetteer reads).
   */
  places?: Iterable<string>;
  /** Today, for relative time words (今年, 去年, 上个月, 目前…); default the system clock. Tests inject one. */
  now?: () => Date;
  /** Articles whose sentences are ranked per question (the rest are not read). */
  candidates?: number;
  /** The paper's own city, preferred when a question names no place. */
  localCity?: string;
  /** Synonyms for question words (default: the project's corpus/synonyms.tsv). */
  synonyms?: SynonymTable;
  /**
   * The places: China's divisions plus corpus/places.tsv (default: loadGazetteer()). They decide
   * which question words are places, and give pinyin place names; null: no pinyin place names
   * beyond the corpus (place words are still the default gazetteer's).
   */
  gazetteer?: Gazetteer | null;
}

/** Articles retrieved, and how many of them get their sentences ranked. */
const DEFAULT_CANDIDATES = 12;
const RETRIEVE_LIMIT = 40;
/** Retrieved when the question's place or period may filter many articles out. */
const RETRIEVE_LIMIT_SCOPED = 200;
const DEFAULT_LIMIT = 5;
/** A page's city matching the paper's gets this small edge when the question names no place. */
const LOCAL_EDGE = 1.05;
/** Below this many articles every term gets a pinyin key; above, only names and repeated words. */
const PINYIN_ALL_TERMS_BELOW = 2000;
/** A related article scores at least this share of the best one. */
const RELATED_MIN_SHARE = 0.3;

export class NewsEngine implements SearchEngine {
  private readonly byId = new Map<string, Article>();
  private readonly newest: Article[];
  private readonly placeScope: PlaceScope;
  private pinyinIndex?: PinyinIndex;
  private readonly unknownDf = new Map<string, number>();
  private readonly queryContext: QueryContext;

  constructor(
    readonly index: ArticleIndex,
    private readonly options: EngineOptions = {},
  ) {
    // archive: places are the gazetteer's, the corpus's own cities and the world's countries (place-scope.ts).
    this.placeScope = corpusPlaceScope(options.gazetteer ?? loadGazetteer(), index.articles, options);
    const synonyms = options.synonyms ?? defaultSynonyms();
    this.queryContext = {
      glossary: options.glossary ?? new Map<string, string[]>(),
      known: (term) => index.df(term) > 0,
      isPlace: this.placeScope.isPlace,
      placeForms: this.placeScope.formsOf,
      pinyin: () => (this.pinyinIndex ??= this.buildPinyinIndex()),
      idf: (term) => this.idf(term),
      synonyms: (word) => synonyms.get(word),
      senses: {
        topArticles: (concepts, limit) => this.index.retrieve(termsQuery(concepts), limit).map((hit) => hit.n),
        has: (n, term) => articleHasTerm(index.data, n, term),
        termsStartingWith: (prefix, limit) => termsStartingWith(index.data, prefix, limit),
      },
    };
    index.articles.forEach((a) => this.byId.set(a.id, a));
    this.newest = index.articles
      .map((article, n) => ({ article, n }))
      .sort((a, b) => (b.article.date ?? "").localeCompare(a.article.date ?? "") || a.n - b.n)
      .map((e) => e.article);
  }

  /**
   * Terms worth a pinyin key: every place name, and in a large archive the words of more than one
   * article (a one-off word is rarely what a reader spells in pinyin).
   */
  private pinyinWorthy(term: string, df: number): boolean {
    return df >= (this.index.size < PINYIN_ALL_TERMS_BELOW ? 1 : 2) || this.placeScope.names.has(term);
  }

  /** Pinyin keys for the vocabulary and for every place name the articles mention (十八里铺镇). */
  private buildPinyinIndex(): PinyinIndex {
    // The text as written (normalizing every body would cost seconds in a large archive); a
    // traditional-character name is folded when it becomes a key.
    const mentions = new Map<string, number>();
    for (const [name, df] of placeMentions(mentionTexts(this.index.articles))) {
      const key = normalizeText(name);
      mentions.set(key, (mentions.get(key) ?? 0) + df);
    }
    // The gazetteer's places too, those the corpus never names after its own (Linqing → 临清).
    const gazetteer = this.options.gazetteer === undefined ? loadGazetteer() : this.options.gazetteer;
    if (gazetteer) for (const name of gazetteerNames(gazetteer, this.options.localCity)) if (!mentions.has(name)) mentions.set(name, 0);
    return new PinyinIndex(this.index.vocabulary(), (term, df) => this.pinyinWorthy(term, df), mentions);
  }

  get size(): number {
    return this.index.size;
  }

  /** Today by the engine's clock (relative time words are read against it). */
  private now(): Date {
    return this.options.now?.() ?? new Date();
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
    const scope = new AnswerScope(query, this.placeScope, this.now()); // archive: not another city's story
    return hits
      .filter((h) => h.score >= top * RELATED_MIN_SHARE)
      .map((h) => this.index.articles[h.n])
      .filter((a) => !scope.of(a).veto);
  }

  /** All relevant answers for a parsed query, best first. */
  rank(query: ParsedQuery): ArchiveSentence[] {
    if (!query.concepts.some((c) => c.role !== "number")) return [];
    // archive: the question's places and time words (answer-scope.ts) filter and weigh articles.
    const scope = new AnswerScope(query, this.placeScope, this.now());
    const hits = this.index.retrieve(query, scope.filters ? RETRIEVE_LIMIT_SCOPED : RETRIEVE_LIMIT);
    if (hits.length === 0) return [];
    const concepts = weighConcepts(query, { idf: (term) => this.idf(term) });
    const namesPlace = query.concepts.some((c) => c.role === "place");
    const top = hits[0].score;
    const scored: ScoredSentence[] = [];
    let read = 0;
    for (const hit of hits) {
      if (read >= (this.options.candidates ?? DEFAULT_CANDIDATES)) break;
      const article = this.index.articles[hit.n];
      const fit = scope.of(article); // archive
      if (fit.veto) continue; // archive
      read++;
      const best = bestSentence(article, query, concepts, ANSWER_DEFAULTS);
      if (!best?.relevant || !scope.accepts(best, fit)) continue; // archive: accepts
      // Retrieval's view of the whole article breaks ties between equally good sentences.
      best.score *= 0.85 + 0.15 * (hit.score / top);
      if (!namesPlace && this.options.localCity && article.city === this.options.localCity) best.score *= LOCAL_EDGE;
      best.score *= scope.weight(fit.features); // archive: place and date fit
      scored.push(best);
    }
    return scope.order(
      scored.sort((a, b) => b.score - a.score),
      query.intent,
    ); // archive: newest first for "now"
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

/**
 * Each article's headline and the start of its body, one at a time: place mentions read only the
 * first MAX_MENTION_CHARS of each (whole texts, all at once, were a second copy of the archive).
 */
function* mentionTexts(articles: readonly Article[]): Generator<string> {
  for (const a of articles) yield `${a.headline}。${a.body.slice(0, MAX_MENTION_CHARS)}`;
}

/** A query of plain concepts (for sense choice's retrieval of the articles a question is about). */
function termsQuery(concepts: string[][]): ParsedQuery {
  return {
    question: "",
    lang: "en",
    intent: { type: "general" },
    concepts: concepts.map((terms) => ({
      text: terms[0] ?? "",
      alternatives: terms.map((term, rank) => ({ term, weight: rank === 0 ? 1 : 0.7 })),
      role: "content",
      weight: 1,
    })),
  };
}

function toAnswer(s: ArchiveSentence, query: ParsedQuery): Answer {
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
    file: a.source,
    source: a.source,
    publication: a.publication ?? null,
    url: a.url ?? null,
    focus: answerFocus(s.answer, query.intent),
    edition: a.edition ?? null,
    city: a.city ?? null,
    dateSource: a.dateSource ?? null,
    ...(s.earlier ? { earlier: s.earlier } : {}),
  };
}

/** Build an engine over parsed articles (segments every article: seconds for large corpora). */
export function buildEngine(articles: readonly Article[], options: EngineOptions = {}): NewsEngine {
  return new NewsEngine(ArticleIndex.build(articles), options);
}
