import type { Article, PageMeta, ParseOptions } from "../types.js";

/** What a format loader knows about the file it reads. */
export interface LoaderContext extends ParseOptions {
  /** Path relative to the corpus folder, with "/" separators (ids are derived from it). */
  source: string;
  /** Sidecar metadata (`<name>.meta.json`), or {}. */
  meta: PageMeta;
}

/** Items read from one file, and notes about what was skipped (without the file name). */
export interface LoadedFile {
  articles: Article[];
  warnings: string[];
}

/** One corpus file format. Loaders never throw on bad content: they skip and warn. */
export interface FormatLoader {
  readonly name: string;
  /** Lower-case file name endings, with the dot (".txt"). */
  readonly extensions: readonly string[];
  parse(text: string, context: LoaderContext): LoadedFile;
}
