/**
 * Broken corpora, at start and on reload: a missing or empty folder, unreadable and vanishing
 * files, a 50 MB file, thousands of small pages, duplicated pages, and a folder of bad files beside
 * good ones through the real CLI. The good pages always load; the old index survives a bad reload.
 *
 * Tests run as root, where chmod 000 does not stop a read: "unreadable" and "vanished while being
 * read" are simulated by a mock of node:fs/promises (pass-through except for the files named in
 * `faults`). A FIFO, a folder named like a page and a dangling link are real.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import iconv from "iconv-lite";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { loadCorpus } from "../../src/corpus/load.js";
import { ReloadError } from "../../src/library/news-library.js";
import { openLibrary } from "../../src/library/open-library.js";
import { ODD_QUESTIONS, ROOT, SEED_PAGE, removeDir, requireBuild, runCli, tempDir, type AskJsonLine } from "./helpers.js";

/** File base name → the error code reading it fails with. */
const faults = new Map<string, string>();

vi.mock("node:fs/promises", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs/promises")>();
  const fail = (file: unknown) => {
    const name = String(file).split(/[/\\]/).pop() ?? "";
    const code = faults.get(name);
    if (!code) return;
    throw Object.assign(new Error(`${code}: simulated, open '${String(file)}'`), { code });
  };
  const readFile = (async (file: Parameters<typeof real.readFile>[0], ...rest: unknown[]) => {
    fail(file);
    return (real.readFile as (...args: unknown[]) => Promise<unknown>)(file, ...rest);
  }) as typeof real.readFile;
  return { ...real, default: { ...real, readFile }, readFile };
});

const JINAN_PAGE = join(ROOT, "tests", "fixtures", "pages", "jinan-champions.txt");
const SEED_ITEMS = 9;

let dir: string;
beforeEach(() => {
  dir = tempDir("broken");
  faults.clear();
});
afterEach(() => removeDir(dir));

const put = (name: string, data: string | Buffer) => {
  mkdirSync(join(dir, name, ".."), { recursive: true });
  writeFileSync(join(dir, name), data);
};
const reasons = (warnings: { file: string; reason: string }[], file: string) =>
  warnings.filter((w) => w.file === file).map((w) => w.reason);

describe("at start", () => {
  it("a missing folder is a clear error", async () => {
    const missing = join(dir, "nope");
    await expect(openLibrary({ corpusDir: missing })).rejects.toThrow(`corpus: folder not found: ${missing}`);
    await expect(loadCorpus(SEED_PAGE)).rejects.toThrow(/not a folder/);
  });

  it("an empty folder opens an empty library, with a warning that says so", async () => {
    const warnings: string[] = [];
    const library = await openLibrary({ corpusDir: dir, onWarning: (w) => warnings.push(`${w.file}: ${w.reason}`) });
    expect(library.engine.size).toBe(0);
    expect(library.engine.ask("聊城有多少家单项冠军企业？").answers).toEqual([]);
    expect(warnings.join("\n")).toMatch(/no page files/);
  });

  it("a folder of only bad files: empty library, every file named", async () => {
    put("empty.txt", "");
    put("bin.txt", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]));
    const library = await openLibrary({ corpusDir: dir });
    expect(library.engine.size).toBe(0);
    expect(library.warnings.map((w) => w.file)).toEqual(expect.arrayContaining(["empty.txt", "bin.txt", "."]));
  });

  it("an unreadable file (EACCES, simulated) and a vanishing one (ENOENT) are named; the rest loads", async () => {
    copyFileSync(SEED_PAGE, join(dir, "good.txt"));
    copyFileSync(JINAN_PAGE, join(dir, "locked.txt"));
    copyFileSync(JINAN_PAGE, join(dir, "vanishing.txt"));
    faults.set("locked.txt", "EACCES").set("vanishing.txt", "ENOENT");
    const result = await loadCorpus(dir);
    expect(result.articles).toHaveLength(SEED_ITEMS);
    expect(reasons(result.warnings, "locked.txt")).toEqual(["unreadable (EACCES); skipped"]);
    expect(reasons(result.warnings, "vanishing.txt")[0]).toMatch(/vanished/);
  });

  it("a FIFO, a folder and a dangling link named like pages neither hang nor stop the load", async () => {
    copyFileSync(SEED_PAGE, join(dir, "good.txt"));
    expect(spawnSync("mkfifo", [join(dir, "fifo.txt")]).status).toBe(0);
    mkdirSync(join(dir, "folder.txt"));
    symlinkSync(join(dir, "gone.txt"), join(dir, "dangling.txt"));
    const started = performance.now();
    const result = await loadCorpus(dir);
    // A FIFO read would hang for ever; the bound is loose for a loaded machine.
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(result.articles).toHaveLength(SEED_ITEMS);
    expect(reasons(result.warnings, "dangling.txt")[0]).toMatch(/vanished|broken link/);
  });

  it("a 50 MB file is skipped by the size cap with a warning, quickly", async () => {
    copyFileSync(SEED_PAGE, join(dir, "good.txt"));
    writeFileSync(join(dir, "huge.txt"), "");
    truncateSync(join(dir, "huge.txt"), 50 * 1024 * 1024);
    const started = performance.now();
    const library = await openLibrary({ corpusDir: dir });
    // Reading 50 MB would take far longer than opening the library (jieba's load is most of it).
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(library.engine.size).toBe(SEED_ITEMS);
    expect(reasons([...library.warnings], "huge.txt")[0]).toMatch(/^too large \(50\.0 MB, limit 20\.0 MB\); skipped$/);
  });

  it("2,000 small pages load, every item, in reasonable time", async () => {
    for (let i = 0; i < 2000; i++) {
      put(
        `p${String(i).padStart(4, "0")}.json`,
        JSON.stringify({
          headline: `第${i}号简讯：东昌湖新建观景台${i}座`,
          date: "2024-12-03",
          body: [`东昌湖景区今天开放第${i}号观景台，高${i % 90}米。`],
        }),
      );
    }
    const started = performance.now();
    const library = await openLibrary({ corpusDir: dir });
    const ms = performance.now() - started;
    expect(library.engine.size).toBe(2000);
    expect(library.pages).toBe(2000);
    expect(ms).toBeLessThan(15_000);
    expect(library.engine.ask("1234号观景台多高").answers[0]?.answer).toContain("第1234号观景台");
  }, 30_000);
});

describe("duplicate pages", () => {
  it("the same page twice (also CRLF, BOM or GB18030 copies) gives one answer per article, not two", async () => {
    const seed = readFileSync(SEED_PAGE);
    copyFileSync(SEED_PAGE, join(dir, "a.txt"));
    copyFileSync(SEED_PAGE, join(dir, "b-copy.txt"));
    put("c-crlf.txt", seed.toString("utf8").replace(/\n/g, "\r\n"));
    put("d-bom.txt", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), seed]));
    put("e-gb.txt", iconv.encode(seed.toString("utf8"), "gb18030"));
    put("sub/a.txt", seed);
    const library = await openLibrary({ corpusDir: dir });
    expect(library.engine.size).toBe(SEED_ITEMS);
    expect(library.pages).toBe(1);
    for (const file of ["b-copy.txt", "c-crlf.txt", "d-bom.txt", "e-gb.txt", "sub/a.txt"]) {
      expect(reasons([...library.warnings], file).join(" "), file).toMatch(/duplicate items of a\.txt/);
    }
    for (const question of ["聊城有多少家单项冠军企业？", "企业", "聊城空气质量"]) {
      const { answers } = library.engine.ask(question, { limit: 10 });
      const keys = answers.map((a) => `${a.headline}|${a.answer}`);
      expect(new Set(keys).size, question).toBe(keys.length);
      // One article may give two answers (issue 10: two different sentences), never a copy's.
      expect(
        answers.every((a) => a.source === "a.txt"),
        question,
      ).toBe(true);
    }
  });
});

describe("on reload", () => {
  async function seeded() {
    copyFileSync(SEED_PAGE, join(dir, "good.txt"));
    const library = await openLibrary({ corpusDir: dir });
    const before = library.engine.ask("聊城有多少家单项冠军企业？").answers[0].answer;
    return { library, before };
  }

  it("a vanished folder keeps the old index, and says why", async () => {
    const { library, before } = await seeded();
    renameSync(dir, `${dir}-moved`);
    try {
      await expect(library.reload()).rejects.toThrow(/reload failed, the old index stays: corpus: folder not found/);
    } finally {
      renameSync(`${dir}-moved`, dir);
    }
    expect(library.engine.size).toBe(SEED_ITEMS);
    expect(library.engine.ask("聊城有多少家单项冠军企业？").answers[0].answer).toBe(before);
  });

  it("a reload that would leave nothing keeps the old index and names the bad files", async () => {
    const { library, before } = await seeded();
    writeFileSync(join(dir, "good.txt"), Buffer.from([0, 1, 2, 3, 0, 0, 0xff]));
    put("empty.txt", "");
    const error = await library.reload().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReloadError);
    expect((error as ReloadError).message).toMatch(/would be empty, the old index stays/);
    expect((error as ReloadError).warnings.map((w) => w.file)).toEqual(expect.arrayContaining(["good.txt", "empty.txt"]));
    expect(library.engine.ask("聊城有多少家单项冠军企业？").answers[0].answer).toBe(before);
  });

  it("an emptied folder keeps the old index", async () => {
    const { library } = await seeded();
    rmSync(join(dir, "good.txt"));
    await expect(library.reload()).rejects.toThrow(/would be empty/);
    expect(library.engine.size).toBe(SEED_ITEMS);
  });

  it("unreadable, huge and broken files beside good pages: the reload succeeds with the good ones", async () => {
    const { library } = await seeded();
    copyFileSync(JINAN_PAGE, join(dir, "jinan.txt"));
    copyFileSync(JINAN_PAGE, join(dir, "locked.txt"));
    faults.set("locked.txt", "EACCES");
    writeFileSync(join(dir, "huge.txt"), "");
    truncateSync(join(dir, "huge.txt"), 50 * 1024 * 1024);
    put("empty.txt", "");
    const report = await library.reload();
    expect(report.after).toBeGreaterThan(SEED_ITEMS);
    expect(report.warnings.map((w) => w.file)).toEqual(expect.arrayContaining(["locked.txt", "huge.txt", "empty.txt"]));
  });
});

describe("the CLI over a folder of bad files beside good pages", () => {
  beforeAll(requireBuild);

  function mixedFolder(): void {
    copyFileSync(SEED_PAGE, join(dir, "good.txt"));
    put("jinan-gb18030.txt", iconv.encode(readFileSync(JINAN_PAGE, "utf8"), "gb18030"));
    put("binary.txt", Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37) % 256)));
    put("empty.txt", "");
    put(
      "broken-utf8.txt",
      Buffer.concat([Buffer.from("本报讯测试", "utf8"), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe4, 0xb8])]),
    );
  }

  it("articles --json loads the good pages (GB18030 too), names each bad file on stderr, exits 0", () => {
    mixedFolder();
    const { code, stdout, stderr } = runCli(["articles", "--json", "--corpus", dir]);
    expect(code, stderr).toBe(0);
    const items = JSON.parse(stdout) as { source: string; headline: string }[];
    expect(items.filter((a) => a.source === "good.txt")).toHaveLength(SEED_ITEMS);
    expect(items.some((a) => a.source === "jinan-gb18030.txt" && a.headline.includes("单项冠军"))).toBe(true);
    for (const bad of ["binary.txt", "empty.txt", "broken-utf8.txt"]) expect(stderr).toContain(`warning: ${bad}: `);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("ask --json over odd questions gives one valid JSON line each", () => {
    mixedFolder();
    const questions = [...Object.values(ODD_QUESTIONS).filter((q) => !q.includes("\n")), "济南有多少家国家级单项冠军企业？"];
    const { code, stdout } = runCli(["ask", "--json", "--corpus", dir], questions.join("\n") + "\n");
    expect(code).toBe(0);
    const lines = stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as AskJsonLine);
    expect(lines).toHaveLength(questions.length);
    for (const line of lines) expect(Array.isArray(line.answers)).toBe(true);
    // The GB18030 page answers.
    expect(lines.at(-1)?.answers[0].answer).toContain("36家");
  });

  it("a missing folder: exit 1, one clear line, no stack trace", () => {
    for (const args of [
      ["articles", "--json"],
      ["ask", "--json", "聊城"],
    ]) {
      const { code, stderr } = runCli([...args, "--corpus", join(dir, "missing")]);
      expect(code).toBe(1);
      expect(stderr.trim()).toBe(`newsbot: corpus: folder not found: ${join(dir, "missing")}`);
    }
  });
});
