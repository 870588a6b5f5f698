/**
 * Load a corpus folder: every page file (.txt pages, Markdown, JSON/JSONL) under it, recursively,
 * in path order. Bad files are skipped with a warning naming them; only a missing folder fails.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { loadGazetteer, type Gazetteer } from "../places/gazetteer.js";
import { localIsoDate } from "./dates.js";
import { chooseCopies, type DuplicateCandidate } from "./duplicates.js";
import { decodeBytes } from "./encoding.js";
import { jsonLoader, jsonlLoader } from "./loaders/json.js";
import { markdownLoader } from "./loaders/markdown.js";
import { txtPageLoader } from "./loaders/txt-page.js";
import type { FormatLoader } from "./loaders/types.js";
import { META_SUFFIX, metaPathFor, readMeta } from "./meta.js";
import type { Article, LoadResult, LoadWarning } from "./types.js";

export interface LoadOptions {
  /** Called with each warning as it happens (they are also returned in the result). */
  onWarning?: (warning: LoadWarning) => void;
  /** Files larger than this many bytes are skipped with a warning (default 20 MB). */
  maxFileBytes?: number;
  /**
   * The paper's own city (LOCAL_CITY). A page that names it about as often as any other city is
   * taken to speak for it, and its items' 我市 mean it unless they came from elsewhere.
   */
  localCity?: string;
  /** The places (default: loadGazetteer() with newsbot's corpus/places.tsv). */
  gazetteer?: Gazetteer;
}

export const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024;

/** The loaders, one per format. */
export const LOADERS: readonly FormatLoader[] = [txtPageLoader, markdownLoader, jsonLoader, jsonlLoader];

/** Project files that may sit in a corpus folder but are never news (README.md, LICENSE.txt…). */
const NOT_NEWS_RE = /^(?:readme|license|licence|copying|changelog|changes|notice|contributing|authors|history)$/i;

/** The loader for a file name, or null for files that are not pages (ignored silently). */
export function loaderFor(fileName: string): FormatLoader | null {
  const lower = fileName.toLowerCase();
  if (lower.startsWith(".") || lower.endsWith(META_SUFFIX)) return null;
  const dot = lower.lastIndexOf(".");
  const stem = dot > 0 ? lower.slice(0, dot) : lower;
  if (NOT_NEWS_RE.test(stem)) return null;
  const ext = dot > 0 ? lower.slice(dot) : "";
  return LOADERS.find((l) => l.extensions.includes(ext)) ?? null;
}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException)?.code ?? "error";

/** Relative paths ("/"-separated) of the page files under `root`, sorted. Dot entries are skipped. */
async function listPageFiles(root: string, warn: (file: string, reason: string) => void): Promise<string[]> {
  const found: string[] = [];
  const walk = async (rel: string) => {
    let entries;
    try {
      entries = await readdir(path.join(root, rel), { withFileTypes: true });
    } catch (error) {
      warn(rel || ".", `folder unreadable (${errorCode(error)}); skipped`);
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue; // .newsbot/, .git/, editor files
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      // Symlinked folders are not followed (no loops); symlinked files are read like files.
      if (entry.isDirectory()) await walk(relPath);
      else if ((entry.isFile() || entry.isSymbolicLink()) && loaderFor(entry.name)) found.push(relPath);
    }
  };
  await walk("");
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Load every page under `dir`. Throws only when `dir` itself is missing or not a folder
 * ("corpus: folder not found: …"); every other problem is a warning and the rest loads. A load
 * that finds no items at all says so with a warning for ".".
 * Near-duplicate items (a reprint, the same page under another name, a corrected version) are
 * kept once, the newest or most complete copy (see duplicates.ts); each file that lost items to
 * another gets one warning naming it (`duplicateOf`).
 */
export async function loadCorpus(dir: string, options: LoadOptions = {}): Promise<LoadResult> {
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  let info;
  try {
    info = await stat(dir);
  } catch (error) {
    if (errorCode(error) === "ENOENT" || errorCode(error) === "ENOTDIR") throw new Error(`corpus: folder not found: ${dir}`);
    throw new Error(`corpus: cannot read folder ${dir} (${errorCode(error)})`);
  }
  if (!info.isDirectory()) throw new Error(`corpus: not a folder: ${dir}`);

  const warnings: LoadWarning[] = [];
  const report = (w: LoadWarning) => {
    warnings.push(w);
    options.onWarning?.(w);
  };
  const warn = (file: string, reason: string) => report({ file, reason });

  const gazetteer = options.gazetteer ?? loadGazetteer();
  const articles: Article[] = [];
  const copies: DuplicateCandidate[] = [];

  const files = await listPageFiles(dir, warn);
  // A bad line of the corpus folder's own places file, named like any other file's problem.
  const root = path.resolve(dir);
  for (const w of gazetteer.warnings) {
    const rel = path.relative(root, path.resolve(w.file));
    if (!rel.startsWith("..") && !path.isAbsolute(rel)) warn(rel.split(path.sep).join("/"), `line ${w.line}: ${w.message}`);
  }
  for (const rel of files) {
    const full = path.join(dir, ...rel.split("/"));
    const loader = loaderFor(path.basename(rel));
    if (!loader) continue;

    let bytes: Buffer;
    let mtimeMs = 0;
    try {
      const st = await stat(full);
      mtimeMs = st.mtimeMs;
      if (!st.isFile()) continue;
      if (st.size > maxBytes) {
        warn(rel, `too large (${(st.size / 1024 / 1024).toFixed(1)} MB, limit ${(maxBytes / 1024 / 1024).toFixed(1)} MB); skipped`);
        continue;
      }
      bytes = await readFile(full);
    } catch (error) {
      const code = errorCode(error);
      warn(rel, code === "ENOENT" ? "vanished while being read (or a broken link); skipped" : `unreadable (${code}); skipped`);
      continue;
    }
    const decoded = decodeBytes(bytes);
    if (!decoded.ok) {
      warn(rel, `${decoded.reason}; skipped`);
      continue;
    }
    if (decoded.warning) warn(rel, decoded.warning);

    const metaWarnings: string[] = [];
    const meta = await readMeta(full, metaWarnings);
    const metaRel = metaPathFor(rel);
    for (const reason of metaWarnings) warn(metaRel, reason);

    const parsed = loader.parse(decoded.text, {
      source: rel,
      meta,
      localCity: options.localCity,
      gazetteer,
      uploadDate: mtimeMs > 0 ? localIsoDate(new Date(mtimeMs)) : null,
    });
    for (const reason of parsed.warnings) warn(rel, reason);
    for (const article of parsed.articles) {
      articles.push(article);
      copies.push({
        headline: article.headline,
        body: article.body,
        date: article.dateSource === "upload" ? null : article.date,
        facts: [article.url, article.publication, article.edition].filter(Boolean).length,
        file: rel,
        mtimeMs,
      });
    }
    if (parsed.articles.length === 0 && parsed.warnings.length === 0) warn(rel, "no items found");
  }
  const kept = keepOneCopy(articles, copies, report);
  const pages = new Set(kept.map((a) => a.source)).size;
  // An empty library is allowed (the bot still starts, /reload fills it), but never silently.
  if (articles.length === 0) {
    warn(".", files.length === 0 ? `no page files (${LOADERS.flatMap((l) => l.extensions).join(", ")}) in the folder` : "no items in any page file");
  }
  return { articles: kept, warnings, pages };
}

/**
 * Items that are copies of others dropped, the best copy kept (in path order); one warning per
 * file that lost items, naming the file that answers for them.
 */
function keepOneCopy(articles: Article[], copies: DuplicateCandidate[], warn: (w: LoadWarning) => void): Article[] {
  const keeper = chooseCopies(copies);
  const lost = new Map<string, Map<string, number>>(); // file → file answering for its items → count
  keeper.forEach((k, i) => {
    if (k === i) return;
    const from = copies[i].file;
    const to = copies[k].file;
    const byFile = lost.get(from) ?? new Map<string, number>();
    byFile.set(to, (byFile.get(to) ?? 0) + 1);
    lost.set(from, byFile);
  });
  for (const [file, byFile] of lost) {
    for (const [other, count] of byFile) {
      // Near copies too (a corrected version, a reprint): the copy named answers for them.
      const where = other === file ? "other items of this file" : other;
      warn({ file, reason: `${count} item(s) duplicate items of ${where}; skipped`, duplicateOf: other });
    }
  }
  return articles.filter((_, i) => keeper[i] === i);
}
