/**
 * The live library: loads the corpus, builds the engine, and swaps in a new one on reload while
 * the old one keeps answering. The user dictionary and glossary come from the project's corpus/
 * folder (defaults shipped with newsbot) and from the corpus folder in use, if it has its own.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadCorpus } from "../corpus/load.js";
import type { Article, LoadWarning } from "../corpus/types.js";
import { buildEngine, type NewsEngine } from "./engine.js";
import { ReloadBusyError, ReloadError, type NewsLibrary, type ReloadReport } from "./library.js";
import { initSegmenter } from "./segment.js";
import { loadGlossary } from "./translate.js";
import { readFileSync } from "node:fs";

/** File names of the editable resources inside a corpus folder (not pages). */
export const USER_DICT_FILE = "userdict.dict";
export const GLOSSARY_FILE = "glossary.tsv";
/** The paper's city when neither the page nor its metadata says (config LOCAL_CITY). */
export const DEFAULT_LOCAL_CITY = "聊城";

/** newsbot's own corpus/ folder, holding the default dictionary and glossary. */
export const PROJECT_CORPUS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "corpus");

export interface LibraryOptions {
  /** The folder of pages. */
  corpusDir: string;
  /** What 我市 means on pages that do not say (default 聊城). */
  localCity?: string;
  /** Called for each file skipped or partly read. */
  onWarning?: (warning: LoadWarning) => void;
}

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
}

async function load(options: LibraryOptions): Promise<Loaded> {
  const dictionaries = resourceFiles(options.corpusDir, USER_DICT_FILE);
  initSegmenter(dictionaries);
  const glossary = loadGlossary(resourceFiles(options.corpusDir, GLOSSARY_FILE));
  const warnings: LoadWarning[] = [];
  const result = await loadCorpus(options.corpusDir, {
    onWarning: (w) => {
      warnings.push(w);
      options.onWarning?.(w);
    },
  });
  const localCity = options.localCity ?? DEFAULT_LOCAL_CITY;
  const articles: Article[] = result.articles.map((a) => (a.city ? a : { ...a, city: localCity }));
  // Let the event loop breathe before the synchronous build (a reload must not look hung).
  await new Promise((r) => setImmediate(r));
  const engine = buildEngine(articles, { glossary, places: dictionaryPlaces(dictionaries), localCity });
  return { engine, pages: result.pages, warnings: dedupeWarnings([...result.warnings, ...warnings]) };
}

function dedupeWarnings(warnings: LoadWarning[]): LoadWarning[] {
  const seen = new Set<string>();
  return warnings.filter((w) => {
    const key = `${w.file}\u0000${w.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

class LocalLibrary implements NewsLibrary {
  private current: Loaded;
  private running: Promise<ReloadReport> | undefined;
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
    return this.running !== undefined;
  }

  reload(): Promise<ReloadReport> {
    if (this.running) return Promise.reject(new ReloadBusyError());
    this.running = this.doReload().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async doReload(): Promise<ReloadReport> {
    const started = performance.now();
    let next: Loaded;
    try {
      next = await load(this.options);
    } catch (error) {
      throw new ReloadError(`reload failed, the old index stays: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (next.engine.size === 0) {
      throw new ReloadError("the corpus would be empty, the old index stays", next.warnings);
    }
    const before = this.current.engine.index.articles;
    const after = next.engine.index.articles;
    const beforeIds = new Set(before.map((a) => a.id));
    const afterIds = new Set(after.map((a) => a.id));
    this.current = next;
    this.loadedAt = new Date();
    return {
      before: before.length,
      after: after.length,
      added: after.filter((a) => !beforeIds.has(a.id)).map(({ id, headline }) => ({ id, headline })),
      removed: before.filter((a) => !afterIds.has(a.id)).map(({ id, headline }) => ({ id, headline })),
      warnings: next.warnings,
      ms: Math.round(performance.now() - started),
    };
  }
}

/** Load the corpus and build the first engine. Throws if the corpus folder cannot be read. */
export async function openLibrary(options: LibraryOptions): Promise<NewsLibrary & { readonly engine: NewsEngine }> {
  return new LocalLibrary(options, await load(options));
}
