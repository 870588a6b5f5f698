/**
 * The compact inverted index: postings in typed arrays (CSR layout: one offsets array per field,
 * documents ascending within each term), so that it costs a few bytes per posting, is built
 * without a JS object per posting, moves between threads as transferable ArrayBuffers and is
 * written to and read from the snapshot as raw bytes. The two big fields (bodies and bigrams) keep
 * their documents as gaps in LEB128 varints (about 1.5 bytes a posting instead of 4, the body's
 * term frequency folded in), read in order by retrieval.
 *
 * Building is two steps, so that the costly one can run in several worker threads:
 *  1. `LocalAnalyzer` segments articles (batch by batch) into ids of its own vocabulary;
 *  2. `IndexAccumulator` maps those ids to one vocabulary, then inverts the lists (counting sort).
 * Both are plain code: the in-thread build uses them the same way the workers do.
 */
import { fieldTexts, type IndexedText } from "./fields.js";
import { segment } from "../text/segment.js";

export { INDEX_ARRAYS, splitTerms, TERM_SEPARATOR, transferList } from "./index-layout.js";
export type { IndexArrayName, IndexData } from "./index-layout.js";
import type { IndexData } from "./index-layout.js";

/** The bigram key of two UTF-16 units (what hanBigrams gives as a 2-unit string). */
export function gramKey(bigram: string): number {
  return bigram.length === 2 ? ((bigram.charCodeAt(0) << 16) | bigram.charCodeAt(1)) >>> 0 : 0;
}

export function gramString(key: number): string {
  return String.fromCharCode(key >>> 16, key & 0xffff);
}

/** Open-addressing hash map uint32 → uint32 (key 0 is reserved: no Han bigram has it). */
export class U32Map {
  private keys: Uint32Array;
  private values: Uint32Array;
  private mask: number;
  private shift: number;
  size = 0;

  constructor(capacity = 1 << 12) {
    let cap = 16;
    while (cap < capacity * 2) cap <<= 1;
    this.keys = new Uint32Array(cap);
    this.values = new Uint32Array(cap);
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
  }

  private slot(key: number): number {
    // Fibonacci hashing: the high bits of the product mix every bit of the key.
    let i = Math.imul(key, 0x9e3779b1) >>> this.shift;
    while (this.keys[i] !== 0 && this.keys[i] !== key) i = (i + 1) & this.mask;
    return i;
  }

  /** The value, or -1. */
  get(key: number): number {
    const i = this.slot(key);
    return this.keys[i] === key ? this.values[i] : -1;
  }

  set(key: number, value: number): void {
    const i = this.slot(key);
    if (this.keys[i] !== key) {
      this.keys[i] = key;
      this.size++;
    }
    this.values[i] = value;
    if (this.size * 2 > this.mask) this.grow();
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Uint32Array(keys.length * 2);
    this.values = new Uint32Array(keys.length * 2);
    this.mask = this.keys.length - 1;
    this.shift--;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === 0) continue;
      const j = this.slot(keys[i]);
      this.keys[j] = keys[i];
      this.values[j] = values[i];
    }
  }
}

/** A growable typed array. */
class Growable<T extends Uint32Array | Uint16Array> {
  length = 0;
  constructor(
    private data: T,
    private readonly make: (n: number) => T,
  ) {}
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  get(i: number): number {
    return this.data[i];
  }
  /** The filled part, as its own compact array. */
  take(): T {
    return this.data.slice(0, this.length) as T;
  }
}

const u32 = (n: number) => new Uint32Array(n);
const u16 = (n: number) => new Uint16Array(n);

/** One batch of analysed articles, in the ids of the analyzer that made it. */
export interface AnalyzedBatch {
  /** Position of the first article of the batch in the corpus. */
  start: number;
  count: number;
  /** Terms first seen in this batch: their local ids follow the previous batches'. */
  newTerms: string[];
  /** Bigram keys first seen in this batch (local gram ids likewise). */
  newGrams: Uint32Array;
  titleCounts: Uint32Array;
  titleIds: Uint32Array;
  bodyCounts: Uint32Array;
  bodyIds: Uint32Array;
  bodyTf: Uint16Array;
  placeCounts: Uint32Array;
  placeIds: Uint32Array;
  gramCounts: Uint32Array;
  gramIds: Uint32Array;
}

export function batchTransferList(batch: AnalyzedBatch): ArrayBuffer[] {
  return [
    batch.newGrams,
    batch.titleCounts,
    batch.titleIds,
    batch.bodyCounts,
    batch.bodyIds,
    batch.bodyTf,
    batch.placeCounts,
    batch.placeIds,
    batch.gramCounts,
    batch.gramIds,
  ].map((a) => a.buffer as ArrayBuffer);
}

/**
 * A batch as two: its terms (bigram counts zero) and its bigrams (term counts zero), for two
 * IndexAccumulators whose finish() then runs in parallel; joinHalves puts their results together.
 */
export function splitBatch(batch: AnalyzedBatch): [AnalyzedBatch, AnalyzedBatch] {
  const none = u32(0);
  const zeros = () => u32(batch.count);
  const terms: AnalyzedBatch = { ...batch, newGrams: none, gramCounts: zeros(), gramIds: u32(0) };
  const grams: AnalyzedBatch = {
    ...batch,
    newTerms: [],
    titleCounts: zeros(),
    titleIds: u32(0),
    bodyCounts: zeros(),
    bodyIds: u32(0),
    bodyTf: u16(0),
    placeCounts: zeros(),
    placeIds: u32(0),
  };
  return [terms, grams];
}

/** The term half's index with the bigram half's bigrams (see splitBatch). */
export function joinHalves(terms: IndexData, grams: IndexData): IndexData {
  const { gramKeys, gramOffsets, gramCount, gramPostings, gramLength } = grams;
  return { ...terms, gramKeys, gramOffsets, gramCount, gramPostings, gramLength };
}

/** A growable Uint32Array with room reserved ahead of bulk writes (hot loops index `a` directly). */
class U32Buffer {
  a: Uint32Array;
  n = 0;
  constructor(capacity: number) {
    this.a = new Uint32Array(Math.max(16, capacity));
  }
  reserve(extra: number): Uint32Array {
    if (this.n + extra > this.a.length) {
      const bigger = new Uint32Array(Math.max(this.a.length * 2, this.n + extra));
      bigger.set(this.a.subarray(0, this.n));
      this.a = bigger;
    }
    return this.a;
  }
  take(): Uint32Array {
    return this.a.slice(0, this.n);
  }
}

const HAN_CHAR = /\p{Script=Han}/u;

/**
 * Segments articles into local term and bigram ids. One per thread; feed it the batches of that
 * thread in order (new vocabulary is reported per batch).
 */
export class LocalAnalyzer {
  private readonly termIds = new Map<string, number>();
  private readonly gramIds = new U32Map(1 << 16);
  private gramCount = 0;
  /** Per local term: the last article that had it, and its frequency there. */
  private termStamp = new Uint32Array(1 << 14);
  private termTf = new Uint32Array(1 << 14);
  private gramStamp = new Uint32Array(1 << 16);
  private stamp = 0;
  private newTerms: string[] = [];
  private newGrams = new U32Buffer(1024);

  /** Terms of one or two UTF-16 units (most Chinese words), by their units: no string hashing. */
  private readonly shortIds = new U32Map(1 << 16);
  private termCount = 0;

  private termId(term: string): number {
    if (term.length <= 2) {
      const key = ((term.charCodeAt(0) << 16) | (term.length === 2 ? term.charCodeAt(1) : 0)) >>> 0;
      if (key !== 0) {
        let id = this.shortIds.get(key);
        if (id < 0) this.shortIds.set(key, (id = this.newTerm(term)));
        return id;
      }
    }
    let id = this.termIds.get(term);
    if (id === undefined) this.termIds.set(term, (id = this.newTerm(term)));
    return id;
  }

  private newTerm(term: string): number {
    const id = this.termCount++;
    this.newTerms.push(term);
    if (id >= this.termStamp.length) {
      const stamp = new Uint32Array(this.termStamp.length * 2);
      stamp.set(this.termStamp);
      this.termStamp = stamp;
      const tf = new Uint32Array(this.termTf.length * 2);
      tf.set(this.termTf);
      this.termTf = tf;
    }
    return id;
  }

  private gramId(key: number): number {
    let id = this.gramIds.get(key);
    if (id < 0) {
      id = this.gramCount++;
      this.gramIds.set(key, id);
      this.newGrams.reserve(1)[this.newGrams.n++] = key;
      if (id >= this.gramStamp.length) {
        const grown = new Uint32Array(this.gramStamp.length * 2);
        grown.set(this.gramStamp);
        this.gramStamp = grown;
      }
    }
    return id;
  }

  analyzeBatch(start: number, articles: readonly IndexedText[]): AnalyzedBatch {
    this.newTerms = [];
    this.newGrams = new U32Buffer(1024);
    const count = articles.length;
    const titleCounts = u32(count);
    const bodyCounts = u32(count);
    const placeCounts = u32(count);
    const gramCounts = u32(count);
    const titleIds = new U32Buffer(count * 16);
    const bodyIds = new U32Buffer(count * 256);
    let bodyTf = new Uint16Array(count * 256);
    const placeIds = new U32Buffer(count);
    const gramIds = new U32Buffer(count * 512);

    for (let i = 0; i < count; i++) {
      const { title, body, place } = fieldTexts(articles[i]);
      const titleTerms = segment(title, "search");
      let out = titleIds.reserve(titleTerms.length);
      for (const term of titleTerms) out[titleIds.n++] = this.termId(term);
      titleCounts[i] = titleTerms.length;

      // Body: distinct terms with their frequencies, in order of first occurrence.
      const stamp = ++this.stamp;
      const words = segment(body, "search");
      const before = bodyIds.n;
      out = bodyIds.reserve(words.length);
      for (let w = 0; w < words.length; w++) {
        const id = this.termId(words[w]);
        if (this.termStamp[id] !== stamp) {
          this.termStamp[id] = stamp;
          this.termTf[id] = 1;
          out[bodyIds.n++] = id;
        } else {
          this.termTf[id]++;
        }
      }
      if (bodyIds.n > bodyTf.length) {
        const bigger = new Uint16Array(Math.max(bodyTf.length * 2, bodyIds.n));
        bigger.set(bodyTf);
        bodyTf = bigger;
      }
      for (let p = before; p < bodyIds.n; p++) bodyTf[p] = Math.min(0xffff, this.termTf[out[p]]);
      bodyCounts[i] = bodyIds.n - before;

      const places = [...new Set(place)];
      out = placeIds.reserve(places.length);
      for (const term of places) out[placeIds.n++] = this.termId(term);
      placeCounts[i] = places.length;

      // Bigrams of the Han runs of title + "。" + body, each once (hanBigrams' pairs of UTF-16 units).
      const gramsBefore = gramIds.n;
      const text = title + "。" + body;
      out = gramIds.reserve(text.length);
      let prev = -1; // the previous unit, when it belongs to the current Han run
      for (let k = 0; k < text.length; k++) {
        const unit = text.charCodeAt(k);
        let width = 1;
        let han: boolean;
        if (unit >= 0xd800 && unit <= 0xdbff && k + 1 < text.length) {
          const low = text.charCodeAt(k + 1);
          width = low >= 0xdc00 && low <= 0xdfff ? 2 : 1;
          han = width === 2 && isHanPoint(text.codePointAt(k)!);
        } else {
          han = isHanUnit(unit);
        }
        if (!han) {
          prev = -1;
          continue;
        }
        for (let u = 0; u < width; u++) {
          const cur = text.charCodeAt(k + u);
          if (prev >= 0) {
            const id = this.gramId(((prev << 16) | cur) >>> 0);
            if (this.gramStamp[id] !== stamp) {
              this.gramStamp[id] = stamp;
              out[gramIds.n++] = id;
            }
          }
          prev = cur;
        }
        k += width - 1;
      }
      gramCounts[i] = gramIds.n - gramsBefore;
    }

    return {
      start,
      count,
      newTerms: this.newTerms,
      newGrams: this.newGrams.take(),
      titleCounts,
      titleIds: titleIds.take(),
      bodyCounts,
      bodyIds: bodyIds.take(),
      bodyTf: bodyTf.slice(0, bodyIds.n),
      placeCounts,
      placeIds: placeIds.take(),
      gramCounts,
      gramIds: gramIds.take(),
    };
  }
}

/** Han or not, per BMP code unit (computed once from \p{Script=Han}). */
let hanTable: Uint8Array | undefined;
function isHanUnit(unit: number): boolean {
  if (!hanTable) {
    hanTable = new Uint8Array(0x10000);
    for (let c = 0; c < 0x10000; c++) if ((c < 0xd800 || c > 0xdfff) && HAN_CHAR.test(String.fromCharCode(c))) hanTable[c] = 1;
  }
  return hanTable[unit] === 1;
}

const astralHan = new Map<number, boolean>();
function isHanPoint(point: number): boolean {
  let han = astralHan.get(point);
  if (han === undefined) {
    han = HAN_CHAR.test(String.fromCodePoint(point));
    if (astralHan.size < 100_000) astralHan.set(point, han);
  }
  return han;
}

/** Collects the batches of one or more analyzers and builds the IndexData. */
export class IndexAccumulator {
  private readonly termIds = new Map<string, number>();
  private readonly terms: string[] = [];
  private readonly gramIds = new U32Map(1 << 16);
  private readonly gramKeys = new Growable(u32(1 << 16), u32);
  /** Per analyzer: local id → global id. */
  private readonly termMaps = new Map<number, Growable<Uint32Array>>();
  private readonly gramMaps = new Map<number, Growable<Uint32Array>>();
  private readonly batches: { source: number; batch: AnalyzedBatch }[] = [];
  private docs = 0;

  /** Add a batch from analyzer `source` (its ids are rewritten in place by finish()). */
  add(source: number, batch: AnalyzedBatch): void {
    let termMap = this.termMaps.get(source);
    if (!termMap) this.termMaps.set(source, (termMap = new Growable(u32(1 << 12), u32)));
    let gramMap = this.gramMaps.get(source);
    if (!gramMap) this.gramMaps.set(source, (gramMap = new Growable(u32(1 << 12), u32)));
    for (const term of batch.newTerms) {
      let id = this.termIds.get(term);
      if (id === undefined) {
        id = this.terms.length;
        this.termIds.set(term, id);
        this.terms.push(term);
      }
      termMap.push(id);
    }
    for (const key of batch.newGrams) {
      let id = this.gramIds.get(key);
      if (id < 0) {
        id = this.gramKeys.length;
        this.gramIds.set(key, id);
        this.gramKeys.push(key);
      }
      gramMap.push(id);
    }
    // The ids stay the analyzer's: finish() maps them straight to their final ranks, in one pass.
    batch.newTerms = [];
    this.batches.push({ source, batch });
    this.docs += batch.count;
  }

  get articles(): number {
    return this.docs;
  }

  /** Invert everything into IndexData (documents must be 0…docCount-1, each exactly once). */
  finish(docCount: number): IndexData {
    const sources = [...this.batches].sort((a, b) => a.batch.start - b.batch.start);
    const batches = sources.map((s) => s.batch);
    let expected = 0;
    for (const b of batches) {
      if (b.start !== expected) throw new Error(`index: batches do not cover the corpus (gap at ${expected})`);
      expected += b.count;
    }
    if (expected !== docCount) throw new Error(`index: ${expected} articles analysed, ${docCount} expected`);

    // Vocabulary in sorted order: rank[global id] = sorted position. The default sort compares
    // UTF-16 code units, as `<` does, natively (several times faster than a comparator).
    const terms = this.terms.slice().sort();
    const termCount = terms.length;
    const rank = u32(termCount);
    for (let r = 0; r < termCount; r++) rank[this.termIds.get(terms[r])!] = r;
    const { sorted: gramKeys, rank: gramRank } = sortKeys(this.gramKeys.take());
    // Per analyzer: its local ids → final ranks (composed once, so each posting is mapped once).
    const termRank = new Map<number, Uint32Array>();
    const gramRankOf = new Map<number, Uint32Array>();
    for (const [source, map] of this.termMaps) termRank.set(source, compose(map.take(), rank));
    for (const [source, map] of this.gramMaps) gramRankOf.set(source, compose(map.take(), gramRank));

    // Remap to ranks, count postings per term.
    const titleCount = u32(termCount + 1);
    const bodyCount = u32(termCount + 1);
    const placeCount = u32(termCount + 1);
    const gramCount = u32(gramKeys.length + 1);
    const seen = u32(termCount);
    for (const { source, batch: b } of sources) {
      const toRank = termRank.get(source)!;
      remap(b.titleIds, toRank);
      remap(b.bodyIds, toRank);
      remap(b.placeIds, toRank);
      remap(b.gramIds, gramRankOf.get(source)!);
      count(b.bodyIds, bodyCount);
      count(b.placeIds, placeCount);
      count(b.gramIds, gramCount);
      // Headline postings: each distinct term of a headline once.
      for (let i = 0, t = 0; i < b.count; i++) {
        const mark = b.start + i + 1;
        for (const e = t + b.titleCounts[i]; t < e; t++) {
          const id = b.titleIds[t];
          if (seen[id] !== mark) {
            seen[id] = mark;
            titleCount[id]++;
          }
        }
      }
    }
    seen.fill(0);
    const titleOffsets = prefixSums(titleCount);
    const bodyOffsets = prefixSums(bodyCount);
    const placeOffsets = prefixSums(placeCount);
    const gramOffsets = prefixSums(gramCount);
    const titleDocs = u32(titleOffsets[termCount]);
    const titleTf = u16(titleOffsets[termCount]);
    const bodyDocs = u32(bodyOffsets[termCount]);
    const bodyTf = u16(bodyOffsets[termCount]);
    const placeDocs = u32(placeOffsets[termCount]);
    const gramDocs = u32(gramOffsets[gramKeys.length]);
    const titleCursor = titleOffsets.slice(0, termCount);
    const bodyCursor = bodyOffsets.slice(0, termCount);
    const placeCursor = placeOffsets.slice(0, termCount);
    const gramCursor = gramOffsets.slice(0, gramKeys.length);
    const titleLength = u32(docCount);
    const bodyLength = u32(docCount);
    const placeLength = u32(docCount);
    const gramLength = u32(docCount);
    const df = u32(termCount);
    const titleTfOf = u32(termCount);
    const distinct = new U32Buffer(64);

    for (const b of batches) {
      const { titleIds, titleCounts, bodyIds, bodyCounts, placeIds, placeCounts, gramIds, gramCounts } = b;
      const tfs = b.bodyTf;
      let t = 0;
      let p = 0;
      let q = 0;
      let g = 0;
      for (let i = 0; i < b.count; i++) {
        const doc = b.start + i;
        const mark = doc + 1;
        const title = distinct.reserve(titleCounts[i]);
        let distinctCount = 0;
        for (const e = t + titleCounts[i]; t < e; t++) {
          const id = titleIds[t];
          if (seen[id] !== mark) {
            seen[id] = mark;
            df[id]++;
            titleTfOf[id] = 1;
            title[distinctCount++] = id;
          } else {
            titleTfOf[id]++;
          }
        }
        for (let k = 0; k < distinctCount; k++) {
          const id = title[k];
          const at = titleCursor[id]++;
          titleDocs[at] = doc;
          titleTf[at] = Math.min(0xffff, titleTfOf[id]);
        }
        titleLength[doc] = distinctCount;
        for (const e = p + bodyCounts[i]; p < e; p++) {
          const id = bodyIds[p];
          const at = bodyCursor[id]++;
          bodyDocs[at] = doc;
          bodyTf[at] = tfs[p];
          if (seen[id] !== mark) {
            seen[id] = mark;
            df[id]++;
          }
        }
        bodyLength[doc] = bodyCounts[i];
        for (const e = q + placeCounts[i]; q < e; q++) {
          const id = placeIds[q];
          placeDocs[placeCursor[id]++] = doc;
          if (seen[id] !== mark) {
            seen[id] = mark;
            df[id]++;
          }
        }
        placeLength[doc] = placeCounts[i];
        for (const e = g + gramCounts[i]; g < e; g++) gramDocs[gramCursor[gramIds[g]]++] = doc;
        gramLength[doc] = gramCounts[i];
      }
    }
    this.batches.length = 0;
    const body = compressPostings(bodyOffsets, bodyDocs, bodyTf);
    const grams = compressPostings(gramOffsets, gramDocs);
    return {
      docCount,
      terms,
      df,
      titleOffsets,
      titleDocs,
      titleTf,
      titleLength,
      bodyOffsets: body.offsets,
      bodyCount: body.counts,
      bodyPostings: body.bytes,
      bodyLength,
      placeOffsets,
      placeDocs,
      placeLength,
      gramKeys,
      gramOffsets: grams.offsets,
      gramCount: grams.counts,
      gramPostings: grams.bytes,
      gramLength,
    };
  }
}

/** Bytes of a LEB128 varint. */
function varintBytes(value: number): number {
  let n = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 128);
    n++;
  }
  return n;
}

function writeVarint(out: Uint8Array, at: number, value: number): number {
  while (value >= 0x80) {
    out[at++] = (value & 0x7f) | 0x80;
    value = Math.floor(value / 128);
  }
  out[at++] = value;
  return at;
}

/**
 * CSR postings (documents ascending per key, optional term frequencies) as varint gaps: per key a
 * byte offset and a count. With frequencies, a posting is (gap << 1 | tf > 1) then tf − 2 if set.
 */
export function compressPostings(
  offsets: Uint32Array,
  docs: Uint32Array,
  tf?: Uint16Array,
): { offsets: Uint32Array; counts: Uint32Array; bytes: Uint8Array } {
  const keys = offsets.length - 1;
  const counts = u32(keys);
  const byteOffsets = u32(keys + 1);
  const value = (p: number, prev: number) => (tf ? (docs[p] - prev) * 2 + (tf[p] > 1 ? 1 : 0) : docs[p] - prev);
  let size = 0;
  for (let k = 0; k < keys; k++) {
    byteOffsets[k] = size;
    counts[k] = offsets[k + 1] - offsets[k];
    let prev = 0;
    for (let p = offsets[k]; p < offsets[k + 1]; p++) {
      size += varintBytes(value(p, prev));
      if (tf && tf[p] > 1) size += varintBytes(tf[p] - 2);
      prev = docs[p];
    }
  }
  byteOffsets[keys] = size;
  const bytes = new Uint8Array(size);
  let at = 0;
  for (let k = 0; k < keys; k++) {
    let prev = 0;
    for (let p = offsets[k]; p < offsets[k + 1]; p++) {
      at = writeVarint(bytes, at, value(p, prev));
      if (tf && tf[p] > 1) at = writeVarint(bytes, at, tf[p] - 2);
      prev = docs[p];
    }
  }
  return { offsets: byteOffsets, counts, bytes };
}

/** The documents of one key's varint postings (without frequencies: `withTf` false), ascending. */
export function decodeDocs(bytes: Uint8Array, from: number, count: number, withTf: boolean): Uint32Array {
  const docs = u32(count);
  let p = from;
  let doc = 0;
  for (let i = 0; i < count; i++) {
    let v = bytes[p++];
    if (v >= 0x80) {
      v &= 0x7f;
      let shift = 7;
      let b: number;
      do {
        b = bytes[p++];
        v += (b & 0x7f) * 2 ** shift;
        shift += 7;
      } while (b >= 0x80);
    }
    if (withTf) {
      if (v % 2 === 1) while (bytes[p++] >= 0x80);
      v = Math.floor(v / 2);
    }
    doc += v;
    docs[i] = doc;
  }
  return docs;
}

/** to[from[i]] for every i. */
function compose(from: Uint32Array, to: Uint32Array): Uint32Array {
  const out = u32(from.length);
  for (let i = 0; i < from.length; i++) out[i] = to[from[i]];
  return out;
}

/**
 * Distinct uint32 keys sorted ascending, and each key's position in that order (by its index in
 * `keys`): two counting-sort passes over 16-bit halves, linear where a search per key is not.
 */
export function sortKeys(keys: Uint32Array): { sorted: Uint32Array; rank: Uint32Array } {
  const n = keys.length;
  let order = u32(n);
  let next = u32(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const counts = u32(1 << 16);
  for (const shift of [0, 16]) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(keys[i] >>> shift) & 0xffff]++;
    let sum = 0;
    for (let d = 0; d < counts.length; d++) {
      const c = counts[d];
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = order[i];
      next[counts[(keys[k] >>> shift) & 0xffff]++] = k;
    }
    [order, next] = [next, order];
  }
  const sorted = u32(n);
  const rank = next; // reused: every slot is written below
  for (let r = 0; r < n; r++) {
    sorted[r] = keys[order[r]];
    rank[order[r]] = r;
  }
  return { sorted, rank };
}

function remap(ids: Uint32Array, to: Uint32Array): void {
  for (let i = 0; i < ids.length; i++) ids[i] = to[ids[i]];
}

function count(ids: Uint32Array, counts: Uint32Array): void {
  for (let i = 0; i < ids.length; i++) counts[ids[i]]++;
}

/** counts[0..n-1] → offsets[0..n] (counts has n+1 slots; the last is ignored). */
function prefixSums(counts: Uint32Array): Uint32Array {
  const offsets = u32(counts.length);
  let sum = 0;
  for (let i = 0; i < counts.length - 1; i++) {
    offsets[i] = sum;
    sum += counts[i];
  }
  offsets[counts.length - 1] = sum;
  return offsets;
}

/** First position in a sorted array whose value is ≥ key. */
export function lowerBound(sorted: Uint32Array, key: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Position of a term in the sorted vocabulary, or -1. */
export function findTerm(terms: readonly string[], term: string): number {
  let lo = 0;
  let hi = terms.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (terms[mid] < term) lo = mid + 1;
    else hi = mid;
  }
  return lo < terms.length && terms[lo] === term ? lo : -1;
}

/** Decoded varint postings, per index, for the last few hundred keys asked about (membership tests). */
const decodedPostings = new WeakMap<Uint8Array, Map<number, Uint32Array>>();
const DECODED_KEYS = 512;

/** The documents of key `at` in varint postings (body: with frequencies), decoded once and kept a while. */
function docsOf(bytes: Uint8Array, offsets: Uint32Array, counts: Uint32Array, at: number, withTf: boolean): Uint32Array {
  let cache = decodedPostings.get(bytes);
  if (!cache) decodedPostings.set(bytes, (cache = new Map<number, Uint32Array>()));
  let docs = cache.get(at);
  if (docs) {
    cache.delete(at);
  } else {
    docs = decodeDocs(bytes, offsets[at], counts[at], withTf);
    if (cache.size >= DECODED_KEYS) cache.delete(cache.keys().next().value as number);
  }
  cache.set(at, docs);
  return docs;
}

/** Is `doc` in the sorted docs[from, to)? */
function sortedHas(docs: Uint32Array, from: number, to: number, doc: number): boolean {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (docs[mid] < doc) lo = mid + 1;
    else hi = mid;
  }
  return lo < to && docs[lo] === doc;
}

/** Does article `doc` have term `id` in its body? */
export function bodyHas(data: IndexData, id: number, doc: number): boolean {
  const docs = docsOf(data.bodyPostings, data.bodyOffsets, data.bodyCount, id, true);
  return sortedHas(docs, 0, docs.length, doc);
}

/** Does article `doc` have term `id` in its headline (kicker, headline, subtitle)? */
export function titleHas(data: IndexData, id: number, doc: number): boolean {
  return sortedHas(data.titleDocs, data.titleOffsets[id], data.titleOffsets[id + 1], doc);
}

/** Does article `doc` have the bigram at position `at` of gramKeys? */
export function gramHas(data: IndexData, at: number, doc: number): boolean {
  const docs = docsOf(data.gramPostings, data.gramOffsets, data.gramCount, at, false);
  return sortedHas(docs, 0, docs.length, doc);
}
