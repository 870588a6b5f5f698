/**
 * The retrieval index over pre-segmented jieba terms. Fields: the headline with kicker and subtitle
 * (boosted), the body, the page's city (what 我市 means there) and CJK bigrams for words jieba cuts
 * differently. Document frequencies are kept beside it for IDF weights and for the vocabulary
 * that English and pinyin translation check against.
 *
 * Headlines live in MiniSearch; bodies, cities and bigrams in a compact inverted index of typed
 * arrays (index-data.ts), scored with MiniSearch's own BM25+ so the ranking is the one a single
 * MiniSearch over all four fields gives. MiniSearch's radix tree scans every child of a node, which
 * at a CJK alphabet's thousands of first characters made indexing whole bodies crawl (≈0.8 MB/s) and
 * cost hundreds of bytes per posting; headline terms are fed to it hex-encoded (16 children per node).
 */
import MiniSearch from "minisearch";
import type { Article } from "../corpus/types.js";
import { bm25, FIELD_BOOST, fieldTexts, SELF_CITY_WORDS } from "./fields.js";
import { findTerm, gramKey, IndexAccumulator, LocalAnalyzer, lowerBound, type IndexData } from "./index-data.js";
import type { ParsedQuery } from "./query.js";
import { hanBigrams, segment } from "./segment.js";

export { FIELD_BOOST, SELF_CITY_WORDS };

/** What analysis of one article gives the index: the term strings per field. */
export interface AnalyzedArticle {
  title: string[];
  body: string[];
  place: string[];
  grams: string[];
}

/** Segment one article for the index. Pure: the same article always gives the same terms. */
export function analyzeArticle(article: Article): AnalyzedArticle {
  const { title, body, place } = fieldTexts(article);
  return {
    title: segment(title, "search"),
    body: segment(body, "search"),
    place,
    grams: [...new Set(hanBigrams(title + "。" + body))],
  };
}

export interface Hit {
  /** Position of the article in the index's article list. */
  n: number;
  score: number;
}

let HEX: string[] | undefined;

/** A term as hex digits (4 per UTF-16 unit): MiniSearch's radix tree then branches 16 ways, not thousands. */
export function hexKey(term: string): string {
  const table = (HEX ??= Array.from({ length: 65536 }, (_, i) => i.toString(16).padStart(4, "0")));
  let out = "";
  for (let i = 0; i < term.length; i++) out += table[term.charCodeAt(i)];
  return out;
}

type TitleDoc = { n: number; title: string };

const titleOptions = {
  fields: ["title"],
  idField: "n",
  storeFields: [],
  tokenize: (text: string) => (text ? text.split(" ") : []),
  processTerm: hexKey,
  searchOptions: { tokenize: (text: string) => text.split(" "), processTerm: hexKey },
};

/** Per-query scratch space, reused: scores and marks per article. */
interface Scratch {
  score: Float64Array;
  matched: Uint16Array;
  mark: Uint32Array;
  touched: Uint32Array;
  markCounter: number;
}

/** Options of the asynchronous build. */
export interface IndexBuildOptions {
  /** Hand the headline index over in slices, yielding to the event loop between them. */
  sliceSize?: number;
}

export class ArticleIndex {
  private readonly avgBody: number;
  private readonly avgPlace: number;
  private readonly avgGram: number;
  private scratch?: Scratch;

  private constructor(
    readonly articles: readonly Article[],
    /** The compact index (what the snapshot stores). */
    readonly data: IndexData,
    private readonly titles: MiniSearch<TitleDoc>,
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

  /** The index over articles whose compact index is already built (by workers, or read from a snapshot). */
  static fromData(articles: readonly Article[], data: IndexData): ArticleIndex {
    const titles = new MiniSearch<TitleDoc>(titleOptions);
    for (let n = 0; n < data.docCount; n++) titles.add(titleDoc(data, n));
    return new ArticleIndex(articles, data, titles);
  }

  /** Like fromData, but yields to the event loop every few hundred headlines (reloads stay responsive). */
  static async fromDataAsync(articles: readonly Article[], data: IndexData, options: IndexBuildOptions = {}): Promise<ArticleIndex> {
    const slice = options.sliceSize ?? 2000;
    const titles = new MiniSearch<TitleDoc>(titleOptions);
    for (let n = 0; n < data.docCount; n++) {
      titles.add(titleDoc(data, n));
      if ((n + 1) % slice === 0) await new Promise((r) => setImmediate(r));
    }
    return new ArticleIndex(articles, data, titles);
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
    return at < 0 ? 0 : this.data.gramOffsets[at + 1] - this.data.gramOffsets[at];
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
    let touchedCount = 0;
    // One mark per distinct query term: MiniSearch multiplies a document's score by how many it matched.
    const marks = new Map<string, number>();
    const markOf = (term: string) => {
      let mark = marks.get(term);
      if (mark === undefined) {
        if (s.markCounter >= 0xfffffff0) {
          s.mark.fill(0);
          s.markCounter = 0;
        }
        marks.set(term, (mark = ++s.markCounter));
      }
      return mark;
    };
    // Headline matches, per article: which query terms (the other fields go term by term).
    const inTitle = new Map<number, Set<number>>();
    const add = (doc: number, score: number, mark: number, seenBefore?: (doc: number) => boolean) => {
      if (s.matched[doc] === 0 && s.score[doc] === 0) s.touched[touchedCount++] = doc;
      s.score[doc] += score;
      if (s.mark[doc] !== mark) {
        s.mark[doc] = mark;
        if (!inTitle.get(doc)?.has(mark) && !seenBefore?.(doc)) s.matched[doc]++;
      }
    };

    // The query terms as MiniSearch would tokenize them (split on spaces; a repeat counts twice).
    const tokens = new Map<string, number>();
    for (const key of boosts.keys()) for (const t of key.split(" ")) if (t) tokens.set(t, (tokens.get(t) ?? 0) + 1);
    const hexToTerm = new Map([...tokens.keys()].map((t) => [hexKey(t), t]));

    // 1. Headlines (MiniSearch): its score already includes its own match count; take it out.
    const titleHits = this.titles.search(
      { queries: [...boosts.keys()], combineWith: "OR" },
      { fields: ["title"], boost: { title: FIELD_BOOST.title }, boostTerm: (hex: string) => boostOf(hexToTerm.get(hex) ?? "") },
    );
    for (const hit of titleHits) {
      const doc = hit.id as number;
      const raw = hit.score / (hit.queryTerms.length || 1);
      s.touched[touchedCount++] = doc;
      s.score[doc] = raw;
      const marked = new Set(hit.queryTerms.map((hex) => markOf(hexToTerm.get(hex) ?? hex)));
      inTitle.set(doc, marked);
      s.matched[doc] = marked.size;
    }

    // 2. Bodies and cities (the compact index), BM25+ as MiniSearch scores it.
    const d = this.data;
    const n = d.docCount;
    for (const [term, repeats] of tokens) {
      const id = findTerm(d.terms, term);
      if (id < 0) continue;
      const boost = boostOf(term) * repeats;
      const mark = markOf(term);
      const from = d.bodyOffsets[id];
      const to = d.bodyOffsets[id + 1];
      if (to > from) {
        const w = boost * FIELD_BOOST.body;
        for (let p = from; p < to; p++) {
          const doc = d.bodyDocs[p];
          add(doc, w * bm25(d.bodyTf[p], to - from, n, d.bodyLength[doc], this.avgBody), mark);
        }
      }
      const pFrom = d.placeOffsets[id];
      const pTo = d.placeOffsets[id + 1];
      if (pTo > pFrom) {
        const w = boost * FIELD_BOOST.place;
        for (let p = pFrom; p < pTo; p++) {
          const doc = d.placeDocs[p];
          add(doc, w * bm25(1, pTo - pFrom, n, d.placeLength[doc], this.avgPlace), mark);
        }
      }
    }

    // 3. Bigrams of words the index does not hold as terms.
    for (const gram of grams) {
      const at = this.gramPosition(gram);
      if (at < 0) continue;
      const from = d.gramOffsets[at];
      const to = d.gramOffsets[at + 1];
      const w = boostOf(gram) * FIELD_BOOST.grams;
      const mark = markOf(gram);
      // A bigram that is also a query term counts once per article as a matched term.
      const id = tokens.has(gram) ? findTerm(d.terms, gram) : -1;
      const seenBefore =
        id < 0
          ? undefined
          : (doc: number) =>
              contains(d.bodyDocs, d.bodyOffsets[id], d.bodyOffsets[id + 1], doc) ||
              contains(d.placeDocs, d.placeOffsets[id], d.placeOffsets[id + 1], doc);
      for (let p = from; p < to; p++) {
        const doc = d.gramDocs[p];
        add(doc, w * bm25(1, to - from, n, d.gramLength[doc], this.avgGram), mark, seenBefore);
      }
    }

    // Best `limit`, ties in order of first match; reset the scratch space as we go.
    const best: Hit[] = [];
    for (let i = 0; i < touchedCount; i++) {
      const doc = s.touched[i];
      if (s.matched[doc] === 0 && s.score[doc] === 0) continue; // listed twice (headline, then body)
      const score = s.score[doc] * (s.matched[doc] || 1);
      s.score[doc] = 0;
      s.matched[doc] = 0;
      if (best.length === limit && score <= best[limit - 1].score) continue;
      let at = best.length;
      while (at > 0 && best[at - 1].score < score) at--;
      best.splice(at, 0, { n: doc, score });
      if (best.length > limit) best.pop();
    }
    return best;
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

function titleDoc(data: IndexData, n: number): TitleDoc {
  const parts: string[] = [];
  for (let i = data.titleOffsets[n]; i < data.titleOffsets[n + 1]; i++) parts.push(data.terms[data.titleTerms[i]]);
  return { n, title: parts.join(" ") };
}
