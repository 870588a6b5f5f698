import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.js";
import { announcingReloads, markerPath, readMarker, startCorpusSync, writeMarker, type CorpusSync } from "../../src/ops/corpus-sync.js";
import { ReloadBusyError, ReloadError, type NewsLibrary, type ReloadReport } from "../../src/library/news-library.js";

const logger = createLogger({ level: "silent", pretty: false });
const REPORT: ReloadReport = { before: 1, after: 2, added: [], removed: [], warnings: [], ms: 1 };

/** A library whose reload is counted, and can be made busy or failing. */
function fakeLibrary(dir: string) {
  const state = { reloads: 0, busy: false, fail: false, reloading: false };
  const library: NewsLibrary = {
    engine: { size: 1 } as NewsLibrary["engine"],
    corpusDir: dir,
    pages: 1,
    loadedAt: new Date(),
    warnings: [],
    get reloading() {
      return state.reloading;
    },
    async reload() {
      if (state.busy) throw new ReloadBusyError();
      if (state.fail) throw new ReloadError("broken");
      state.reloads++;
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
function sync(options: Parameters<typeof startCorpusSync>[0]): CorpusSync {
  const s = startCorpusSync(options);
  syncs.push(s);
  return s;
}
afterEach(() => {
  for (const s of syncs.splice(0)) s.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("the corpus marker", () => {
  it("is written atomically (no temp file left) and read back; junk reads as none", async () => {
    const dir = tempDir();
    expect(await readMarker(dir)).toBeNull();
    await writeMarker(dir, { version: "v1", at: "2024-01-01T00:00:00.000Z", by: "a" });
    expect(await readMarker(dir)).toEqual({ version: "v1", at: "2024-01-01T00:00:00.000Z", by: "a" });
    expect(readdirSync(join(dir, ".newsbot"))).toEqual(["version.json"]);
    writeFileSync(markerPath(dir), "{half");
    expect(await readMarker(dir)).toBeNull();
  });
});

describe("startCorpusSync", () => {
  it("reloads when another instance announces a change, once; not for its own", async () => {
    const dir = tempDir();
    const a = fakeLibrary(dir);
    const b = fakeLibrary(dir);
    const syncA = sync({ library: a.library, corpusDir: dir, instanceId: "a", intervalMs: 0, logger });
    const syncB = sync({ library: b.library, corpusDir: dir, instanceId: "b", intervalMs: 0, logger });
    await syncA.check();
    await syncB.check();

    await syncA.markChanged();
    expect(JSON.parse(readFileSync(markerPath(dir), "utf8")).by).toBe("a");
    await syncA.check();
    await syncB.check();
    await syncB.check();
    expect(a.state.reloads).toBe(0);
    expect(b.state.reloads).toBe(1);

    await syncB.markChanged();
    await syncA.check();
    await syncB.check();
    expect(a.state.reloads).toBe(1);
    expect(b.state.reloads).toBe(1);
  });

  it("retries at the next tick while a reload runs; gives up on a failing reload until the next change", async () => {
    const dir = tempDir();
    const b = fakeLibrary(dir);
    const syncB = sync({ library: b.library, corpusDir: dir, instanceId: "b", intervalMs: 0, logger });
    await syncB.check();
    await writeMarker(dir, { version: "v1", at: new Date().toISOString(), by: "a" });

    b.state.reloading = true;
    await syncB.check();
    expect(b.state.reloads).toBe(0);
    b.state.reloading = false;
    b.state.busy = true; // started between the check and the call
    await syncB.check();
    expect(b.state.reloads).toBe(0);
    b.state.busy = false;
    await syncB.check();
    expect(b.state.reloads).toBe(1);

    b.state.fail = true;
    await writeMarker(dir, { version: "v2", at: new Date().toISOString(), by: "a" });
    await syncB.check();
    await syncB.check();
    b.state.fail = false;
    await syncB.check();
    expect(b.state.reloads).toBe(1); // v2 failed once and is not retried in a loop
  });

  it("a marker present at start counts as seen, unless written after loadedSince", async () => {
    const dir = tempDir();
    await writeMarker(dir, { version: "old", at: new Date(Date.now() - 60_000).toISOString(), by: "a" });
    const b = fakeLibrary(dir);
    await sync({ library: b.library, corpusDir: dir, instanceId: "b", intervalMs: 0, logger, loadedSince: new Date() }).check();
    expect(b.state.reloads).toBe(0);

    const c = fakeLibrary(dir);
    await sync({
      library: c.library,
      corpusDir: dir,
      instanceId: "c",
      intervalMs: 0,
      logger,
      loadedSince: new Date(Date.now() - 120_000),
    }).check();
    expect(c.state.reloads).toBe(1);
  });

  it("polls on its own every intervalMs", async () => {
    const dir = tempDir();
    const b = fakeLibrary(dir);
    const syncB = sync({ library: b.library, corpusDir: dir, instanceId: "b", intervalMs: 20, logger });
    await syncB.check();
    mkdirSync(join(dir, ".newsbot"), { recursive: true });
    await writeMarker(dir, { version: "v9", at: new Date().toISOString(), by: "a" });
    const deadline = Date.now() + 2000;
    while (b.state.reloads === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(b.state.reloads).toBe(1);
  });
});

describe("announcingReloads", () => {
  it("announces after a successful reload only, and reads through to the live library", async () => {
    const dir = tempDir();
    const a = fakeLibrary(dir);
    let marks = 0;
    const wrapped = announcingReloads(a.library, { markChanged: async () => void marks++ });
    expect(wrapped.corpusDir).toBe(dir);
    expect(wrapped.engine).toBe(a.library.engine);
    a.state.reloading = true;
    expect(wrapped.reloading).toBe(true);
    a.state.reloading = false;

    await expect(wrapped.reload()).resolves.toBe(REPORT);
    expect(marks).toBe(1);
    a.state.fail = true;
    await expect(wrapped.reload()).rejects.toBeInstanceOf(ReloadError);
    a.state.fail = false;
    a.state.busy = true;
    await expect(wrapped.reload()).rejects.toBeInstanceOf(ReloadBusyError);
    expect(marks).toBe(1);
  });
});
