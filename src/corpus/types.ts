/** One item of the paper: an article or a captioned photo. */
export interface Article {
  /** Stable across runs: derived from the source path and the item's position/headline. */
  id: string;
  kind: "article" | "photo";
  headline: string;
  /** 引题: the line above the main headline, or null. */
  kicker: string | null;
  /** 副题: the line below the main headline (without its leading ——), or null. */
  subtitle: string | null;
  byline: string | null;
  /** ISO date (YYYY-MM-DD) or null when the page does not say. */
  date: string | null;
  /** Clean text, paragraphs separated by "\n". */
  body: string;
  /** File path relative to the corpus folder, with "/" separators. */
  source: string;
  /** The city the page speaks for (its 我市/本市), when known: from metadata or inferred. */
  city?: string | null;
  /** Where the item can be read online, when the metadata says. */
  url?: string | null;
  /** The publication (newspaper, site) named by the metadata, e.g. 聊城日报. */
  publication?: string | null;
}

/**
 * Facts about a page that its text may not carry: from a `<page>.meta.json` sidecar or Markdown
 * front matter. Every field is optional; what is given wins over what is inferred from the text.
 */
export interface PageMeta {
  /** Issue date, YYYY-MM-DD: supplies the year of datelines, and is the date of undated items. */
  date?: string;
  /** Year of the issue, when the exact date is unknown. */
  year?: number;
  /** The city the page speaks for (without 市). */
  city?: string;
  /** The publication, e.g. 聊城日报. */
  source?: string;
  url?: string;
}

/** A file the loader skipped or only partly understood. */
export interface LoadWarning {
  /** Path relative to the corpus folder. */
  file: string;
  reason: string;
}

export interface LoadResult {
  articles: Article[];
  warnings: LoadWarning[];
  /** Page files that produced at least one item. */
  pages: number;
}
