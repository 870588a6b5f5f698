/**
 * The search engine: questions in, answers out. Retrieval ranks articles (BM25+ over jieba terms,
 * see index/); answer selection then describes every sentence of the best few that shares
 * something with the question (answer/features.ts), scores them with the learned ranker
 * (answer/ranker.ts), decides with the abstention model whether the corpus answers at all, and
 * keeps up to a few distinct answers. Knows nothing about Telegram.
 *
 * The pipeline, in order (each step one method, so a later rule has one place to go):
 *   parse → retrieve → admissible (the place rule; date rules go here too) → describe → score →
 *   abstain → select.
 */
import type { Article } from "../corpus/types.js";
import { loadGazetteer, type Gazetteer } from "../places/gazetteer.js";
import { abstainFeatures, answerOrder, type QuestionFacts } from "./answer/abstain.js";
import { AnswerScope, type ArticleScope } from "./answer/answer-scope.js";
import { answerText } from "./answer/answer-text.js";
import { ArticleTextCache, sentenceKey, type ArticleText } from "./answer/article-text.js";
import { articleCandidates, FEATURES, relativeFeatures, weighQuery, type Candidate, type WeightedQuery } from "./answer/features.js";
import { pointsBack } from "./answer/anaphora.js";
import { answerFocus } from "./answer/focus.js";
import { reachableCandidates } from "./answer/reachable.js";
import { ANSWER_DEFAULTS, type AnswerOptions } from "./answer/options.js";
import { corpusPlaceScope, type PlaceScope } from "./answer/place-scope.js";
import type { ArchiveSentence } from "./answer/recency.js";
import type { ScoredSentence } from "./answer/scored-sentence.js";
import { parseQuestion, type ParsedQuery, type QueryContext } from "./answer/question.js";
import { loadDefaultModel, SentenceRanker, checkModel, type RankerModel } from "./answer/ranker.js";
import { ArticleIndex, type Hit } from "./index/article-index.js";
import { normalizeText } from "../text/normalize.js";
import { hanBigrams } from "./text/segment.js";
import { buildPinyinIndexOffThread } from "./text/pinyin-off-thread.js";
import type { PinyinIndex } from "./text/translate.js";
import { defaultSynonyms, type SynonymTable } from "./text/synonyms.js";
import { articleHasTerm, termsStartingWith } from "./answer/term-presence.js";
import { gazetteerNames, MAX_MENTION_CHARS, placeMentions } from "./text/place-mentions.js";
import type { Answer, AskOptions, AskResult, SearchEngine } from "./types.js";

export type { ScoredSentence };

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
  /** Articles whose sentences are ranked per question (shorthand for answer.candidateArticles). */
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
  /** Answer selection settings (defaults: ANSWER_DEFAULTS). */
  answer?: Partial<AnswerOptions>;
  /** The trained ranker and abstention model (default: the committed ranker-model.json). */
  model?: RankerModel;
}

/** What answer selection saw for a question: the candidates and the question-level facts (for training). */
export interface CandidateSet {
  query: ParsedQuery;
  weighted: WeightedQuery;
  candidates: Candidate[];
  facts: QuestionFacts;
  /** Per candidate: its article's place and date fit for the question (0–1, see answer-scope.ts). */
  archiveFit: number[];
}

/**
 * How strongly an article's place and date fit (answer-scope.ts) weighs its answers: probability ×
 * fit^FIT_SHARPNESS. The ranker, trained on undated encyclopedia text, may prefer a sentence of
 * the wrong year by several nats (it names the year asked: 较2023年底… in a 2024 article); a fit of
 * 0.5 must outweigh that, a fit of 0.9 only tip a near tie.
 */
const FIT_SHARPNESS = 12;
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
  private readonly settings: Readonly<AnswerOptions>;
  private rankerCache?: SentenceRanker;
  private readonly texts: ArticleTextCache;

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
    this.settings = {
      ...ANSWER_DEFAULTS,
      ...(options.candidates !== undefined ? { candidateArticles: options.candidates } : {}),
      ...options.answer,
    };
    this.texts = new ArticleTextCache(this.settings.cachedArticles, { semicolons: this.settings.splitAtSemicolons });
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

  /** The trained models, loaded (and checked against the features) on the first question ranked. */
  private get ranker(): SentenceRanker {
    return (this.rankerCache ??= new SentenceRanker(this.options.model ? checkModel(this.options.model) : loadDefaultModel()));
  }

  /** The same engine over the same index, with some answer settings changed (evaluation, tuning). */
  withSettings(answer: Partial<AnswerOptions>, model?: RankerModel): NewsEngine {
    return new NewsEngine(this.index, { ...this.options, answer: { ...this.options.answer, ...answer }, ...(model ? { model } : {}) });
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
    // In a worker: the memory of half a million pinyin-pro calls goes when it exits.
    return buildPinyinIndexOffThread(this.index.vocabulary(), (term, df) => this.pinyinWorthy(term, df), mentions);
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

  /** All answers for a parsed query, best first (empty when the corpus does not answer it). */
  rank(query: ParsedQuery): ArchiveSentence[] {
    // archive: the question's places and time words (answer-scope.ts) filter and weigh articles.
    const scope = new AnswerScope(query, this.placeScope, this.now());
    const set = this.describe(query, scope);
    if (set.candidates.length === 0 || set.facts.dominantUnknown) return [];
    const scores = this.scores(set.candidates);
    const order = answerOrder(set.candidates, scores);
    if (order.length === 0) return [];
    // Whether the corpus answers at all is the model's call on the ranker's own scores (as trained).
    const answerable = this.ranker.answerable(abstainFeatures(set.candidates, scores, order, set.facts));
    if (answerable < (this.settings.abstainThreshold ?? this.ranker.model.abstain.threshold)) return [];
    // Then each article's place and date fit weighs its answers' probability, as fit^FIT_SHARPNESS.
    const fitted = scores.map((score, i) => score + FIT_SHARPNESS * Math.log(set.archiveFit[i]));
    return scope.order(this.select(set, fitted, answerOrder(set.candidates, fitted)), query.intent);
  }

  /** The ranker's scores of the candidates whose score is read (reachable.ts); NaN for the others. */
  private scores(candidates: Candidate[]): Float64Array {
    const reachable = reachableCandidates(candidates);
    const scores = new Float64Array(candidates.length).fill(NaN);
    const scored: number[] = [];
    for (let i = 0; i < candidates.length; i++) if (reachable[i]) scored.push(i);
    // Two at a time: one pass over the networks' weights for both.
    const pair = new Float64Array(2);
    let k = 0;
    for (; k + 1 < scored.length; k += 2) {
      this.ranker.scorePair(candidates[scored[k]].features, candidates[scored[k + 1]].features, pair);
      scores[scored[k]] = pair[0];
      scores[scored[k + 1]] = pair[1];
    }
    if (k < scored.length) scores[scored[k]] = this.ranker.score(candidates[scored[k]].features);
    return scores;
  }

  /** The candidate sentences of a question with their features (what the ranker is trained on). */
  candidates(question: string): CandidateSet {
    const query = this.parse(question);
    return this.describe(query, new AnswerScope(query, this.placeScope, this.now()));
  }

  private describe(query: ParsedQuery, scope: AnswerScope): CandidateSet {
    const weighted = weighQuery(query, { idf: (t) => this.idf(t), bigramIdf: (g) => this.bigramIdf(g) });
    const facts = this.facts(weighted);
    const empty: CandidateSet = { query, weighted, candidates: [], facts, archiveFit: [] };
    if (!query.concepts.some((c) => c.role !== "number")) return empty;
    const limit = scope.filters ? Math.max(this.settings.retrieve, RETRIEVE_LIMIT_SCOPED) : this.settings.retrieve;
    const hits = this.index.retrieve(query, limit);
    if (hits.length === 0) return empty;
    const asked = normalizeText(query.question);
    const namesPlace = query.concepts.some((c) => c.role === "place");
    const chosen: { text: ArticleText; hit: Hit; score: number; fit: ArticleScope }[] = [];
    const placeRule = weighted.concepts.some((c) => c.concept.role === "place" && !c.concept.broad);
    for (const hit of hits) {
      if (chosen.length >= this.settings.candidateArticles) break;
      const article = this.index.articles[hit.n];
      const fit = scope.of(article); // archive: another city's story, or outside the period asked
      if (fit.veto) continue;
      // Articles are read (normalized and split) only once chosen, or when the place rule must look.
      const text = this.texts.get(article);
      if (placeRule && !this.admissible(text, weighted)) continue;
      const edge = !namesPlace && this.options.localCity && article.city === this.options.localCity ? LOCAL_EDGE : 1;
      chosen.push({ text, hit, score: hit.score * edge, fit });
    }
    if (chosen.length === 0) return empty;
    const order = chosen.map((_, i) => i).sort((a, b) => chosen[b].score - chosen[a].score || a - b);
    const top = chosen[order[0]].score || 1;
    const candidates: Candidate[] = [];
    const archiveFit: number[] = [];
    order.forEach((i, rank) => {
      const { text, score, fit } = chosen[i];
      const weight = scope.weight(fit.features);
      for (const candidate of articleCandidates(text, weighted, { rank, relative: score / top }, asked, this.settings)) {
        // archive: another city's article answers only with a sentence that names the place asked.
        if (!scope.accepts(text.sentences[candidate.sentence].text, fit)) continue;
        candidates.push(candidate);
        archiveFit.push(weight);
      }
    });
    relativeFeatures(candidates);
    return { query, weighted, candidates, facts, archiveFit };
  }

  /**
   * May this article answer the question at all? A place the question names that the article
   * never mentions (and is not its city) is another place's story: it cannot answer for a city or
   * county (for a province or the country it only ranks lower, through the features).
   */
  private admissible(text: ArticleText, wq: WeightedQuery): boolean {
    for (const { concept } of wq.concepts) {
      if (concept.role !== "place" || concept.broad) continue;
      const city = text.article.city;
      const named = concept.alternatives.some(
        (a) =>
          a.term.length > 0 && (text.title.includes(a.term) || text.norm.includes(a.term) || a.term === city || a.term === `${city}市`),
      );
      if (!named) return false;
    }
    return true;
  }

  /** Question-level facts for the abstention model. */
  private facts(wq: WeightedQuery): QuestionFacts {
    let unknown = 0;
    for (const c of wq.concepts) {
      if (c.concept.alternatives.every((a) => this.dfEstimate(a.term) === 0)) unknown += c.weight;
    }
    const rarest = wq.rarest >= 0 ? wq.concepts[wq.rarest].concept : undefined;
    return {
      unknownShare: unknown / wq.total,
      concepts: wq.concepts.length,
      rarestUnknown: rarest !== undefined && rarest.alternatives.every((a) => this.dfEstimate(a.term) === 0),
      dominantUnknown: wq.concepts.some(
        (c) =>
          c.concept.role === "content" &&
          c.concept.text !== wq.query.slot.focus &&
          c.weight >= 0.5 * wq.total &&
          c.concept.alternatives.every((a) => this.dfEstimate(a.term) === 0),
      ),
    };
  }

  /**
   * Up to maxAnswers distinct answers: no sentence twice, no two overlapping answers of one
   * article; an answer takes in its neighbour when the ranker rates that one nearly as high.
   */
  private select(set: CandidateSet, scores: Float64Array, order: number[]): ScoredSentence[] {
    const { candidates, query } = set;
    const settings = this.settings;
    const top = scores[order[0]];
    let z = 0;
    for (const i of order) z += Math.exp(scores[i] - top);
    const probability = (i: number) => Math.exp(scores[i] - top) / z;
    const byPlace = new Map<string, number>();
    candidates.forEach((c, i) => byPlace.set(`${c.text.article.id}\u0000${c.sentence}`, i));
    const picked: ScoredSentence[] = [];
    const taken = new Map<string, Set<number>>();
    const answersFrom = new Map<string, number>();
    const seenText = new Set<string>();
    const covAt = FEATURES.indexOf("cov");
    const prevAt = FEATURES.indexOf("covPrev");
    const nextAt = FEATURES.indexOf("covNext");
    const bestP = probability(order[0]);
    const pickedP: number[] = [];
    const bestFit = Math.max(...set.archiveFit);
    // Pass 1: each article's best sentence, while the ranker finds it likely enough. Pass 2, for a
    // question (not a bare topic, which lists one answer per article): further sentences of the
    // articles found, likely enough, compete for the first fewAnswers places (the ranker's second
    // choice in the right article is often the answer).
    const extras = new Set<number>();
    const consider = (i: number, pass: 1 | 2): boolean => {
      if (pass === 1 && picked.length >= settings.maxAnswers) return false;
      if (pass === 2 && extras.size >= settings.fewAnswers) return false;
      const p = probability(i);
      const c = candidates[i];
      if (pass === 2 && p < settings.minShareSameArticle * bestP) return false;
      // An article whose sentence holds every word of the question is a result however the ranker
      // orders it (a topic: 企业 stands in many articles); the others only while likely enough.
      // An article fitting the question's place or period less than the best-fitting one needs the ranker's word.
      const inScope = set.archiveFit[i] >= bestFit;
      const holdsAll = c.features[covAt] >= 1 - 1e-9 && inScope;
      const minShare = inScope ? settings.minShareOfBest : settings.minShareOutOfScope;
      if (pass === 1 && picked.length > 0 && p < minShare * bestP && !holdsAll) return true;
      const article = c.text.article;
      const used = taken.get(article.id) ?? new Set<number>();
      const fromArticle = answersFrom.get(article.id) ?? 0;
      // Pass 2 is for further sentences of articles already answering (another article's first
      // answer had its chance, and its share of the best, in pass 1).
      if (used.has(c.sentence) || (pass === 1 ? fromArticle > 0 : fromArticle === 0 || fromArticle >= settings.maxPerArticle)) return true;
      const sentence = c.text.sentences[c.sentence];
      const key = sentenceKey(c.text, c.sentence);
      if (seenText.has(key)) return true;
      // The neighbour the ranker rates nearly as high joins the answer (same paragraph, both free;
      // reachable.ts scores exactly these neighbours).
      let [from, to] = [c.sentence, c.sentence];
      let best = -1;
      let neighbourP = 0;
      for (const n of [c.sentence - 1, c.sentence + 1]) {
        const j = byPlace.get(`${article.id}\u0000${n}`);
        const other = c.text.sentences[n];
        if (j === undefined || !other || other.paragraph !== sentence.paragraph || used.has(n)) continue;
        const length = Math.max(other.end, sentence.end) - Math.min(other.start, sentence.start);
        if (length <= settings.maxWindowChars && probability(j) > neighbourP) [best, neighbourP] = [n, probability(j)];
      }
      if (best >= 0 && neighbourP >= (settings.windowShare ?? this.ranker.model.windowShare ?? Infinity) * p)
        [from, to] = [Math.min(best, c.sentence), Math.max(best, c.sentence)];
      else if (settings.joinAnaphoric && pointsBack(c.text.norm.slice(sentence.start, sentence.end))) {
        // 它是…/这些都市… says what it says of the previous sentence's subject: without that
        // sentence the answer names nothing (the fact asked is often that subject).
        const prev = c.text.sentences[c.sentence - 1];
        if (
          prev &&
          prev.paragraph === sentence.paragraph &&
          !used.has(c.sentence - 1) &&
          sentence.end - prev.start <= settings.maxWindowChars
        ) {
          from = best = c.sentence - 1;
          neighbourP = 0;
        }
      }
      seenText.add(key);
      for (let s = from; s <= to; s++) used.add(s);
      taken.set(article.id, used);
      answersFrom.set(article.id, (answersFrom.get(article.id) ?? 0) + 1);
      const x = c.features;
      const lean = Math.max(x[prevAt], x[nextAt]) > x[covAt] ? (x[prevAt] >= x[nextAt] ? -1 : 1) : 0;
      const other = from === to ? undefined : byPlace.get(`${article.id}\u0000${best}`);
      const terms = other === undefined ? c.terms : [...new Set([...c.terms, ...candidates[other].terms])];
      const text = answerText(c.text, from, to, terms, query.intent, lean, settings);
      const offset = c.text.sentences[from].start;
      const core: [number, number] | undefined = from === to ? undefined : [sentence.start - offset, sentence.end - offset];
      picked.push({ article, sentence: c.sentence, ...text, ...(core ? { core } : {}), score: from === to ? p : p + neighbourP });
      pickedP.push(p);
      if (pass === 2) extras.add(picked.length - 1);
      return true;
    };
    for (const i of order) if (!consider(i, 1)) break;
    if (query.intent.type === "general") return picked;
    for (const i of order) if (!consider(i, 2)) break;
    // Best first by the ranker's probability of the sentence itself (the first answer stays
    // first); a further sentence of an article only among the first fewAnswers.
    const byP = picked.map((_, k) => k).sort((a, b) => pickedP[b] - pickedP[a] || a - b);
    return byP
      .filter((k, rank) => rank < settings.fewAnswers || !extras.has(k))
      .slice(0, settings.maxAnswers)
      .map((k) => picked[k]);
  }

  /** In how many articles a term occurs; for a word the index does not hold, estimated from its bigrams. */
  private dfEstimate(term: string): number {
    const df = this.index.df(term);
    if (df > 0 || !/^\p{Script=Han}{2,}$/u.test(term)) return df;
    let estimate = this.unknownDf.get(term);
    if (estimate === undefined) {
      estimate = Math.min(...hanBigrams(term).map((g) => this.index.bigramDf(g)));
      if (this.unknownDf.size > 10_000) this.unknownDf.clear();
      this.unknownDf.set(term, estimate);
    }
    return estimate;
  }

  private bigramIdf(bigram: string): number {
    const df = this.index.bigramDf(bigram);
    const n = this.index.size;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** IDF of a term; for a word the index does not hold as a term, estimated from its bigrams. */
  private idf(term: string): number {
    const df = this.dfEstimate(term);
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
    content: [],
    slot: {},
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
    focus: answerFocus(s.answer, query.intent, s.core),
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
