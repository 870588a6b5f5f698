/**
 * What the index holds per article, shared by the index, its build workers and the snapshot:
 * the field boosts, the words that stand for the page's city, and the text of the fields.
 */
import type { Article } from "../../corpus/types.js";
import { normalizeText } from "../../text/normalize.js";

/** Field boosts: a headline word says more about an article than a body word. */
export const FIELD_BOOST = { title: 2.5, body: 1, place: 0.5, grams: 0.25 } as const;
/** How a page says "this city": these words stand for the page's city. */
export const SELF_CITY_WORDS = ["我市", "本市", "全市"];

/** BM25+ parameters (MiniSearch's defaults, so every field scores alike; see ArticleIndex.retrieve). */
export const BM25 = { k: 1.2, b: 0.7, d: 0.5 } as const;

/** The parts of an article the index reads. */
export type IndexedText = Pick<Article, "kicker" | "headline" | "subtitle" | "body" | "city">;

/** The normalized title and body of an article, and its place terms (the page's city, when the text says 我市). */
export function fieldTexts(article: IndexedText): { title: string; body: string; place: string[] } {
  const title = normalizeText([article.kicker, article.headline, article.subtitle].filter(Boolean).join(" "));
  const body = normalizeText(article.body);
  const place: string[] = [];
  if (article.city && SELF_CITY_WORDS.some((w) => body.includes(w) || title.includes(w))) place.push(article.city);
  return { title, body, place };
}
