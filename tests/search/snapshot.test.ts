/** The index snapshot: round trip, damage and staleness detected (rebuild + warning), no snapshot where none can be written. */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { LoadWarning } from "../../src/corpus/types.js";
import { corpusFingerprint } from "../../src/library/fingerprint.js";
import { INDEX_ARRAYS } from "../../src/search/index/index-data.js";
import { openLibrary } from "../../src/library/open-library.js";
import { readSnapshot, SnapshotError, snapshotPath, SNAPSHOT_FORMAT, writeSnapshot } from "../../src/search/index/snapshot.js";
import { DEV_QA, SEED } from "./helpers.js";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const BRIEFS = [
  {
    headline: "东昌湖景区新增夜游航线",
    date: "2024-11-02",
    body: ["东昌湖景区新开通两条夜游航线，每晚开行12班。", "景区负责人介绍，夜游船票价为每人60元。"],
  },
  { headline: "临清市举办运河文化节", date: "2024-10-18", body: ["第五届运河文化节在临清市开幕，吸引游客3.2万人次。"], city: "临清" },
  {
    headline: "茌平区新建口袋公园8处",
    kicker: "城市更新",
    date: "2024-09-30",
    body: ["今年以来，茌平区新建口袋公园8处，新增绿地面积2.4万平方米。"],
  },
];

/** A corpus folder: the seed page and a JSONL page of briefs. */
function corpus(): string {
  const dir = mkdtempSync(join(tmpdir(), "newsbot-snapshot-"));
  dirs.push(dir);
  copyFileSync(SEED, join(dir, "000_777c845344387f30.txt"));
  writeFileSync(join(dir, "briefs.jsonl"), BRIEFS.map((b) => JSON.stringify(b)).join("\n") + "\n");
  return dir;
}

const QUESTIONS = [
  ...(existsSync(DEV_QA)
    ? readFileSync(DEV_QA, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { q: string }).q)
    : ["聊城有多少家单项冠军企业？", "How many single-champion enterprises does Liaocheng have?"]),
  "东昌湖夜游船票多少钱",
  "临清运河文化节吸引了多少游客",
  "茌平区新建了几处口袋公园",
];

type Lib = Awaited<ReturnType<typeof openLibrary>>;
const answersOf = (library: Lib) => QUESTIONS.map((q) => library.engine.ask(q, { limit: 5 }));

async function open(dir: string, extra: Partial<Parameters<typeof openLibrary>[0]> = {}) {
  const warnings: LoadWarning[] = [];
  const library = await openLibrary({ corpusDir: dir, localCity: "聊城", onWarning: (w) => warnings.push(w), ...extra });
  return { library, warnings };
}

describe("the index snapshot", () => {
  it("is written after a build and read back to the same engine: same articles, same index, same answers", async () => {
    const dir = corpus();
    const first = await open(dir);
    expect(first.library.stats.source).toBe("corpus");
    expect(existsSync(snapshotPath(dir))).toBe(true);
    expect(first.warnings).toEqual([]);

    const second = await open(dir);
    expect(second.library.stats.source).toBe("snapshot");
    expect(second.warnings).toEqual([]);
    expect(second.library.pages).toBe(first.library.pages);
    expect(second.library.engine.index.articles).toEqual(first.library.engine.index.articles);
    const [a, b] = [first.library.engine.index.data, second.library.engine.index.data];
    expect(b.terms).toEqual(a.terms);
    for (const name of INDEX_ARRAYS) expect(Array.from(b[name]), name).toEqual(Array.from(a[name]));
    expect(answersOf(second.library)).toEqual(answersOf(first.library));
    expect(answersOf(second.library)[QUESTIONS.length - 1].answers[0]?.answer).toContain("8处");
  });

  it("that is damaged is detected by its checksum, rebuilt from the corpus with a warning, and rewritten", async () => {
    const dir = corpus();
    const first = await open(dir);
    const path = snapshotPath(dir);
    const bytes = readFileSync(path);
    for (const at of [0.3, 0.6, 0.9]) bytes[Math.floor(bytes.length * at)] ^= 0xff;
    const { mtime } = statSync(path);
    writeFileSync(path, bytes);
    utimesSync(path, mtime, mtime);

    const second = await open(dir);
    expect(second.library.stats.source).toBe("corpus");
    expect(second.warnings.map((w) => w.reason).join("\n")).toMatch(/damaged.*checksum.*rebuilding/);
    expect(second.warnings[0].file).toBe(".newsbot/index.snap");
    expect(answersOf(second.library)).toEqual(answersOf(first.library));

    const third = await open(dir);
    expect(third.library.stats.source).toBe("snapshot");
    expect(third.warnings).toEqual([]);
  });

  it("that is cut short or is not a snapshot at all is rebuilt with a warning", async () => {
    const dir = corpus();
    await open(dir);
    const path = snapshotPath(dir);
    writeFileSync(path, readFileSync(path).subarray(0, 5000));
    const cut = await open(dir);
    expect(cut.library.stats.source).toBe("corpus");
    expect(cut.warnings.some((w) => /damaged/.test(w.reason))).toBe(true);

    writeFileSync(path, "hello");
    const junk = await open(dir);
    expect(junk.library.stats.source).toBe("corpus");
    expect(junk.warnings.some((w) => /damaged/.test(w.reason))).toBe(true);
  });

  it("of a corpus that changed since is stale: rebuilt with a warning, and the new page is answered", async () => {
    const dir = corpus();
    const first = await open(dir);
    expect(first.library.engine.ask("阿胶博物馆新展厅面积多大").answers).toEqual([]);
    writeFileSync(
      join(dir, "new.json"),
      JSON.stringify([{ headline: "东阿阿胶博物馆新展厅开放", date: "2024-12-05", body: "东阿阿胶博物馆新展厅面积达1800平方米。" }]),
    );
    const second = await open(dir);
    expect(second.library.stats.source).toBe("corpus");
    expect(second.warnings.map((w) => w.reason).join("\n")).toMatch(/stale/);
    expect(second.library.engine.ask("阿胶博物馆新展厅面积多大").answers[0]?.answer).toContain("1800平方米");
    expect(second.library.engine.size).toBe(first.library.engine.size + 1);
  });

  it("is not used for another local city or after a page is edited in place, even with size and mtime kept", async () => {
    const dir = corpus();
    const settings = { resources: [], settings: { localCity: "聊城" }, format: SNAPSHOT_FORMAT };
    const before = await corpusFingerprint({ corpusDir: dir, ...settings });
    expect(await corpusFingerprint({ corpusDir: dir, ...settings, settings: { localCity: "济南" } })).not.toBe(before);
    const page = join(dir, "briefs.jsonl");
    const { mtime } = statSync(page);
    const text = readFileSync(page, "utf8");
    writeFileSync(page, text.replace("12班", "13班"));
    utimesSync(page, mtime, mtime);
    expect(statSync(page).size).toBe(Buffer.byteLength(text));
    expect(await corpusFingerprint({ corpusDir: dir, ...settings })).not.toBe(before);
    // Files under dot folders (the snapshot itself, markers) do not count.
    writeFileSync(join(dir, ".notes"), "x");
    const after = await corpusFingerprint({ corpusDir: dir, ...settings });
    expect(await corpusFingerprint({ corpusDir: dir, ...settings })).toBe(after);
  });

  it("fingerprint: remembered page hashes are used only while a page's size, times and inode are unchanged", async () => {
    const dir = corpus();
    const settings = { resources: [], settings: { localCity: "聊城" }, format: SNAPSHOT_FORMAT };
    const hashCache = join(dir, ".newsbot", "page-hashes.json");
    const plain = await corpusFingerprint({ corpusDir: dir, ...settings });
    // Pages written just now are not remembered (they could change again within the clock's step).
    expect(await corpusFingerprint({ corpusDir: dir, ...settings, hashCache })).toBe(plain);
    // A remembered hash is trusted while the stat matches: a wrong one shows that the page was not read.
    const page = join(dir, "briefs.jsonl");
    const st = statSync(page);
    const remembered = { version: 1, files: { "briefs.jsonl": [st.size, st.mtimeMs, st.ctimeMs, st.ino, "00".repeat(20)] } };
    mkdirSync(join(dir, ".newsbot"), { recursive: true });
    writeFileSync(hashCache, JSON.stringify(remembered));
    const trusted = await corpusFingerprint({ corpusDir: dir, ...settings, hashCache });
    expect(trusted).not.toBe(plain);
    // Rewriting the page (same bytes, mtime put back) changes its ctime: it is read again.
    writeFileSync(hashCache, JSON.stringify(remembered));
    writeFileSync(page, readFileSync(page));
    utimesSync(page, st.atime, st.mtime);
    expect(await corpusFingerprint({ corpusDir: dir, ...settings, hashCache })).toBe(plain);
    // A damaged cache file is ignored.
    writeFileSync(hashCache, "{not json");
    expect(await corpusFingerprint({ corpusDir: dir, ...settings, hashCache })).toBe(plain);
  });

  it("that cannot be written leaves a warning and a working library", async () => {
    const dir = corpus();
    writeFileSync(join(dir, ".newsbot"), "a file where the folder should be");
    const { library, warnings } = await open(dir);
    expect(library.engine.ask("聊城有多少家单项冠军企业？").answers[0]?.answer).toContain("79家");
    expect(warnings.map((w) => w.reason).join("\n")).toMatch(/snapshot not saved/);
    expect(library.warnings.some((w) => /snapshot not saved/.test(w.reason))).toBe(true);
  });

  it.skipIf(process.getuid?.() === 0)("in a read-only corpus folder is skipped with a warning", async () => {
    const dir = corpus();
    const { chmodSync } = await import("node:fs");
    chmodSync(dir, 0o555);
    try {
      const { library, warnings } = await open(dir);
      expect(library.engine.size).toBeGreaterThan(0);
      expect(warnings.map((w) => w.reason).join("\n")).toMatch(/read-only/);
    } finally {
      chmodSync(dir, 0o755);
    }
  });

  it("is neither read nor written with snapshot: false", async () => {
    const dir = corpus();
    const { library } = await open(dir, { snapshot: false });
    expect(library.stats.source).toBe("corpus");
    expect(existsSync(snapshotPath(dir))).toBe(false);
  });

  it("file API: stale and damaged snapshots throw SnapshotError of their kind", async () => {
    const dir = corpus();
    const { library } = await open(dir, { snapshot: false });
    const path = join(dir, ".newsbot", "test.snap");
    const articles = [...library.engine.index.articles];
    await writeSnapshot(path, { fingerprint: "abc", articles, data: library.engine.index.data, pages: 2, warnings: [] });
    const back = await readSnapshot(path, "abc");
    expect(back.articles).toEqual(articles);
    await expect(readSnapshot(path, "other")).rejects.toMatchObject({ kind: "stale" });
    const bytes = readFileSync(path);
    bytes[20] ^= 0x01; // inside the header
    writeFileSync(path, bytes);
    await expect(readSnapshot(path, "abc")).rejects.toBeInstanceOf(SnapshotError);
    await expect(readSnapshot(path, "abc")).rejects.toMatchObject({ kind: "corrupt" });
    await expect(readSnapshot(join(dir, "nope.snap"))).rejects.toMatchObject({ kind: "missing" });
  });
});
