/**
 * Builds in a child process. Reloads do not leak: ten rebuilds of the seed corpus, each in a build process of its own (the way
 * a large corpus is built), keep this process's RSS within 100 MB of what it was after the first.
 * nodejieba never frees its dictionaries when a worker thread ends, so building in worker threads
 * of this process kept about 240 MB per worker on every reload (5 GB after ten).
 * scripts/reload-memory.mjs runs the same at 10,000 articles (figures in docs/reliability.md).
 */
import { copyFileSync, mkdtempSync, rmSync, statSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, describe, expect, it } from "vitest";
import { ReloadError } from "../../src/library/news-library.js";
import { openLibrary } from "../../src/library/open-library.js";
import { SEED } from "../search/helpers.js";

const RELOADS = 10;
const BOUND_MB = 100;
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function gc(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

const rssMb = () => process.memoryUsage().rss / 1024 / 1024;

describe("ten reloads, each built in a child process", () => {
  it(`keep RSS within ${BOUND_MB} MB of the first reload's`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "newsbot-reload-rss-"));
    dirs.push(dir);
    const page = join(dir, "000_777c845344387f30.txt");
    copyFileSync(SEED, page);
    const library = await openLibrary({ corpusDir: dir, localCity: "聊城", buildProcessBytes: 0 });
    const rss: number[] = [];
    for (let i = 0; i < RELOADS; i++) {
      // A touched page changes the fingerprint: every reload is a full rebuild.
      const later = new Date(statSync(page).mtimeMs + 5000);
      utimesSync(page, later, later);
      const report = await library.reload();
      expect(library.stats.source).toBe("corpus");
      expect(library.stats.builtIn).toBe("child process");
      expect(report.after).toBe(report.before);
      gc();
      rss.push(rssMb());
    }
    expect(library.engine.ask("聊城有多少家单项冠军企业？").answers[0]?.answer).toContain("79家");
    const growth = Math.max(...rss) - rss[0];
    expect(growth, `RSS after each reload (MB): ${rss.map((r) => r.toFixed(0)).join(", ")}`).toBeLessThan(BOUND_MB);
  }, 300_000);
});

describe("a build process that fails", () => {
  it("leaves the old engine answering and says why", async () => {
    const dir = mkdtempSync(join(tmpdir(), "newsbot-build-fail-"));
    dirs.push(dir);
    copyFileSync(SEED, join(dir, "seed.txt"));
    const library = await openLibrary({ corpusDir: dir, localCity: "聊城", buildProcessBytes: 0, snapshot: false });
    expect(library.stats.builtIn).toBe("child process");
    const before = library.engine;
    rmSync(dir, { recursive: true, force: true });
    const failure = await library.reload().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ReloadError);
    expect(String(failure)).toMatch(/folder not found/);
    expect(library.engine).toBe(before);
    expect(library.engine.ask("聊城有多少家单项冠军企业？").answers[0]?.answer).toContain("79家");
  }, 120_000);
});

describe("the build's trace", () => {
  it("reaches the library's debug hook, not the environment or stderr", async () => {
    const dir = mkdtempSync(join(tmpdir(), "newsbot-build-trace-"));
    dirs.push(dir);
    copyFileSync(SEED, join(dir, "000_777c845344387f30.txt"));
    const lines: string[] = [];
    // One worker thread, so that the build has worker messages to trace.
    const library = await openLibrary({
      corpusDir: dir,
      localCity: "聊城",
      buildProcessBytes: 0,
      buildThreads: 1,
      debug: (l) => lines.push(l),
    });
    expect(library.stats.builtIn).toBe("child process");
    expect(lines.some((l) => l.startsWith("[build process] [build") && /merger \d: finished/.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith("[library]"))).toBe(true);
  }, 300_000);
});
