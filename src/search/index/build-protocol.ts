/** Messages between the index build's main thread and its workers (build-index.ts, build-worker.ts). */
import type { IndexedText } from "./fields.js";
import type { AnalyzedBatch, IndexData } from "./index-data.js";

export type WorkerRole = ({ role: "segment"; dictionaries: string[] } | { role: "merge" }) & {
  /** Nice value for the worker's thread (Linux): above 0 lets the main thread's answers go first. */
  nice?: number;
};

export type ToWorker =
  | { type: "analyze"; start: number; articles: IndexedText[] }
  | { type: "add"; source: number; batch: AnalyzedBatch }
  | { type: "finish"; docCount: number };

export type FromWorker =
  | { type: "ready" }
  | { type: "analyzed"; batch: AnalyzedBatch }
  | { type: "added"; count: number }
  | { type: "finished"; data: Omit<IndexData, "terms">; terms: string }
  | { type: "failed"; message: string };

/** Terms travel as one string (one copy instead of a structured clone per term). */
export { TERM_SEPARATOR } from "./index-data.js";
