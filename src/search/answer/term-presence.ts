/**
 * Does an article hold a term? Read from the compact index's postings (documents ascending per
 * term) and each article's headline terms, so no article text is scanned. Used by sense choice.
 */
import { bodyHas, findTerm, gramHas, gramKey, lowerBound, titleHas, type IndexData } from "../index/index-data.js";
import { hanBigrams } from "../text/segment.js";

export function articleHasTerm(data: IndexData, n: number, term: string): boolean {
  const id = findTerm(data.terms, term);
  if (id < 0) {
    // Not an index term (jieba cut it otherwise): every bigram of it must stand in the article.
    const grams = hanBigrams(term);
    return grams.length > 0 && grams.every((g) => hasGram(data, n, g));
  }
  return bodyHas(data, id, n) || titleHas(data, id, n);
}

function hasGram(data: IndexData, n: number, gram: string): boolean {
  const key = gramKey(gram);
  if (key === 0) return false;
  const at = lowerBound(data.gramKeys, key);
  if (at >= data.gramKeys.length || data.gramKeys[at] !== key) return false;
  return gramHas(data, at, n);
}

/** Index terms of two or more characters beginning with `prefix`, most frequent first. */
export function termsStartingWith(data: IndexData, prefix: string, limit: number): string[] {
  const { terms, df } = data;
  let lo = 0;
  let hi = terms.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (terms[mid] < prefix) lo = mid + 1;
    else hi = mid;
  }
  const found: { term: string; df: number }[] = [];
  for (let i = lo; i < terms.length && terms[i].startsWith(prefix); i++) {
    if (terms[i].length >= 2 && /^\p{Script=Han}+$/u.test(terms[i])) found.push({ term: terms[i], df: df[i] });
  }
  return found
    .sort((a, b) => b.df - a.df)
    .slice(0, limit)
    .map((e) => e.term);
}
