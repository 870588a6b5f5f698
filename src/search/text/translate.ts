/**
 * English and pinyin questions → Chinese terms. Three sources, in order of trust:
 *  1. the glossary (corpus/glossary.tsv): editors' phrases for local news, which win over
 *     word-by-word translation (single champion → 单项冠军);
 *  2. pinyin of the corpus's own vocabulary (Liaocheng → 聊城), so the places of a new page work
 *     with no list to edit;
 *  3. CC-CEDICT reversed (English → Chinese, built into dist/data/en-zh.json at build time).
 * Candidates are kept only when the corpus uses them, so a dictionary's rarer senses add no noise.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { pinyin } from "pinyin-pro";
import { lemmas } from "./english-lemmas.js";
import { unitMeasures } from "./english-measures.js";
import { numberAlternatives } from "./numbers.js";
import { chooseSenses, type SenseCorpus, type SenseUnit } from "./sense-choice.js";
import { ENGLISH_STOPWORDS } from "./stopwords.js";

export { lemmas };

/** One English phrase and the Chinese terms it may stand for, best first. */
export interface TranslatedUnit {
  english: string;
  terms: string[];
  /** Where the terms came from: a glossary entry is trusted more than a dictionary sense. */
  via: "glossary" | "pinyin" | "dictionary" | "latin" | "measure";
  /**
   * A weak translation: none of its senses stands beside the question's other words in the
   * articles it is about, or it is a verb the corpus does not use (the paper says it otherwise).
   */
  doubtful?: boolean;
  /** A verb (held, closed, to supply): translated verbs miss more often than nouns. */
  verb?: boolean;
  /** A dictionary word that is a common noun, never a place name (town → 城市 is no place). */
  common?: boolean;
  /** A place the articles mention (贾寨, from 贾寨镇), though the vocabulary does not say so. */
  place?: boolean;
  /** One-character dictionary senses (党 for "party"), for sense choice. */
  singles?: string[];
}

/** Longest phrase tried against the glossary and the dictionary, in words. */
const MAX_PHRASE_WORDS = 5;
/** Dictionary senses kept per English word once filtered by the corpus vocabulary. */
const MAX_SENSES = 3;

/** Built by scripts/build-en-zh.mjs; the same path from src/search (tests) and dist/search. */
const DEFAULT_TABLE = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "dist", "data", "en-zh.json");

interface EnglishTable {
  senses: Map<string, string[]>;
  /** Keys CC-CEDICT glosses mostly as verbs ("to pollute"). */
  verbs: Set<string>;
  /** Keys that are proper names (Beijing): only these dictionary words may be places. */
  names: Set<string>;
}

let dictionary: EnglishTable | undefined;
const NO_TABLE: EnglishTable = { senses: new Map(), verbs: new Set(), names: new Set() };

/** The reversed CC-CEDICT table, loaded on the first English question. */
function englishToChinese(): EnglishTable {
  if (dictionary) return dictionary;
  dictionary = { senses: new Map(), verbs: new Set(), names: new Set() };
  if (existsSync(DEFAULT_TABLE)) {
    const table = JSON.parse(readFileSync(DEFAULT_TABLE, "utf8")) as {
      senses?: Record<string, string[]>;
      verbs?: string[];
      names?: string[];
    };
    for (const [key, words] of Object.entries(table.senses ?? {})) dictionary.senses.set(key, words);
    for (const key of table.verbs ?? []) dictionary.verbs.add(key);
    for (const key of table.names ?? []) dictionary.names.add(key);
  } else {
    process.emitWarning(`translate: ${DEFAULT_TABLE} is missing (run npm run build); English works from the glossary only`);
  }
  return dictionary;
}

/** Parse glossary files: `english phrase<TAB>中文[|中文…]`, # comments. Later files win. */
export function loadGlossary(paths: string[]): Map<string, string[]> {
  const glossary = new Map<string, string[]>();
  for (const path of paths) {
    if (!existsSync(path)) continue;
    for (const line of readFileSync(path, "utf8").split(/\r?\n/)) {
      if (!line.trim() || line.trimStart().startsWith("#")) continue;
      const [english, chinese] = line.split("\t");
      if (!english || !chinese) continue;
      const key = englishKey(english);
      const terms = chinese
        .split(/[|,，]/)
        .map((t) => t.trim())
        .filter(Boolean);
      if (key && terms.length > 0) glossary.set(key, terms);
    }
  }
  return glossary;
}

function englishKey(text: string): string {
  return text.toLowerCase().replace(/[-_]/g, " ").replace(/\s+/g, " ").trim();
}

/** A term's pinyin without tones or spaces (聊城 → liaocheng). */
function pinyinKey(term: string): string {
  return pinyin(term, { toneType: "none", type: "array", v: true }).join("").toLowerCase();
}

/**
 * Pinyin of place names, kept across engines: the gazetteer's names are the same at every reload
 * (pinyin-pro costs tens of microseconds a name; ten thousand names would cost most of a second).
 */
const nameKeys = new Map<string, string>();
const MAX_NAME_KEYS = 200_000;

/** Terms lookup gives at most, per pinyin spelling. */
const LOOKUP_TERMS = 2;
/** The vocabulary terms and the names a PinyinIndex keys (2–4 and 2–5 Chinese characters). */
export const KEYED_TERM = /^\p{Script=Han}{2,4}$/u;
export const KEYED_NAME = /^\p{Script=Han}{2,5}$/u;

/** A built PinyinIndex as transferable parts: typed arrays and strings (terms joined by newlines). */
export interface PinyinIndexParts {
  keys: string;
  keyStart: Uint32Array;
  best: Int32Array;
  terms: string;
  nameFlags: Uint8Array;
}

/**
 * Pinyin (no tones, no spaces) of a corpus's place-like and frequent terms → the terms. An archive
 * gives hundreds of thousands of spellings, so only what lookup can return is kept, in flat arrays:
 * the spellings sorted and joined in one string, and per spelling its best two terms (a Map of
 * lists of objects cost ~200 MB at 40,000 articles).
 */
export class PinyinIndex {
  /** The sorted spellings, joined; spelling k is keys.slice(keyStart[k], keyStart[k + 1]). */
  private readonly keys: string;
  private readonly keyStart: Uint32Array;
  /** Per spelling, LOOKUP_TERMS slots: an index into `terms`, or -1. */
  private readonly best: Int32Array;
  private readonly terms: string[];
  /** Per entry of `terms`: 1 when it is one of the names given. */
  private readonly nameFlags: number[];

  /**
   * @param vocabulary terms with their document frequencies
   * @param keep       which terms get a pinyin key (pinyin-pro costs ~5 µs a term: an archive's
   *                   half a million terms would take seconds, its names and common words do not)
   */
  constructor(
    vocabulary: Iterable<[term: string, df: number]>,
    keep: (term: string, df: number) => boolean = () => true,
    /** Names that always get a key, index terms or not (place mentions jieba splits: 十八里铺). */
    names: Iterable<[name: string, df: number]> = [],
    /** An index built elsewhere (fromParts): taken as it is, nothing computed. */
    built?: PinyinIndexParts,
  ) {
    if (built) {
      this.keys = built.keys;
      this.keyStart = built.keyStart;
      this.best = built.best;
      this.terms = built.terms === "" ? [] : built.terms.split("\n");
      this.nameFlags = Array.from(built.nameFlags);
      return;
    }
    this.terms = [];
    this.nameFlags = [];
    // Entries per spelling as linked lists in flat arrays, in insertion order (ties keep it).
    const slots = new Map<string, number>();
    const head: number[] = [];
    const tail: number[] = [];
    const entryTerm: string[] = [];
    const entryDf: number[] = [];
    const entryName: number[] = [];
    const next: number[] = [];
    const add = (term: string, df: number, name: number, key = pinyinKey(term)) => {
      if (!/^[a-z]+$/.test(key)) return;
      let slot = slots.get(key);
      if (slot === undefined) {
        slot = head.length;
        slots.set(key, slot);
        head.push(-1);
        tail.push(-1);
      }
      for (let e = head[slot]; e >= 0; e = next[e]) {
        if (entryTerm[e] !== term) continue;
        entryName[e] |= name; // a name that is also a vocabulary term: the first entry stands
        return;
      }
      const e = entryTerm.length;
      entryTerm.push(term);
      entryDf.push(df);
      entryName.push(name);
      next.push(-1);
      if (tail[slot] < 0) head[slot] = e;
      else next[tail[slot]] = e;
      tail[slot] = e;
    };
    for (const [term, df] of vocabulary) {
      if (!KEYED_TERM.test(term) || !keep(term, df)) continue;
      add(term, df, 0);
    }
    for (const [term, df] of names) {
      if (!KEYED_NAME.test(term)) continue;
      let key = nameKeys.get(term);
      if (key === undefined) {
        key = pinyinKey(term);
        if (nameKeys.size < MAX_NAME_KEYS) nameKeys.set(term, key);
      }
      add(term, df, 1, key);
    }

    const sorted = [...slots.keys()].sort();
    this.keys = sorted.join("");
    this.keyStart = new Uint32Array(sorted.length + 1);
    this.best = new Int32Array(sorted.length * LOOKUP_TERMS).fill(-1);
    const termIds = new Map<number, number>();
    let at = 0;
    sorted.forEach((key, k) => {
      this.keyStart[k] = at;
      at += key.length;
      this.bestOf(head[slots.get(key)!], next, entryDf).forEach((e, rank) => {
        let id = termIds.get(e);
        if (id === undefined) {
          id = this.terms.length;
          termIds.set(e, id);
          this.terms.push(entryTerm[e]);
          this.nameFlags.push(entryName[e]);
        }
        this.best[k * LOOKUP_TERMS + rank] = id;
      });
    });
    this.keyStart[sorted.length] = at;
  }

  /** The index as flat parts, to send from the worker that built it (pinyin-worker.ts). */
  toParts(): PinyinIndexParts {
    return {
      keys: this.keys,
      keyStart: this.keyStart,
      best: this.best,
      terms: this.terms.join("\n"),
      nameFlags: Uint8Array.from(this.nameFlags),
    };
  }

  /** An index from the parts a worker sent (no pinyin computed here). */
  static fromParts(parts: PinyinIndexParts): PinyinIndex {
    return new PinyinIndex([], undefined, [], parts);
  }

  /**
   * The entries lookup gives of one spelling's list: the terms the corpus uses (df > 0) most
   * frequent first, else the names it never uses, in insertion order; ties keep insertion order.
   */
  private bestOf(first: number, next: number[], df: number[]): number[] {
    const used: number[] = [];
    const unused: number[] = [];
    for (let e = first; e >= 0; e = next[e]) {
      if (df[e] <= 0) {
        if (unused.length < LOOKUP_TERMS) unused.push(e);
        continue;
      }
      // Insert after every entry of at least its frequency (a stable sort, most frequent first).
      let at = used.length;
      while (at > 0 && df[used[at - 1]] < df[e]) at--;
      if (at < LOOKUP_TERMS) used.splice(at, 0, e);
      used.length = Math.min(used.length, LOOKUP_TERMS);
    }
    return used.length > 0 ? used : unused;
  }

  /** The spelling's number, or -1. */
  private find(key: string): number {
    let lo = 0;
    let hi = this.keyStart.length - 2;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const value = this.keys.slice(this.keyStart[mid], this.keyStart[mid + 1]);
      if (value === key) return mid;
      if (value < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Is this term, as lookup gives it, one of the names given (a place the articles mention)? */
  isName(term: string): boolean {
    const k = this.find(nameKeys.get(term) ?? pinyinKey(term));
    if (k < 0) return false;
    for (let rank = 0; rank < LOOKUP_TERMS; rank++) {
      const id = this.best[k * LOOKUP_TERMS + rank];
      if (id >= 0 && this.terms[id] === term) return this.nameFlags[id] === 1;
    }
    return false;
  }

  /** Chinese terms whose pinyin is this word (Liaocheng → 聊城), most frequent first. */
  lookup(word: string): string[] {
    const key = word.toLowerCase().replace(/[^a-z]/g, "");
    if (key.length < 4) return [];
    // Names the corpus never uses (a gazetteer's) only when it uses none of that spelling:
    // Guanxian is the corpus's 冠县, not also 固安县.
    const k = this.find(key);
    if (k < 0) return [];
    const out: string[] = [];
    for (let rank = 0; rank < LOOKUP_TERMS; rank++) {
      const id = this.best[k * LOOKUP_TERMS + rank];
      if (id >= 0) out.push(this.terms[id]);
    }
    return out;
  }
}

export interface TranslateContext {
  glossary: Map<string, string[]>;
  pinyin: () => PinyinIndex;
  /** Is this term in the corpus? Used to keep only the senses the corpus uses. */
  known: (term: string) => boolean;
  /** A term's IDF in the corpus: other spellings and synonyms never weigh more than the word. */
  idf?: (term: string) => number;
  /** The synonyms of a Chinese word (see synonyms.ts). */
  synonyms?: (word: string) => string[];
  /** The index, for choosing among a word's senses by the articles the question is about. */
  senses?: SenseCorpus;
}

const WORD = /[a-z0-9]+(?:[.'%][a-z0-9%]+)*%?/g;
/** Candidate senses of a word kept for sense choice; MAX_SENSES of them stay after it. */
const MAX_CANDIDATES = 8;
const SCALE: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9 };

/** Translate an English (or pinyin) text, phrase by phrase, into units of Chinese terms. */
export function translateEnglish(text: string, context: TranslateContext): TranslatedUnit[] {
  // 2,500 is one number; 10-day is 10 day.
  const words = englishKey(text.replace(/(\d),(?=\d{3}\b)/g, "$1")).match(WORD) ?? [];
  const units: TranslatedUnit[] = [];
  // A question's punctuation alone (？ after Chinese) has no words: the 40 MB table stays unloaded.
  const table = words.length > 0 ? englishToChinese() : NO_TABLE;
  const senseOf = (key: string) => table.senses.get(key);
  let i = 0;
  outer: while (i < words.length) {
    // 1. glossary, longest phrase first
    for (let n = Math.min(MAX_PHRASE_WORDS, words.length - i); n >= 1; n--) {
      const phrase = words.slice(i, i + n);
      for (const key of phraseForms(phrase)) {
        const terms = context.glossary.get(key);
        if (terms) {
          units.push({ english: phrase.join(" "), terms, via: "glossary" });
          i += n;
          continue outer;
        }
      }
    }
    const word = words[i].replace(/'s$/, "");
    // 2. "how many days": the unit counted is the question's measure word, not a word to find.
    const counted = countedUnit(words, i);
    if (counted > 0) {
      i += counted;
      continue;
    }
    // 3. numbers, with their Chinese spellings and a unit after them (2500 tons → 2500吨)
    if (/^\d+(?:\.\d+)?%?$/.test(word)) {
      const [unit, used] = numberUnit(words, i);
      units.push(unit);
      i += used;
      continue;
    }
    // 4. Latin terms the corpus itself uses (GDP, PM2.5, E-mark)
    if (/\d/.test(word) || (context.known(word) && !ENGLISH_STOPWORDS.has(word))) {
      units.push({ english: word, terms: [word], via: "latin" });
      i += 1;
      continue;
    }
    // 5. pinyin of a corpus term or place name, for words that are not English (Jiazhai Houcun,
    //    written apart, is one name), or are names the dictionary also knows (Liaocheng → the
    //    corpus's 聊城, beside the dictionary's 聊城市)
    if (!ENGLISH_STOPWORDS.has(word)) {
      for (let n = Math.min(3, words.length - i); n >= 2; n--) {
        const phrase = words.slice(i, i + n);
        if (phrase.some((w) => ENGLISH_STOPWORDS.has(w) || lemmas(w).some((f) => senseOf(f)))) continue;
        const terms = context.pinyin().lookup(phrase.join(""));
        if (terms.length > 0) {
          units.push({ english: phrase.join(" "), terms, via: "pinyin", place: context.pinyin().isName(terms[0]) });
          i += n;
          continue outer;
        }
      }
      const terms = context.pinyin().lookup(word);
      const senses = senseOf(word);
      if (terms.length > 0 && (!senses || senses.some((sense) => terms.some((t) => sense.startsWith(t))))) {
        const known = (senses ?? []).filter((sense) => !terms.includes(sense) && context.known(sense));
        units.push({
          english: word,
          terms: [...terms, ...known].slice(0, MAX_SENSES),
          via: "pinyin",
          place: context.pinyin().isName(terms[0]),
        });
        i += 1;
        continue;
      }
    }
    // 6. a measure noun not counted (in 10 days, the sets): its measure words. Only plurals: "set",
    //    "head" and "time" alone are more often a verb or another noun.
    const measures = /[^s]s$/.test(word) ? unitMeasures(word) : undefined;
    if (measures && !ENGLISH_STOPWORDS.has(word)) {
      units.push({ english: word, terms: measures, via: "measure" });
      i += 1;
      continue;
    }
    // 7. dictionary, longest phrase first (single stopwords are skipped)
    for (let n = Math.min(3, words.length - i); n >= 1; n--) {
      const phrase = words.slice(i, i + n);
      if (phrase.every((w) => ENGLISH_STOPWORDS.has(w))) continue; // "how many" is the intent, not content
      const candidates = sensesOf(phrase, senseOf);
      if (candidates.length === 0) continue;
      const used = candidates.filter((t) => t.length > 1 && context.known(t));
      if (n > 1 && used.length === 0) {
        // A phrase the corpus does not use: "so far", "in charge of" are function phrases (they
        // hold a stopword) and say nothing to find; others are read word by word.
        if (phrase.some((w) => ENGLISH_STOPWORDS.has(w))) {
          i += n;
          continue outer;
        }
        continue;
      }
      // Single words count even if the corpus lacks them, so a question about something the
      // corpus does not have is seen to lack it.
      const long = candidates.filter((t) => t.length > 1);
      const terms = used.length > 0 ? used : long.length > 0 ? long : candidates;
      units.push({
        english: phrase.join(" "),
        terms: terms.slice(0, used.length > 0 ? MAX_CANDIDATES : MAX_SENSES),
        via: "dictionary",
        singles: candidates.filter((t) => t.length === 1).slice(0, 3),
        verb: isVerb(phrase, table.verbs),
        common: !phraseForms(phrase).some((key) => table.names.has(key)),
      });
      i += n;
      continue outer;
    }
    if (!ENGLISH_STOPWORDS.has(word) && word.length > 2) {
      // A compound the dictionary lacks (carmakers): its two parts, each a doubtful translation.
      const parts = splitCompound(word, senseOf);
      if (parts) {
        for (const part of parts) {
          const senses = sensesOf([part], senseOf);
          const used = senses.filter((t) => t.length > 1 && context.known(t));
          const terms = used.length > 0 ? used : senses.filter((t) => t.length > 1);
          if (terms.length > 0) units.push({ english: part, terms: terms.slice(0, MAX_CANDIDATES), via: "dictionary", doubtful: true });
        }
      } else {
        // Unknown word: keep it, unmatched, so coverage counts what the corpus cannot answer.
        units.push({ english: word, terms: [word], via: "latin" });
      }
    }
    i += 1;
  }
  chooseUnitSenses(units, context);
  return units;
}

/** Sense choice over the dictionary units, then each unit keeps its best MAX_SENSES terms. */
function chooseUnitSenses(units: TranslatedUnit[], context: TranslateContext): void {
  const content = units.filter((u) => u.via !== "measure" && !/^\d/.test(u.english));
  if (context.senses) {
    const choice: SenseUnit[] = content.map((u) => ({
      terms: u.terms,
      ambiguous: u.via === "dictionary",
      known: u.terms.some(context.known),
      solid: u.via !== "pinyin" && !u.verb && !u.doubtful,
      verb: u.verb,
      singles: u.singles,
    }));
    chooseSenses(choice, context.senses);
    content.forEach((u, k) => {
      u.terms = choice[k].terms;
      if (choice[k].isolated) u.doubtful = true;
    });
  }
  for (const u of units) {
    if (u.verb && !u.terms.some(context.known)) u.doubtful = true;
    u.terms = u.terms.slice(0, MAX_SENSES);
  }
}

/**
 * The senses of a phrase over its forms (products and product; closed down and close down),
 * interleaved by their rank in each form's list, the form as written first.
 */
function sensesOf(phrase: string[], senseOf: (key: string) => string[] | undefined): string[] {
  const lists = phraseForms(phrase)
    .map((key) => senseOf(key))
    .filter((senses): senses is string[] => senses !== undefined);
  const out: string[] = [];
  for (let rank = 0; lists.some((l) => rank < l.length); rank++) {
    for (const list of lists) if (rank < list.length && !out.includes(list[rank])) out.push(list[rank]);
  }
  return out;
}

/** carmakers → car, makers: two words of three letters or more that the dictionary has. */
function splitCompound(word: string, senseOf: (key: string) => string[] | undefined): [string, string] | undefined {
  const has = (w: string) => lemmas(w).some((f) => senseOf(f) !== undefined);
  for (let at = 3; at <= word.length - 3; at++) {
    const [a, b] = [word.slice(0, at), word.slice(at)];
    if (!ENGLISH_STOPWORDS.has(a) && !ENGLISH_STOPWORDS.has(b) && has(a) && has(b)) return [a, b];
  }
  return undefined;
}

/** A verb: an inflected form (helped, generating, held) or a key CC-CEDICT glosses as "to …". */
function isVerb(phrase: string[], verbs: Set<string>): boolean {
  const word = phrase[0];
  if (/(ed|ing)$/.test(word) && lemmas(word).length > 1) return true;
  return phraseForms(phrase).some((key) => verbs.has(key));
}

/** How many words after "how many" are a unit noun (days, square metres), else 0. */
function countedUnit(words: string[], i: number): number {
  if (i < 2 || words[i - 2] !== "how" || !["many", "much"].includes(words[i - 1])) return 0;
  for (const n of [2, 1]) if (i + n <= words.length && unitMeasures(words.slice(i, i + n).join(" "))) return n;
  return 0;
}

/** A number with its other spellings, joined to a scale word and a unit after it if any. */
function numberUnit(words: string[], i: number): [TranslatedUnit, number] {
  let used = 1;
  let value = words[i].endsWith("%") ? NaN : Number(words[i]);
  const scale = SCALE[words[i + 1] ?? ""];
  if (scale && Number.isFinite(value)) {
    value *= scale;
    used++;
  }
  let unit = words[i].endsWith("%") ? "%" : "";
  for (const n of [2, 1]) {
    const measures = i + used + n <= words.length ? unitMeasures(words.slice(i + used, i + used + n).join(" ")) : undefined;
    if (measures) {
      unit = measures[0];
      used += n;
      break;
    }
  }
  const written = Number.isFinite(value) ? `${Number(value.toFixed(6))}${unit === "%" ? "" : unit}` : words[i];
  const terms = [written, ...numberAlternatives(written)];
  return [{ english: words.slice(i, i + used).join(" "), terms: [...new Set(terms)], via: "latin" }, used];
}

/**
 * The lookup keys for a phrase: its first and last words in each of their forms (closed down →
 * close down; industrial clusters → industrial cluster).
 */
function phraseForms(phrase: string[]): string[] {
  const last = phrase[phrase.length - 1];
  if (phrase.length === 1) return lemmas(last);
  const middle = phrase.slice(1, -1);
  const keys: string[] = [];
  for (const first of lemmas(phrase[0]).slice(0, 4)) {
    for (const end of lemmas(last)) keys.push([first, ...middle, end].join(" "));
  }
  return [...new Set(keys)];
}
