/**
 * The corpus sync on a real folder: generations claimed with exclusive create, instances that
 * reload when a newer one appears, and the race of issue 14 (an instance paused mid-reload while
 * another reloads a newer page) ending with every instance on the newest corpus.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.js";
import {
  announcingReloads,
  FileGenerations,
  generationsDir,
  KEEP_GENERATIONS,
  startCorpusSync,
  type CorpusSync,
  type ReloadAnnouncer,
} from "../../src/ops/corpus-sync.js";
import { ReloadError, type NewsLibrary, type ReloadReport } from "../../src/library/news-library.js";

const logger = createLogger({ level: "silent", pretty: false });
const REPORT: ReloadReport = { before: 1, after: 2, added: [], removed: [], warnings: [], ms: 1 };

/**
 * A library whose reload "reads the corpus" when it starts: `files` is the shared corpus, `seen`
 * what its index holds. A reload can be held (paused) mid-way with `hold`.
 */
function fakeLibrary(dir: string, files: Set<string>) {
  const state = { reloads: 0, fail: false, seen: new Set(files), hold: null as Promise<void> | null, onRead: () => {} };
  const library: NewsLibrary = {
    engine: { size: 1 } as NewsLibrary["engine"],
    corpusDir: dir,
    pages: 1,
    loadedAt: new Date(),
    warnings: [],
    reloading: false,
    reloadProgress: null,
    async reload() {
      if (state.fail) throw new ReloadError("broken");
      const snapshot = new Set(files); // what this reload reads, at its start
      state.onRead();
      if (state.hold) await state.hold;
      state.reloads++;
      state.seen = snapshot;
      return REPORT;
    },
  };
  return { library, state };
}

const dirs: string[] = [];
const syncs: CorpusSync[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "newsbot-sync-"));
  dirs.push(dir);
  return dir;
}
function sync(library: NewsLibrary, announcer: ReloadAnnouncer, instanceId: string, intervalMs = 0, loadedGeneration = 0): CorpusSync {
  const s = startCorpusSync({ library, announcer, instanceId, intervalMs, logger, loadedGeneration });
  syncs.push(s);
  return s;
}
afterEach(() => {
  for (const s of syncs.splice(0)) s.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("FileGenerations", () => {
  it("claims increasing, unique numbers, also when claims race; keeps the newest few", async () => {
    const dir = tempDir();
    const a = new FileGenerations(dir);
    const b = new FileGenerations(dir);
    expect(await a.latest()).toBe(0);
    const claimed = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).claim(`i${i}`)));
    expect(new Set(claimed).size).toBe(20);
    expect(Math.max(...claimed)).toBe(20);
    expect(await b.latest()).toBe(20);
    const left = readdirSync(generationsDir(dir));
    expect(left.length).toBeLessThanOrEqual(KEEP_GENERATIONS + 2); // concurrent prunes may lag by a claim or two
    expect(left).toContain("20");
  });
});

describe("startCorpusSync", () => {
  it("reloads when another instance claims a newer generation, once; not for its own", async () => {
    const dir = tempDir();
    const files = new Set(["p1"]);
    const a = fakeLibrary(dir, files);
    const b = fakeLibrary(dir, files);
    const gens = new FileGenerations(dir);
    const syncA = sync(a.library, gens, "a");
    const syncB = sync(b.library, gens, "b");
    files.add("p2");
    const report = await announcingReloads(a.library, syncA).reload();
    expect(report.announced).toBe(true);
    expect(syncA.generation).toBe(1);
    await syncA.check();
    expect(a.state.reloads).toBe(1); // its own generation: nothing to do
    await syncB.check();
    await syncB.check();
    expect(b.state.reloads).toBe(1);
    expect(b.state.seen.has("p2")).toBe(true);
    expect(syncB.generation).toBe(1);
  });

  it("an instance paused mid-reload while another reloads a newer page ends on the newest corpus", async () => {
    const dir = tempDir();
    const files = new Set(["p1"]);
    const a = fakeLibrary(dir, files);
    const b = fakeLibrary(dir, files);
    const gens = new FileGenerations(dir);
    const syncA = sync(a.library, gens, "a");
    const syncB = sync(b.library, gens, "b");

    // B starts a reload (its own upload), then is paused before it finishes.
    let resume!: () => void;
    b.state.hold = new Promise((r) => (resume = r));
    files.add("pB");
    const bRead = new Promise<void>((r) => (b.state.onRead = r));
    const bReload = syncB.reload();
    await bRead;
    // Meanwhile A saves a newer page and reloads and announces it.
    files.add("pA");
    await syncA.reload();
    // B resumes: its index misses pA, and its claim comes after A's.
    b.state.hold = null;
    resume();
    await bReload;
    expect(b.state.seen.has("pA")).toBe(false);
    // Every instance catches up by comparing generations: nobody is left behind.
    for (let i = 0; i < 3; i++) await Promise.all([syncA.check(), syncB.check()]);
    expect(b.state.seen).toEqual(new Set(["p1", "pA", "pB"]));
    expect(a.state.seen).toEqual(new Set(["p1", "pA", "pB"]));
    expect(syncA.generation).toBe(await gens.latest());
    expect(syncB.generation).toBe(await gens.latest());
  });

  it("gives up on a failing reload until a newer generation appears", async () => {
    const dir = tempDir();
    const b = fakeLibrary(dir, new Set());
    const gens = new FileGenerations(dir);
    const syncB = sync(b.library, gens, "b");
    b.state.fail = true;
    await gens.claim("a");
    await syncB.check();
    await syncB.check();
    b.state.fail = false;
    await syncB.check();
    expect(b.state.reloads).toBe(0); // generation 1 failed once and is not retried in a loop
    await gens.claim("a");
    await syncB.check();
    expect(b.state.reloads).toBe(1);
  });

  it("a generation present at start counts as loaded", async () => {
    const dir = tempDir();
    const gens = new FileGenerations(dir);
    await gens.claim("a");
    const b = fakeLibrary(dir, new Set());
    await sync(b.library, gens, "b", 0, await gens.latest()).check();
    expect(b.state.reloads).toBe(0);
  });

  it("polls on its own every intervalMs", async () => {
    const dir = tempDir();
    const b = fakeLibrary(dir, new Set());
    const gens = new FileGenerations(dir);
    sync(b.library, gens, "b", 20);
    await gens.claim("a");
    const deadline = Date.now() + 20_000;
    while (b.state.reloads === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(b.state.reloads).toBe(1);
  });

  it("says when the announcement failed, and still reloads here", async () => {
    const dir = tempDir();
    const a = fakeLibrary(dir, new Set());
    const broken: ReloadAnnouncer = { latest: async () => 0, claim: async () => Promise.reject(new Error("EROFS")) };
    const report = await announcingReloads(a.library, sync(a.library, broken, "a")).reload();
    expect(report.announced).toBe(false);
    expect(a.state.reloads).toBe(1);
  });
});
