/**
 * The articles an index is built from: the corpus as loaded, each with the city it speaks for
 * (the paper's own when the page does not say). Shared by the in-thread build and the build
 * process, so both index the same articles.
 */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { DEFAULT_MAX_FILE_BYTES, loadCorpus, loaderFor } from "../corpus/load.js";
import type { Article, LoadResult, LoadWarning } from "../corpus/types.js";

export async function readCorpusArticles(
  corpusDir: string,
  options: { localCity: string; onWarning?: (w: LoadWarning) => void },
): Promise<LoadResult> {
  const result = await loadCorpus(corpusDir, { onWarning: options.onWarning, localCity: options.localCity });
  const articles: Article[] = result.articles.map((a) => (a.city ? a : { ...a, city: options.localCity }));
  return { ...result, articles };
}

/**
 * Bytes of the page files the loader would read under a corpus folder (dot entries, files that are
 * not pages and files over the loader's size cap left out): decides whether a build is worth a
 * process of its own before anything is parsed.
 */
export async function corpusBytes(corpusDir: string): Promise<number> {
  let total = 0;
  const walk = async (dir: string) => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (loaderFor(entry.name)) {
        const size = await stat(full).then(
          (s) => (s.isFile() ? s.size : 0),
          () => 0,
        );
        if (size <= DEFAULT_MAX_FILE_BYTES) total += size;
      }
    }
  };
  await walk(corpusDir);
  return total;
}

/** Each warning once (a file can be warned about by the loader and again by a later step). */
export function dedupeWarnings(warnings: LoadWarning[]): LoadWarning[] {
  const seen = new Set<string>();
  return warnings.filter((w) => {
    const key = `${w.file}\u0000${w.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
