import type { Gazetteer } from "../places/gazetteer.js";
import type { DateSource } from "./dates.js";

export type { DateSource } from "./dates.js";

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
  /** ISO date (YYYY-MM-DD) or null when nothing says. */
  date: string | null;
  /**
   * What the date rests on: the item's dateline, metadata, a date in the file name, or only the
   * day the file was uploaded (its modification time: the least reliable).
   */
  dateSource?: DateSource | null;
  /** Clean text, paragraphs separated by "\n". */
  body: string;
  /** File path relative to the corpus folder, with "/" separators (answers call it `file`). */
  source: string;
  /**
   * The article's city (what its 我市/本市 mean, which city it is about), without 市: from its
   * dateline or byline, the places it names and the page's metadata (see city.ts).
   */
  city?: string | null;
  /** The NBS code of that city (3715 for 聊城) when the gazetteer knows it. */
  cityCode?: string | null;
  /**
   * The counties, cities and provinces the article names, by NBS code with their mention counts,
   * most mentioned first ("371526:6 3715:2"): a town counts for its county.
   */
  places?: string | null;
  /** Where the item can be read online, when the metadata says. */
  url?: string | null;
  /** The publication (newspaper, site) named by the metadata, e.g. 聊城日报. */
  publication?: string | null;
  /** The page or edition the metadata names (A03, 第3版), when known. */
  edition?: string | null;
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
  /** The publication, e.g. 聊城日报 (sidecar key "publication", or "source" as before). */
  source?: string;
  url?: string;
  /** The page or edition (sidecar key "page" or "edition"). */
  edition?: string;
  /** Per-item facts, matched to items by headline or by position ("item", from 1). */
  items?: PageMetaItem[];
}

/** Facts the sidecar gives for one item of the page. */
export interface PageMetaItem {
  headline?: string;
  /** Position on the page, from 1 (when no headline is given). */
  item?: number;
  url?: string;
  edition?: string;
}

/** A file the loader skipped or only partly understood. */
export interface LoadWarning {
  /** Path relative to the corpus folder. */
  file: string;
  reason: string;
  /** Set when the warning is that the file repeats another (that file): reload reports list it once. */
  duplicateOf?: string;
}

export interface LoadResult {
  articles: Article[];
  warnings: LoadWarning[];
  /** Page files that produced at least one item. */
  pages: number;
}

/** What parsing a file needs beyond its text, path and sidecar. */
export interface ParseOptions {
  /** The paper's own city (LOCAL_CITY): what 我市 means on pages that do not say otherwise. */
  localCity?: string | null;
  /** The places (default: loadGazetteer() with newsbot's corpus/places.tsv). */
  gazetteer?: Gazetteer;
  /** The day the file was uploaded (its mtime), YYYY-MM-DD: the date of last resort. */
  uploadDate?: string | null;
}
