import type { Article, LoadWarning } from "../corpus/types.js";
import type { SearchEngine } from "../search/types.js";

/** What a reload did, for the admin who asked for it. */
export interface ReloadReport {
  before: number;
  after: number;
  /** Items that are new, and items that are gone (by id). */
  added: Pick<Article, "id" | "headline">[];
  removed: Pick<Article, "id" | "headline">[];
  /** The load's warnings; a duplicate already reported by the previous load is left out. */
  warnings: LoadWarning[];
  /** Wall time of the whole reload, in milliseconds. */
  ms: number;
}

/** The live corpus: the engine that answers now, and the way to replace it. */
export interface NewsLibrary {
  /** The engine answering questions right now. Read it per request: a reload swaps it. */
  readonly engine: SearchEngine;
  readonly corpusDir: string;
  /** Page files behind the current engine. */
  readonly pages: number;
  /** When the current engine was built or loaded. */
  readonly loadedAt: Date;
  /** Warnings of the last successful load. */
  readonly warnings: readonly LoadWarning[];
  readonly reloading: boolean;
  /**
   * Re-read the corpus and swap the engine atomically. The old engine answers until the swap.
   * Rejects with ReloadBusyError while another reload runs, and with ReloadError (old engine kept)
   * when the corpus cannot be read or would leave nothing.
   */
  reload(): Promise<ReloadReport>;
  /**
   * The library file that already holds a page (most of its items, near-duplicates included),
   * for an upload preview: 「这一版已在资料库中（与 X 相同）」.
   */
  findDuplicate?(
    articles: readonly Pick<Article, "headline" | "body">[],
  ): { file: string; headline: string; matched: number; total: number } | undefined;
}

export class ReloadBusyError extends Error {
  constructor() {
    super("library: a reload is already running");
    this.name = "ReloadBusyError";
  }
}

export class ReloadError extends Error {
  constructor(
    message: string,
    readonly warnings: LoadWarning[] = [],
  ) {
    super(`library: ${message}`);
    this.name = "ReloadError";
  }
}
