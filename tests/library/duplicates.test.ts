/** The library and duplicates: a page already there is recognised; a reload names a duplicate once. */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parsePage } from "../../src/corpus/page-parser.js";
import { openLibrary } from "../../src/library/open-library.js";
import { ROOT, SEED } from "../search/helpers.js";

const ARCHIVE = join(ROOT, "tests", "fixtures", "archive");
const A03 = join(ARCHIVE, "liaocheng", "2024-12-18_A03.txt");
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), "newsbot-dups-"));
  dirs.push(dir);
  copyFileSync(SEED, join(dir, "000_777c845344387f30.txt"));
  copyFileSync(A03, join(dir, "2024-12-18_A03.txt"));
  return dir;
}

describe("a page the library already holds", () => {
  it("is found by its items, under any name, and a corrected version too", async () => {
    const library = await openLibrary({ corpusDir: folder(), localCity: "聊城", snapshot: false });
    const text = readFileSync(A03, "utf8");
    const again = parsePage(text, "upload-again.txt").articles;
    expect(library.findDuplicate(again)).toEqual({
      file: "2024-12-18_A03.txt",
      headline: "我市12家企业入选第八批省制造业单项冠军",
      matched: 3,
      total: 3,
    });
    const corrected = parsePage(text.replace("12家企业入选", "13家企业入选"), "corrected.txt").articles;
    expect(library.findDuplicate(corrected)?.file).toBe("2024-12-18_A03.txt");
    const other = parsePage(readFileSync(join(ARCHIVE, "heze", "2024-11-26.txt"), "utf8"), "heze.txt").articles;
    expect(library.findDuplicate(other)).toBeUndefined();
  });
});

describe("a reload report", () => {
  it("names a new duplicate once, not on every later reload", async () => {
    const dir = folder();
    const library = await openLibrary({ corpusDir: dir, localCity: "聊城", snapshot: false });
    const copy = join(dir, "uploads-a03-again.txt");
    copyFileSync(A03, copy);
    const later = new Date(Date.now() + 60_000);
    utimesSync(copy, later, later);
    const first = await library.reload();
    expect(first.warnings.filter((w) => w.duplicateOf)).toEqual([
      expect.objectContaining({ file: "uploads-a03-again.txt", duplicateOf: "2024-12-18_A03.txt" }),
    ]);
    expect(first.added).toEqual([]);
    // Another page arrives: the report is about it, the known duplicate is not named again.
    writeFileSync(
      join(dir, "note.md"),
      "# 市图书馆新增图书\n\n12月5日，市图书馆新增图书三万册，涵盖文学、历史、科技等门类，读者可凭身份证免费借阅。\n",
    );
    const second = await library.reload();
    expect(second.added.map((a) => a.headline)).toEqual(["市图书馆新增图书"]);
    expect(second.warnings.filter((w) => w.duplicateOf)).toEqual([]);
    // The library still knows about it.
    expect(library.warnings.filter((w) => w.duplicateOf)).toHaveLength(1);
  });
});
