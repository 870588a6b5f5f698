/**
 * Building the index off the main thread: segment workers (one per core, each with its own jieba
 * and the same user dictionaries) analyse batches of articles; a merge worker collects them and
 * inverts the postings; the result comes back as transferable ArrayBuffers. The main thread only
 * hands out batches and forwards results, so it keeps answering questions during a rebuild.
 * Small corpora are analysed in this thread, in slices, yielding to the event loop between them
 * (a worker's jieba takes about a second to load, more than segmenting a small corpus).
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Article } from "../../corpus/types.js";
import type { FromWorker, ToWorker, WorkerRole } from "./build-protocol.js";
import type { IndexedText } from "./fields.js";
import {
  batchTransferList,
  IndexAccumulator,
  joinHalves,
  LocalAnalyzer,
  splitBatch,
  splitTerms,
  type AnalyzedBatch,
  type IndexData,
} from "./index-data.js";

export interface IndexBuildProgress {
  done: number;
  total: number;
}

export interface BuildDataOptions {
  /** User dictionaries for the workers' jieba (the main thread's are loaded by initSegmenter). */
  dictionaries?: string[];
  /**
   * Segment worker threads: default one per core (at most 4) for corpora of at least
   * `minCharsForWorkers` characters, else none; 0 analyses in this thread.
   */
  threads?: number;
  /** Below this many characters of text the build stays in this thread (default 3 million ≈ 3,000 articles). */
  minCharsForWorkers?: number;
  /** Articles per batch handed to a worker (default 200). */
  batchSize?: number;
  onProgress?: (progress: IndexBuildProgress) => void;
  /**
   * Nice value of the worker threads (Linux; default 0). A reload sets it above 0 so that questions
   * on the main thread are served before the build's work.
   */
  nice?: number;
  /** Each message between the build's worker threads, timed (diagnosing a stuck build); default: none. */
  debug?: (line: string) => void;
}

const DEFAULT_MIN_CHARS_FOR_WORKERS = 3_000_000;
/** Articles analysed in this thread between two yields to the event loop. */
const IN_THREAD_SLICE = 24;

/** The compiled worker script: beside this module, or in dist/ when running from sources (tests). */
export function workerScript(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const file of [join(here, "build-worker.js"), join(here, "..", "..", "..", "dist", "search", "index", "build-worker.js")]) {
    if (existsSync(file)) return file;
  }
  return undefined;
}

const slim = (a: Article): IndexedText => ({ kicker: a.kicker, headline: a.headline, subtitle: a.subtitle, body: a.body, city: a.city });

/** Segment workers of a large build when not told: one per core, at most 4. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

/** How many segment workers a build of these articles gets. */
export function plannedThreads(articles: readonly Article[], options: BuildDataOptions = {}): number {
  if (options.threads !== undefined) return Math.max(0, Math.floor(options.threads));
  let chars = 0;
  for (const a of articles) chars += a.body.length + a.headline.length;
  if (chars < (options.minCharsForWorkers ?? DEFAULT_MIN_CHARS_FOR_WORKERS)) return 0;
  return defaultThreads();
}

/**
 * Build workers started ahead of the articles (a build process starts them before it parses the
 * corpus, so their jieba loads meanwhile). Hand them to buildIndexData, or close() them.
 */
export class BuildWorkers {
  /** Two merge workers: one inverts the term postings, the other the bigrams (their finish runs in parallel). */
  readonly mergers: [Worker, Worker];
  readonly segmenters: Worker[];
  /** Workers that said "ready" before the build took them over. */
  readonly ready = new Set<Worker>();
  /** The first failure before the build took them over. */
  early?: Error;
  private readonly listeners = new Map<
    Worker,
    { message: (m: FromWorker) => void; error: (e: Error) => void; exit: (code: number) => void }
  >();

  constructor(threads: number, script: string, options: Pick<BuildDataOptions, "dictionaries" | "nice">) {
    const spawn = (role: WorkerRole) => {
      const worker = new Worker(script, { workerData: { ...role, nice: options.nice } });
      const message = (m: FromWorker) => {
        if (m.type === "ready") this.ready.add(worker);
        else if (m.type === "failed") this.early ??= new Error(`index build: ${m.message}`);
      };
      const error = (e: Error) => void (this.early ??= e);
      const exit = (code: number) => void (this.early ??= new Error(`index build: a worker stopped (exit code ${code})`));
      worker.on("message", message);
      worker.on("error", error);
      worker.on("exit", exit);
      this.listeners.set(worker, { message, error, exit });
      return worker;
    };
    this.mergers = [spawn({ role: "merge" }), spawn({ role: "merge" })];
    this.segmenters = Array.from({ length: threads }, () => spawn({ role: "segment", dictionaries: options.dictionaries ?? [] }));
  }

  get all(): Worker[] {
    return [...this.mergers, ...this.segmenters];
  }

  /** The build takes over: from here on it listens to the workers itself. */
  takeOver(): void {
    for (const [worker, { message, error, exit }] of this.listeners) {
      worker.off("message", message);
      worker.off("error", error);
      worker.off("exit", exit);
    }
    this.listeners.clear();
  }

  close(): void {
    this.takeOver();
    for (const w of this.all) void w.terminate();
  }
}

/** Start the workers a build of `threads` segmenters needs (undefined: no compiled worker script). */
export function startBuildWorkers(
  threads: number,
  options: Pick<BuildDataOptions, "dictionaries" | "nice"> = {},
): BuildWorkers | undefined {
  const script = workerScript();
  return script && threads > 0 ? new BuildWorkers(threads, script, options) : undefined;
}

/**
 * Build the compact index of these articles, in worker threads when it pays. `started` are
 * workers started ahead (startBuildWorkers); used when the build runs in workers, closed otherwise.
 */
export async function buildIndexData(
  articles: readonly Article[],
  options: BuildDataOptions = {},
  started?: BuildWorkers,
): Promise<IndexData> {
  const threads = plannedThreads(articles, options);
  const script = threads > 0 ? workerScript() : undefined;
  if (threads === 0 || !script) {
    started?.close();
    return buildInThread(articles, options);
  }
  const workers =
    started && started.segmenters.length === threads ? started : (started?.close(), new BuildWorkers(threads, script, options));
  return buildInWorkers(articles, workers, options);
}

/** In this thread, yielding to the event loop between slices. */
export async function buildInThread(articles: readonly Article[], options: BuildDataOptions = {}): Promise<IndexData> {
  const analyzer = new LocalAnalyzer();
  const accumulator = new IndexAccumulator();
  for (let start = 0; start < articles.length; start += IN_THREAD_SLICE) {
    accumulator.add(0, analyzer.analyzeBatch(start, articles.slice(start, start + IN_THREAD_SLICE)));
    options.onProgress?.({ done: Math.min(articles.length, start + IN_THREAD_SLICE), total: articles.length });
    await new Promise((r) => setImmediate(r));
  }
  return accumulator.finish(articles.length);
}

function buildInWorkers(articles: readonly Article[], started: BuildWorkers, options: BuildDataOptions): Promise<IndexData> {
  const total = articles.length;
  const batchSize = Math.max(1, options.batchSize ?? 200);
  started.takeOver();
  const workers = started.all;
  const { mergers, segmenters } = started;

  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | undefined, data?: IndexData) => {
      if (settled) return;
      settled = true;
      for (const w of workers) void w.terminate();
      if (error) reject(error);
      else resolve(data!);
    };
    const fail = (error: unknown) => finish(error instanceof Error ? error : new Error(String(error)));
    if (started.early) return fail(started.early);

    let next = 0;
    const inFlight = new Map<Worker, number>();

    const dispatch = (worker: Worker) => {
      while ((inFlight.get(worker) ?? 0) < 2 && next < total) {
        const start = next;
        next = Math.min(total, next + batchSize);
        const message: ToWorker = { type: "analyze", start, articles: articles.slice(start, next).map(slim) };
        worker.postMessage(message);
        inFlight.set(worker, (inFlight.get(worker) ?? 0) + 1);
      }
    };

    for (const worker of workers) {
      worker.on("error", fail);
      worker.on("exit", (code) => {
        if (!settled) fail(new Error(`index build: a worker stopped (exit code ${code})`));
      });
    }

    segmenters.forEach((worker, source) => {
      worker.on("message", (message: FromWorker) => {
        if (message.type === "failed") return fail(new Error(`index build: ${message.message}`));
        options.debug?.(`[build ${(performance.now() - t0).toFixed(0)}ms] segmenter ${source}: ${message.type}`);
        if (message.type === "ready") return dispatch(worker);
        if (message.type !== "analyzed") return;
        inFlight.set(worker, (inFlight.get(worker) ?? 1) - 1);
        const batch: AnalyzedBatch = message.batch;
        const [terms, grams] = splitBatch(batch);
        mergers[0].postMessage({ type: "add", source, batch: terms } satisfies ToWorker, batchTransferList(terms));
        mergers[1].postMessage({ type: "add", source, batch: grams } satisfies ToWorker, batchTransferList(grams));
        dispatch(worker);
      });
    });

    const merged = [0, 0];
    const halves: (IndexData | undefined)[] = [undefined, undefined];
    const finishAll = () => {
      for (const merger of mergers) merger.postMessage({ type: "finish", docCount: total } satisfies ToWorker);
    };
    mergers.forEach((merger, m) => {
      merger.on("message", (message: FromWorker) => {
        options.debug?.(`[build ${(performance.now() - t0).toFixed(0)}ms] merger ${m}: ${message.type}`);
        if (message.type === "failed") return fail(new Error(`index build: ${message.message}`));
        if (message.type === "added") {
          merged[m] += message.count;
          // Progress by the slower of the two.
          options.onProgress?.({ done: Math.min(merged[0], merged[1]), total });
          if (merged[0] === total && merged[1] === total) finishAll();
        } else if (message.type === "finished") {
          const data = message.data;
          splitTerms(message.terms).then((terms) => {
            halves[m] = { ...data, terms };
            if (halves[0] && halves[1]) finish(undefined, joinHalves(halves[0], halves[1]));
          }, fail);
        }
      });
    });
    // Workers that were ready before the build took them over get their first batches now.
    for (const worker of segmenters) if (started.ready.has(worker)) dispatch(worker);
    if (total === 0) {
      let waiting = mergers.filter((m) => !started.ready.has(m)).length;
      if (waiting === 0) finishAll();
      for (const merger of mergers) if (!started.ready.has(merger)) merger.once("message", () => --waiting === 0 && finishAll());
    }
  });
}
