/**
 * What describes a candidate answer sentence to the learned ranker: how much of the question it
 * covers (by IDF, in itself, its headline, its neighbours, its article; by words and by character
 * bigrams; as phrases and the longest common stretch), whether it holds the kind of thing asked for
 * near the matched words, where it stands and how long it is, and how retrieval ranked its article.
 * Every feature is a ratio or a bounded value, so it means the same on any corpus.
 *
 * Cost is linear in the candidate articles' text: each query term is looked up once per article
 * (indexOf over the normalized body), and the costlier features (tags, longest common stretch) are
 * computed only for sentences that share something with the question, or neighbour one that does.
 */
import type { Article } from "../../corpus/types.js";
import { SELF_CITY_WORDS } from "../index/article-index.js";
import { hanBigrams } from "../text/segment.js";
import { OPENS_WITH_ANAPHOR } from "./anaphora.js";
import { sentenceAt, sentenceTags, type ArticleText } from "./article-text.js";
import { findTypeHits, type QuestionType, type TypeHit } from "./intent.js";
import { bm25, type AnswerOptions } from "./options.js";
import { ScratchArena } from "./scratch-arena.js";
import type { Concept, ParsedQuery } from "./question.js";

/** Question types as one-hot inputs (the ranker may weigh the other features differently per type). */
const QUESTION_TYPES: readonly QuestionType[] = [
  "quantity",
  "date",
  "ordinal",
  "person",
  "org",
  "place",
  "list",
  "definition",
  "reason",
  "what",
  "general",
];

/** The feature names, in the order of the vectors (the trained model must list the same). */
export const FEATURES = [
  "cov",
  "covCount",
  "covTitle",
  "covUnion",
  "covPrev",
  "covNext",
  "covWindow",
  "covArticle",
  "bigram",
  "bigramTitle",
  "bigramPrev",
  "bigramNext",
  "bigramArticle",
  "lcs",
  "lcsChars",
  "bm25",
  "phrase",
  "density",
  "typeFit",
  "typeAny",
  "typePrev",
  "typeNext",
  "novel",
  "position",
  "first",
  "relPosition",
  "lengthLog",
  "long",
  "short",
  "retrieval",
  "retrievalRank",
  "retrievalTop",
  "titleInQuestion",
  "placeMissing",
  "numberHere",
  "rareHere",
  "selfCity",
  "pronounStart",
  "nextPronounStart",
  "titleHere",
  "slotBefore",
  "slotAfter",
  "slotBoth",
  "typeSlot",
  "covLocal",
  "bigramLocal",
  "localPrev",
  "localNext",
  "bestInArticle",
  "prevBestInArticle",
  "nextBestInArticle",
  "covRel",
  "bigramRel",
  "localRel",
  "echo",
  "echoPrev",
  "echoNext",
  "covNonTitle",
  "articleNonTitle",
  "covContent",
  "anchorHere",
  "rareWindow",
  "dominantMissing",
  "placeWindow",
  ...QUESTION_TYPES.map((t) => `q_${t}`),
] as const;
export type FeatureName = (typeof FEATURES)[number];
const F = Object.fromEntries(FEATURES.map((name, i) => [name, i])) as Record<FeatureName, number>;

/** What the features need to know about terms: their weight in the corpus. */
export interface TermStats {
  idf(term: string): number;
  bigramIdf(bigram: string): number;
}

export interface WeightedConcept {
  concept: Concept;
  /** Importance × the best alternative's IDF: what covering this concept is worth. */
  weight: number;
  /** Per alternative term: what finding it is worth. */
  values: Map<string, number>;
}

/** The question, weighed once for all candidate articles. */
export interface WeightedQuery {
  query: ParsedQuery;
  concepts: WeightedConcept[];
  /** Sum of the concept weights. */
  total: number;
  /** Character bigrams of the question's content, with their IDF. */
  bigrams: Map<string, number>;
  bigramTotal: number;
  /** Characters of the question's content (for the share of a sentence that is new). */
  chars: Set<string>;
  /** The question's content runs and their total length (for the longest common stretch). */
  runs: string[];
  runChars: number;
  /** Index of the heaviest concept. */
  rarest: number;
  /** Content concepts (not places, not numbers; places when there is no content) of two characters or more: one must stand in an answer. */
  anchors: number[];
  contentTotal: number;
  /** Indexes of the concepts right before and after the question word (-1: none). */
  slotBefore: number;
  slotAfter: number;
}

export function weighQuery(query: ParsedQuery, stats: TermStats): WeightedQuery {
  const concepts = query.concepts.map((concept) => {
    const values = new Map<string, number>();
    for (const alt of concept.alternatives) values.set(alt.term, concept.weight * alt.weight * stats.idf(alt.term));
    return { concept, weight: Math.max(0, ...values.values()), values };
  });
  const bigrams = new Map<string, number>();
  for (const run of query.content) for (const g of hanBigrams(run)) if (!bigrams.has(g)) bigrams.set(g, stats.bigramIdf(g));
  let rarest = -1;
  concepts.forEach((c, i) => {
    if (c.concept.role !== "number" && (rarest < 0 || c.weight > concepts[rarest].weight)) rarest = i;
  });
  const runs = query.content.filter((r) => r.length > 0);
  const conceptAt = (text: string | undefined) => (text === undefined ? -1 : concepts.findIndex((c) => c.concept.text === text));
  const content = concepts.map((_, i) => i).filter((i) => concepts[i].concept.role === "content");
  const wordy = (i: number) => concepts[i].concept.alternatives.some((a) => a.term.length >= 2) && concepts[i].weight > 0;
  // One of these must stand in an answer: the content words of two characters or more; failing
  // those, the places a question names (高唐县 alone asks about 高唐县); failing those, any word.
  const anchorable =
    [
      content.filter(wordy),
      concepts.map((_, i) => i).filter((i) => concepts[i].concept.role === "place" && wordy(i)),
      concepts.map((_, i) => i).filter((i) => concepts[i].concept.role !== "number" && concepts[i].weight > 0),
    ].find((list) => list.length > 0) ?? [];
  return {
    anchors: anchorable,
    contentTotal: content.reduce((sum, i) => sum + concepts[i].weight, 0),
    slotBefore: conceptAt(query.slot?.before),
    slotAfter: conceptAt(query.slot?.after),
    query,
    concepts,
    total: concepts.reduce((s, c) => s + c.weight, 0) || 1,
    bigrams,
    bigramTotal: [...bigrams.values()].reduce((s, v) => s + v, 0) || 1,
    chars: new Set(runs.join("").match(/\p{Script=Han}/gu) ?? []),
    runs,
    runChars: runs.reduce((s, r) => s + r.length, 0) || 1,
    rarest,
  };
}

/** How retrieval saw an article. */
export interface RetrievalInfo {
  rank: number;
  /** Its score over the best article's. */
  relative: number;
}

/** One candidate sentence and its features. */
export interface Candidate {
  text: ArticleText;
  /** Index of the sentence in text.sentences. */
  sentence: number;
  features: Float64Array;
  /** Matched term spans in the sentence's normalized text (for highlighting and clause cutting). */
  terms: string[];
}

/**
 * Features relative to the question's other candidates (filled once all articles are described):
 * a sentence's coverage over the best coverage any candidate reaches.
 */
export function relativeFeatures(candidates: Candidate[]): void {
  const pairs: [number, number][] = [
    [F.cov, F.covRel],
    [F.bigram, F.bigramRel],
    [F.covLocal, F.localRel],
  ];
  for (const [from, to] of pairs) {
    let max = 0;
    for (const c of candidates) max = Math.max(max, c.features[from]);
    for (const c of candidates) c.features[to] = max > 0 ? c.features[from] / max : 0;
  }
}

/** Does this place concept name the article's own city (which the page calls 我市)? */
export function isOwnCity(concept: Concept, article: Article): boolean {
  const city = article.city;
  if (!city) return false;
  return concept.alternatives.some((a) => a.term === city || a.term === `${city}市`);
}

/** Offsets of every occurrence of `term` in `text`. */
function occurrences(text: string, term: string): number[] {
  const out: number[] = [];
  for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + term.length)) out.push(at);
  return out;
}

/** The two rows of longestCommon, reused: it runs per candidate sentence and question run. */
let lcsRows = [new Uint16Array(64), new Uint16Array(64)];

/**
 * Longest common substring of `run` and text[from, to) (characters). The table walks the text
 * and keeps one row over the run; a text character the question does not have (`codes`, by
 * UTF-16 code) zeroes its whole row, so most of the text costs one lookup a character.
 */
function longestCommon(run: string, text: string, from: number, to: number, codes: Uint8Array): number {
  const m = run.length;
  if (m === 0 || to <= from) return 0;
  if (lcsRows[0].length <= m) lcsRows = [new Uint16Array(2 * m + 2), new Uint16Array(2 * m + 2)];
  let [prev, cur] = lcsRows;
  prev.fill(0, 0, m + 1);
  cur[0] = 0;
  let prevZero = true;
  let best = 0;
  for (let j = from; j < to; j++) {
    const ch = text.charCodeAt(j);
    if (codes[ch] === 0) {
      if (!prevZero) {
        prev.fill(0, 0, m + 1);
        prevZero = true;
      }
      continue;
    }
    let any = false;
    for (let i = 1; i <= m; i++) {
      if (ch === run.charCodeAt(i - 1)) {
        const v = prev[i - 1] + 1;
        cur[i] = v;
        if (v > best) best = v;
        any = true;
      } else cur[i] = 0;
    }
    [prev, cur] = [cur, prev];
    prevZero = !any;
  }
  return best;
}

/** Every UTF-16 code of the question's content runs, as a table (made once per question). */
const runCodesOf = new WeakMap<WeightedQuery, Uint8Array>();
function runCodes(wq: WeightedQuery): Uint8Array {
  let codes = runCodesOf.get(wq);
  if (!codes) {
    codes = new Uint8Array(65536);
    for (const run of wq.runs) for (let i = 0; i < run.length; i++) codes[run.charCodeAt(i)] = 1;
    runCodesOf.set(wq, codes);
  }
  return codes;
}

const PERSON_TAGS = /^(?:nr|nrfg|nrt)$/;
const PLACE_TAGS = /^ns$/;
const ORG_TAGS = /^nt$/;
/** A transliterated name: 艾伦·劳埃德·霍奇金. */
const DOTTED_NAME = /\p{Script=Han}{1,8}(?:[·・]\p{Script=Han}{1,8})+/gu;

/** Spans in a sentence that could answer a question of this type: patterns, and jieba's name tags. */
function typeHits(text: ArticleText, i: number, norm: string, query: ParsedQuery, asked: string): TypeHit[] {
  const hits = findTypeHits(norm, query.intent);
  const type = query.intent.type;
  const tagPattern = type === "person" ? PERSON_TAGS : type === "place" ? PLACE_TAGS : type === "org" ? ORG_TAGS : undefined;
  if (tagPattern) {
    for (const { word, tag, start } of sentenceTags(text, i)) {
      if (tagPattern.test(tag) && word.length >= 2 && !asked.includes(word)) hits.push({ start, end: start + word.length, fit: 1 });
    }
  }
  if (type === "person") {
    for (const m of norm.matchAll(DOTTED_NAME)) {
      if (!asked.includes(m[0])) hits.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, fit: 1 });
    }
  }
  return hits;
}

/** Best fit of the hits, halved every `halfAt` characters away from the nearest matched word. */
function fitNear(hits: TypeHit[], positions: [number, number][], halfAt: number): number {
  let best = 0;
  for (const hit of hits) {
    let distance = positions.length === 0 ? 40 : Infinity;
    for (const [s, e] of positions) {
      const d = hit.start >= e ? hit.start - e : s >= hit.end ? s - hit.end : 0;
      if (d < distance) distance = d;
    }
    best = Math.max(best, hit.fit / (1 + distance / halfAt));
  }
  return best;
}

/**
 * The question's characters as a table by UTF-16 code (a character outside the BMP never equals
 * one code unit of a sentence), made once per question: novelOf reads it for every character.
 */
const codesOf = new WeakMap<WeightedQuery, Uint8Array>();
function questionCodes(wq: WeightedQuery): Uint8Array {
  let codes = codesOf.get(wq);
  if (!codes) {
    codes = new Uint8Array(65536);
    for (const ch of wq.chars) if (ch.length === 1) codes[ch.charCodeAt(0)] = 1;
    codesOf.set(wq, codes);
  }
  return codes;
}

/** The working arrays of articleCandidates (reset at each call; only the feature vectors leave it). */
const arena = new ScratchArena();

/**
 * The candidate sentences of one article and their features. `asked` is the normalized question
 * (names it already holds are not answers).
 */
export function articleCandidates(
  text: ArticleText,
  wq: WeightedQuery,
  retrieval: RetrievalInfo,
  asked: string,
  options: Readonly<AnswerOptions>,
): Candidate[] {
  const { article, sentences, norm, title } = text;
  const S = sentences.length;
  if (S === 0) return [];
  const C = wq.concepts.length;
  const { total } = wq;
  const ownCityMention = SELF_CITY_WORDS.some((w) => norm.includes(w) || title.includes(w));

  // Per concept and sentence: the best value found there, and which term gave it.
  arena.reset();
  const here = arena.float64(C * S);
  const anchor = new Array<string | undefined>(C * S);
  const titleCredit = arena.float64(C);
  const articleCredit = arena.float64(C);
  const ownCity = arena.uint8(C);
  const tfBest = arena.float64(S); // BM25 numerator, per sentence
  const altFound = new Map<string, Uint8Array>();
  wq.concepts.forEach((c, ci) => {
    if (c.concept.role === "place" && isOwnCity(c.concept, article)) ownCity[ci] = 1;
    for (const [term, value] of c.values) {
      if (term.length === 0) continue;
      if (title.includes(term)) titleCredit[ci] = Math.max(titleCredit[ci], value);
      let found = altFound.get(term);
      if (!found) {
        found = arena.uint8(S);
        for (const at of occurrences(norm, term)) {
          const s = sentenceAt(text, at);
          if (s >= 0 && found[s] < 255) found[s]++;
        }
        altFound.set(term, found);
      }
      for (let s = 0; s < S; s++) {
        if (found[s] > 0 && value > here[ci * S + s]) {
          here[ci * S + s] = value;
          anchor[ci * S + s] = term;
        }
      }
    }
    // A long word written apart (发电机组 ~ 发电抽凝机组): credit for the share of it covered.
    const whole = c.concept.text;
    if (whole.length >= 3 && c.values.has(whole)) {
      const cap = c.weight * options.splitWordCredit;
      for (let s = 0; s < S; s++) {
        if (here[ci * S + s] >= cap) continue;
        const covered = arena.uint8(whole.length);
        for (const { term } of c.concept.alternatives) {
          if (term.length < 2 || term === whole || !altFound.get(term)?.[s]) continue;
          const at = whole.indexOf(term);
          if (at >= 0) covered.fill(1, at, at + term.length);
        }
        const share = covered.reduce((n, v) => n + v, 0) / whole.length;
        if (share >= options.splitWordShare) here[ci * S + s] = Math.max(here[ci * S + s], cap * share);
      }
    }
    if (ownCity[ci]) {
      // The whole article speaks for its city: every sentence of it is about that place.
      titleCredit[ci] = Math.max(titleCredit[ci], c.weight);
      if (ownCityMention) for (let s = 0; s < S; s++) here[ci * S + s] = Math.max(here[ci * S + s], c.weight);
    }
    for (let s = 0; s < S; s++) articleCredit[ci] = Math.max(articleCredit[ci], here[ci * S + s]);
  });

  // BM25 per sentence over each concept's best term there.
  const { k1, b, averageChars } = options.bm25;
  let bm25Max = 0;
  wq.concepts.forEach((c, ci) => {
    const idf = c.weight;
    bm25Max += idf * (k1 + 1);
    for (let s = 0; s < S; s++) {
      const term = anchor[ci * S + s];
      if (!term) continue;
      const tf = altFound.get(term)?.[s] ?? 0;
      tfBest[s] += bm25(idf * (here[ci * S + s] / (c.weight || 1)), tf, sentences[s].end - sentences[s].start, averageChars, k1, b);
    }
  });

  // Question bigrams per sentence, and in the headline.
  const bigramHere = arena.float64(S);
  let bigramTitle = 0;
  // Per bigram (in wq.bigrams order): the sentences holding it and how many (read again below).
  const bigramSeen: Uint8Array[] = [];
  const bigramSentences: number[] = [];
  for (const [g, idf] of wq.bigrams) {
    if (title.includes(g)) bigramTitle += idf;
    const seen = arena.uint8(S);
    let sf = 0;
    for (const at of occurrences(norm, g)) {
      const s = sentenceAt(text, at);
      if (s >= 0 && !seen[s]) {
        seen[s] = 1;
        sf++;
        bigramHere[s] += idf;
      }
    }
    bigramSeen.push(seen);
    bigramSentences.push(sf);
  }
  let bigramBest = 0;
  for (let s = 0; s < S; s++) bigramBest = Math.max(bigramBest, bigramHere[s]);
  const bigramArticle = bigramBest / wq.bigramTotal;

  // Within the article, a word every sentence repeats (its topic) tells sentences apart no better
  // than a stopword: weigh each concept and bigram by how few of the article's sentences hold it.
  const localIdf = (sentencesWith: number) => Math.log(1 + S / (1 + sentencesWith));
  const localHere = arena.float64(S);
  let localTotal = 0;
  wq.concepts.forEach((c, ci) => {
    let sf = 0;
    for (let s = 0; s < S; s++) if (here[ci * S + s] > 0) sf++;
    const lw = localIdf(sf);
    localTotal += c.weight * lw;
    for (let s = 0; s < S; s++) localHere[s] += here[ci * S + s] * lw;
  });
  const bigramLocalHere = arena.float64(S);
  let bigramLocalTotal = 0;
  let k = 0;
  for (const idf of wq.bigrams.values()) {
    const seen = bigramSeen[k];
    const lw = idf * localIdf(bigramSentences[k++]);
    bigramLocalTotal += lw;
    for (let s = 0; s < S; s++) if (seen[s]) bigramLocalHere[s] += lw;
  }
  const local = (s: number) =>
    s < 0 || s >= S ? 0 : 0.5 * (localHere[s] / (localTotal || 1)) + 0.5 * (bigramLocalHere[s] / (bigramLocalTotal || 1));
  let bestLocal = 0;
  for (let s = 0; s < S; s++) bestLocal = Math.max(bestLocal, local(s));
  const isBest = (s: number) => (s >= 0 && s < S && bestLocal > 0 && local(s) >= bestLocal - 1e-12 ? 1 : 0);

  const coverage = (s: number) => {
    if (s < 0 || s >= S) return 0;
    let sum = 0;
    for (let ci = 0; ci < C; ci++) sum += here[ci * S + s];
    return sum / total;
  };
  const covBySentence = arena.float64(S);
  for (let s = 0; s < S; s++) covBySentence[s] = coverage(s);
  let covArticle = 0;
  let placeMissing = 0;
  for (let ci = 0; ci < C; ci++) {
    covArticle += Math.max(articleCredit[ci], titleCredit[ci]);
    const c = wq.concepts[ci];
    if (c.concept.role === "place" && articleCredit[ci] === 0 && titleCredit[ci] === 0) placeMissing += c.weight;
  }
  covArticle /= total;
  // A content word that carries half the question's content weight and that the article never uses:
  // the article is about something else (世界杯冠军是谁 asked of a paper that never names a 世界杯).
  let dominantMissing = 0;
  for (let ci = 0; ci < C; ci++) {
    const c = wq.concepts[ci];
    if (c.concept.role === "content" && c.weight >= 0.5 * wq.contentTotal && articleCredit[ci] === 0 && titleCredit[ci] === 0)
      dominantMissing = 1;
  }
  // What the headline does not say: the part of the question only the body can answer for.
  let nonTitleWeight = 0;
  let nonTitleArticle = 0;
  for (let ci = 0; ci < C; ci++) {
    if (titleCredit[ci] > 0) continue;
    nonTitleWeight += wq.concepts[ci].weight;
    nonTitleArticle += articleCredit[ci];
  }
  placeMissing /= total;
  const covTitle = titleCredit.reduce((a, v) => a + v, 0) / total;
  const titleGrams = hanBigrams(title);
  const titleGramSet = [...new Set(titleGrams)];
  const titleInQuestion = titleGrams.length === 0 ? 0 : titleGrams.filter((g) => asked.includes(g)).length / titleGrams.length;

  // Sentences worth describing: the few that share the most with the question (by the cheap
  // within-article weights above), and their neighbours (the answer may sit next door).
  const keep = arena.uint8(S);
  const ranked: number[] = [];
  for (let s = 0; s < S; s++) if (covBySentence[s] > 0 || bigramHere[s] > 0) ranked.push(s);
  const prescore = (s: number) => local(s) + covBySentence[s];
  if (ranked.length > options.sentencesPerArticle)
    ranked.sort((a, b) => prescore(b) - prescore(a) || a - b).length = options.sentencesPerArticle;
  for (const s of ranked) {
    keep[s] = 1;
    if (s > 0) keep[s - 1] = 1;
    if (s + 1 < S) keep[s + 1] = 1;
  }
  const typeAnyCache = arena.float64(S).fill(-1);
  const hitsCache = new Array<TypeHit[] | undefined>(S);
  const sentenceNorm = (s: number) => norm.slice(sentences[s].start, sentences[s].end);
  const hitsOf = (s: number) => (hitsCache[s] ??= typeHits(text, s, sentenceNorm(s), wq.query, asked));
  const typeAny = (s: number) => {
    if (s < 0 || s >= S) return 0;
    if (typeAnyCache[s] < 0) typeAnyCache[s] = Math.max(0, ...hitsOf(s).map((h) => h.fit));
    return typeAnyCache[s];
  };

  // Share of a sentence's Han characters the question does not have (what it adds), cached.
  const novelCache = arena.float64(S).fill(-1);
  const askedCodes = questionCodes(wq);
  const novelOf = (s: number) => {
    if (novelCache[s] < 0) {
      const { start, end } = sentences[s];
      let han = 0;
      let fresh = 0;
      for (let i = start; i < end; i++) {
        const code = norm.charCodeAt(i);
        if (code < 0x3400) continue;
        han++;
        if (askedCodes[code] === 0) fresh++;
      }
      novelCache[s] = han > 0 ? fresh / han : 0;
    }
    return novelCache[s];
  };
  const type = wq.query.intent.type;
  const out: Candidate[] = [];
  // The kept sentences' feature vectors share one buffer (one allocation per article, not per sentence).
  let kept = 0;
  for (let s = 0; s < S; s++) kept += keep[s];
  const vectors = new Float64Array(kept * FEATURES.length);
  for (let s = 0; s < S; s++) {
    if (!keep[s]) continue;
    const x = vectors.subarray(out.length * FEATURES.length, (out.length + 1) * FEATURES.length);
    const sNorm = sentenceNorm(s);
    const length = sNorm.length;
    let count = 0;
    let union = 0;
    let window = 0;
    let numberHere = 0;
    let numberTotal = 0;
    const positions: [number, number][] = [];
    const spansOf = new Array<[number, number][] | undefined>(C);
    const terms: string[] = [];
    for (let ci = 0; ci < C; ci++) {
      const c = wq.concepts[ci];
      const h = here[ci * S + s];
      if (h >= 0.5 * c.weight && c.weight > 0) count++;
      union += Math.max(h, titleCredit[ci]);
      window += Math.max(h, titleCredit[ci], s > 0 ? here[ci * S + s - 1] : 0, s + 1 < S ? here[ci * S + s + 1] : 0);
      if (c.concept.role === "number") {
        numberTotal += c.weight;
        numberHere += h;
      }
      const term = anchor[ci * S + s];
      if (term) {
        terms.push(term);
        const spans = occurrences(sNorm, term).map((at) => [at, at + term.length] as [number, number]);
        spansOf[ci] = spans;
        if (c.concept.role !== "place") positions.push(...spans);
      }
    }
    // Adjacent question concepts found adjacent here (a phrase), and how tightly the matches sit.
    let phrase = 0;
    for (let ci = 0; ci + 1 < C; ci++) {
      const [p, q] = [spansOf[ci], spansOf[ci + 1]];
      if (p && q && p.some(([, end]) => q.some(([start]) => start >= end && start - end <= 1))) {
        phrase += Math.min(wq.concepts[ci].weight, wq.concepts[ci + 1].weight);
      }
    }
    let density = 0;
    if (positions.length >= 2) {
      const from = Math.min(...positions.map((p) => p[0]));
      const to = Math.max(...positions.map((p) => p[1]));
      const covered = arena.uint8(to - from);
      for (const [a, e] of positions) covered.fill(1, a - from, e - from);
      density = covered.reduce((n, v) => n + v, 0) / Math.max(1, to - from);
    }
    let lcs = 0;
    if (bigramHere[s] > 0) {
      const codes = runCodes(wq);
      for (const run of wq.runs) lcs = Math.max(lcs, longestCommon(run, norm, sentences[s].start, sentences[s].end, codes));
    }
    const novel = novelOf(s);
    x[F.cov] = covBySentence[s];
    x[F.covCount] = C > 0 ? count / C : 0;
    x[F.covTitle] = covTitle;
    x[F.covUnion] = union / total;
    x[F.covPrev] = coverage(s - 1);
    x[F.covNext] = coverage(s + 1);
    x[F.covWindow] = window / total;
    x[F.covArticle] = covArticle;
    x[F.bigram] = bigramHere[s] / wq.bigramTotal;
    x[F.bigramTitle] = bigramTitle / wq.bigramTotal;
    x[F.bigramPrev] = s > 0 ? bigramHere[s - 1] / wq.bigramTotal : 0;
    x[F.bigramNext] = s + 1 < S ? bigramHere[s + 1] / wq.bigramTotal : 0;
    x[F.bigramArticle] = bigramArticle;
    x[F.lcs] = lcs / wq.runChars;
    x[F.lcsChars] = Math.min(lcs, 12) / 12;
    x[F.bm25] = bm25Max > 0 ? tfBest[s] / bm25Max : 0;
    x[F.phrase] = phrase / total;
    x[F.density] = density;
    x[F.typeFit] = fitNear(hitsOf(s), positions, options.typeDistanceChars);
    x[F.typeAny] = typeAny(s);
    x[F.typePrev] = typeAny(s - 1);
    x[F.typeNext] = typeAny(s + 1);
    x[F.novel] = novel;
    // A sentence that restates the question holds no answer; its neighbour may.
    x[F.echo] = covBySentence[s] * (1 - novel);
    x[F.echoPrev] = s > 0 ? coverage(s - 1) * (1 - novelOf(s - 1)) : 0;
    x[F.echoNext] = s + 1 < S ? coverage(s + 1) * (1 - novelOf(s + 1)) : 0;
    x[F.position] = 1 / (1 + s);
    x[F.first] = s === 0 ? 1 : 0;
    x[F.relPosition] = S > 1 ? s / (S - 1) : 0;
    x[F.lengthLog] = Math.log(1 + length) / 6;
    x[F.long] = Math.max(0, length - 150) / 150;
    x[F.short] = length < 12 ? 1 : 0;
    x[F.retrieval] = retrieval.relative;
    x[F.retrievalRank] = 1 / (1 + retrieval.rank);
    x[F.retrievalTop] = retrieval.rank === 0 ? 1 : 0;
    x[F.titleInQuestion] = titleInQuestion;
    x[F.placeMissing] = placeMissing;
    x[F.numberHere] = numberTotal > 0 ? numberHere / numberTotal : 0;
    x[F.rareHere] = wq.rarest >= 0 && here[wq.rarest * S + s] >= 0.5 * wq.concepts[wq.rarest].weight ? 1 : 0;
    x[F.selfCity] = ownCity.some((v) => v === 1) ? 1 : 0;
    x[F.pronounStart] = OPENS_WITH_ANAPHOR.test(sNorm) ? 1 : 0;
    x[F.nextPronounStart] = s + 1 < S && OPENS_WITH_ANAPHOR.test(sentenceNorm(s + 1)) ? 1 : 0;
    x[F.titleHere] = titleGramSet.length === 0 ? 0 : titleGramSet.filter((g) => sNorm.includes(g)).length / titleGramSet.length;
    // Where the question word sits, the answer sits: new text right after the word before it,
    // right before the word after it, or between the two.
    const novelAt = (at: number) => at >= 0 && at < sNorm.length && sNorm[at] >= "\u3400" && !wq.chars.has(sNorm[at]);
    const before = wq.slotBefore >= 0 ? (spansOf[wq.slotBefore] ?? []) : [];
    const after = wq.slotAfter >= 0 ? (spansOf[wq.slotAfter] ?? []) : [];
    x[F.slotBefore] = before.some(([, e]) => novelAt(e) || novelAt(e + 1)) ? 1 : 0;
    x[F.slotAfter] = after.some(([b]) => novelAt(b - 1) || novelAt(b - 2)) ? 1 : 0;
    let both = 0;
    for (const [, e] of before) {
      for (const [b2, e2] of after) {
        if (b2 > e && b2 - e <= 40 && [...sNorm.slice(e, b2)].some((ch) => ch >= "\u3400" && !wq.chars.has(ch))) both = 1;
        else if (b2 < e && e2 <= e && both === 0) both = 0.5;
      }
    }
    x[F.slotBoth] = both;
    x[F.typeSlot] = before.length + after.length > 0 ? fitNear(hitsOf(s), [...before, ...after], options.typeDistanceChars) : 0;
    let nonTitle = 0;
    for (let ci = 0; ci < C; ci++) {
      if (titleCredit[ci] > 0) continue;
      nonTitle += Math.max(here[ci * S + s], s > 0 ? here[ci * S + s - 1] : 0, s + 1 < S ? here[ci * S + s + 1] : 0);
    }
    x[F.covNonTitle] = nonTitleWeight > 0 ? nonTitle / nonTitleWeight : 1;
    x[F.articleNonTitle] = nonTitleWeight > 0 ? nonTitleArticle / nonTitleWeight : 1;
    // Places and numbers help rank but do not make an answer relevant: the content words must be there.
    let content = 0;
    let anchored = false;
    const inWindow = (ci: number) =>
      Math.max(here[ci * S + s], titleCredit[ci], s > 0 ? here[ci * S + s - 1] : 0, s + 1 < S ? here[ci * S + s + 1] : 0);
    for (let ci = 0; ci < C; ci++) if (wq.concepts[ci].concept.role === "content") content += inWindow(ci);
    for (const ci of wq.anchors) {
      if (Math.max(here[ci * S + s], titleCredit[ci]) >= 0.5 * wq.concepts[ci].weight) anchored = true;
    }
    x[F.dominantMissing] = dominantMissing;
    // The places the question names, in this sentence, its neighbours or its headline (or the
    // article's own city): a passing mention elsewhere in the article does not make it about them.
    let placeWeight = 0;
    let placeHere = 0;
    for (let ci = 0; ci < C; ci++) {
      const c = wq.concepts[ci];
      if (c.concept.role !== "place" || c.concept.broad) continue;
      placeWeight += c.weight;
      if (ownCity[ci] || inWindow(ci) >= 0.5 * c.weight) placeHere += c.weight;
    }
    x[F.placeWindow] = placeWeight > 0 ? placeHere / placeWeight : 1;
    x[F.covContent] = wq.contentTotal > 0 ? content / wq.contentTotal : 0;
    x[F.anchorHere] = anchored ? 1 : 0;
    x[F.rareWindow] = wq.rarest >= 0 && inWindow(wq.rarest) >= 0.5 * wq.concepts[wq.rarest].weight ? 1 : 0;
    x[F.covLocal] = localHere[s] / (localTotal || 1);
    x[F.bigramLocal] = bigramLocalHere[s] / (bigramLocalTotal || 1);
    x[F.localPrev] = local(s - 1);
    x[F.localNext] = local(s + 1);
    x[F.bestInArticle] = isBest(s);
    x[F.prevBestInArticle] = isBest(s - 1);
    x[F.nextBestInArticle] = isBest(s + 1);
    x[F[`q_${type}`]] = 1;
    out.push({ text, sentence: s, features: x, terms });
  }
  return out;
}
