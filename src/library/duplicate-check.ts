/**
 * Is a page already in the library? Its items are matched against the library's by near-duplicate
 * sketch (corpus/duplicates.ts); the library's sketches are made once per engine, on the first
 * check (an upload preview), not at load. Also: a reload's report names each duplicate once.
 */
import { DuplicateIndex, judgeable, sketchOfItem } from "../corpus/duplicates.js";
import type { Article, LoadWarning } from "../corpus/types.js";

/** A page found in the library: the file holding most of its items. */
export interface DuplicateMatch {
  /** The library's file (relative to the corpus folder). */
  file: string;
  /** Headline of the first matching item there. */
  headline: string;
  /** Items of the page found in that file, of those long enough to judge. */
  matched: number;
  total: number;
}

const indexes = new WeakMap<readonly Article[], DuplicateIndex>();

function indexOf(articles: readonly Article[]): DuplicateIndex {
  let index = indexes.get(articles);
  if (!index) {
    index = new DuplicateIndex();
    for (const article of articles) index.add(sketchOfItem(article));
    indexes.set(articles, index);
  }
  return index;
}

/**
 * The library file that already holds this page (most of its items, near-duplicates included),
 * or undefined. `library` is the engine's article list.
 */
export function findDuplicatePage(
  library: readonly Article[],
  page: readonly Pick<Article, "headline" | "body">[],
): DuplicateMatch | undefined {
  if (page.length === 0 || library.length === 0) return undefined;
  const index = indexOf(library);
  const byFile = new Map<string, { matched: number; headline: string }>();
  let total = 0;
  for (const item of page) {
    const sketch = sketchOfItem(item);
    if (!judgeable(sketch)) continue; // too short to judge
    total++;
    const best = index.similar(sketch)[0];
    if (!best) continue;
    const found = library[best.n];
    const entry = byFile.get(found.source) ?? { matched: 0, headline: found.headline };
    entry.matched++;
    byFile.set(found.source, entry);
  }
  let match: DuplicateMatch | undefined;
  for (const [file, { matched, headline }] of byFile) {
    if (!match || matched > match.matched) match = { file, headline, matched, total };
  }
  return match && match.matched * 2 >= total ? match : undefined;
}

/** A reload's warnings without the duplicate notices the previous load already gave. */
export function withoutKnownDuplicates(previous: readonly LoadWarning[], next: readonly LoadWarning[]): LoadWarning[] {
  const key = (w: LoadWarning) => `${w.file}\u0000${w.duplicateOf}`;
  const known = new Set(previous.filter((w) => w.duplicateOf !== undefined).map(key));
  return next.filter((w) => w.duplicateOf === undefined || !known.has(key(w)));
}
