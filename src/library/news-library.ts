import type { Article, LoadWarning } from "../corpus/types.js";
import type { SearchEngine } from "../search/types.js";

/** What a reload did, for the admin who asked for it. */
export interface ReloadReport {
  before: number;
  after: number;
  /** Items that are new, and items that are gone (by id). */
  added: Pick<Article, "id" | "headline">[];
  removed: Pick<Article, "id" | "headline">[];
  warnings: LoadWarning[];
  /** Wall time of the whole reload, in milliseconds. */
  ms: number;
  /** Set by the corpus sync: false when the other instances could not be told (see corpus-sync.ts). */
  announced?: boolean;
}

/** How far the running reload is: what a status message shows while it works. */
export interface ReloadProgress {
  /** reading: the corpus or the snapshot; building: the index (done/total articles); saving: the snapshot. */
  phase: "reading" | "building" | "saving";
  /** Articles analysed so far, and in all (building only; 0 before). */
  done: number;
  total: number;
  /** When this reload started (ms since the epoch). */
  startedAt: number;
  /** When the building phase started (ms since the epoch), for the time-left estimate. */
  buildStartedAt?: number;
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
  /** A reload is running now. */
  readonly reloading: boolean;
  /** The running reload's progress, or null when none runs. */
  readonly reloadProgress: ReloadProgress | null;
  /**
   * Re-read the corpus and swap the engine atomically; the old engine answers until the swap.
   * Requests made while a reload runs are coalesced into exactly one follow-up reload, which
   * starts when the running one ends, so a page saved during a reload is always picked up; they
   * all resolve with the follow-up's report. Rejects with ReloadError (old engine kept) when the
   * corpus cannot be read or would leave nothing.
   */
  reload(): Promise<ReloadReport>;
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
