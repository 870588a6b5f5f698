/**
 * Reloading while answering: the old engine keeps answering during a rebuild (the event loop is
 * not blocked by it), reloads asked for meanwhile are coalesced into exactly one follow-up that
 * picks up what changed, a failed one keeps the old index. No timing assertions: only that
 * questions asked during the reload were answered before it finished.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ArchiveGenerator, loadLexicon, writeArchive } from "../../src/bench/synthetic.js";
import { ReloadError } from "../../src/library/news-library.js";
import { openLibrary } from "../../src/library/open-library.js";
import { SEED } from "../search/helpers.js";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The seed page and `count` synthetic articles. */
function corpus(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), "newsbot-reload-"));
  dirs.push(dir);
  copyFileSync(SEED, join(dir, "000_777c845344387f30.txt"));
  writeArchive(join(dir, "archive"), new ArchiveGenerator(loadLexicon(), { seed: 11 }), count);
  return dir;
}

function touch(file: string): void {
  const later = new Date(statSync(file).mtimeMs + 5000);
  utimesSync(file, later, later);
}

const QUESTION = "聊城有多少家单项冠军企业？";

/** Ask a question every few milliseconds until the reload settles; the answers given meanwhile. */
async function askDuringReload(library: Awaited<ReturnType<typeof openLibrary>>, reload: Promise<unknown>) {
  let done = false;
  void reload.then(
    () => (done = true),
    () => (done = true),
  );
  const answered: string[] = [];
  while (!done) {
    await new Promise((r) => setTimeout(r, 5));
    if (done) break;
    expect(library.reloading).toBe(true);
    answered.push(library.engine.ask(QUESTION).answers[0]?.answer ?? "");
  }
  return answered;
}

describe.each([
  ["a child process (worker threads there)", { buildProcessBytes: 0, buildThreads: 2 }, "child process"],
  ["this thread, in slices", { buildThreads: 0 }, "this thread"],
])("a reload building in %s", (_name, build, builtIn) => {
  it("leaves the old engine answering until the swap, shows its progress, reports the change", async () => {
    const dir = corpus(150);
    const library = await openLibrary({ corpusDir: dir, localCity: "聊城", ...build, snapshot: false });
    const before = library.engine;
    writeFileSync(
      join(dir, "extra.json"),
      JSON.stringify([{ headline: "徒骇河治理工程完工", date: "2024-12-06", body: "徒骇河综合治理工程全线完工，治理河道42公里。" }]),
    );

    const reload = library.reload();
    expect(library.reloadProgress).toMatchObject({ phase: "reading" });
    const answered = await askDuringReload(library, reload);
    const report = await reload;

    expect(answered.length).toBeGreaterThan(0);
    for (const answer of answered) expect(answer).toContain("79家");
    expect(library.engine).not.toBe(before);
    expect(library.stats.builtIn).toBe(builtIn);
    expect(report.before).toBe(before.size);
    expect(report.after).toBe(before.size + 1);
    expect(report.added.map((a) => a.headline)).toEqual(["徒骇河治理工程完工"]);
    expect(report.removed).toEqual([]);
    expect(library.engine.ask("徒骇河治理了多少公里河道").answers[0]?.answer).toContain("42公里");
    expect(library.reloading).toBe(false);
    expect(library.reloadProgress).toBeNull();
  }, 120_000);
});

describe("reloads asked for while one runs", () => {
  it("are coalesced into exactly one follow-up, which picks up a page saved during the first", async () => {
    const dir = corpus(150);
    const library = await openLibrary({ corpusDir: dir, localCity: "聊城", snapshot: false });
    const first = library.reload();
    // While the first one runs: a page arrives, three more requests.
    writeFileSync(
      join(dir, "late.json"),
      JSON.stringify([{ headline: "运河博物馆新馆开馆", date: "2024-12-07", body: "运河博物馆新馆今天开馆，展厅面积8600平方米。" }]),
    );
    const followUps = [library.reload(), library.reload(), library.reload()];
    expect(followUps[1]).toBe(followUps[0]);
    expect(followUps[2]).toBe(followUps[0]);
    const [report1, report2] = await Promise.all([first, followUps[0]]);
    expect(report2).not.toBe(report1);
    expect(library.engine.ask("运河博物馆新馆展厅面积多大").answers[0]?.answer).toContain("8600平方米");
    expect(report1.added.map((a) => a.headline).concat(report2.added.map((a) => a.headline))).toContain("运河博物馆新馆开馆");
    // Once idle, a request starts a reload of its own again.
    expect(library.reloading).toBe(false);
    const again = library.reload();
    expect(library.reloading).toBe(true);
    await again;
  });
});

describe("a reload", () => {
  it("that would leave nothing keeps the old index (ReloadError), and a later one works", async () => {
    const dir = corpus(20);
    const library = await openLibrary({ corpusDir: dir, localCity: "聊城" });
    const before = library.engine;
    rmSync(join(dir, "000_777c845344387f30.txt"));
    rmSync(join(dir, "archive"), { recursive: true });
    await expect(library.reload()).rejects.toBeInstanceOf(ReloadError);
    expect(library.engine).toBe(before);
    expect(library.engine.ask(QUESTION).answers[0]?.answer).toContain("79家");

    copyFileSync(SEED, join(dir, "seed.txt"));
    const report = await library.reload();
    expect(report.after).toBeGreaterThan(0);
    expect(library.engine.ask(QUESTION).answers[0]?.answer).toContain("79家");
  });

  it("of an unchanged corpus reuses the snapshot; after a page is touched it rebuilds", async () => {
    const dir = corpus(30);
    const library = await openLibrary({ corpusDir: dir, localCity: "聊城" });
    expect(library.stats.source).toBe("corpus");
    await library.reload();
    expect(library.stats.source).toBe("snapshot");
    touch(join(dir, "000_777c845344387f30.txt"));
    const report = await library.reload();
    expect(library.stats.source).toBe("corpus");
    expect(report.added).toEqual([]);
    expect(report.removed).toEqual([]);
  });
});

describe("a snapshot path that is not a file", () => {
  it("is moved aside, named in a warning, and the snapshot rebuilt", async () => {
    const dir = corpus(10);
    mkdirSync(join(dir, ".newsbot", "index.snap"), { recursive: true });
    writeFileSync(join(dir, ".newsbot", "index.snap", "junk"), "x");
    const warnings: string[] = [];
    const library = await openLibrary({ corpusDir: dir, localCity: "聊城", onWarning: (w) => warnings.push(`${w.file}: ${w.reason}`) });
    expect(library.engine.ask(QUESTION).answers[0]?.answer).toContain("79家");
    expect(warnings.join("\n")).toMatch(
      /\.newsbot\/index\.snap: index snapshot path is not a file; moved aside to \.newsbot\/index\.snap\.not-a-file-\d+ and rebuilt/,
    );
    expect(statSync(join(dir, ".newsbot", "index.snap")).isFile()).toBe(true);
    const aside = readdirSync(join(dir, ".newsbot")).filter((n) => n.startsWith("index.snap.not-a-file-"));
    expect(aside).toHaveLength(1);
    expect(existsSync(join(dir, ".newsbot", aside[0], "junk"))).toBe(true);
  });
});
