/**
 * Near-duplicate items: a reprint, the same page under another file name, a corrected version.
 * Each item's text (headline and body, spaces and punctuation skipped) is cut into overlapping
 * character 5-grams; its sketch is the SKETCH_SIZE smallest of their hashes (bottom-k MinHash),
 * and two sketches estimate the Jaccard similarity of the texts: of the SKETCH_SIZE smallest hashes
 * of both texts together, the share found in both. Only the BAND smallest values of each sketch
 * are indexed: two texts alike enough share one of them almost surely (for Jaccard 0.8, all 8
 * differ with odds of about 1 in 400,000), so an archive is checked in one pass at 8 postings an
 * item, never pair by pair. One pass over the text's characters makes the sketch and an exact key
 * (a hash of the body), with no copy of the text.
 */

/** Characters per shingle: long enough that unrelated news rarely shares one. */
export const SHINGLE_CHARS = 5;
/** Hashes kept per sketch. */
export const SKETCH_SIZE = 64;
/** Estimated Jaccard similarity from which two items are one story. */
export const NEAR_DUPLICATE = 0.8;
/** Smallest values of a sketch that the index holds and a look-up tries. */
const BAND = 8;
/** Texts with fewer shingles than this (a one-line caption) are never called duplicates. */
export const MIN_SHINGLES = 20;
/** Sketch values shared by more items than this are boilerplate (本报讯（记者…): not a clue. */
const MAX_POSTINGS = 48;

/** Characters that do not count: spaces, punctuation, symbols (a table, built once). */
let skipTable: Uint8Array | undefined;
function skips(): Uint8Array {
  if (!skipTable) {
    skipTable = new Uint8Array(0x10000);
    const re = /[\s\p{P}\p{S}]/u;
    for (let c = 0; c < 0x10000; c++) if ((c < 0xd800 || c > 0xdfff) && re.test(String.fromCharCode(c))) skipTable[c] = 1;
  }
  return skipTable;
}

/** Base of the rolling shingle hash, and its SHINGLE_CHARS-th power (mod 2^32). */
const BASE = 0x01000193;
const BASE_OUT = (() => {
  let p = 1;
  for (let i = 0; i < SHINGLE_CHARS; i++) p = Math.imul(p, BASE);
  return p;
})();

/** A text's sketch: its smallest distinct shingle hashes, ascending (fewer for a short text). */
export interface Sketch {
  values: Uint32Array;
  /** How many shingles the text had. */
  shingles: number;
}

/** Values gathered before they are sorted down to the smallest SKETCH_SIZE distinct ones. */
const BUFFER = 4 * SKETCH_SIZE;

/**
 * Keeps the smallest distinct values pushed: values below the current limit are gathered, and
 * every BUFFER of them sorted (natively) down to the smallest SKETCH_SIZE distinct ones, which
 * lowers the limit; most values of a long text fail the limit and cost one comparison.
 */
class BottomK {
  private readonly buffer = new Uint32Array(BUFFER);
  private count = 0;
  /** Values from this one up cannot enter (the largest kept, once SKETCH_SIZE are). */
  limit = 0x100000000;

  push(v: number): void {
    this.buffer[this.count++] = v;
    if (this.count === BUFFER) this.compact();
  }

  private compact(): void {
    const sorted = this.buffer.subarray(0, this.count).sort();
    let kept = 0;
    for (let i = 0; i < sorted.length && kept < SKETCH_SIZE; i++) {
      if (kept > 0 && sorted[i] === this.buffer[kept - 1]) continue;
      this.buffer[kept++] = sorted[i];
    }
    this.count = kept;
    if (kept === SKETCH_SIZE) this.limit = this.buffer[kept - 1];
  }

  values(): Uint32Array {
    this.compact();
    return this.buffer.slice(0, this.count);
  }
}

/** An item's sketch, and a key equal for equal bodies (spacing and punctuation aside). */
export interface ItemPrint {
  sketch: Sketch;
  exactKey: string;
}

/** The sketch of an item's headline and body, and its body's exact key: one pass, no copies. */
export function printOf(headline: string, body: string): ItemPrint {
  const skip = skips();
  const bottom = new BottomK();
  const window = new Uint16Array(SHINGLE_CHARS);
  let seen = 0;
  let rolling = 0;
  // Two independent 32-bit hashes of the body's characters: a collision needs both to agree.
  let exactA = 0x811c9dc5;
  let exactB = 0x9e3779b9;
  let bodyChars = 0;
  for (let part = 0; part < 2; part++) {
    const text = part === 0 ? headline : body;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (skip[c]) continue;
      if (part === 1) {
        exactA = Math.imul(exactA ^ c, 0x01000193);
        exactB = Math.imul(exactB ^ c, 0x85ebca6b) ^ (exactB >>> 15);
        bodyChars++;
      }
      const slot = seen % SHINGLE_CHARS;
      const out = seen >= SHINGLE_CHARS ? window[slot] : 0;
      window[slot] = c;
      rolling = (Math.imul(rolling, BASE) + c - Math.imul(out, BASE_OUT)) | 0;
      seen++;
      if (seen < SHINGLE_CHARS) continue;
      // Spread the polynomial hash (murmur3's finalizer) so its smallest values are random.
      let h = rolling ^ (rolling >>> 16);
      h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h = (h ^ (h >>> 16)) >>> 0;
      if (h < bottom.limit) bottom.push(h);
    }
  }
  return {
    sketch: { values: bottom.values(), shingles: Math.max(0, seen - SHINGLE_CHARS + 1) },
    exactKey: `${exactA >>> 0}:${exactB >>> 0}:${bodyChars}`,
  };
}

/** The sketch of a text (any script; spaces and punctuation do not count). */
export function sketchOf(text: string): Sketch {
  return printOf("", text).sketch;
}

/** The sketch of an item (its headline and body). */
export function sketchOfItem(item: { headline: string; body: string }): Sketch {
  return printOf(item.headline, item.body).sketch;
}

/** Estimated Jaccard similarity of the two texts behind two sketches (0–1). */
export function similarity(a: Sketch, b: Sketch): number {
  const x = a.values;
  const y = b.values;
  let i = 0;
  let j = 0;
  let taken = 0;
  let both = 0;
  // The SKETCH_SIZE smallest of the union, walked in order: how many are in both.
  while (taken < SKETCH_SIZE && (i < x.length || j < y.length)) {
    if (j >= y.length || (i < x.length && x[i] < y[j])) i++;
    else if (i >= x.length || y[j] < x[i]) j++;
    else {
      both++;
      i++;
      j++;
    }
    taken++;
  }
  return taken === 0 ? 0 : both / taken;
}

/** Whether a sketch is long enough to be judged a duplicate at all. */
export function judgeable(sketch: Sketch): boolean {
  return sketch.shingles >= MIN_SHINGLES;
}

/** Sketches indexed for finding the near-duplicates of new ones. */
export class DuplicateIndex {
  private readonly sketches: Sketch[] = [];
  private readonly postings = new Map<number, number[]>();

  /** Add a sketch; returns its number. */
  add(sketch: Sketch): number {
    const n = this.sketches.push(sketch) - 1;
    if (!judgeable(sketch)) return n;
    for (let i = 0; i < Math.min(BAND, sketch.values.length); i++) {
      const v = sketch.values[i];
      const list = this.postings.get(v);
      if (!list) this.postings.set(v, [n]);
      else if (list.length <= MAX_POSTINGS) list.push(n);
    }
    return n;
  }

  get size(): number {
    return this.sketches.length;
  }

  /** Indexed sketches at least `threshold` similar to this one, most similar first. */
  similar(sketch: Sketch, threshold = NEAR_DUPLICATE): { n: number; similarity: number }[] {
    if (!judgeable(sketch)) return [];
    const tried = new Set<number>();
    const out: { n: number; similarity: number }[] = [];
    for (let i = 0; i < Math.min(BAND, sketch.values.length); i++) {
      const list = this.postings.get(sketch.values[i]);
      if (!list || list.length > MAX_POSTINGS) continue;
      for (const n of list) {
        if (tried.has(n)) continue;
        tried.add(n);
        const s = similarity(sketch, this.sketches[n]);
        if (s >= threshold) out.push({ n, similarity: s });
      }
    }
    return out.sort((a, b) => b.similarity - a.similarity || a.n - b.n);
  }
}

/** An item as the duplicate pass sees it. */
export interface DuplicateCandidate {
  headline: string;
  body: string;
  /** Its date when something on the page says it (not an upload date), else null. */
  date: string | null;
  /** How many source facts it carries (url, publication, edition). */
  facts: number;
  /** The file it came from, and when that file was written (ms). */
  file: string;
  mtimeMs: number;
}

/**
 * Which copy of a story answers: the one dated later (a dated copy before an undated one), then
 * the longer text (the more complete), then the one with more source facts, then the file
 * written later (a corrected upload). An exact copy of the same date never displaces the one
 * there first (earlier written, then earlier in path order), so links to it stay valid.
 */
export function betterCopy(a: DuplicateCandidate, b: DuplicateCandidate, exact: boolean): boolean {
  if (a.date !== b.date && (!exact || (a.date && b.date))) return (a.date ?? "") > (b.date ?? "");
  if (exact) return a.mtimeMs < b.mtimeMs - 1000;
  const la = a.headline.length + a.body.length;
  const lb = b.headline.length + b.body.length;
  if (la !== lb) return la > lb;
  if (a.facts !== b.facts) return a.facts > b.facts;
  return a.mtimeMs > b.mtimeMs;
}

/**
 * Group items into stories: for each item, the index of the copy that answers for it (itself
 * when it is the best copy or has none). Items are taken in the order given (path order).
 */
export function chooseCopies(items: DuplicateCandidate[]): number[] {
  const index = new DuplicateIndex();
  const keeper: number[] = [];
  const exactKeys: string[] = [];
  const exactSeen = new Map<string, number>();
  items.forEach((item, i) => {
    const print = printOf(item.headline, item.body);
    const sketch = print.sketch;
    // A short caption is the same item only with the same headline too (two photos may share one).
    const exactKey = judgeable(sketch) ? print.exactKey : `${print.exactKey}\u0000${item.headline}`;
    exactKeys.push(exactKey);
    // The same body (whatever the headline) is an exact copy; else a near one, by sketch.
    let group = exactSeen.get(exactKey);
    if (group === undefined) {
      index.add(sketch);
      group = index.similar(sketch).find((m) => m.n !== i)?.n;
      exactSeen.set(exactKey, i);
    } else {
      index.add({ values: new Uint32Array(0), shingles: 0 }); // numbered in step, never matched
    }
    if (group === undefined) {
      keeper.push(i);
      return;
    }
    const best = keeper[group];
    if (betterCopy(item, items[best], exactKeys[best] === exactKey)) {
      // The new copy answers from now on, for every item of the story.
      for (let k = 0; k < keeper.length; k++) if (keeper[k] === best) keeper[k] = i;
      keeper.push(i);
    } else {
      keeper.push(best);
    }
  });
  return keeper;
}
