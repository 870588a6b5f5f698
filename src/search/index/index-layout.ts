/**
 * The compact index's shape (IndexData) and how it travels: its typed arrays in a fixed order, and
 * the vocabulary joined in one string. No dependencies, so the snapshot reader (a worker thread at
 * start-up) loads neither jieba nor OpenCC; the code that builds and reads postings is index-data.ts.
 */
/** Everything retrieval needs besides the articles and the headline MiniSearch. */
export interface IndexData {
  docCount: number;
  /** Every title, body and place term, sorted (UTF-16 code unit order): term id = position. */
  terms: string[];
  /** Per term: in how many articles it occurs (title, body or place). */
  df: Uint32Array;
  /**
   * Headline postings per term (kicker, headline, subtitle): documents ascending, with the term's
   * frequency there. Terms never contain a space, so these are exactly MiniSearch's tokens.
   */
  titleOffsets: Uint32Array;
  titleDocs: Uint32Array;
  titleTf: Uint16Array;
  /** Per article: distinct headline terms (MiniSearch's field length). */
  titleLength: Uint32Array;
  /**
   * Body postings per term, documents ascending with the term's frequency there: per posting one
   * varint, (gap << 1 | tf > 1), then varint tf − 2 when that bit is set. bodyOffsets are byte
   * offsets into bodyPostings, bodyCount the postings per term.
   */
  bodyOffsets: Uint32Array;
  bodyCount: Uint32Array;
  bodyPostings: Uint8Array;
  /** Per article: distinct body terms (MiniSearch's field length). */
  bodyLength: Uint32Array;
  placeOffsets: Uint32Array;
  placeDocs: Uint32Array;
  placeLength: Uint32Array;
  /** CJK bigrams: key = (first UTF-16 unit << 16 | second) as uint32, sorted; postings per key (varint gaps). */
  gramKeys: Uint32Array;
  gramOffsets: Uint32Array;
  gramCount: Uint32Array;
  gramPostings: Uint8Array;
  /** Per article: distinct bigrams. */
  gramLength: Uint32Array;
}

/** The typed-array members of IndexData, in a fixed order (for transfer and the snapshot). */
export const INDEX_ARRAYS = [
  "df",
  "titleOffsets",
  "titleDocs",
  "titleTf",
  "titleLength",
  "bodyOffsets",
  "bodyCount",
  "bodyPostings",
  "bodyLength",
  "placeOffsets",
  "placeDocs",
  "placeLength",
  "gramKeys",
  "gramOffsets",
  "gramCount",
  "gramPostings",
  "gramLength",
] as const;
export type IndexArrayName = (typeof INDEX_ARRAYS)[number];

/** The buffers to transfer along with an IndexData. */
export function transferList(data: IndexData): ArrayBuffer[] {
  return INDEX_ARRAYS.map((name) => data[name].buffer as ArrayBuffer);
}

/** Terms joined by NUL (how they travel between threads and sit in the snapshot). */
export const TERM_SEPARATOR = "\u0000";

/**
 * Split the joined vocabulary, yielding to the event loop every `slice` terms (half a million
 * terms take a quarter of a second: too long to block questions during a reload).
 */
export async function splitTerms(text: string, slice = 50_000): Promise<string[]> {
  const terms: string[] = [];
  if (!text) return terms;
  let at = 0;
  while (at <= text.length) {
    let next = text.indexOf(TERM_SEPARATOR, at);
    if (next < 0) next = text.length;
    terms.push(text.slice(at, next));
    at = next + 1;
    if (terms.length % slice === 0) await new Promise((r) => setImmediate(r));
  }
  return terms;
}
