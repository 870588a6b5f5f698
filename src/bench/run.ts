/**
 * The benchmark behind `newsbot bench`: a synthetic archive of N articles written as a JSONL corpus
 * in a temporary folder, then, in one run: jieba's raw speed on that text (the yardstick), the
 * index build, retrieval and answer latency over a fixed question mix, memory after a GC, the
 * snapshot's size, a fresh process's time to its first answer from the snapshot and its memory
 * (peak and settled after that answer, and after 100 more), and answer latency while a full rebuild
 * runs. With --peer, also a plain MiniSearch over the same articles (peer.ts).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import jieba from "nodejieba";
import { loadCorpus } from "../corpus/load.js";
import type { LoadWarning } from "../corpus/types.js";
import { openLibrary, PROJECT_CORPUS_DIR, resourceFiles, USER_DICT_FILE } from "../library/open-library.js";
import { initSegmenter } from "../search/text/segment.js";
import { splitSentences } from "../search/answer/sentences.js";
import { snapshotPath } from "../search/index/snapshot.js";
import { runPeer, type PeerFigures } from "./peer.js";
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
  /** Also build a plain MiniSearch over the same articles (the first PEER_ARTICLES) and compare. */
  peer?: boolean;
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
  /** A fresh process from the snapshot: RSS a second after its first answer, and its peak until then. */
  startup_rss_mb: number;
  startup_peak_rss_mb: number;
  /** The same process after 100 more questions. */
  idle_rss_mb: number;
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
  /** Bytes of the body and bigram postings (varint gaps). */
  postings_mb: number;
  reload_s: number;
  reload_questions: number;
  reload_query_max_ms: number;
  snapshot_fingerprint_s: number;
  snapshot_read_s: number;
  snapshot_engine_s: number;
  startup_runs_s: number[];
  startup_rss_runs_mb: number[];
  peer?: PeerFigures;
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
/** Questions a fresh process answers after the first, before idle_rss_mb is read. */
const IDLE_QUESTIONS = 100;
/** How long after its first answer a fresh process's RSS is read (it has settled by then). */
const SETTLE_MS = 1000;
/** Articles the --peer comparison indexes (a plain MiniSearch takes minutes beyond this). */
export const PEER_ARTICLES = 5000;

const MB = 1024 * 1024;
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const sum = (values: Uint32Array) => values.reduce((a, b) => a + b, 0);

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

/** VmRSS and VmHWM (peak) of a process, in MB (Linux; 0 elsewhere). */
async function processMemory(pid: number | undefined): Promise<{ rss: number; peak: number }> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
    return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
  } catch {
    return { rss: 0, peak: 0 };
  }
}

interface StartupRun {
  seconds: number;
  stderr: string;
  /** RSS a second after the first answer, and the peak until then (MB). */
  settledMb: number;
  peakMb: number;
  /** RSS after IDLE_QUESTIONS more answers. */
  idleMb: number;
}

/**
 * A fresh `newsbot ask --json`: time from spawn to its first answer line, its memory a second later,
 * and after `more` further questions.
 */
function timeStartup(corpusDir: string, question: string, more: readonly string[]): Promise<StartupRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [cliScript(), "ask", "--json", "--corpus", corpusDir], { stdio: ["pipe", "pipe", "pipe"] });
    let lines = 0;
    let pending = "";
    let err = "";
    let seconds: number | undefined;
    let firstLine: string | undefined;
    const memory = { settledMb: 0, peakMb: 0, idleMb: 0 };
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      pending += chunk;
      let at: number;
      while ((at = pending.indexOf("\n")) >= 0) {
        const line = pending.slice(0, at);
        pending = pending.slice(at + 1);
        lines++;
        if (lines === 1) {
          seconds = (performance.now() - started) / 1000;
          firstLine = line;
          setTimeout(() => {
            void processMemory(child.pid).then((m) => {
              memory.settledMb = m.rss;
              memory.peakMb = m.peak;
              if (more.length === 0) child.stdin.end();
              else child.stdin.write(more.map((q) => q.replace(/\n/g, " ")).join("\n") + "\n");
            });
          }, SETTLE_MS);
        } else if (lines === more.length + 1) {
          void processMemory(child.pid).then((m) => {
            memory.idleMb = m.rss;
            child.stdin.end();
          });
        }
      }
    });
    child.stderr.on("data", (chunk: string) => (err += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (seconds === undefined || firstLine === undefined)
        return reject(new Error(`bench: the fresh process gave no answer (exit ${code}): ${err.trim()}`));
      try {
        JSON.parse(firstLine);
      } catch {
        return reject(new Error(`bench: the fresh process printed no JSON: ${firstLine.slice(0, 200)}`));
      }
      resolve({ seconds, stderr: err, ...memory });
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
    const engine = library.engine;
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
    const startupRuns: StartupRun[] = [];
    for (let i = 0; i < Math.max(1, options.startupRuns ?? 3); i++) {
      const run = await timeStartup(corpusDir, STARTUP_QUESTION, questions.slice(0, IDLE_QUESTIONS));
      if (/rebuilding/.test(run.stderr)) status(show, `warning: the fresh process rebuilt: ${run.stderr.trim()}`);
      startupRuns.push(run);
    }
    const median = (pick: (r: StartupRun) => number) => percentile(startupRuns.map(pick), 50);

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
      body_postings: sum(engine.index.data.bodyCount),
      gram_postings: sum(engine.index.data.gramCount),
      postings_mb: round((engine.index.data.bodyPostings.length + engine.index.data.gramPostings.length) / MB, 1),
      reload_s: round(reloadS, 2),
      reload_questions: reloadLatency.length,
      reload_query_max_ms: round(reloadLatency.length > 0 ? Math.max(...reloadLatency) : 0, 1),
      snapshot_fingerprint_s: round(snapStats.fingerprintMs / 1000, 3),
      snapshot_read_s: round(snapStats.readMs / 1000, 3),
      snapshot_engine_s: round(snapStats.engineMs / 1000, 3),
      startup_runs_s: startupRuns.map((r) => round(r.seconds, 2)),
      startup_rss_runs_mb: startupRuns.map((r) => round(r.settledMb, 0)),
    };

    if (options.peer) {
      status(show, `building a plain MiniSearch over ${Math.min(PEER_ARTICLES, engine.size)} articles (the peer)`);
      extras.peer = runPeer(engine.index.articles.slice(0, PEER_ARTICLES), questions, engine, gc, percentile, RETRIEVE_LIMIT);
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
      startup_s: round(
        median((r) => r.seconds),
        2,
      ),
      startup_rss_mb: round(
        median((r) => r.settledMb),
        1,
      ),
      startup_peak_rss_mb: round(
        median((r) => r.peakMb),
        1,
      ),
      idle_rss_mb: round(
        median((r) => r.idleMb),
        1,
      ),
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
