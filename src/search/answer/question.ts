/**
 * Question → query: the concepts a question asks about, each with the terms that may express it in
 * the corpus, plus the question's intent. Chinese is segmented; English and pinyin are translated;
 * a mixed question (gaotang 锦鲤) is both.
 */
import { normalizeText } from "../text/normalize.js";
import { detectIntentEn, detectIntentZh, MEASURES, type QuestionIntent } from "./intent.js";
import { segment } from "../text/segment.js";
import { CHINESE_STOPWORDS } from "../text/stopwords.js";
import { numberAlternatives, parseQuantity } from "../text/numbers.js";
import { SYNONYM_WEIGHT } from "../text/synonyms.js";
import { translateEnglish, type TranslateContext } from "../text/translate.js";
import { isTimeWord } from "./time-scope.js";

/** A way a concept may be written in the corpus, and how much finding it counts (0–1]. */
export interface Alternative {
  term: string;
  weight: number;
}

export type ConceptRole = "content" | "place" | "number";

/** One thing the question asks about: 单项冠军, or 聊城, or "enterprises" → 企业/公司. */
export interface Concept {
  /** The words of the question it stands for (for explanations). */
  text: string;
  alternatives: Alternative[];
  /** Places and bare numbers help rank but cannot make an answer relevant on their own. */
  role: ConceptRole;
  /** Importance in the question (single characters and translations weigh less). */
  weight: number;
  /**
   * A place so large (a province, the country) that an article may well answer for it without
   * naming it. Other places must be named by the article, or be its city, for it to answer.
   */
  broad?: boolean;
}

export interface ParsedQuery {
  question: string;
  lang: "zh" | "en";
  intent: QuestionIntent;
  concepts: Concept[];
}

export interface QueryContext extends TranslateContext {
  /** Whether a word is a real place name (gazetteer, corpus cities): for the place role. */
  isPlace: (term: string) => boolean;
  /** Other spellings of a place word to search for (高唐县 → 高唐); see place-scope.ts. */
  placeForms?: (term: string) => string[];
}

const HAN = /\p{Script=Han}/u;
/** The country and the provinces: a city's article answers for them without naming them. */
const BROAD_PLACES = new Set(
  `中国 全国 全省 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川 贵州 云南
  陕西 甘肃 青海 内蒙古 广西 西藏 宁夏 新疆`
    .split(/\s+/)
    .flatMap((name) => [name, `${name}省`]),
);
const MEASURE_SET = new Set(MEASURES);
/** Weight of a doubtful translation: senses beside none of the question's other words, a verb the corpus lacks. */
const DOUBTFUL_WEIGHT = 0.5;
/** Longest query we analyse: a pasted article should not cost a second of segmentation. */
const MAX_QUERY_CHARS = 300;

export function parseQuestion(question: string, context: QueryContext): ParsedQuery {
  const text = normalizeText(question.slice(0, MAX_QUERY_CHARS * 2)).slice(0, MAX_QUERY_CHARS);
  const hasHan = HAN.test(text);
  const latinWords = text.match(/[a-z]{2,}/g) ?? [];
  const lang: ParsedQuery["lang"] = !hasHan && latinWords.length > 0 ? "en" : "zh";
  const intent = hasHan ? detectIntentZh(text) : detectIntentEn(text);
  const concepts: Concept[] = [];
  // Split into Han (with digits between) and Latin stretches, analysed each in its own way.
  for (const part of text.match(/[\p{Script=Han}0-9.%]+(?:[\s,，、]*[\p{Script=Han}0-9.%]+)*|[^\p{Script=Han}]+/gu) ?? []) {
    if (HAN.test(part)) concepts.push(...chineseConcepts(part, intent, context));
    else concepts.push(...englishConcepts(part, context));
  }
  return { question, lang, intent, concepts: mergeDuplicates(concepts) };
}

function chineseConcepts(text: string, intent: QuestionIntent, context: QueryContext): Concept[] {
  const words = segment(text, "exact");
  const concepts: Concept[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (CHINESE_STOPWORDS.has(word) || isTimeWord(word)) continue; // archive: time words scope, not content
    // The measure word of the quantity asked for (多少家 → 家) is the intent, not content.
    if (intent.measure === word && i > 0 && /多少|几/.test(words[i - 1])) continue;
    // Amounts (79家, 一千头, 两万) are numbers; a small count in words (两名, 七家) stays content.
    if (/^\d/.test(word) || (parseQuantity(word)?.value ?? 0) >= 10) {
      concepts.push(numberConcept(word, context));
      continue;
    }
    if (!HAN.test(word)) {
      concepts.push({ text: word, alternatives: [{ term: word, weight: 1 }], role: "content", weight: 1 });
      continue;
    }
    if (word.length === 1 && MEASURE_SET.has(word)) continue;
    concepts.push(chineseConcept(word, context));
  }
  return concepts;
}

/** A number (79家, 一千头, 1.5万, 三成) with its other spellings: 一千头 finds 1000头 and back. */
function numberConcept(word: string, context: QueryContext): Concept {
  const alternatives = [
    { term: word, weight: 1 },
    ...numberAlternatives(word).map((term) => ({ term, weight: capped(word, term, 1, context) })),
  ];
  return { text: word, alternatives, role: "number", weight: 0.3 };
}

/**
 * The weight of another spelling or a synonym of a word: `weight`, scaled down when the other
 * term is rarer, so that finding it is never worth more than finding the word (IDF × weight).
 */
function capped(word: string, other: string, weight: number, context: QueryContext): number {
  if (!context.idf) return weight;
  const own = context.idf(word);
  const theirs = context.idf(other);
  return theirs > own && theirs > 0 ? weight * (own / theirs) : weight;
}

/** One Chinese word as a concept: the word, its place-name stem, and the words inside it. */
export function chineseConcept(word: string, context: QueryContext): Concept {
  const alternatives: Alternative[] = [{ term: word, weight: 1 }];
  // archive: real places only (place-scope.ts), with their short forms (高唐县 → 高唐).
  const place = context.isPlace(word);
  const forms = place ? (context.placeForms?.(word) ?? []) : [];
  for (const form of forms) alternatives.push({ term: form, weight: 0.95 });
  for (const term of numberAlternatives(word)) alternatives.push({ term, weight: capped(word, term, 1, context) }); // 两名 → 2名
  for (const term of context.synonyms?.(word) ?? []) {
    if (context.known(term)) alternatives.push({ term, weight: capped(word, term, SYNONYM_WEIGHT, context) });
  }
  if (word.length >= 3) {
    for (const part of segment(word, "search")) {
      if (part === word || part.length < 2 || forms.includes(part)) continue;
      alternatives.push({ term: part, weight: 0.5 * (part.length / word.length) });
    }
  }
  return {
    text: word,
    alternatives,
    role: place ? "place" : "content",
    weight: word.length === 1 ? 0.35 : 1,
    ...(place && BROAD_PLACES.has(word) ? { broad: true } : {}),
  };
}

function englishConcepts(text: string, context: QueryContext): Concept[] {
  // archive: time words (now, last year…) scope the answer, they are not content.
  return translateEnglish(text, context)
    .filter((unit) => !isTimeWord(unit.english))
    .map((unit) => {
      const alternatives = unit.terms.map((term, rank) => ({ term, weight: rank === 0 ? 1 : rank === 1 ? 0.85 : 0.7 }));
      // The best sense decides (a word one of whose rarer senses is a place is not a place), and a
      // common noun is none (town → 城市).
      const place = unit.place || (!unit.common && unit.terms.slice(0, 1).some((t) => context.isPlace(t))); // archive: real places only
      const number = /^\d/.test(unit.english) || unit.via === "measure";
      return {
        text: unit.english,
        alternatives,
        role: number ? "number" : place ? "place" : "content",
        // A phrase that covers more of the question weighs more (free bus rides > start).
        weight: number
          ? 0.3
          : (unit.via === "dictionary" ? 0.9 : 1) *
            (1 + 0.4 * (unit.english.split(" ").length - 1)) *
            // A word the corpus uses, but never beside the question's other words, is likely mistranslated.
            (unit.doubtful ? DOUBTFUL_WEIGHT : 1),
        ...(place && unit.terms.some((t) => BROAD_PLACES.has(t)) ? { broad: true } : {}),
      } satisfies Concept;
    });
}

/** The same word twice in a question counts once. */
function mergeDuplicates(concepts: Concept[]): Concept[] {
  const seen = new Set<string>();
  return concepts.filter((c) => {
    const key = c.alternatives.map((a) => a.term).join("|");
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
