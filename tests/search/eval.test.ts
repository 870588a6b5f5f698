import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluate, parseEvalCases } from "../../src/search/evaluate.js";
import { openLibrary } from "../../src/library/open-library.js";
import { DEV_QA, ROOT } from "./helpers.js";

/** The shared development set when it is beside the checkout, else the copy in fixtures. */
const devSet = existsSync(DEV_QA) ? DEV_QA : join(ROOT, "tests", "fixtures", "qa", "dev.jsonl");

describe("quality on the seed corpus (newsbot eval)", async () => {
  const library = await openLibrary({ corpusDir: join(ROOT, "corpus") });

  for (const [name, file] of [
    ["development set", devSet],
    ["extra phrasings, English, traditional, pinyin and negatives", join(ROOT, "tests", "fixtures", "qa", "extra.jsonl")],
  ] as const) {
    it(`scores every question of the ${name} right`, () => {
      const cases = parseEvalCases(readFileSync(file, "utf8"));
      const report = evaluate(library.engine, cases);
      expect(report.misses).toEqual([]);
      expect(report.answerAt1).toBe(report.positives);
      expect(report.negativesEmpty).toBe(report.negatives);
      expect(report.positives).toBeGreaterThan(0);
    });
  }

  it("answers most English versions of the development questions, and none of its negatives", () => {
    // English goes through translation (CC-CEDICT senses chosen by the corpus), so it is held to a
    // floor rather than to every question: 18/42 before sense choice and measure nouns, 35/42 after.
    const cases = parseEvalCases(readFileSync(join(ROOT, "tests", "fixtures", "qa", "english.jsonl"), "utf8"));
    const report = evaluate(library.engine, cases);
    expect(report.positives).toBeGreaterThanOrEqual(40);
    expect(report.answerAt1 / report.positives).toBeGreaterThanOrEqual(0.8);
    expect(report.negativesEmpty).toBe(report.negatives);
  });

  it("reports misses with the reason", () => {
    const report = evaluate(library.engine, [
      { q: "聊城有多少家单项冠军企业", article: "阳谷", expect: [] },
      { q: "聊城有多少家单项冠军企业", article: null, expect: [] },
      { q: "北京房价走势", article: "阳谷", expect: [] },
    ]);
    expect(report.misses.map((m) => m.reason)).toEqual(["wrong article (wanted 阳谷)", "expected no answer", "no answer"]);
  });
});
