/**
 * A corpus folder's own synonyms.tsv adds to the project's table (as its userdict.dict and
 * glossary.tsv do), and editing it is picked up by the next reload.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openLibrary } from "../../src/library/open-library.js";
import { NewsEngine } from "../../src/search/engine.js";
import { SEED } from "../search/helpers.js";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function alternativesOf(engine: unknown, question: string, word: string): string[] {
  if (!(engine instanceof NewsEngine)) throw new Error("the library's engine is a NewsEngine");
  return (
    engine
      .parse(question)
      .concepts.find((c) => c.text === word)
      ?.alternatives.map((a) => a.term) ?? []
  );
}

describe("the corpus folder's synonyms.tsv", () => {
  it("adds groups to the project's table, and a reload reads an edited file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "newsbot-synonyms-"));
    dirs.push(dir);
    copyFileSync(SEED, join(dir, "000_777c845344387f30.txt"));
    const library = await openLibrary({ corpusDir: dir, localCity: "聊城", snapshot: false });
    expect(alternativesOf(library.engine, "单项冠军厂商有多少家", "厂商")).not.toContain("企业");
    // The project's own groups apply everywhere (公司 > 企业 in corpus/synonyms.tsv).
    expect(alternativesOf(library.engine, "单项冠军公司有多少家", "公司")).toContain("企业");

    writeFileSync(join(dir, "synonyms.tsv"), "# this paper's words\n厂商 > 企业\n");
    await library.reload();
    expect(alternativesOf(library.engine, "单项冠军厂商有多少家", "厂商")).toContain("企业");
    expect(alternativesOf(library.engine, "单项冠军公司有多少家", "公司")).toContain("企业");
    // The file is a resource, not a page.
    expect(library.warnings.map((w) => w.file)).not.toContain("synonyms.tsv");
  }, 120_000);
});
