/**
 * The build process (started by build-process.ts with one BuildRequest over IPC): parse the corpus,
 * build the index (worker threads for large corpora, else this thread), write the snapshot, report,
 * exit. Nothing of it outlives the build, so neither does its memory.
 */
import { setPriority } from "node:os";
import type { LoadWarning } from "../corpus/types.js";
import { buildIndexData, defaultThreads, plannedThreads, startBuildWorkers } from "../search/index/build-index.js";
import { writeSnapshot } from "../search/index/snapshot.js";
import { initSegmenter } from "../search/text/segment.js";
import type { BuildOutcome, BuildRequest, FromBuildProcess } from "./build-process.js";
import { dedupeWarnings, readCorpusArticles } from "./corpus-articles.js";

/** Progress messages at most this often (the parent only draws a bar). */
const PROGRESS_EVERY_MS = 100;

function send(message: FromBuildProcess): Promise<void> {
  return new Promise((resolve) => process.send!(message, () => resolve()));
}

async function build(request: BuildRequest): Promise<BuildOutcome> {
  // Threads created from here on (the build workers) inherit the nice value.
  if (request.nice) {
    try {
      setPriority(request.nice);
    } catch {
      // not permitted: fine
    }
  }
  // The build workers load jieba while the corpus is parsed (a second or more of each's own).
  const started = request.threads === 0 ? undefined : startBuildWorkers(request.threads ?? defaultThreads(), request);
  let clock = performance.now();
  const lap = () => {
    const now = performance.now();
    const ms = Math.round(now - clock);
    clock = now;
    return ms;
  };
  let corpus;
  try {
    corpus = await readCorpusArticles(request.corpusDir, {
      localCity: request.localCity,
      onWarning: (warning: LoadWarning) => void send({ type: "warning", warning }),
    });
  } catch (error) {
    started?.close();
    throw error;
  }
  const parseMs = lap();
  const articles = corpus.articles;
  const options = {
    dictionaries: request.dictionaries,
    threads: request.threads,
    nice: request.nice,
    // stderr is the parent's: it hands these lines to the library's debug hook.
    debug: request.debug ? (line: string) => void process.stderr.write(`${line}\n`) : undefined,
  };
  if (plannedThreads(articles, options) === 0) initSegmenter(request.dictionaries);
  let lastProgress = 0;
  const data = await buildIndexData(
    articles,
    {
      ...options,
      onProgress: (progress) => {
        const now = performance.now();
        if (now - lastProgress < PROGRESS_EVERY_MS && progress.done < progress.total) return;
        lastProgress = now;
        void send({ type: "progress", progress });
      },
    },
    started,
  );
  const buildMs = lap();

  const contents = {
    fingerprint: request.fingerprint,
    articles,
    data,
    pages: corpus.pages,
    warnings: dedupeWarnings(corpus.warnings),
  };
  let path = request.path;
  let writeError: BuildOutcome["writeError"];
  let snapshotBytes: number;
  try {
    snapshotBytes = await writeSnapshot(path, contents);
  } catch (error) {
    if (!request.fallbackPath) throw error;
    writeError = { code: (error as NodeJS.ErrnoException).code ?? "", message: error instanceof Error ? error.message : String(error) };
    path = request.fallbackPath;
    snapshotBytes = await writeSnapshot(path, contents);
  }
  return {
    path,
    writeError,
    articles: articles.length,
    pages: corpus.pages,
    warnings: corpus.warnings,
    parseMs,
    buildMs,
    snapshotMs: lap(),
    snapshotBytes,
  };
}

if (process.send) {
  // The parent is gone (it exited or was killed): nobody wants this build any more.
  process.once("disconnect", () => process.exit(1));
  process.once("message", (request: BuildRequest) => {
    build(request).then(
      async (outcome) => {
        await send({ type: "built", outcome });
        process.exit(0);
      },
      async (error: unknown) => {
        await send({ type: "failed", message: error instanceof Error ? error.message : String(error) });
        process.exit(1);
      },
    );
  });
}
