/**
 * The retrieval index over pre-segmented jieba terms. Fields: the headline with kicker and subtitle
 * (boosted), the body, the page's city (what 我市 means there) and CJK bigrams for words jieba cuts
 * differently. Document frequencies are kept beside it for IDF weights and for the vocabulary
 * that English and pinyin translation check against.
 *
 * Every field lives in a compact inverted index of typed arrays (index-data.ts), scored with
 * MiniSearch's own BM25+ so the ranking is the one a single MiniSearch over all four fields gives
 * (title-index.ts for the headline field). MiniSearch's radix tree scans every child of a node,
 * which at a CJK alphabet's thousands of first characters made indexing whole bodies crawl
 * (≈0.8 MB/s) and cost hundreds of bytes per posting.
 */
import type { Article } from "../../corpus/types.js";
import { buildIndexData, type BuildDataOptions } from "./build-index.js";
import { BM25, FIELD_BOOST, SELF_CITY_WORDS } from "./fields.js";
import { decodeDocs, findTerm, gramKey, IndexAccumulator, LocalAnalyzer, lowerBound, type IndexData } from "./index-data.js";
import type { ParsedQuery } from "../answer/question.js";
import { runningAverage, titleScores, type TitleScores } from "./title-index.js";
import { hanBigrams } from "../text/segment.js";

export { FIELD_BOOST, SELF_CITY_WORDS };

export interface Hit {
  /** Position of the article in the index's article list. */
  n: number;
  score: number;
}

/** Per-query scratch space, reused: scores and marks per article. */
interface Scratch {
  score: Float64Array;
  matched: Uint16Array;
  mark: Uint32Array;
  touched: Uint32Array;
  markCounter: number;
}

/** Cached headline score lists: at most this many terms, and this many hits in all. */
const TITLE_CACHE_TERMS = 4096;
const TITLE_CACHE_POSTINGS = 1 << 21;

/** BM25's IDF (MiniSearch's), for a term in `matching` of `total` documents. */
function idfOf(matching: number, total: number): number {
  return Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
}

export class ArticleIndex {
  private readonly avgBody: number;
  private readonly avgPlace: number;
  private readonly avgGram: number;
  private readonly avgTitle: number;
  private scratch?: Scratch;
  private norms?: { body: Float64Array; place: Float64Array; gram: Float64Array };
  private readonly titleCache = new Map<number, TitleScores>();
  private titleCached = 0;

  private constructor(
    readonly articles: readonly Article[],
    /** The compact index (what the snapshot stores). */
    readonly data: IndexData,
  ) {
    if (data.docCount !== articles.length) throw new Error(`index: ${data.docCount} indexed, ${articles.length} articles`);
    const average = (lengths: Uint32Array) => {
      let sum = 0;
      for (let i = 0; i < lengths.length; i++) sum += lengths[i];
      return lengths.length > 0 ? sum / lengths.length : 0;
    };
    this.avgBody = average(data.bodyLength);
    this.avgPlace = average(data.placeLength);
    this.avgGram = average(data.gramLength);
    this.avgTitle = runningAverage(data.titleLength);
  }

  /** Build in this thread, synchronously (small corpora and tests; see build-index.ts for large ones). */
  static build(articles: readonly Article[]): ArticleIndex {
    const analyzer = new LocalAnalyzer();
    const accumulator = new IndexAccumulator();
    const BATCH = 256;
    for (let start = 0; start < articles.length; start += BATCH) {
      accumulator.add(0, analyzer.analyzeBatch(start, articles.slice(start, start + BATCH)));
    }
    return ArticleIndex.fromData(articles, accumulator.finish(articles.length));
  }

  /**
   * Build without blocking the event loop: in worker threads for large corpora (see
   * build-index.ts), else in this thread in slices.
   */
  static async buildAsync(articles: readonly Article[], options: BuildDataOptions = {}): Promise<ArticleIndex> {
    return new ArticleIndex(articles, await buildIndexData(articles, options));
  }

  /** The index over articles whose compact index is already built (by workers, or read from a snapshot). */
  static fromData(articles: readonly Article[], data: IndexData): ArticleIndex {
    return new ArticleIndex(articles, data);
  }

  get size(): number {
    return this.articles.length;
  }

  /** In how many articles a term occurs (headline, body or city). */
  df(term: string): number {
    const id = findTerm(this.data.terms, term);
    return id < 0 ? 0 : this.data.df[id];
  }

  /** In how many articles a CJK bigram occurs (for words that are not index terms). */
  bigramDf(bigram: string): number {
    const at = this.gramPosition(bigram);
    return at < 0 ? 0 : this.data.gramCount[at];
  }

  private gramPosition(bigram: string): number {
    const key = gramKey(bigram);
    if (key === 0) return -1;
    const at = lowerBound(this.data.gramKeys, key);
    return at < this.data.gramKeys.length && this.data.gramKeys[at] === key ? at : -1;
  }

  /** Inverse document frequency, BM25-style; an unknown term gets the highest. */
  idf(term: string): number {
    const n = this.articles.length;
    const df = this.df(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  *vocabulary(): IterableIterator<[string, number]> {
    const { terms, df } = this.data;
    for (let i = 0; i < terms.length; i++) yield [terms[i], df[i]];
  }

  /** Articles matching any of the query's terms, best first. */
  retrieve(query: ParsedQuery, limit: number): Hit[] {
    const boosts = new Map<string, number>();
    const grams = new Set<string>();
    for (const concept of query.concepts) {
      for (const alt of concept.alternatives) {
        const boost = concept.weight * alt.weight * (concept.role === "number" ? 0.3 : 1);
        boosts.set(alt.term, Math.max(boosts.get(alt.term) ?? 0, boost));
        // Words the index does not know as terms may still stand in the text: look for their bigrams.
        if (this.df(alt.term) === 0 && alt.weight >= 0.9) for (const g of hanBigrams(alt.term)) grams.add(g);
      }
    }
    if (boosts.size === 0 || limit <= 0) return [];
    const boostOf = (term: string) => boosts.get(term) ?? 0.5;
    const s = this.scratchSpace();
    const { score, matched, mark: marked, touched } = s;
    let touchedCount = 0;
    // MiniSearch's scoring: per query term, its score in every field (title, body, city), summed;
    // at the end a document's sum is multiplied by how many distinct query terms it matched.
    // Terms go one at a time, so "already counted for this term" is one mark per document.
    const marks = new Map<string, number>();
    const markOf = (term: string) => {
      let m = marks.get(term);
      if (m === undefined) {
        if (s.markCounter >= 0xfffffff0) {
          marked.fill(0);
          s.markCounter = 0;
        }
        marks.set(term, (m = ++s.markCounter));
      }
      return m;
    };

    // The query terms as MiniSearch tokenizes them (split on spaces; a repeat counts twice).
    const tokens = new Map<string, number>();
    for (const key of boosts.keys()) for (const t of key.split(" ")) if (t) tokens.set(t, (tokens.get(t) ?? 0) + 1);

    const d = this.data;
    const n = d.docCount;
    const norms = this.lengthNorms();
    const K1 = BM25.k + 1;
    const D = BM25.d;
    for (const [term, repeats] of tokens) {
      const id = findTerm(d.terms, term);
      if (id < 0) continue;
      const boost = boostOf(term) * repeats;
      const m = markOf(term);

      // 1. Headlines (per-term scores are cached).
      const title = this.headlineScores(id);
      for (let i = 0; i < title.docs.length; i++) {
        const doc = title.docs[i];
        if (matched[doc] === 0 && score[doc] === 0) touched[touchedCount++] = doc;
        score[doc] += boost * title.scores[i];
        if (marked[doc] !== m) {
          marked[doc] = m;
          matched[doc]++;
        }
      }
      // 2. Bodies (varint gaps with the frequency folded in, see index-data.ts).
      const count = d.bodyCount[id];
      if (count > 0) {
        const w = boost * FIELD_BOOST.body * idfOf(count, n);
        const bytes = d.bodyPostings;
        const norm = norms.body;
        let p = d.bodyOffsets[id];
        let doc = 0;
        for (let i = 0; i < count; i++) {
          let v = bytes[p++];
          if (v >= 0x80) {
            v &= 0x7f;
            let shift = 7;
            let b: number;
            do {
              b = bytes[p++];
              v |= (b & 0x7f) << shift;
              shift += 7;
            } while (b >= 0x80);
          }
          let tf = 1;
          if (v & 1) {
            let t = bytes[p++];
            if (t >= 0x80) {
              t &= 0x7f;
              let shift = 7;
              let b: number;
              do {
                b = bytes[p++];
                t |= (b & 0x7f) << shift;
                shift += 7;
              } while (b >= 0x80);
            }
            tf = t + 2;
          }
          doc += v >>> 1;
          if (matched[doc] === 0 && score[doc] === 0) touched[touchedCount++] = doc;
          score[doc] += w * (D + (tf * K1) / (tf + norm[doc]));
          if (marked[doc] !== m) {
            marked[doc] = m;
            matched[doc]++;
          }
        }
      }
      // 3. The page's city.
      const from = d.placeOffsets[id];
      const to = d.placeOffsets[id + 1];
      if (to > from) {
        const w = boost * FIELD_BOOST.place * idfOf(to - from, n);
        for (let p = from; p < to; p++) {
          const doc = d.placeDocs[p];
          const tf = 1;
          if (matched[doc] === 0 && score[doc] === 0) touched[touchedCount++] = doc;
          score[doc] += w * (D + (tf * K1) / (tf + norms.place[doc]));
          if (marked[doc] !== m) {
            marked[doc] = m;
            matched[doc]++;
          }
        }
      }
    }

    // 4. Bigrams of words the index does not hold as terms.
    for (const gram of grams) {
      const at = this.gramPosition(gram);
      if (at < 0) continue;
      const count = d.gramCount[at];
      const w = boostOf(gram) * FIELD_BOOST.grams * idfOf(count, n);
      const m = markOf(gram);
      // A bigram that is also a query term counts once per article as a matched term.
      const id = tokens.has(gram) ? findTerm(d.terms, gram) : -1;
      const title = id >= 0 ? this.headlineScores(id) : undefined;
      const bodyDocs = id >= 0 ? decodeDocs(d.bodyPostings, d.bodyOffsets[id], d.bodyCount[id], true) : undefined;
      const bytes = d.gramPostings;
      let p = d.gramOffsets[at];
      let doc = 0;
      for (let i = 0; i < count; i++) {
        let v = bytes[p++];
        if (v >= 0x80) {
          v &= 0x7f;
          let shift = 7;
          let b: number;
          do {
            b = bytes[p++];
            v |= (b & 0x7f) << shift;
            shift += 7;
          } while (b >= 0x80);
        }
        doc += v;
        if (matched[doc] === 0 && score[doc] === 0) touched[touchedCount++] = doc;
        score[doc] += w * (D + K1 / (1 + norms.gram[doc]));
        if (marked[doc] !== m) {
          marked[doc] = m;
          const before =
            id >= 0 &&
            (contains(title!.docsSorted, 0, title!.docsSorted.length, doc) ||
              contains(bodyDocs!, 0, bodyDocs!.length, doc) ||
              contains(d.placeDocs, d.placeOffsets[id], d.placeOffsets[id + 1], doc));
          if (!before) matched[doc]++;
        }
      }
    }

    // Best `limit`, ties in order of first match; reset the scratch space as we go.
    const best: Hit[] = [];
    let floor = -Infinity;
    for (let i = 0; i < touchedCount; i++) {
      const doc = touched[i];
      const total = score[doc] * (matched[doc] || 1);
      score[doc] = 0;
      matched[doc] = 0;
      if (best.length === limit && total <= floor) continue;
      let at = best.length;
      while (at > 0 && best[at - 1].score < total) at--;
      best.splice(at, 0, { n: doc, score: total });
      if (best.length > limit) best.pop();
      if (best.length === limit) floor = best[limit - 1].score;
    }
    return best;
  }

  /** Per article, MiniSearch's k·(1 − b + b·length/average) per field: the length part of BM25+. */
  private lengthNorms(): { body: Float64Array; place: Float64Array; gram: Float64Array } {
    if (this.norms) return this.norms;
    const norm = (lengths: Uint32Array, avg: number) => {
      const out = new Float64Array(lengths.length);
      for (let i = 0; i < lengths.length; i++) out[i] = BM25.k * (1 - BM25.b + (BM25.b * lengths[i]) / avg);
      return out;
    };
    return (this.norms = {
      body: norm(this.data.bodyLength, this.avgBody),
      place: norm(this.data.placeLength, this.avgPlace),
      gram: norm(this.data.gramLength, this.avgGram),
    });
  }

  /**
   * The headline scores of term `id` (MiniSearch's BM25+ × the title boost, before the query's term
   * boost), per article, best first. A word in thousands of headlines (the city's name) costs a
   * millisecond to score and sort; a term's scores never change in this index, so the last few
   * thousand terms asked about are kept.
   */
  headlineScores(id: number): TitleScores {
    const cached = this.titleCache.get(id);
    if (cached) {
      this.titleCache.delete(id);
      this.titleCache.set(id, cached);
      return cached;
    }
    const entry = titleScores(this.data, id, this.avgTitle);
    this.titleCache.set(id, entry);
    this.titleCached += entry.docs.length + 1;
    while (this.titleCache.size > TITLE_CACHE_TERMS || this.titleCached > TITLE_CACHE_POSTINGS) {
      const [oldest, old] = this.titleCache.entries().next().value as [number, TitleScores];
      this.titleCache.delete(oldest);
      this.titleCached -= old.docs.length + 1;
    }
    return entry;
  }

  /** Forget cached headline scores (the benchmark measures cold queries). */
  clearCache(): void {
    this.titleCache.clear();
    this.titleCached = 0;
  }

  private scratchSpace(): Scratch {
    const n = this.data.docCount;
    return (this.scratch ??= {
      score: new Float64Array(n),
      matched: new Uint16Array(n),
      mark: new Uint32Array(n),
      touched: new Uint32Array(n * 2 + 1),
      markCounter: 0,
    });
  }
}

/** Is `doc` in the sorted list docs[from, to)? */
function contains(docs: Uint32Array, from: number, to: number, doc: number): boolean {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (docs[mid] < doc) lo = mid + 1;
    else hi = mid;
  }
  return lo < to && docs[lo] === doc;
}
