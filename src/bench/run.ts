/**
 * The benchmark behind `newsbot bench`: a synthetic archive of N articles written as a JSONL corpus
 * in a temporary folder, then, in one run: jieba's raw speed on that text (the yardstick), the
 * index build, retrieval and answer latency over a fixed question mix, memory after a GC, the
 * snapshot's size, a fresh process's time to its first answer from the snapshot, and answer latency
 * while a full rebuild runs.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import jieba from "nodejieba";
import { loadCorpus } from "../corpus/load.js";
import type { LoadWarning } from "../corpus/types.js";
import type { NewsEngine } from "../search/engine.js";
import { openLibrary, PROJECT_CORPUS_DIR, resourceFiles, USER_DICT_FILE } from "../library/open-library.js";
import { initSegmenter } from "../search/text/segment.js";
import { splitSentences } from "../search/answer/sentences.js";
import { snapshotPath } from "../search/index/snapshot.js";
import { LegacyArticleIndex } from "./legacy-index.js";
import { ProgressBar, status } from "./progress.js";
import { ArchiveGenerator, loadLexicon, writeArchive } from "./synthetic.js";

export interface BenchOptions {
  articles: number;
  /** The paper's city (the settings' LOCAL_CITY, resolved by the caller as every entry point does). */
  localCity?: string;
  seed?: number;
  /** Progress bar and status lines on stderr. */
  progress?: boolean;
  /** Segment worker threads for the build (default: the library's choice). */
  threads?: number;
  /** Also time the original all-MiniSearch index (slow: minutes beyond a few thousand articles). */
  baseline?: boolean;
  /** Keep the generated corpus folder (its path is in the result's extras). */
  keep?: boolean;
  /** Fresh processes timed for startup_s (the median is reported). */
  startupRuns?: number;
}

/** The figures `bench --json` prints, exactly these keys. */
export interface BenchResult {
  articles: number;
  corpus_mb: number;
  segment_mb_s: number;
  build_s: number;
  build_mb_s: number;
  query_p50_ms: number;
  query_p95_ms: number;
  answer_p95_ms: number;
  heap_mb: number;
  rss_mb: number;
  snapshot_mb: number;
  startup_s: number;
  reload_query_p95_ms: number;
}

/** Further detail for the readable table. */
export interface BenchExtras {
  corpusDir: string;
  questions: number;
  generate_s: number;
  parse_s: number;
  snapshot_write_s: number;
  answer_p50_ms: number;
  query_max_ms: number;
  answer_max_ms: number;
  heap_js_mb: number;
  array_buffers_mb: number;
  terms: number;
  body_postings: number;
  gram_postings: number;
  reload_s: number;
  reload_questions: number;
  reload_query_max_ms: number;
  snapshot_fingerprint_s: number;
  snapshot_read_s: number;
  snapshot_engine_s: number;
  startup_runs_s: number[];
  baseline_build_s?: number;
  baseline_query_p50_ms?: number;
  baseline_query_p95_ms?: number;
}

/** Dev questions used when ../shared/qa/dev.jsonl is not there. */
export const FALLBACK_QUESTIONS = [
  "聊城有多少家单项冠军企业？",
  "端子科技项目的车间按什么标准建设",
  "高唐县瓜菜菌产量是多少",
  "聊城主城区免费乘坐公交车政策是哪天施行的",
  "How many single-champion enterprises does Liaocheng have?",
  "gaotang 锦鲤",
  "北京房价走势",
];

const PROJECT_ROOT = dirname(PROJECT_CORPUS_DIR);
const GENERATED_QUESTIONS = 500;
/** Text segmented for the yardstick (a sample of the corpus beyond this). */
const SEGMENT_SAMPLE_BYTES = 16 * 1024 * 1024;
/** Questions during a reload: one every this many milliseconds. */
const RELOAD_QUESTION_INTERVAL_MS = 20;
const RETRIEVE_LIMIT = 40;
/** The question a fresh process answers first (Chinese: the common case; see docs/performance.md for English). */
const STARTUP_QUESTION = "聊城有多少家单项冠军企业？";

const MB = 1024 * 1024;
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** A GC function: --expose-gc switched on at run time (or the one the process was started with). */
function gcFunction(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

function devQuestions(): string[] {
  const file = join(PROJECT_ROOT, "..", "shared", "qa", "dev.jsonl");
  if (!existsSync(file)) return FALLBACK_QUESTIONS;
  const questions = readFileSync(file, "utf8")
    .split(/\r?\n/)
    .filter((line) => line.trim())
    .map((line) => {
      try {
        return (JSON.parse(line) as { q?: unknown }).q;
      } catch {
        return undefined;
      }
    })
    .filter((q): q is string => typeof q === "string");
  return questions.length > 0 ? questions : FALLBACK_QUESTIONS;
}

/** The CLI entry point, compiled (fresh processes run it). */
function cliScript(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const file of [join(here, "..", "cli", "newsbot.js"), join(PROJECT_ROOT, "dist", "cli", "newsbot.js")]) {
    if (existsSync(file)) return file;
  }
  throw new Error("bench: dist/cli/newsbot.js not found (npm run build)");
}

/** Time a fresh `newsbot ask --json` from spawn to its first answer line. */
function timeStartup(corpusDir: string, question: string): Promise<{ seconds: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [cliScript(), "ask", "--json", "--corpus", corpusDir], { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    let seconds: number | undefined;
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      out += chunk;
      if (seconds === undefined && out.includes("\n")) {
        seconds = (performance.now() - started) / 1000;
        child.stdin.end();
      }
    });
    child.stderr.on("data", (chunk: string) => (err += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (seconds === undefined) return reject(new Error(`bench: the fresh process gave no answer (exit ${code}): ${err.trim()}`));
      try {
        JSON.parse(out.slice(0, out.indexOf("\n")));
      } catch {
        return reject(new Error(`bench: the fresh process printed no JSON: ${out.slice(0, 200)}`));
      }
      resolve({ seconds, stderr: err });
    });
    child.stdin.write(question + "\n");
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runBench(options: BenchOptions): Promise<{ result: BenchResult; extras: BenchExtras }> {
  const show = options.progress ?? false;
  const gc = gcFunction();
  const corpusDir = mkdtempSync(join(tmpdir(), "newsbot-bench-"));
  try {
    // 1. The synthetic archive, written as JSONL pages; the question mix.
    let clock = performance.now();
    status(show, `generating ${options.articles} articles in ${corpusDir}`);
    const questions = await generate(corpusDir, options.articles, options.seed ?? 20240601, show);
    const generateS = (performance.now() - clock) / 1000;

    // 2. The yardstick: jieba alone, one thread, on the same text.
    const parsed = await loadCorpus(corpusDir, {});
    const texts = parsed.articles.map((a) => [a.kicker, a.headline, a.subtitle].filter(Boolean).join(" ") + "\n" + a.body);
    let corpusBytes = 0;
    for (const t of texts) corpusBytes += Buffer.byteLength(t);
    initSegmenter(resourceFiles(corpusDir, USER_DICT_FILE));
    status(show, "timing jieba alone (the yardstick)");
    let sampleBytes = 0;
    clock = performance.now();
    for (const t of texts) {
      jieba.cut(t, true);
      sampleBytes += Buffer.byteLength(t);
      if (sampleBytes >= SEGMENT_SAMPLE_BYTES) break;
    }
    const segmentMbS = sampleBytes / MB / ((performance.now() - clock) / 1000);
    texts.length = 0;
    parsed.articles.length = 0;

    // 3. The build: what start-up does without a snapshot (parse, build, write the snapshot).
    let bar: ProgressBar | undefined = new ProgressBar("build", show);
    const warnings: LoadWarning[] = [];
    const library = await openLibrary({
      corpusDir,
      localCity: options.localCity,
      buildThreads: options.threads,
      onWarning: (w) => warnings.push(w),
      onProgress: (p) => bar?.update(p.done, p.total),
    });
    bar.done();
    const stats = library.stats;
    const buildS = (stats.buildMs + stats.engineMs) / 1000;
    const engine = library.engine as NewsEngine;
    const unexpected = warnings.filter((w) => !w.file.startsWith(".newsbot"));
    if (unexpected.length > 0) status(show, `${unexpected.length} load warning(s), first: ${unexpected[0].file}: ${unexpected[0].reason}`);

    // 4. Memory after a GC.
    gc();
    gc();
    const memory = process.memoryUsage();

    // 5. Latency over the question mix (after a warm-up).
    status(show, `asking ${questions.length} questions`);
    for (const q of questions.slice(0, 20)) engine.ask(q);
    // Each pass starts with the headline-score cache empty: terms repeated across questions hit it,
    // as they would in a chat, but no question is timed a second time warm.
    engine.index.clearCache();
    const queryMs: number[] = [];
    const answerMs: number[] = [];
    for (const q of questions) {
      const t0 = performance.now();
      engine.index.retrieve(engine.parse(q), RETRIEVE_LIMIT);
      queryMs.push(performance.now() - t0);
    }
    engine.index.clearCache();
    for (const q of questions) {
      const t0 = performance.now();
      engine.ask(q);
      answerMs.push(performance.now() - t0);
    }

    // 6. Answers while a full rebuild runs (an editor touched a page: the fingerprint changes).
    touchOnePage(corpusDir);
    bar = new ProgressBar("reload", show);
    const reloadLatency: number[] = [];
    let reloading = true;
    const reloadStarted = performance.now();
    const reload = library.reload().finally(() => {
      reloading = false;
    });
    let scheduled = performance.now();
    let asked = 0;
    while (reloading) {
      scheduled += RELOAD_QUESTION_INTERVAL_MS;
      const wait = scheduled - performance.now();
      await sleep(Math.max(0, wait));
      if (!reloading) break;
      library.engine.ask(questions[asked++ % questions.length]);
      // From when the question arrived (its slot), so a blocked event loop counts in full.
      reloadLatency.push(performance.now() - scheduled);
      if (process.env.NEWSBOT_DEBUG_BENCH)
        process.stderr.write(
          `reload q ${asked} at ${Math.round(scheduled - reloadStarted)} latency ${Math.round(reloadLatency.at(-1)!)}\n`,
        );
    }
    await reload;
    const reloadS = (performance.now() - reloadStarted) / 1000;
    bar.done();
    bar = undefined;

    // 7. The snapshot: its size, an in-process load, and fresh processes up to their first answer.
    const snapshotBytes = statSync(snapshotPath(corpusDir)).size;
    const again = await openLibrary({ corpusDir, localCity: options.localCity, onWarning: () => undefined });
    const snapStats = again.stats;
    if (snapStats.source !== "snapshot") status(show, "warning: the second open did not use the snapshot");
    status(show, "timing fresh processes from the snapshot");
    const startupRuns: number[] = [];
    for (let i = 0; i < Math.max(1, options.startupRuns ?? 3); i++) {
      const run = await timeStartup(corpusDir, STARTUP_QUESTION);
      if (/rebuilding/.test(run.stderr)) status(show, `warning: the fresh process rebuilt: ${run.stderr.trim()}`);
      startupRuns.push(run.seconds);
    }

    const extras: BenchExtras = {
      corpusDir,
      questions: questions.length,
      generate_s: round(generateS, 2),
      parse_s: round(stats.readMs / 1000, 2),
      snapshot_write_s: round(stats.snapshotMs / 1000, 2),
      answer_p50_ms: round(percentile(answerMs, 50), 2),
      query_max_ms: round(Math.max(...queryMs), 1),
      answer_max_ms: round(Math.max(...answerMs), 1),
      heap_js_mb: round(memory.heapUsed / MB, 1),
      array_buffers_mb: round(memory.external / MB, 1),
      terms: engine.index.data.terms.length,
      body_postings: engine.index.data.bodyDocs.length,
      gram_postings: engine.index.data.gramDocs.length,
      reload_s: round(reloadS, 2),
      reload_questions: reloadLatency.length,
      reload_query_max_ms: round(reloadLatency.length > 0 ? Math.max(...reloadLatency) : 0, 1),
      snapshot_fingerprint_s: round(snapStats.fingerprintMs / 1000, 3),
      snapshot_read_s: round(snapStats.readMs / 1000, 3),
      snapshot_engine_s: round(snapStats.engineMs / 1000, 3),
      startup_runs_s: startupRuns.map((s) => round(s, 2)),
    };

    if (options.baseline) {
      status(show, "timing the original all-MiniSearch index (slow)");
      const articles = engine.index.articles;
      let t0 = performance.now();
      const legacy = LegacyArticleIndex.build(articles);
      extras.baseline_build_s = round((performance.now() - t0) / 1000, 2);
      const legacyMs: number[] = [];
      for (const q of questions) {
        const parsedQ = engine.parse(q);
        t0 = performance.now();
        legacy.retrieve(parsedQ, RETRIEVE_LIMIT);
        legacyMs.push(performance.now() - t0);
      }
      extras.baseline_query_p50_ms = round(percentile(legacyMs, 50), 2);
      extras.baseline_query_p95_ms = round(percentile(legacyMs, 95), 2);
    }

    const corpusMb = corpusBytes / MB;
    const result: BenchResult = {
      articles: engine.size,
      corpus_mb: round(corpusMb, 2),
      segment_mb_s: round(segmentMbS, 2),
      build_s: round(buildS, 2),
      build_mb_s: round(corpusMb / buildS, 2),
      query_p50_ms: round(percentile(queryMs, 50), 2),
      query_p95_ms: round(percentile(queryMs, 95), 2),
      answer_p95_ms: round(percentile(answerMs, 95), 2),
      heap_mb: round((memory.heapUsed + memory.external) / MB, 1),
      rss_mb: round(memory.rss / MB, 1),
      snapshot_mb: round(snapshotBytes / MB, 2),
      startup_s: round(percentile(startupRuns, 50), 2),
      reload_query_p95_ms: round(percentile(reloadLatency, 95), 1),
    };
    return { result, extras };
  } finally {
    if (!options.keep) rmSync(corpusDir, { recursive: true, force: true });
  }
}

/**
 * Write the archive and make the question mix (the dev questions, then generated ones). In a
 * function of its own so that the dictionary and generator are garbage before memory is measured.
 */
async function generate(corpusDir: string, articles: number, seed: number, show: boolean): Promise<string[]> {
  const lexicon = loadLexicon();
  const seedPages = await loadCorpus(PROJECT_CORPUS_DIR, {});
  const sentences = seedPages.articles.flatMap((a) => splitSentences(a.body).map((s) => s.text)).filter((s) => s.length >= 8);
  const generator = new ArchiveGenerator(lexicon, { seed, sentences });
  const bar = new ProgressBar("generate", show);
  writeArchive(corpusDir, generator, articles, (done) => bar.update(done, articles));
  bar.done();
  const asker = new ArchiveGenerator(lexicon, { seed: 4242 });
  return [...devQuestions(), ...Array.from({ length: GENERATED_QUESTIONS }, () => asker.question())];
}

/** Give one page of the archive a new mtime (its contents stay: the build is the same work). */
function touchOnePage(corpusDir: string): void {
  const walk = (dir: string): string | undefined => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith(".")) continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) {
        const found = walk(full);
        if (found) return found;
      } else if (name.endsWith(".jsonl")) return full;
    }
    return undefined;
  };
  const page = walk(corpusDir);
  if (!page) throw new Error("bench: no page to touch");
  const later = new Date(statSync(page).mtimeMs + 60_000);
  utimesSync(page, later, later);
}
