/**
 * The text of an answer: the whole sentence (cut to its key clauses only when it is very long), an
 * excerpt with the sentences around it (always the neighbour the question's words sit in), and
 * the matched terms to highlight.
 */
import { SELF_CITY_WORDS } from "../index/article-index.js";
import { normalizeAligned } from "../../text/normalize.js";
import type { ArticleText } from "./article-text.js";
import { findTypeHits, type QuestionIntent } from "./intent.js";
import type { AnswerOptions } from "./options.js";
import { splitClauses } from "./sentences.js";

export interface AnswerText {
  answer: string;
  excerpt: string;
  highlights: string[];
}

type Clause = { text: string; start: number };

/**
 * Answer, excerpt and highlights for sentences [i, last] of an article (one sentence, or a sentence
 * and its neighbour). `lean` says which neighbour holds more of the question (-1 the previous, 1
 * the next, 0 neither): the excerpt takes it first.
 */
export function answerText(
  text: ArticleText,
  i: number,
  last: number,
  terms: string[],
  intent: QuestionIntent,
  lean: -1 | 0 | 1,
  options: Readonly<AnswerOptions>,
): AnswerText {
  const sentence = text.sentences[i];
  let answer = sentence.text;
  let excerpt: string;
  if (last > i) {
    answer = text.article.body.slice(sentence.start, text.sentences[last].end);
    excerpt = excerptAround(text, i, last, 0, options.maxExcerptChars);
  } else if (sentence.text.length > options.maxAnswerChars) {
    // A very long sentence: the answer is its key clauses (with a little room), the excerpt more of it.
    const clauses = splitClauses(sentence.text);
    const [from, to] = keyClauses(sentence.text, clauses, terms, intent, options.maxAnswerChars);
    answer = clauseText(clauses, ...widen(clauses, from, to, Math.max(options.minCutAnswerChars, options.maxAnswerChars)));
    excerpt = answer;
  } else {
    excerpt = excerptAround(text, i, i, lean, options.maxExcerptChars);
  }
  const wanted = text.article.city && terms.includes(text.article.city) ? [...terms, ...SELF_CITY_WORDS] : terms;
  return { answer, excerpt, highlights: highlightsIn(excerpt, wanted) };
}

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
    return { terms: terms.filter((t) => n.includes(t)), fit: Math.max(0, ...findTypeHits(n, intent).map((h) => h.fit)) };
  });
  // A window is worth the distinct terms it holds and its best answer-type fit (not the sum of
  // fits: ten numbers do not answer "how many days" better than the one with 天).
  let best: [number, number] = [0, 0];
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
      if (value > bestValue) [bestValue, best] = [value, [i, j]];
    }
  }
  return best;
}

/** The answer with the sentences around it (the leaning neighbour first), up to `limit` characters. */
function excerptAround(text: ArticleText, at: number, last: number, lean: -1 | 0 | 1, limit: number): string {
  const all = text.sentences;
  const sentence = all[at];
  let from = at;
  let to = last;
  let length = all[last].end - sentence.start;
  const grow = (side: -1 | 1) => {
    const n = side < 0 ? from - 1 : to + 1;
    const next = all[n];
    if (!next || next.paragraph !== sentence.paragraph || length + next.text.length > limit) return;
    length += next.text.length;
    if (side < 0) from = n;
    else to = n;
  };
  // The neighbour holding the question's words first, so it is there whenever it fits.
  if (lean !== 0) grow(lean);
  for (let step = 0; step < 4; step++) {
    grow(1);
    grow(-1);
  }
  return text.article.body.slice(all[from].start, all[to].end);
}

/** The original spellings of matched terms inside a text, longest first, none inside another. */
function highlightsIn(excerpt: string, terms: string[]): string[] {
  const norm = normalizeAligned(excerpt);
  const found = new Set<string>();
  for (const term of [...terms].sort((a, b) => b.length - a.length)) {
    if (term.length < 2 && !/[a-z0-9]/.test(term)) continue;
    for (let at = norm.indexOf(term); at >= 0; at = norm.indexOf(term, at + term.length)) found.add(excerpt.slice(at, at + term.length));
  }
  const list = [...found].sort((a, b) => b.length - a.length);
  return list.filter((t, i) => !list.slice(0, i).some((longer) => longer.includes(t)));
}
