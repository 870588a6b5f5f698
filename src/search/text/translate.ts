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
import { ENGLISH_STOPWORDS } from "./stopwords.js";

/** One English phrase and the Chinese terms it may stand for, best first. */
export interface TranslatedUnit {
  english: string;
  terms: string[];
  /** Where the terms came from: a glossary entry is trusted more than a dictionary sense. */
  via: "glossary" | "pinyin" | "dictionary" | "latin";
}

/** Longest phrase tried against the glossary and the dictionary, in words. */
const MAX_PHRASE_WORDS = 5;
/** Dictionary senses kept per English word once filtered by the corpus vocabulary. */
const MAX_SENSES = 3;

/** Built by scripts/build-en-zh.mjs; the same path from src/search (tests) and dist/search. */
const DEFAULT_TABLE = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "dist", "data", "en-zh.json");

let dictionary: Map<string, string[]> | undefined;

/** The reversed CC-CEDICT table, loaded on the first English question. */
function englishToChinese(): Map<string, string[]> {
  if (dictionary) return dictionary;
  dictionary = new Map();
  if (existsSync(DEFAULT_TABLE)) {
    const table = JSON.parse(readFileSync(DEFAULT_TABLE, "utf8")) as Record<string, string[]>;
    for (const [key, words] of Object.entries(table)) dictionary.set(key, words);
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

/** Forms of an English word to try: as written, singular, without -ed/-ing, without 's. */
export function lemmas(word: string): string[] {
  const forms = new Set([word]);
  const w = word.replace(/'s$|s'$/, "");
  forms.add(w);
  if (w.endsWith("ies")) forms.add(w.slice(0, -3) + "y");
  if (w.endsWith("es")) forms.add(w.slice(0, -2));
  if (w.endsWith("s") && !w.endsWith("ss")) forms.add(w.slice(0, -1));
  if (w.endsWith("ied")) forms.add(w.slice(0, -3) + "y");
  if (w.endsWith("ed")) (forms.add(w.slice(0, -2)), forms.add(w.slice(0, -1)));
  if (w.endsWith("ing")) (forms.add(w.slice(0, -3)), forms.add(w.slice(0, -3) + "e"));
  if (w.endsWith("ly")) forms.add(w.slice(0, -2));
  if (w === "grew" || w === "grown") forms.add("grow");
  return [...forms].filter((f) => f.length > 0);
}

/** Pinyin (no tones, no spaces) of a corpus's place-like and frequent terms → the terms. */
export class PinyinIndex {
  private readonly byPinyin = new Map<string, { term: string; df: number }[]>();

  /**
   * @param vocabulary terms with their document frequencies
   * @param keep       which terms get a pinyin key (pinyin-pro costs ~5 µs a term: an archive's
   *                   half a million terms would take seconds, its names and common words do not)
   */
  constructor(vocabulary: Iterable<[term: string, df: number]>, keep: (term: string, df: number) => boolean = () => true) {
    for (const [term, df] of vocabulary) {
      if (!/^\p{Script=Han}{2,4}$/u.test(term) || !keep(term, df)) continue;
      const key = pinyin(term, { toneType: "none", type: "array", v: true }).join("").toLowerCase();
      if (!/^[a-z]+$/.test(key)) continue;
      let list = this.byPinyin.get(key);
      if (!list) this.byPinyin.set(key, (list = []));
      list.push({ term, df });
    }
    for (const list of this.byPinyin.values()) list.sort((a, b) => b.df - a.df);
  }

  /** Chinese terms whose pinyin is this word (Liaocheng → 聊城), most frequent first. */
  lookup(word: string): string[] {
    const key = word.toLowerCase().replace(/[^a-z]/g, "");
    if (key.length < 4) return [];
    return (this.byPinyin.get(key) ?? []).slice(0, 2).map((e) => e.term);
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
}

const WORD = /[a-z0-9]+(?:[.'%][a-z0-9%]+)*%?/g;

/** Translate an English (or pinyin) text, phrase by phrase, into units of Chinese terms. */
export function translateEnglish(text: string, context: TranslateContext): TranslatedUnit[] {
  const words = englishKey(text).match(WORD) ?? [];
  const units: TranslatedUnit[] = [];
  const table = englishToChinese();
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
    // 2. Latin terms the corpus itself uses (GDP, PM2.5, E-mark) and numbers
    if (/\d/.test(word) || (context.known(word) && !ENGLISH_STOPWORDS.has(word))) {
      units.push({ english: word, terms: [word], via: "latin" });
      i += 1;
      continue;
    }
    // 3. pinyin of a corpus term, for words that are not English, or are names the dictionary
    //    also knows (Liaocheng → the corpus's 聊城, beside the dictionary's 聊城市)
    if (!ENGLISH_STOPWORDS.has(word)) {
      const terms = context.pinyin().lookup(word);
      const senses = table.get(word);
      if (terms.length > 0 && (!senses || senses.some((sense) => terms.some((t) => sense.startsWith(t))))) {
        const known = (senses ?? []).filter((sense) => !terms.includes(sense) && context.known(sense));
        units.push({ english: word, terms: [...terms, ...known].slice(0, MAX_SENSES), via: "pinyin" });
        i += 1;
        continue;
      }
    }
    // 4. dictionary, longest phrase first (single stopwords are skipped)
    for (let n = Math.min(3, words.length - i); n >= 1; n--) {
      const phrase = words.slice(i, i + n);
      if (phrase.every((w) => ENGLISH_STOPWORDS.has(w))) continue; // "how many" is the intent, not content
      // Of the word's forms (documents, document), prefer one whose senses the corpus uses.
      const found = phraseForms(phrase)
        .map((key) => table.get(key))
        .filter((senses): senses is string[] => senses !== undefined)
        .map((senses) => ({ senses, used: senses.filter((t) => t.length > 1 && context.known(t)) }));
      const best = found.find((f) => f.used.length > 0) ?? found[0];
      // Multi-word phrases must be used by the corpus; single words count even if unknown,
      // so a question about something the corpus lacks is seen to lack it.
      if (!best || (n > 1 && best.used.length === 0)) continue;
      const terms = best.used.length > 0 ? best.used : best.senses.filter((t) => t.length > 1);
      units.push({ english: phrase.join(" "), terms: (terms.length > 0 ? terms : best.senses).slice(0, MAX_SENSES), via: "dictionary" });
      i += n;
      continue outer;
    }
    if (!ENGLISH_STOPWORDS.has(word) && word.length > 2) {
      // Unknown word: keep it, unmatched, so coverage counts what the corpus cannot answer.
      units.push({ english: word, terms: [word], via: "latin" });
    }
    i += 1;
  }
  return units;
}

/** The lookup keys for a phrase: as written and with its last word lemmatized. */
function phraseForms(phrase: string[]): string[] {
  const head = phrase.slice(0, -1).join(" ");
  const last = phrase[phrase.length - 1];
  return lemmas(last).map((form) => (head ? `${head} ${form}` : form));
}
