/**
 * An article prepared for answer selection: its sentences, the body normalized character by
 * character (offsets match the body), the normalized headline, and, on demand, jieba's tags per
 * sentence. Preparing costs a normalization pass and a split; a bounded cache keeps the articles
 * asked about most recently, so a question does not re-read its candidates.
 */
import type { Article } from "../../corpus/types.js";
import { normalizeAligned, normalizeText } from "../../text/normalize.js";
import { tagWords } from "../text/segment.js";
import { splitSentences, type Sentence, type SplitOptions } from "./sentences.js";

export interface ArticleText {
  article: Article;
  title: string;
  /** The body normalized per character: offsets match `article.body`. */
  norm: string;
  sentences: Sentence[];
  /** Sentence starts, ascending (for mapping an offset to its sentence). */
  starts: Int32Array;
  /** jieba's words and tags per sentence, filled on first use. */
  tags: ({ word: string; tag: string; start: number }[] | undefined)[];
  /** Per sentence, its text as answers are told apart (sentenceKey), filled on first use. */
  keys: (string | undefined)[];
}

export function prepareArticle(article: Article, split: SplitOptions = {}): ArticleText {
  const sentences = splitSentences(article.body, split);
  return {
    article,
    title: normalizeText([article.kicker, article.headline, article.subtitle].filter(Boolean).join(" ")),
    norm: normalizeAligned(article.body),
    sentences,
    starts: Int32Array.from(sentences.map((s) => s.start)),
    tags: new Array<{ word: string; tag: string; start: number }[] | undefined>(sentences.length),
    keys: new Array<string | undefined>(sentences.length),
  };
}

/**
 * Sentence i normalized as a question is (phrase-level t→s) without white space: two answers
 * with the same key say the same thing. Kept: answer selection asks for it in both of its passes,
 * and again for the next question about the article.
 */
export function sentenceKey(text: ArticleText, i: number): string {
  return (text.keys[i] ??= normalizeText(text.sentences[i].text).replace(/\s+/g, ""));
}

/** The sentence holding body offset `at`, or -1 when it falls between sentences. */
export function sentenceAt(text: ArticleText, at: number): number {
  const starts = text.starts;
  let lo = 0;
  let hi = starts.length - 1;
  if (hi < 0 || at < starts[0]) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  return at < text.sentences[lo].end ? lo : -1;
}

/** jieba's words of sentence i with their tags and offsets in the sentence's normalized text. */
export function sentenceTags(text: ArticleText, i: number): { word: string; tag: string; start: number }[] {
  let tags = text.tags[i];
  if (!tags) {
    const s = text.sentences[i];
    const norm = text.norm.slice(s.start, s.end);
    tags = [];
    let at = 0;
    for (const { word, tag } of tagWords(norm)) {
      const start = norm.indexOf(word, at);
      if (start < 0) continue;
      at = start + word.length;
      tags.push({ word, tag, start });
    }
    text.tags[i] = tags;
  }
  return tags;
}

/** Prepared articles by id, the most recently used kept (Map order is the recency order). */
export class ArticleTextCache {
  private readonly entries = new Map<string, ArticleText>();

  constructor(
    private readonly capacity: number,
    private readonly split: SplitOptions = {},
  ) {}

  get(article: Article): ArticleText {
    const cached = this.entries.get(article.id);
    if (cached && cached.article === article) {
      this.entries.delete(article.id);
      this.entries.set(article.id, cached);
      return cached;
    }
    const text = prepareArticle(article, this.split);
    this.entries.set(article.id, text);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return text;
  }
}
