/**
 * Building the index in a child process (build-child.ts), which parses the corpus, builds the index
 * (in worker threads when it is large), writes the snapshot and exits. Everything it allocated goes
 * back to the system when it exits: nodejieba never frees its dictionaries (about 240 MB per load)
 * when a worker thread ends, so build workers in this process leaked that much on every reload.
 * This process then reads the snapshot, as a start-up does.
 */
import { fork } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { LoadWarning } from "../corpus/types.js";
import type { IndexBuildProgress } from "../search/index/build-index.js";

/** What the build process is asked to do. */
export interface BuildRequest {
  corpusDir: string;
  localCity: string;
  /** User dictionaries for jieba. */
  dictionaries: string[];
  /** Segment worker threads (default: build-index.ts's choice). */
  threads?: number;
  /** Nice value of the whole build (Linux): above 0 lets this process's answers go first. */
  nice?: number;
  /** Fingerprint written into the snapshot. */
  fingerprint: string;
  /** Where to write the snapshot. */
  path: string;
  /** Where to write it when `path` cannot be written (a read-only corpus folder); none: fail. */
  fallbackPath?: string;
}

/** What the build process reports when it is done. */
export interface BuildOutcome {
  /** The snapshot written: `path`, or `fallbackPath` when `writeError` is set. */
  path: string;
  /** Why `path` could not be written (its error code and message). */
  writeError?: { code: string; message: string };
  articles: number;
  pages: number;
  /** The corpus loader's warnings (also sent one by one as they happened). */
  warnings: LoadWarning[];
  parseMs: number;
  buildMs: number;
  snapshotMs: number;
  snapshotBytes: number;
}

export type FromBuildProcess =
  | { type: "progress"; progress: IndexBuildProgress }
  | { type: "warning"; warning: LoadWarning }
  | { type: "built"; outcome: BuildOutcome }
  | { type: "failed"; message: string };

/** The compiled child script: beside this module, or in dist/ when running from sources (tests). */
export function buildProcessScript(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const file of [join(here, "build-child.js"), join(here, "..", "..", "dist", "library", "build-child.js")]) {
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** The last bytes of the child's stderr, kept to explain a crash. */
const STDERR_TAIL = 4096;

/**
 * Run a build in a child process. Resolves when the snapshot is written; rejects when the child
 * fails or dies (an out-of-memory kill included), or when `signal` aborts it (the child is killed).
 */
export function buildInProcess(
  request: BuildRequest,
  handlers: { onProgress?: (p: IndexBuildProgress) => void; onWarning?: (w: LoadWarning) => void; signal?: AbortSignal } = {},
): Promise<BuildOutcome> {
  const script = buildProcessScript();
  if (!script) return Promise.reject(new Error("index build: dist/library/build-child.js not found (npm run build)"));
  return new Promise((resolve, reject) => {
    // No inherited flags (an inspector port, --expose-gc of a test runner); stdout stays ours.
    const child = fork(script, [], { execArgv: [], stdio: ["ignore", "ignore", "pipe", "ipc"], signal: handlers.signal });
    let outcome: BuildOutcome | undefined;
    let failure: string | undefined;
    let stderr = "";
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      if (process.env.NEWSBOT_DEBUG_LIBRARY) process.stderr.write(chunk);
      stderr = (stderr + chunk).slice(-STDERR_TAIL);
    });
    child.on("message", (message: FromBuildProcess) => {
      if (message.type === "progress") handlers.onProgress?.(message.progress);
      else if (message.type === "warning") handlers.onWarning?.(message.warning);
      else if (message.type === "built") outcome = message.outcome;
      else if (message.type === "failed") failure = message.message;
    });
    child.once("error", (error) => {
      child.kill("SIGKILL");
      reject(error.name === "AbortError" ? new Error("index build: aborted") : error);
    });
    child.once("exit", (code, signalName) => {
      if (outcome) return resolve(outcome);
      const why = failure ?? `the build process stopped (${signalName ?? `exit code ${code}`})${lastLine(stderr)}`;
      reject(new Error(`index build: ${why}`));
    });
    child.send(request);
  });
}

function lastLine(text: string): string {
  const line = text
    .trim()
    .split("\n")
    .filter((l) => l.trim())
    .at(-1);
  return line ? `: ${line.trim()}` : "";
}
