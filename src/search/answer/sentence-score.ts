/**
 * Answer selection: within the best articles, the sentence that answers the question. A sentence
 * scores by how much of the question's weight (IDF) it covers itself, with credit for concepts its
 * article's headline or body supplies, a bonus when it holds the kind of thing the question asks
 * for (a number with the asked measure word, a date, a name) close to the matched words, and a
 * mild preference for short sentences. An answer is relevant only when the question's content
 * words (not its places or bare numbers) are mostly covered.
 */
import type { Article } from "../../corpus/types.js";
import { SELF_CITY_WORDS } from "../index/article-index.js";
import { normalizeAligned, normalizeText } from "../text/normalize.js";
import { findTypeHits, type QuestionIntent, type TypeHit } from "./intent.js";
import type { Concept, ParsedQuery } from "./question.js";
import { tagWords } from "../text/segment.js";
import { splitClauses, splitSentences, type Sentence } from "./sentences.js";

/** Scoring constants, calibrated on the development questions (newsbot eval). */
export const ANSWER_DEFAULTS = {
  /** Share of the question's content weight an answer must cover to count as relevant. */
  minContentCoverage: 0.5,
  /** Credit for a concept found only in the headline / elsewhere in the paragraph / article. */
  titleCredit: 0.7,
  paragraphCredit: 0.5,
  articleCredit: 0.35,
  /** How much a fitting answer type (number, date, name) near the matched words adds. */
  typeBonus: 1,
  /** An anchor word counts as found when at least this share of it is (not just a sub-word). */
  anchorShare: 0.5,
  /** Credit for a long word whose parts all stand in the sentence, apart (share of full credit). */
  splitWordCredit: 0.8,
  /** Weight of adjacent question words found adjacent in the sentence (a phrase). */
  phraseBonus: 0.3,
  /** Characters between the answer-type span and the nearest matched word that halve its fit. */
  typeDistanceChars: 5,
  /** Sentences up to this long are not penalized; longer ones lose 1/2 per lengthPenaltyChars. */
  shortSentence: 80,
  lengthPenaltyChars: 400,
  /** Multiplier for an article that does not mention a place the question names. */
  placeMismatch: 0.5,
  /** Longest answer sentence shown whole; longer ones are cut to the clauses that matter. */
  maxAnswerChars: 160,
  /** Excerpt: the answer with context, at most this long. */
  maxExcerptChars: 300,
} as const;

/** NEWSBOT_DEBUG_ANSWER=1 prints every sentence's score parts to stderr (for calibration). */
const DEBUG_SCORES = Boolean(process.env.NEWSBOT_DEBUG_ANSWER);

/** What the scorer needs to know about terms: their weight in the corpus. */
export interface TermStats {
  idf(term: string): number;
}

export interface ScoredSentence {
  article: Article;
  sentence: Sentence;
  answer: string;
  excerpt: string;
  highlights: string[];
  score: number;
  /** Share of the content concepts covered (sentence, headline or article). */
  contentCoverage: number;
  relevant: boolean;
}

interface WeightedConcept {
  concept: Concept;
  /** Importance × the best alternative's IDF: what covering this concept is worth. */
  weight: number;
  /** Per alternative term: what finding it is worth. */
  values: Map<string, number>;
}

/** Weigh each concept of a query by IDF; shared by all candidate articles. */
export function weighConcepts(query: ParsedQuery, stats: TermStats): WeightedConcept[] {
  return query.concepts.map((concept) => {
    const values = new Map<string, number>();
    for (const alt of concept.alternatives) values.set(alt.term, concept.weight * alt.weight * stats.idf(alt.term));
    return { concept, weight: Math.max(0, ...values.values()), values };
  });
}

interface ArticleText {
  title: string;
  body: string;
  /** The body normalized character by character: offsets match `body`. */
  norm: string;
  sentences: Sentence[];
  paragraphs: string[];
}

function prepare(article: Article): ArticleText {
  const norm = normalizeAligned(article.body);
  return {
    title: normalizeText([article.kicker, article.headline, article.subtitle].filter(Boolean).join(" ")),
    body: article.body,
    norm,
    sentences: splitSentences(article.body),
    paragraphs: norm.split("\n"),
  };
}

/** Does this place concept name the article's own city (which the page calls 我市)? */
function isOwnCity(concept: Concept, article: Article): boolean {
  const city = article.city;
  if (!city) return false;
  return concept.alternatives.some((a) => a.term === city || a.term === `${city}市`);
}

/** Score every sentence of one article; return the best (or undefined for an empty body). */
export function bestSentence(
  article: Article,
  query: ParsedQuery,
  concepts: WeightedConcept[],
  options: typeof ANSWER_DEFAULTS = ANSWER_DEFAULTS,
): ScoredSentence | undefined {
  const text = prepare(article);
  if (text.sentences.length === 0) return undefined;
  const total = concepts.reduce((s, c) => s + c.weight, 0) || 1;
  // Relevance is judged on content words and places (a village named is as telling as a noun);
  // bare numbers never make an answer relevant, and a place alone does not when content is asked.
  const indexes = concepts.map((_, i) => i);
  const judged = indexes.filter((i) => concepts[i].concept.role !== "number");
  const content = indexes.filter((i) => concepts[i].concept.role === "content");
  // Single characters (种, 月, 好) are too common to make an answer relevant by themselves.
  const anchors = (content.length > 0 ? content : judged).filter((i) => concepts[i].concept.alternatives.some((a) => a.term.length >= 2));
  const judgedWeight = judged.reduce((s, i) => s + concepts[i].weight, 0);

  // Article-level credit per concept: headline, own city, anywhere in the body.
  const articleCredit = concepts.map((c) => {
    let best = 0;
    for (const [term, value] of c.values) {
      if (text.title.includes(term)) best = Math.max(best, value * options.titleCredit);
      else if (text.norm.includes(term)) best = Math.max(best, value * options.articleCredit);
    }
    if (c.concept.role === "place" && isOwnCity(c.concept, article)) best = Math.max(best, c.weight * options.titleCredit);
    return best;
  });
  // A place the question names that the article never mentions (and is not its city): another
  // place's story. It cannot answer for a city or county; for a province it only ranks lower.
  const missing = concepts.filter((c, i) => c.concept.role === "place" && articleCredit[i] === 0);
  const placeFactor = Math.pow(options.placeMismatch, missing.length);
  const wrongPlace = missing.some((c) => !c.concept.broad);

  let best: ScoredSentence | undefined;
  for (const sentence of text.sentences) {
    const norm = text.norm.slice(sentence.start, sentence.end);
    const paragraph = text.paragraphs[sentence.paragraph] ?? "";
    let covered = 0;
    let inSentence = 0;
    const positions: [number, number][] = [];
    const anchored: ([number, number][] | undefined)[] = [];
    const credits = concepts.map((c, i) => {
      let here = 0;
      let anchor = "";
      for (const [term, value] of c.values) {
        if (value > here && norm.includes(term)) [here, anchor] = [value, term];
      }
      // A long word written apart (发电机组 ~ 发电抽凝机组): credit for the share of it covered.
      const whole = c.concept.text;
      if (here < c.weight * options.splitWordCredit && whole.length >= 3 && !norm.includes(whole)) {
        const found = new Array<boolean>(whole.length).fill(false);
        for (const { term } of c.concept.alternatives) {
          if (term.length < 2 || term === whole || !norm.includes(term)) continue;
          const at = whole.indexOf(term);
          if (at >= 0) found.fill(true, at, at + term.length);
        }
        const share = found.filter(Boolean).length / whole.length;
        if (share >= 0.75) here = Math.max(here, c.weight * options.splitWordCredit * share);
      }
      // The best-matching form of a content word anchors the answer type (not places, not the
      // sub-words of a longer match: 企业 must not pull 12家 close to 单项冠军企业).
      if (anchor) {
        const spans: [number, number][] = [];
        for (let at = norm.indexOf(anchor); at >= 0; at = norm.indexOf(anchor, at + anchor.length)) {
          spans.push([at, at + anchor.length]);
        }
        anchored[i] = spans;
        if (c.concept.role !== "place") positions.push(...spans);
      }
      if (here === 0 && c.concept.role === "place" && isOwnCity(c.concept, article)) {
        // The whole article speaks for its city: every sentence of it is about that place.
        here = c.weight;
      }
      let credit = here;
      if (credit === 0) {
        for (const [term, value] of c.values) if (paragraph.includes(term)) credit = Math.max(credit, value * options.paragraphCredit);
        credit = Math.max(credit, articleCredit[i]);
      }
      covered += credit;
      inSentence += here;
      return { here, credit };
    });
    const judgedCredit = judged.reduce((s, i) => s + credits[i].credit, 0);
    // An anchor must stand in the sentence itself or in the headline.
    const judgedHere = anchors.some(
      (i) =>
        credits[i].here >= concepts[i].weight * options.anchorShare || articleCredit[i] >= concepts[i].weight * options.titleCredit * 0.99,
    );
    const contentCoverage = judgedWeight > 0 ? judgedCredit / judgedWeight : 0;

    // Words next to each other in the question and in the sentence (产业方向): a phrase match.
    let phrase = 0;
    for (let i = 0; i + 1 < concepts.length; i++) {
      const [a, b] = [anchored[i], anchored[i + 1]];
      if (a && b && a.some(([, end]) => b.some(([start]) => start >= end && start - end <= 1))) {
        phrase += Math.min(concepts[i].weight, concepts[i + 1].weight);
      }
    }
    const typeScore = typeFit(norm, sentence.text, query, positions, options.typeDistanceChars);
    const length = sentence.text.length;
    const lengthFactor = 1 / (1 + Math.max(0, length - options.shortSentence) / options.lengthPenaltyChars);
    const score =
      (0.5 * (covered / total) + 0.5 * (inSentence / total) + options.phraseBonus * (phrase / total)) *
      (1 + options.typeBonus * typeScore) *
      lengthFactor *
      placeFactor;
    if (DEBUG_SCORES) {
      process.stderr.write(
        `${score.toFixed(3)} cov=${(covered / total).toFixed(2)} in=${(inSentence / total).toFixed(2)} type=${typeScore.toFixed(2)} len=${lengthFactor.toFixed(2)} ${sentence.text.slice(0, 50)}\n`,
      );
    }
    if (!best || score > best.score) {
      best = {
        article,
        sentence,
        answer: sentence.text,
        excerpt: "",
        highlights: [],
        score,
        contentCoverage,
        relevant: anchors.length > 0 && !wrongPlace && judgedHere && contentCoverage >= options.minContentCoverage,
      };
    }
  }
  if (best) finish(best, text, concepts, query.intent, options);
  return best;
}

/** How well a sentence holds the kind of answer asked for, near the words it matched (0–1). */
function typeFit(norm: string, original: string, query: ParsedQuery, positions: [number, number][], halfAt: number): number {
  const hits: TypeHit[] = findTypeHits(norm, query.intent);
  if (query.intent.type === "person") {
    // jieba's tagger knows common names; the title/speaker patterns catch the rest.
    const asked = normalizeText(query.question);
    let at = 0;
    for (const { word, tag } of tagWords(original)) {
      const start = original.indexOf(word, at);
      if (start >= 0) at = start + word.length;
      if (tag === "nr" && word.length >= 2 && !asked.includes(word)) hits.push({ start, end: start + word.length, fit: 1 });
    }
  }
  let best = 0;
  for (const hit of hits) {
    let distance = positions.length === 0 ? 40 : Infinity;
    for (const [s, e] of positions) {
      const d = hit.start >= e ? hit.start - e : s >= hit.end ? s - hit.end : 0;
      distance = Math.min(distance, d);
    }
    best = Math.max(best, hit.fit / (1 + distance / halfAt));
  }
  return best;
}

/** Cut the answer to its clauses that matter if long, build the excerpt and the highlights. */
function finish(
  best: ScoredSentence,
  text: ArticleText,
  concepts: WeightedConcept[],
  intent: QuestionIntent,
  options: typeof ANSWER_DEFAULTS,
): void {
  const { sentence } = best;
  const terms = [...new Set(concepts.flatMap((c) => [...c.values.keys()]))].filter((t) => t.length > 0);
  if (sentence.text.length > options.maxAnswerChars) {
    // A long sentence: the answer is its key clauses (with a little room), the excerpt more of it.
    const clauses = splitClauses(sentence.text);
    const [from, to] = keyClauses(sentence.text, clauses, terms, intent, options.maxAnswerChars);
    best.answer = clauseText(clauses, ...widen(clauses, from, to, MIN_ANSWER_CHARS));
    best.excerpt = clauseText(clauses, ...widen(clauses, from, to, options.maxExcerptChars));
  } else {
    best.excerpt = excerptAround(text, sentence, options.maxExcerptChars);
  }
  best.highlights = highlightsIn(best.excerpt, terms, best.article.city);
}

/** A clause-cut answer is widened to at least this many characters, for context. */
const MIN_ANSWER_CHARS = 50;

type Clause = { text: string; start: number };

/** Widen a clause window [from, to] on both sides while it stays within `limit` characters. */
function widen(clauses: Clause[], from: number, to: number, limit: number): [number, number] {
  let length = clauses.slice(from, to + 1).reduce((n, c) => n + c.text.length, 0);
  for (let grew = true; grew;) {
    grew = false;
    if (to + 1 < clauses.length && length + clauses[to + 1].text.length <= limit) {
      length += clauses[++to].text.length;
      grew = true;
    }
    if (from > 0 && length + clauses[from - 1].text.length <= limit) {
      length += clauses[--from].text.length;
      grew = true;
    }
  }
  return [from, to];
}

/** The text of clauses [from, to], with … where the sentence goes on. */
function clauseText(clauses: Clause[], from: number, to: number): string {
  const picked = clauses
    .slice(from, to + 1)
    .map((c) => c.text)
    .join("");
  const lead = from > 0 ? "…" : "";
  return lead + (to < clauses.length - 1 ? picked.replace(/[，,：:；;]$/, "") + "…" : picked);
}

/** The window of clauses of a long sentence that holds the most matched terms and the answer. */
function keyClauses(sentence: string, clauses: Clause[], terms: string[], intent: QuestionIntent, limit: number): [number, number] {
  const norm = normalizeAligned(sentence);
  const scored = clauses.map((c) => {
    const n = norm.slice(c.start, c.start + c.text.length);
    return {
      terms: terms.filter((t) => n.includes(t)),
      fit: Math.max(0, ...findTypeHits(n, intent).map((h) => h.fit)),
    };
  });
  // A window is worth the distinct terms it holds and its best answer-type fit (not the sum of
  // fits: ten numbers do not answer "how many days" better than the one with 天).
  let bestStart = 0;
  let bestEnd = 0;
  let bestValue = -Infinity;
  for (let i = 0; i < clauses.length; i++) {
    const seen = new Set<string>();
    let fit = 0;
    let chars = 0;
    for (let j = i; j < clauses.length; j++) {
      chars += clauses[j].text.length;
      if (chars > limit && j > i) break;
      scored[j].terms.forEach((t) => seen.add(t));
      fit = Math.max(fit, scored[j].fit);
      const value = [...seen].reduce((s, t) => s + t.length, 0) + 6 * fit - 0.01 * chars;
      if (value > bestValue) [bestValue, bestStart, bestEnd] = [value, i, j];
    }
  }
  return [bestStart, bestEnd];
}

/** The answer with the sentences around it, up to `limit` characters. */
function excerptAround(text: ArticleText, sentence: Sentence, limit: number): string {
  const all = text.sentences;
  const at = all.indexOf(sentence);
  let from = at;
  let to = at;
  let length = sentence.text.length;
  for (let step = 0; step < 4; step++) {
    const next = all[to + 1];
    if (next && next.paragraph === sentence.paragraph && length + next.text.length <= limit) {
      to++;
      length += next.text.length;
    }
    const prev = all[from - 1];
    if (prev && prev.paragraph === sentence.paragraph && length + prev.text.length <= limit) {
      from--;
      length += prev.text.length;
    }
  }
  return text.body.slice(all[from].start, all[to].end);
}

/** The original spellings of matched terms inside a text, longest first. */
function highlightsIn(excerpt: string, terms: string[], city: string | null | undefined): string[] {
  const norm = normalizeAligned(excerpt);
  const found = new Set<string>();
  const wanted = city && terms.includes(city) ? [...terms, ...SELF_CITY_WORDS] : terms;
  for (const term of wanted.sort((a, b) => b.length - a.length)) {
    if (term.length < 2 && !/[a-z0-9]/.test(term)) continue;
    let at = norm.indexOf(term);
    while (at >= 0) {
      found.add(excerpt.slice(at, at + term.length));
      at = norm.indexOf(term, at + term.length);
    }
  }
  // Drop terms inside longer highlighted ones (企业 inside 单项冠军企业 adds nothing).
  const list = [...found].sort((a, b) => b.length - a.length);
  return list.filter((t, i) => !list.slice(0, i).some((longer) => longer.includes(t)));
}
