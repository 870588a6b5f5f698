/**
 * Near-duplicate items: a reprint, the same page under another file name, a corrected version.
 * Each item's text (headline and body, without spaces and punctuation) is cut into overlapping
 * character 5-grams; its sketch is the SKETCH_SIZE smallest of their hashes (bottom-k MinHash),
 * and two sketches estimate the Jaccard similarity of the texts: of the SKETCH_SIZE smallest hashes
 * of both texts together, the share found in both. Candidates come from an inverted index over
 * sketch values, so an archive is checked in one pass, not pair by pair.
 */

/** Characters per shingle: long enough that unrelated news rarely shares one. */
export const SHINGLE_CHARS = 5;
/** Hashes kept per sketch. */
export const SKETCH_SIZE = 64;
/** Estimated Jaccard similarity from which two items are one story. */
export const NEAR_DUPLICATE = 0.8;
/** Texts with fewer shingles than this (a one-line caption) are never called duplicates. */
const MIN_SHINGLES = 20;
/** Sketch values shared by more items than this are boilerplate (本报讯（记者…): not a clue. */
const MAX_POSTINGS = 48;
/** A pair is compared only when its sketches share this many values (a quarter of them). */
const MIN_SHARED = SKETCH_SIZE / 4;

const NOT_TEXT = /[\s\p{P}\p{S}]+/gu;

/** 32-bit FNV-1a over the shingle's UTF-16 units, then a murmur3 finalizer for spread. */
function shingleHash(text: string, start: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < start + SHINGLE_CHARS; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A text's sketch: its smallest distinct shingle hashes, ascending (fewer for a short text). */
export interface Sketch {
  values: Uint32Array;
  /** How many shingles the text had. */
  shingles: number;
}

/** The sketch of a text (any script; spaces and punctuation do not count). */
export function sketchOf(text: string): Sketch {
  const squashed = text.replace(NOT_TEXT, "");
  const shingles = Math.max(0, squashed.length - SHINGLE_CHARS + 1);
  // A max-heap of the smallest hashes so far: most hashes fail the first comparison.
  const heap = new Uint32Array(SKETCH_SIZE);
  let size = 0;
  const has = (v: number) => {
    for (let i = 0; i < size; i++) if (heap[i] === v) return true;
    return false;
  };
  for (let i = 0; i < shingles; i++) {
    const v = shingleHash(squashed, i);
    if (size === SKETCH_SIZE && v >= heap[0]) continue;
    if (has(v)) continue;
    if (size < SKETCH_SIZE) {
      let k = size++;
      heap[k] = v;
      while (k > 0) {
        const parent = (k - 1) >> 1;
        if (heap[parent] >= heap[k]) break;
        [heap[parent], heap[k]] = [heap[k], heap[parent]];
        k = parent;
      }
      continue;
    }
    heap[0] = v;
    for (let k = 0; ; ) {
      const l = 2 * k + 1;
      const r = l + 1;
      let top = k;
      if (l < size && heap[l] > heap[top]) top = l;
      if (r < size && heap[r] > heap[top]) top = r;
      if (top === k) break;
      [heap[top], heap[k]] = [heap[k], heap[top]];
      k = top;
    }
  }
  return { values: heap.slice(0, size).sort(), shingles };
}

/** Estimated Jaccard similarity of the two texts behind two sketches (0–1). */
export function similarity(a: Sketch, b: Sketch): number {
  const x = a.values;
  const y = b.values;
  const k = Math.min(SKETCH_SIZE, new Set([...x, ...y]).size);
  if (k === 0) return 0;
  let i = 0;
  let j = 0;
  let taken = 0;
  let both = 0;
  while (taken < k && (i < x.length || j < y.length)) {
    if (j >= y.length || (i < x.length && x[i] < y[j])) i++;
    else if (i >= x.length || y[j] < x[i]) j++;
    else {
      both++;
      i++;
      j++;
    }
    taken++;
  }
  return both / k;
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
    for (const v of sketch.values) {
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
    const shared = new Map<number, number>();
    for (const v of sketch.values) {
      const list = this.postings.get(v);
      if (!list || list.length > MAX_POSTINGS) continue;
      for (const n of list) shared.set(n, (shared.get(n) ?? 0) + 1);
    }
    const need = Math.min(MIN_SHARED, Math.ceil(sketch.values.length / 4));
    const out: { n: number; similarity: number }[] = [];
    for (const [n, count] of shared) {
      if (count < need) continue;
      const s = similarity(sketch, this.sketches[n]);
      if (s >= threshold) out.push({ n, similarity: s });
    }
    return out.sort((a, b) => b.similarity - a.similarity || a.n - b.n);
  }
}

/** The text of an item that its sketch is made of. */
export function duplicateText(item: { headline: string; body: string }): string {
  return `${item.headline}\n${item.body}`;
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
  const exactKey = (c: DuplicateCandidate) => c.body.replace(NOT_TEXT, "");
  const exactSeen = new Map<string, number>();
  items.forEach((item, i) => {
    const key = exactKey(item);
    const sameText = key.length > 0 ? exactSeen.get(key) : undefined;
    // The same body (whatever the headline) is an exact copy; else a near one, by sketch.
    let group: number | undefined = sameText;
    if (group === undefined) {
      const sketch = sketchOf(duplicateText(item));
      index.add(sketch);
      group = index.similar(sketch).find((m) => m.n !== i)?.n;
    } else {
      index.add({ values: new Uint32Array(0), shingles: 0 });
    }
    if (key.length > 0 && !exactSeen.has(key)) exactSeen.set(key, i);
    if (group === undefined) {
      keeper.push(i);
      return;
    }
    const best = keeper[group];
    if (betterCopy(item, items[best], exactKey(items[best]) === key)) {
      // The new copy answers from now on, for every item of the story.
      for (let k = 0; k < keeper.length; k++) if (keeper[k] === best) keeper[k] = i;
      keeper.push(i);
    } else {
      keeper.push(best);
    }
  });
  return keeper;
}
