/** The SQuAD-format evaluation behind `newsbot eval --squad`, on a small hand-written set. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateSquad, rates } from "../../src/eval/squad-eval.js";
import { fnv1a, holdsGold, isHeldOut, keptForAbstain, questionsOf, readSquad, reportType } from "../../src/eval/squad.js";
import { ROOT } from "./helpers.js";

const FILE = join(ROOT, "tests", "fixtures", "squad", "squad-mini.json");

describe("SQuAD sets", () => {
  it("reads paragraphs and questions, and splits by title deterministically", () => {
    const set = readSquad(FILE);
    expect(set.paragraphs).toHaveLength(4);
    expect(set.questions).toHaveLength(5);
    expect(fnv1a("运河文化节")).toBe(fnv1a("运河文化节"));
    for (const p of set.paragraphs) expect(p.heldOut).toBe(isHeldOut(p.title));
    const train = questionsOf(set, "train").length;
    const held = questionsOf(set, "heldout").length;
    expect(train + held).toBe(5);
    expect(questionsOf(set, "all")).toHaveLength(5);
  });

  it("compares gold answers without whitespace", () => {
    expect(holdsGold("播种面积达到500万亩。", ["500万 亩"])).toBe(true);
    expect(holdsGold("播种面积达到500万亩。", ["600万亩"])).toBe(false);
    expect(holdsGold("ＰＭ２．５下降", ["PM2.5"])).toBe(true);
  });

  it("types questions for the breakdown", () => {
    expect(reportType("吸引了多少游客？")).toBe("quantity");
    expect(reportType("哪一天开幕？")).toBe("time");
    expect(reportType("是谁设计的？")).toBe("person");
    expect(reportType("由哪一家单位设计？")).toBe("place/which");
    expect(reportType("文化节有什么特色？")).toBe("other");
  });

  it("scores the engine and the baselines over the whole corpus", async () => {
    const report = await evaluateSquad(readSquad(FILE), { split: "all", baseline: true, misses: 5 });
    expect(report.articles).toBe(4);
    expect(report.rankers.map((r) => r.name)).toEqual(["newsbot", "baseline-paragraph", "baseline-sentence"]);
    for (const r of report.rankers) {
      expect(r.questions).toBe(5);
      expect(r.answerAt1).toBeLessThanOrEqual(r.answerAt3);
      expect(Object.values(r.byType).reduce((n, f) => n + f.questions, 0)).toBe(5);
    }
    const engine = rates(report.rankers[0]);
    expect(engine.answer_at_1).toBeGreaterThanOrEqual(80);
    expect(engine.article_at_1).toBeGreaterThanOrEqual(80);
  });

  it("with --abstain keeps every other paragraph and counts answers to the others' questions", async () => {
    const set = readSquad(FILE);
    const report = await evaluateSquad(set, { split: "all", abstain: true });
    expect(report.articles).toBe(set.paragraphs.filter((_, n) => keptForAbstain(n)).length);
    const r = report.rankers[0];
    const dropped = set.questions.filter((q) => !keptForAbstain(q.paragraph)).length;
    expect(r.unanswerable?.questions).toBe(dropped);
    expect(r.questions).toBe(set.questions.length - dropped);
  });
});
