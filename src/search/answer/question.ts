/**
 * Question → query: the concepts a question asks about, each with the terms that may express it in
 * the corpus, plus the question's intent. Chinese is segmented; English and pinyin are translated;
 * a mixed question (gaotang 锦鲤) is both.
 */
import { normalizeText } from "../../text/normalize.js";
import { detectIntentEn, detectIntentZh, type QuestionIntent } from "./intent.js";
import { MEASURES } from "../text/measures.js";
import { segment, tagWords } from "../text/segment.js";
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
  /**
   * The question's own wording without its question words and punctuation, as runs of normalized
   * text (为什么尤金袋鼠会被认为是害虫 → 尤金袋鼠会被认为是害虫): for character-level overlap.
   */
  content: string[];
  /**
   * The content words right before and after the question word (中華民國是由[哪一人]建立的 →
   * 中华民国 … 建立): where the question word sits, the answer sits in a sentence that says the same.
   * `focus` is the noun right after the question word, the kind of thing asked for (什么[职务]).
   */
  slot: { before?: string; after?: string; focus?: string };
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

/**
 * Question words: a token that starts with one of these and goes on with at most a numeral, a
 * measure word or a filler (哪一年, 哪支, 几条, 什么样, 哪些方面, 多久) asks; it is not content.
 */
const QUESTION_HEAD =
  /^(?:哪|几|多少|什么|啥|谁|为何|为什么|为啥|怎么|怎样|怎么样|如何|多久|何时|何地|何处|何人|何种|何者|何以|何谓|何年|何日|何方|何为|有何|是否|有没有|是不是|多大|多长|多高|多远|多重|多深|多宽|多厚|多快|多少钱)/;
const MEASURE_CHARS = "个位种家支条门本年天次部所座份只项类国边件首张名届场队批处样些句篇首款辆台层步代月日号";
/** What may follow a question head inside one token, or as the next token (一门, 一部分, 时候). */
const QUESTION_TAIL = new RegExp(
  `^(?:[一两几]?[${MEASURE_CHARS}]?(?:部分|方面|时候|时间|地方|时期|年代|样子|样|些|时|东西|事情|人物)?)$`,
  "u",
);
/** Pronoun-like words (jieba tags r): 这 那 其 该 他们 哪边 — never content. */
const PRONOUN = /^[这那哪此其该各每某本他她它我你们自己些么样谁啥咱]+$/u;
/** Single Chinese numerals (一 is left out: it is mostly 一个, 一种). */
const CHINESE_NUMERAL = /^[二两三四五六七八九十百千万亿〇零]$/u;
/** Tags of function words: particles, prepositions, conjunctions, modal words, interjections, onomatopoeia. */
const FUNCTION_TAG = /^(?:u[a-z]*|p|c|y|e|o)$/;
/** Single characters of these classes carry no content on their own: adverbs, localities, measures, numerals. */
const LIGHT_SINGLE_TAG = /^(?:d|f|q|m|r|t)$/;
/** Characters a name is often glued to by jieba (白岳峰现, 尚恩有, 晏是): particles and light verbs. */
const GLUE_CHARS = new Set([..."现有是在的曾也将被把于为和与就才又都已还所从对向让使给由及而之其即亦便仍指"]);

export function isQuestionWord(word: string): boolean {
  const head = QUESTION_HEAD.exec(word);
  return head !== null && QUESTION_TAIL.test(word.slice(head[0].length));
}

/** The question word a token starts with when more follows it (哪一约章 → 哪一), else undefined. */
function gluedQuestionWord(word: string): string | undefined {
  const head = QUESTION_HEAD.exec(word)?.[0];
  if (!head || isQuestionWord(word)) return undefined;
  // The longest stretch after the head that is still part of the question word (一, 一种 …), leaving two or more characters.
  for (let cut = word.length - 2; cut >= head.length; cut--) {
    if (QUESTION_TAIL.test(word.slice(head.length, cut))) return word.slice(0, cut);
  }
  return undefined;
}

export function parseQuestion(question: string, context: QueryContext): ParsedQuery {
  // 甚么 (甚麼) is another spelling of the question word 什么.
  const text = normalizeText(question.slice(0, MAX_QUERY_CHARS * 2))
    .slice(0, MAX_QUERY_CHARS)
    .replace(/甚么/gu, "什么");
  const hasHan = HAN.test(text);
  const latinWords = text.match(/[a-z]{2,}/g) ?? [];
  const lang: ParsedQuery["lang"] = !hasHan && latinWords.length > 0 ? "en" : "zh";
  const intent = hasHan ? detectIntentZh(text) : detectIntentEn(text);
  const concepts: Concept[] = [];
  const content: string[] = [];
  let slot: ParsedQuery["slot"] = {};
  // Split into Han (with digits between) and Latin stretches, analysed each in its own way.
  for (const part of text.match(/[\p{Script=Han}0-9.%]+(?:[\s,，、]*[\p{Script=Han}0-9.%]+)*|[^\p{Script=Han}]+/gu) ?? []) {
    if (HAN.test(part)) {
      const analysed = chineseConcepts(part, intent, context);
      concepts.push(...analysed.concepts);
      content.push(...analysed.content);
      if (slot.before === undefined && slot.after === undefined) slot = analysed.slot;
    } else {
      const translated = englishConcepts(part, context);
      concepts.push(...translated);
      // The Chinese an English question becomes, for character-level overlap: each unit's best term.
      for (const c of translated) if (c.role !== "number" && HAN.test(c.alternatives[0]?.term ?? "")) content.push(c.alternatives[0].term);
    }
  }
  return { question, lang, intent, concepts: mergeDuplicates(concepts), content, slot };
}

/** The tokens of a Chinese question, with what each is: a question word, a function word, or content. */
export function questionTokens(
  text: string,
  context: Pick<QueryContext, "known">,
): { word: string; kind: "question" | "function" | "content" }[] {
  // jieba's tags for the words of its own cut; numbers with units come from segment() whole (79家).
  const tags = new Map<string, string>();
  for (const { word, tag } of tagWords(text)) if (!tags.has(word)) tags.set(word, tag);
  // jieba cuts 多大 / 多长 … into 多 + 大: the pair asks, as one question word.
  const words: string[] = [];
  for (const word of segment(text, "exact")) {
    if (words.at(-1) === "多" && /^[大长高远久重深宽厚快少]$/.test(word)) words[words.length - 1] += word;
    else words.push(word);
  }
  const out: { word: string; kind: "question" | "function" | "content" }[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const tag = tags.get(word) ?? (/\d/.test(word) ? "m" : "x");
    const glued = gluedQuestionWord(word);
    if (glued) {
      // 哪一约章, 有何作用: the question word, then content jieba left glued to it.
      out.push({ word: glued, kind: "question" });
      for (const piece of splitGlued(word.slice(glued.length), context)) out.push(piece);
      continue;
    }
    if (isQuestionWord(word)) {
      out.push({ word, kind: "question" });
      // The rest of a question word jieba cut off: 哪/一门, 什么/时候, 哪/一部分.
      while (i + 1 < words.length && !/\d/.test(words[i + 1]) && QUESTION_TAIL.test(words[i + 1]))
        out.push({ word: words[++i], kind: "question" });
      continue;
    }
    if (word.length === 1 && CHINESE_NUMERAL.test(word)) {
      // 六十进制, 三国: a numeral is a number, not a filler.
      out.push({ word, kind: "content" });
      continue;
    }
    const isFunction =
      CHINESE_STOPWORDS.has(word) ||
      FUNCTION_TAG.test(tag) ||
      (tag.startsWith("r") && PRONOUN.test(word)) ||
      (word.length === 1 && LIGHT_SINGLE_TAG.test(tag) && !/\d/.test(word));
    if (isFunction) {
      out.push({ word, kind: "function" });
      continue;
    }
    for (const piece of splitGlued(word, context)) out.push(piece);
  }
  return out;
}

/** The text of a question without its question words, as runs broken there and at punctuation. */
function contentRuns(text: string, tokens: { word: string; kind: string }[]): string[] {
  const runs: string[] = [];
  let cursor = 0;
  let run = "";
  const flush = () => {
    for (const piece of run.split(/[^\p{L}\p{N}.%]+/u)) if (piece) runs.push(piece);
    run = "";
  };
  for (const { word, kind } of tokens) {
    const at = text.indexOf(word, cursor);
    if (at < 0) continue;
    run += text.slice(cursor, at);
    cursor = at + word.length;
    if (kind === "question") flush();
    else run += word;
  }
  run += text.slice(cursor);
  flush();
  return runs;
}

/**
 * A token the corpus does not know may be a name with a particle glued on (白岳峰现 → 白岳峰 + 现,
 * 后康忠 → 后 + 康忠): split it where a known word of two or more characters is left beside
 * particles or another known word.
 */
export function splitGlued(word: string, context: Pick<QueryContext, "known">): { word: string; kind: "function" | "content" }[] {
  if (!HAN.test(word) || word.length < 2 || context.known(word)) return [{ word, kind: "content" }];
  const glue = (s: string) => [...s].every((ch) => GLUE_CHARS.has(ch));
  // Known word first, then glue or another known word: 白岳峰现, 尚恩有.
  for (let cut = word.length - 1; cut >= 2; cut--) {
    const head = word.slice(0, cut);
    const rest = word.slice(cut);
    if (!context.known(head)) continue;
    if (glue(rest))
      return [
        { word: head, kind: "content" },
        { word: rest, kind: "function" },
      ];
    if (rest.length >= 2 && context.known(rest))
      return [
        { word: head, kind: "content" },
        { word: rest, kind: "content" },
      ];
  }
  // A glued lead character: 后康忠, 在尤金.
  if (word.length >= 3 && context.known(word.slice(1)))
    return [
      { word: word[0], kind: "function" },
      { word: word.slice(1), kind: "content" },
    ];
  // Two characters, the second a particle (晏是): the first is the name.
  if (word.length === 2 && GLUE_CHARS.has(word[1]) && context.known(word[0])) {
    return [
      { word: word[0], kind: "content" },
      { word: word[1], kind: "function" },
    ];
  }
  return [{ word, kind: "content" }];
}

function chineseConcepts(
  text: string,
  intent: QuestionIntent,
  context: QueryContext,
): { concepts: Concept[]; content: string[]; slot: ParsedQuery["slot"] } {
  const tokens = questionTokens(text, context);
  const concepts: Concept[] = [];
  const content = contentRuns(text, tokens);
  const asked = tokens.findIndex((t) => t.kind === "question");
  const slot: ParsedQuery["slot"] = {};
  if (asked >= 0) {
    const isWord = (t: { word: string; kind: string }) => t.kind === "content" && t.word.length >= 2;
    slot.before = tokens.slice(0, asked).findLast(isWord)?.word;
    slot.after = tokens.slice(asked + 1).find(isWord)?.word;
    // The noun right after 什么/哪一/何种 names the kind of thing asked for (什么职务, 哪一国家):
    // the answer is one of those, and need not say the word itself.
    const next = tokens[asked + 1 + tokens.slice(asked + 1).findIndex((t) => t.kind !== "question")];
    if (next && next.kind === "content" && next.word === slot.after) slot.focus = next.word;
  }
  for (let i = 0; i < tokens.length; i++) {
    const { word, kind } = tokens[i];
    if (kind !== "content") continue;
    if (isTimeWord(word)) continue; // archive: time words scope, not content
    // The measure word of the quantity asked for (多少家 → 家) is the intent, not content.
    if (intent.measure === word && i > 0 && tokens[i - 1].kind === "question") continue;
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
  return { concepts, content, slot };
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
  // A noun with its suffix (叶子, 样子, 鸟儿): the bare stem is how a text may write it (叶为披针形).
  if (word.length === 2 && /[子儿]$/u.test(word) && !/^[一二三四五六七八九十两几]/u.test(word)) {
    alternatives.push({ term: word[0], weight: 0.6 });
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
