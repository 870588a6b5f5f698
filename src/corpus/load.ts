/**
 * Load a corpus folder: every page file (.txt pages, Markdown, JSON/JSONL) under it, recursively,
 * in path order. Bad files are skipped with a warning naming them; only a missing folder fails.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { preferLocalCity } from "./city.js";
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
   * taken to speak for it, so a county-level city it mentions twice (临清市) does not take over 我市.
   */
  localCity?: string;
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
 * Identical items (same headline and body) are kept once, in path order.
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
  const warn = (file: string, reason: string) => {
    const w = { file, reason };
    warnings.push(w);
    options.onWarning?.(w);
  };

  const articles: Article[] = [];
  const seen = new Map<string, string>(); // headline+body → source that had it first
  let pages = 0;

  const files = await listPageFiles(dir, warn);
  for (const rel of files) {
    const full = path.join(dir, ...rel.split("/"));
    const loader = loaderFor(path.basename(rel));
    if (!loader) continue;

    let bytes: Buffer;
    try {
      const st = await stat(full);
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

    const parsed = loader.parse(decoded.text, { source: rel, meta });
    if (options.localCity && !meta.city) preferLocalCity(parsed.articles, decoded.text, options.localCity);
    for (const reason of parsed.warnings) warn(rel, reason);

    let added = 0;
    const duplicateOf = new Set<string>();
    for (const article of parsed.articles) {
      const key = `${article.headline}\u0000${article.body}`;
      const first = seen.get(key);
      if (first !== undefined) {
        duplicateOf.add(first);
        continue;
      }
      seen.set(key, rel);
      articles.push(article);
      added++;
    }
    const dropped = parsed.articles.length - added;
    if (dropped > 0) warn(rel, `${dropped} item(s) duplicate items of ${[...duplicateOf].join(", ")}; skipped`);
    if (parsed.articles.length === 0 && parsed.warnings.length === 0) warn(rel, "no items found");
    if (added > 0) pages++;
  }
  // An empty library is allowed (the bot still starts, /reload fills it), but never silently.
  if (articles.length === 0) {
    warn(".", files.length === 0 ? `no page files (${LOADERS.flatMap((l) => l.extensions).join(", ")}) in the folder` : "no items in any page file");
  }
  return { articles, warnings, pages };
}
